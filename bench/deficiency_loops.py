"""Load+save time of a case after 300 deficiency loops versus a fresh case (median of several runs).

    .venv/bin/python bench/deficiency_loops.py [loops] [runs]

Times `locked_workflow` + `save_workflow` (DB read, deserialize, serialize, projection) in a rolled-back
transaction, and the engine's dump/load alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from permits import create_app
from permits.core.actors import Actor
from permits.core.clock import FakeClock
from permits.demo import AUTHORITIES
from permits.extensions import db
from permits.models import Authority, Role, User, WorkflowInstance
from permits.services.cases import start_case
from permits.services.engine import engine
from permits.services.workflow_state import locked_workflow, save_workflow


def _median(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(loops: int = 300, runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "CLOCK": FakeClock(),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
            }
        )
        with app.app_context():
            db.create_all()
            for code, name, kind, agency_type, dvdv in AUTHORITIES:
                db.session.add(
                    Authority(code=code, name=name, kind=kind, agency_type=agency_type, dvdv_address=dvdv)
                )
            architect = User(username="architect", display_name="A", role=Role.ARCHITECT, password_hash="-")
            db.session.add(architect)
            db.session.commit()
            actor = Actor.for_user(architect)
            data = {"construction_value": 1, "building_class": 1, "municipality_is_authority": True}
            fresh = start_case("full_procedure", "fresh", actor, data=data, applicant_id=architect.id)
            looped = start_case("full_procedure", "looped", actor, data=data, applicant_id=architect.id)
            locked = locked_workflow(looped.id, actor)
            for _ in range(loops):
                (check,) = locked.workflow.ready_tasks()
                locked.workflow.complete(
                    check.task_id, {"complete": False, "findings": "x", "deficiency_weeks": None}
                )
                (resubmit,) = locked.workflow.ready_tasks()
                locked.workflow.complete(resubmit.task_id, {"resubmission_note": "y"})
            save_workflow(locked)
            db.session.commit()

            def load_save(case_id: int) -> None:
                locked = locked_workflow(case_id, actor)
                save_workflow(locked)
                db.session.flush()
                db.session.rollback()

            def engine_only(case_id: int) -> None:
                row = db.session.get_one(WorkflowInstance, case_id)
                version = row.process_version
                workflow = engine().load(version.content_hash, version.spec_json, row.state_json, {})
                workflow.dump()

            results = {}
            for label, func in (("service layer load+save", load_save), ("engine load+dump", engine_only)):
                base = _median(lambda f=func: f(fresh.id), runs)
                heavy = _median(lambda f=func: f(looped.id), runs)
                results[label] = (base, heavy)
            sizes = {
                c.title: len(db.session.get_one(WorkflowInstance, c.id).state_json) for c in (fresh, looped)
            }
            print(
                f"state size: fresh {sizes['fresh'] / 1024:.1f} KiB, "
                f"{loops} loops {sizes['looped'] / 1024:.1f} KiB"
            )
            for label, (base, heavy) in results.items():
                print(
                    f"{label}: fresh {base * 1000:.2f} ms, {loops} loops {heavy * 1000:.2f} ms "
                    f"(median of {runs}) -> ratio {heavy / base:.1f}x"
                )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
