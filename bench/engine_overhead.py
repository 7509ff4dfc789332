"""Cost of completing one user task through the service layer against raw SpiffWorkflow in memory.

    .venv/bin/python bench/engine_overhead.py [--cases 100,10000] [--samples 200]

Service layer = what a request does: find the task, check permissions, validate the form, lock and load
the case, run the step, save state, rewrite the task projection and timers, append the audit entry,
commit to a SQLite file. Raw = SpiffWorkflow's own deserialize + complete + do_engine_steps + serialize of
the same process and step, with the full JSON it produces by default. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from permits import create_app  # noqa: E402
from permits.core.actors import Actor  # noqa: E402
from permits.demo import seed_people  # noqa: E402
from permits.extensions import db  # noqa: E402
from permits.models import OpenTask  # noqa: E402
from permits.services.cases import start_case  # noqa: E402
from permits.services.tasks import complete_task  # noqa: E402

PROCESS = "demo_procedure"
FORM = {"complete": True}


def raw_step_seconds(samples: int) -> float:
    """Median of deserialize + complete ut_check + engine steps + serialize, all in memory."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(ROOT / "processes" / "demo_verfahren.bpmn"))
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    workflow = BpmnWorkflow(parser.get_spec(PROCESS), parser.get_subprocess_specs(PROCESS))

    class Engine(workflow.script_engine.__class__):  # service tasks answer like the real handlers
        def call_service(self, task, **kwargs):
            if kwargs["operation_name"] == "compute_deadline":
                return '{"due_on": "2026-04-02", "fires_at": "2026-04-03T00:00:00+02:00"}'
            return '"14"'

    workflow.script_engine = Engine()
    workflow.get_tasks(state=TaskState.READY)[0].data["received_on"] = "2026-03-02"
    workflow.do_engine_steps()
    state = serializer.serialize_json(workflow)
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        loaded = serializer.deserialize_json(state)
        loaded.script_engine = Engine()
        task = loaded.get_tasks(state=TaskState.READY, manual=True)[0]
        task.data.update(FORM)
        task.run()
        loaded.do_engine_steps()
        serializer.serialize_json(loaded)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def fill(app_actor: Actor, target: int, current: int) -> int:
    for i in range(current, target):
        start_case(PROCESS, f"Vorhaben {i}", app_actor)
    return target


def service_step_seconds(officer: Actor, samples: int) -> float:
    """Median wall time of complete_task on cases waiting at the completeness check."""
    query = select(OpenTask.task_id).where(OpenTask.element_id == "ut_check").limit(samples)
    task_ids = list(db.session.scalars(query))
    db.session.rollback()
    timings = []
    for task_id in task_ids:
        started = time.perf_counter()
        complete_task(task_id, dict(FORM), officer)
        timings.append(time.perf_counter() - started)
        db.session.expunge_all()
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="100,10000", help="stored-case counts to measure at")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.cases.split(","))

    raw = raw_step_seconds(args.samples)
    print(f"raw SpiffWorkflow load+run+save (in memory): {raw * 1000:.2f} ms median")
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/bench.db",
            }
        )
        with app.app_context():
            db.create_all()
            officer = Actor.for_user(seed_people()["sachbearbeitung"])
            stored, results = 0, {}
            for size in sizes:
                # keep `samples` fresh cases at the check on top of the stored ones
                started = time.perf_counter()
                stored = fill(officer, size + args.samples, stored)
                print(f"  stored {stored} cases ({time.perf_counter() - started:.1f} s to create)")
                results[size] = service_step_seconds(officer, args.samples)
                median_ms = results[size] * 1000
                print(f"service layer complete_task, {size} stored cases: {median_ms:.2f} ms median", end="")
                print(f"  -> {results[size] / raw:.2f}x raw")
            if len(sizes) > 1:
                flatness = results[sizes[-1]] / results[sizes[0]]
                print(f"flatness: {sizes[-1]} vs {sizes[0]} stored cases = {flatness:.2f}x")


if __name__ == "__main__":
    main()
