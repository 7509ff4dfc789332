"""The officer's HTML inbox and case list at scale: p50 of GET /aufgaben and GET /vorgaenge with 100,000
stored cases and 10,000 open tasks visible to one officer, on SQLite (and PostgreSQL when
PERMITS_DATABASE_URL is set), next to the raw engine and the raw page query measured in the same run.

    .venv/bin/python bench/inbox.py [--cases 100000] [--tasks 10000] [--requests 200]

Schema from the migrations (`flask db upgrade`), the demo people from `seed_people`. Cases and open tasks
are written in bulk with Core INSERTs (not through the engine: they only need to be rows the pages read):
cases over a year, varied plots and applicants, three in four with one open task for the officers'
group (`role:case_officer`) until --tasks are reached, a third of those claimed by one of three
officers, one in ten overdue; plus --tasks / 2 tasks routed to an agency, invisible to the officer. After the
fill: ANALYZE (both databases), then requests through the app in-process (Flask test client, signed in
as `sachbearbeitung`, 50 rows a page), each page warmed up first; p50 = median of --requests requests.

Raw figures, same run: SpiffWorkflow's own load + complete + save of one step in memory (bench/
engine_overhead.py's `raw_step_seconds`), and the inbox's first-page SELECT run alone on a bare
connection. Prints figures and targets with pass/fail; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_overhead import raw_step_seconds  # noqa: E402

from permits import create_app  # noqa: E402
from permits.codelists import PortalStatus  # noqa: E402
from permits.demo import DEMO_DETAILS, seed_people  # noqa: E402
from permits.extensions import db  # noqa: E402
from permits.models import Case, OpenTask  # noqa: E402

GEMARKUNGEN = ["Döhren", "Linden", "List", "Kirchrode", "Bothfeld", "Wedemark", "Ahlem", "Misburg"]
SURNAMES = ["Müller", "Schmidt", "Yılmaz", "Neumann", "Schulz", "Özdemir", "Becker", "Hoffmann"]
BATCH = 5000
TARGETS = (
    ("inbox", 50.0, "issue 14: < 50 ms"),
    ("inbox", 15.0, "issue 15: <= 15 ms"),
    ("cases", 50.0, "issue 14: < 50 ms"),
)


def fill(cases: int, tasks: int, officers: list[int]) -> None:
    rng = random.Random(14)
    now = datetime.now(UTC)
    statuses = [s.value for s in PortalStatus]
    visible = 0
    agency = 0
    for start in range(0, cases, BATCH):
        case_rows: list[dict[str, Any]] = []
        task_rows: list[dict[str, Any]] = []
        for n in range(start, min(start + BATCH, cases)):
            created = now - timedelta(seconds=(cases - n) * 315)  # a year, oldest first
            plot = {
                **DEMO_DETAILS["plot"],
                "gemarkung": GEMARKUNGEN[n % 8],
                "zaehler": str(n % 997),
                "nenner": str(n % 7),
            }
            applicant = {**DEMO_DETAILS["applicant"], "name": f"{SURNAMES[n % 8]} {n}"}
            case_rows.append(
                {
                    "id": n + 1,
                    "public_id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "file_reference": f"BA-{created.year}-{n + 1:06d}",
                    "process_id": "simplified_procedure" if n % 4 else "full_procedure",
                    "title": f"Neubau Wohnhaus, Musterweg {n % 300}",
                    "status": rng.choice(statuses),
                    "details": {**DEMO_DETAILS, "plot": plot, "applicant": applicant},
                    "created_at": created,
                    "updated_at": created,
                }
            )
            if n % 4 != 3 and visible < tasks and n >= cases - tasks * 2:
                visible += 1
                due = (
                    created + timedelta(days=rng.choice([-20, 10, 30, 60]) + 30)
                    if n % 10
                    else now - timedelta(days=3)
                )
                assignee = officers[n % 3] if n % 3 == 0 else None
                task_rows.append(
                    _task(n + 1, created, due, "role:case_officer", "Vollständigkeit prüfen", assignee)
                )
            elif n % 4 == 3 and agency < tasks // 2:
                agency += 1
                task_rows.append(
                    _task(
                        n + 1,
                        created,
                        created + timedelta(days=30),
                        "authority:fire",
                        "Stellungnahme abgeben",
                        None,
                    )
                )
        db.session.execute(insert(Case), case_rows)
        if task_rows:
            db.session.execute(insert(OpenTask), task_rows)
        db.session.commit()
    print(f"filled: {cases} cases, {visible} open tasks visible to the officer, {agency} routed to an agency")


def _task(
    case_id: int, created: datetime, due: datetime, group: str, name: str, assignee: int | None
) -> dict[str, Any]:
    return {
        "task_id": str(uuid.uuid4()),
        "case_id": case_id,
        "element_id": "ut_completeness_check" if group.startswith("role") else "ut_statement",
        "name": name,
        "process_id": "completeness_check",
        "lane": None,
        "candidate_group": group,
        "form": None,
        "assignee_id": assignee,
        "created_at": created,
        "due_at": due,
        "version": 1,
    }


def p50_ms(client: Any, path: str, requests: int) -> float:
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, path
    return statistics.median(timings) * 1000


def raw_query_ms(url: str, officer_id: int, requests: int) -> float:
    """The inbox's first page as one bare SELECT (visibility, join, order, limit), no ORM, no template."""
    engine = create_engine(url)
    sql = text(
        "SELECT t.id, t.task_id, t.name, t.due_at, c.file_reference, c.title FROM open_tasks t "
        "JOIN cases c ON c.id = t.case_id WHERE t.candidate_group IN ('authority:bab-hannover', "
        "'role:case_officer') OR t.assignee_id = :me OR t.candidate_group IS NULL "
        "ORDER BY t.created_at, t.id LIMIT 51"
    )
    with engine.connect() as connection:
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            connection.execute(sql, {"me": officer_id}).all()
            timings.append(time.perf_counter() - started)
    engine.dispose()
    return statistics.median(timings) * 1000


def run(url: str, label: str, args: argparse.Namespace, raw_engine_ms: float) -> None:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        people = seed_people()
        db.session.commit()
        officers = [people[u].id for u in ("sachbearbeitung", "pruefung", "admin")]
        started = time.perf_counter()
        fill(args.cases, args.tasks, officers)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"  ({time.perf_counter() - started:.0f} s to fill and analyze)")
    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post(
        "/anmelden", data={"username": "sachbearbeitung", "password": "demo-passwort", "csrf_token": token}
    )
    first = client.get("/aufgaben").get_data(as_text=True)
    cursor = re.search(r"weiter=([A-Za-z0-9_-]+)", first)
    pages = {
        "inbox": "/aufgaben",
        "inbox, due date order": "/aufgaben?sortierung=frist",
        "inbox, mine": "/aufgaben?ansicht=meine",
        "inbox, next page": f"/aufgaben?weiter={cursor.group(1)}" if cursor else "/aufgaben",
        "inbox, Gemarkung filter": "/aufgaben?gemarkung=Linden",
        "cases": "/vorgaenge",
        "cases, next page": "/vorgaenge",
        "cases, file reference search": "/vorgaenge?aktenzeichen=BA-",
        "cases, Flurstück search": "/vorgaenge?flurstueck=85/1",
    }
    listing = client.get("/vorgaenge").get_data(as_text=True)
    next_cases = re.search(r"weiter=([A-Za-z0-9_-]+)", listing)
    if next_cases:
        pages["cases, next page"] = f"/vorgaenge?weiter={next_cases.group(1)}"
    results = {name: p50_ms(client, path, args.requests) for name, path in pages.items()}
    raw_sql = raw_query_ms(url, officers[0], args.requests)
    print(
        f"\n{label}: {args.cases} cases, {args.tasks} open tasks visible to the officer,"
        f" p50 of {args.requests} requests"
    )
    print(f"  raw SpiffWorkflow step (in memory): {raw_engine_ms:.2f} ms; raw inbox SELECT: {raw_sql:.2f} ms")
    for name, value in results.items():
        print(
            f"  GET {name:<32} {value:7.2f} ms"
            f"  ({value / raw_engine_ms:.1f}x raw engine step, {value / raw_sql:.1f}x raw SELECT)"
        )
    for key, limit, what in TARGETS:
        value = results[key]
        verdict = "pass" if (value <= limit if "<=" in what else value < limit) else "FAIL"
        print(f"  target {key} p50 {what}: {value:.2f} ms  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    raw_engine_ms = raw_step_seconds(200) * 1000
    with tempfile.TemporaryDirectory() as directory:
        run(f"sqlite:///{directory}/inbox.db", "SQLite", args, raw_engine_ms)
    postgres = os.environ.get("PERMITS_DATABASE_URL", "")
    if postgres.startswith("postgresql"):
        name = f"permits_bench_inbox_{os.getpid()}"
        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run(
                make_url(postgres).set(database=name).render_as_string(hide_password=False),
                "PostgreSQL",
                args,
                raw_engine_ms,
            )
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
