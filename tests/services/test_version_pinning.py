"""A running case keeps executing the process version it started on after the file changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from permits import create_app
from permits.extensions import db
from permits.models import OpenTask, ProcessVersion, WorkflowInstance
from permits.services.cases import start_case
from permits.services.engine import engine
from permits.services.tasks import complete_task
from tests.processes_fixtures import write_process


@pytest.fixture
def processes(tmp_path: Path) -> Path:
    return tmp_path / "processes"


@pytest.fixture
def app_config(app_config, processes: Path):
    write_process(processes, "test_process", script="result = amount * 2", task_name="Erste Aufgabe")
    return {**app_config, "PROCESSES_DIR": str(processes)}


def _task(case_id: int) -> OpenTask:
    return db.session.scalars(select(OpenTask).filter_by(case_id=case_id)).one()


def test_running_case_keeps_its_version_after_the_file_changes(app, app_config, actors, processes):
    officer = actors["sachbearbeitung"]
    old_case = start_case("test_process", "Alt", officer)
    old_hash = engine().definition("test_process").content_hash
    old_task_id = _task(old_case.id).task_id

    # The process owner edits the file; the app restarts with the new version.
    write_process(processes, "test_process", script="result = amount * 3", task_name="Prüfen (neu)")
    new_app = create_app(app_config)
    with new_app.app_context():
        assert engine().definition("test_process").content_hash != old_hash
        new_case = start_case("test_process", "Neu", officer)
        assert _task(new_case.id).name == "Prüfen (neu)"

        complete_task(old_task_id, {"amount": 5}, officer, claim=True)
        instance = db.session.get(WorkflowInstance, old_case.id)
        assert instance.process_version.content_hash == old_hash
        assert _task(old_case.id).name == "Zweite Aufgabe"

        complete_task(_task(new_case.id).task_id, {"amount": 5}, officer, claim=True)

        versions = db.session.scalars(select(ProcessVersion).filter_by(process_id="test_process")).all()
        assert len(versions) == 2
        old_state = db.session.get(WorkflowInstance, old_case.id).state_json
        new_state = db.session.get(WorkflowInstance, new_case.id).state_json
        assert '"result": 10' in old_state  # v1 doubles
        assert '"result": 15' in new_state  # v2 triples
        db.session.remove()
        db.engine.dispose()
