"""Full case lifecycles per second through the HTTP API, and p50/p95 latency of task completion and of the
inbox list, at 10,000 and 100,000 stored cases, against SQLite and PostgreSQL.

    .venv/bin/python bench/api.py [--cases 10000,100000] [--lifecycles 400] [--inbox-requests 400]
                                  [--backends sqlite,postgresql] [--threads 2] [--rounds 4] [--templates 200]
                                  [--quiet-wait 300] [--postgres postgresql://root@127.0.0.1:5432/test]

Quick run (under a minute): `.venv/bin/python bench/api.py --cases 1000 --lifecycles 20`. The defaults take
about six minutes on a quiet 2-core machine. Prints figures, asserts nothing; exits 1 with the reason if a
request fails.

Server. Per backend, a scratch database (SQLite file in a temp dir; PostgreSQL database `permits_bench_<pid>`
created from --postgres and dropped at the end) gets its schema from `permits db upgrade`, the demo people
from `seed_people` and bearer tokens for `architektin`, `sachbearbeitung` and `pruefung`. Then
`gunicorn -w 2 "permits:create_app()"` (sync workers, PERMITS_* env vars) serves it on a free port; it is
stopped at the end, also on errors. No worker runs: rendered documents stay queued as jobs.

A lifecycle is what people do through the API: the architect creates an application with complete details
(simplified procedure, the municipality is the authority, so no municipal consent) and submits it; the
officer `sachbearbeitung` finds each task with GET /api/v1/tasks?case=<id> and completes
`ut_completeness_check` (complete, no agencies), `ut_substantive_review` (approval) and `ut_decision`; a
second officer, `pruefung`, completes `ut_sign_off` (four eyes). Ten requests, every answer checked. One
lifecycle is run step by step before anything is timed. The inbox list is GET /api/v1/tasks as
`sachbearbeitung` (first page, 50 per page, oldest first: visibility filter, count and sort over every open
task, then the page's rows). After an untimed warm-up, `--rounds` rounds of lifecycles alternate with rounds
of inbox lists (so a passing disturbance hits both), each on `--threads` client threads (stdlib
http.client) working back to back. Lifecycles/s is the median over the rounds of lifecycles finished / wall
time (range printed). Task-completion latency is every POST .../complete of those lifecycles (four steps
pooled, and per step); latencies are wall times per request at the client under that concurrency,
percentiles interpolated (p50 = median). A 409 (SQLite "database is locked") would be retried and counted.

Stored cases. Creating 100,000 cases through the API would take hours, so the database is filled in two
steps. (1) `--templates` real cases go through the service layer in-process (`create_application`,
`submit_application`, `complete_task`, a third also `claim_task`), a quarter of them full procedure, left
at the completeness check, substantive review, decision or sign-off (40/30/20/10 %); each has exactly one
open task in the officers' inbox. (2) These are cloned in bulk with INSERT ... SELECT, round robin, until
the database holds the wanted number of cases (the lifecycles timed at a smaller size count too): rows of
`cases` (new public_id; file reference from the per-year counter, which is then advanced), `applications`
(new public_id), `workflow_instances`, `open_tasks` (fresh task UUID), `audit_entries` and `timers`. In
the copied workflow state the template's open-task UUID, case id and file reference are replaced by the
clone's, so each cloned open task is a real READY task of its own case; after each fill one cloned
completeness check is completed through the API to prove it. A clone's timestamps are its template's moved
back by a random offset of up to a year (deadlines kept, so nothing is overdue and no timer is due). Jobs
are not cloned; the templates have no geometry checks, review requests or issued documents. After a fill,
PostgreSQL gets VACUUM ANALYZE and CHECKPOINT (a settled database, as autovacuum would leave it), SQLite a
WAL checkpoint (the app never runs ANALYZE), then os.sync(), so no write-back runs while requests are timed.
Completion is timed on fresh cases only; the clones provide the volume.

Client, gunicorn and PostgreSQL share this machine's cores (2 here): the figures include the client's own
CPU use and scheduling delays. Other people's processes share them too, so each round first waits (up to
--quiet-wait s) until everything outside the benchmark uses under 10 % of the cores, and the CPU line per
size splits the timed rounds' CPU time (from /proc) into gunicorn, PostgreSQL, client, everything else,
idle and steal: a large "everything else" means that size's figures were disturbed. PostgreSQL runs with
the server's settings (printed; synchronous_commit=on flushes WAL on every commit), SQLite with the app's
(WAL, synchronous=NORMAL: no flush on commit).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import URL, Column, Integer, MetaData, String, Table, inspect, make_url, select, text  # noqa: E402
from sqlalchemy.types import DateTime  # noqa: E402

SECRET = "bench-not-secret"
HASH_METHOD = "pbkdf2:sha256:1000"
PEOPLE = ("architektin", "sachbearbeitung", "pruefung")
DETAILS = {
    "applicant": {
        "name": "Jörg Bäcker",
        "street": "Am Lindenhofe 12",
        "postal_code": "30519",
        "city": "Hannover",
    },
    "designer": {"name": "Anna Architektin", "chamber_number": "AKNDS-12345", "email": "anna@example.org"},
    "project": {
        "description": "Neubau eines Einfamilienhauses",
        "measure_type": "11",
        "building_class": 1,
        "construction_value_cents": 35_000_000,
    },
    "plot": {"gemarkung": "Döhren", "flur": "3", "zaehler": "85", "nenner": "2", "area_m2": 684},
}
FACTS = {"municipality_is_authority": True}
REASONS = "Das Vorhaben entspricht dem öffentlichen Baurecht."
# (who, element, form data) in the order a case goes through them
STEPS = (
    ("sachbearbeitung", "ut_completeness_check", {"complete": True}),
    ("sachbearbeitung", "ut_substantive_review", {"intended_decision": "approval"}),
    ("sachbearbeitung", "ut_decision", {"decision": "approval", "decision_reasons": REASONS}),
    ("pruefung", "ut_sign_off", {"sign_off_approved": True}),
)
APPROVED = "10"  # XBau status after sign-off of an approval
INBOX = "/api/v1/tasks?per_page=50"
CLONE_BATCH = 20_000


class BenchError(Exception):
    """A step failed: the figures would be meaningless."""


# -- statistics ----------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); p50 is the median."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Samples:
    """Latencies (seconds) by request kind, from several threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_kind: dict[str, list[float]] = defaultdict(list)
        self.conflicts = 0

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.by_kind[kind].append(seconds)

    def conflict(self) -> None:
        with self.lock:
            self.conflicts += 1


# -- HTTP client ---------------------------------------------------------------------------------------------


class Client:
    """One thread's connection to the server (gunicorn's sync workers close it after each response)."""

    def __init__(self, port: int, tokens: dict[str, str], samples: Samples | None = None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.tokens = tokens
        self.samples = samples

    def call(
        self, who: str, method: str, path: str, body: Any = None, kind: str | None = None, expect: int = 200
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}", "Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(8):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.connection.close()
                raise BenchError(f"{method} {path} as {who}: {exc!r}") from None
            elapsed = time.perf_counter() - started
            if response.status == 409 and method == "POST" and attempt < 7:
                # SQLite refuses a second writer ("database is locked"): the API answers 409, clients retry.
                if self.samples is not None:
                    self.samples.conflict()
                time.sleep(0.01 * (attempt + 1))
                continue
            break
        if response.status != expect:
            detail = raw.decode(errors="replace")[:600]
            raise BenchError(
                f"{method} {path} as {who}: HTTP {response.status} (expected {expect}): {detail}"
            )
        if kind is not None and self.samples is not None:
            self.samples.add(kind, elapsed)
        return json.loads(raw) if raw else None

    def close(self) -> None:
        self.connection.close()


def lifecycle(client: Client, number: int, strict: bool = False) -> None:
    """Create, submit and work one case to its approval through the API; checks every answer."""
    body = {
        "title": f"Neubau Einfamilienhaus, Messfall {number}",
        "procedure": "simplified",
        "details": DETAILS,
        "facts": FACTS,
    }
    created = client.call("architektin", "POST", "/api/v1/applications", body, "create", expect=201)
    submitted = client.call(
        "architektin", "POST", f"/api/v1/applications/{created['id']}/submit", kind="submit"
    )
    case_id = submitted.get("case_id")
    if submitted.get("status") != "submitted" or not case_id:
        raise BenchError(f"submitting application {created['id']} did not open a case: {submitted}")
    result: dict[str, Any] = {}
    for who, element, data in STEPS:
        listed = client.call(who, "GET", f"/api/v1/tasks?case={case_id}", kind="lookup")
        found = [t for t in listed["items"] if t["element_id"] == element]
        if len(found) != 1:
            open_now = [t["element_id"] for t in listed["items"]]
            raise BenchError(f"case {case_id}: expected one open {element} for {who}, open: {open_now}")
        task_id = found[0]["id"]
        result = client.call(
            who, "POST", f"/api/v1/tasks/{task_id}/complete", {"data": data}, kind=f"complete {element}"
        )
        if strict:
            print(
                f"    {element:<24} completed by {who:<16} -> status {result['status']}, next "
                f"{[t['element_id'] for t in result['open_tasks']]}"
            )
    if result.get("status") != APPROVED or result.get("open_tasks"):
        raise BenchError(f"case {case_id} did not end approved: {result}")


def run_threads(
    threads: int,
    work: Callable[[Client, int], None],
    count: int,
    port: int,
    tokens: dict[str, str],
    samples: Samples | None,
) -> float:
    """Run `work(client, i)` for i in range(count) on `threads` threads; returns wall seconds."""
    counter = iter(range(count))
    counter_lock = threading.Lock()
    errors: list[BaseException] = []

    def loop() -> None:
        client = Client(port, tokens, samples)
        try:
            while not errors:
                with counter_lock:
                    number = next(counter, None)
                if number is None:
                    return
                work(client, number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            client.close()

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed


# -- scratch databases and the server ------------------------------------------------------------------------


@contextlib.contextmanager
def scratch_database(backend: str, scratch: Path, postgres: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{scratch / 'bench.db'}"
        return
    import psycopg

    name = f"permits_bench_{os.getpid()}"
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(postgres)
    url = URL.create(
        "postgresql+psycopg",
        username=str(info.get("user") or os.environ.get("USER", "root")),
        password=str(info["password"]) if info.get("password") else None,
        host=str(info.get("host") or "127.0.0.1"),
        port=int(info.get("port") or 5432),
        database=name,
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERMITS_")}
    env.update(PERMITS_DATABASE_URL=url, PERMITS_SECRET_KEY=SECRET, PERMITS_PASSWORD_HASH_METHOD=HASH_METHOD)
    return env


def venv_tool(name: str) -> str:
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found next to {sys.executable} nor in .venv/bin")
    return found


def upgrade_schema(url: str) -> None:
    done = subprocess.run(
        [venv_tool("permits"), "db", "upgrade"], cwd=ROOT, env=server_env(url), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"`permits db upgrade` failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int
    database: str | None  # PostgreSQL database name, to tell its backends from other people's


@contextlib.contextmanager
def gunicorn(url: str, tokens: dict[str, str], log_path: Path) -> Iterator[Server]:
    port = free_port()
    command = [
        venv_tool("gunicorn"),
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "300",
        "--log-level",
        "warning",
        "permits:create_app()",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=server_env(url), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(log_path)}")
            try:
                Client(port, tokens).call("sachbearbeitung", "GET", "/api/v1/tasks?per_page=1")
                break
            except BenchError as exc:
                if time.monotonic() > deadline:
                    raise BenchError(f"gunicorn not ready after 90 s ({exc}):\n{tail(log_path)}") from None
                time.sleep(0.2)
        database = make_url(url).database if url.startswith("postgresql") else None
        yield Server(port, process.pid, database)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# -- filling the database ------------------------------------------------------------------------------------


def make_app(url: str) -> Flask:
    from permits import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "PASSWORD_HASH_METHOD": HASH_METHOD}
    )


def seed(app: Flask) -> dict[str, str]:
    from permits.core.actors import Actor
    from permits.demo import seed_people
    from permits.services.accounts import create_token

    with app.app_context():
        seed_people()
        system = Actor.system("bench")
        return {name: create_token(f"bench {name}", system, username=name) for name in PEOPLE}


def stored_cases(app: Flask) -> int:
    from permits.extensions import db

    with app.app_context():
        return int(db.session.scalar(text("SELECT count(*) FROM cases")) or 0)


def make_templates(app: Flask, count: int) -> list[int]:
    """Real cases through the service layer, left at different tasks; returns their case ids."""
    from permits.core.actors import Actor
    from permits.extensions import db
    from permits.models import OpenTask, User
    from permits.services.applications import create_application, submit_application
    from permits.services.tasks import claim_task, complete_task

    streets = ("Am Lindenhofe", "Kirchweg", "Podbielskistraße", "Lister Meile", "Hildesheimer Straße")
    with app.app_context():
        people = {u.username: Actor.for_user(u) for u in db.session.scalars(select(User))}
        case_ids = []
        for i in range(count):
            details = json.loads(json.dumps(DETAILS))
            details["applicant"]["street"] = f"{streets[i % len(streets)]} {i % 97 + 1}"
            details["plot"]["zaehler"] = str(10 + i)
            fields = {
                "title": f"Neubau Wohnhaus, {details['applicant']['street']}",
                "procedure": "full" if i % 4 == 3 else "simplified",
                "details": details,
                "facts": FACTS,
            }
            application = create_application(fields, people["architektin"])
            case_id = submit_application(application.public_id, people["architektin"]).case_id
            assert case_id is not None
            stage = (0, 0, 0, 0, 1, 1, 1, 2, 2, 3)[i % 10]
            for who, element, data in STEPS[:stage]:
                task = db.session.scalars(
                    select(OpenTask).filter_by(case_id=case_id, element_id=element)
                ).one()
                complete_task(task.task_id, dict(data), people[who])
            open_tasks = list(db.session.scalars(select(OpenTask).filter_by(case_id=case_id)))
            if len(open_tasks) != 1 or open_tasks[0].element_id != STEPS[stage][1]:
                raise BenchError(f"template case {case_id}: open {[t.element_id for t in open_tasks]}")
            if i % 3 == 0:
                claim_task(open_tasks[0].task_id, people[STEPS[stage][0]])
            case_ids.append(case_id)
            db.session.expunge_all()
        return case_ids


CLONE_MAP = Table(
    "bench_clone_map",
    MetaData(),
    Column("k", Integer, primary_key=True),
    Column("tpl_id", Integer, nullable=False),
    Column("public_id", String(36), nullable=False, unique=True),
    Column("file_reference", String(32), nullable=False),
    Column("task_id", String(36), nullable=False),
    Column("app_public_id", String(36), nullable=False),
    Column("shift", Integer, nullable=False),  # seconds, negative
)


class Cloner:
    """Copies template cases with INSERT ... SELECT (see the module docstring)."""

    def __init__(self, app: Flask, templates: list[int], seed_value: int = 20260) -> None:
        self.app = app
        self.templates = templates
        self.random = random.Random(seed_value)
        self.made = 0

    def clone(self, count: int) -> None:
        from permits.extensions import db

        with self.app.app_context():
            engine = db.engine
            self.dialect = engine.dialect.name
            columns = {t: inspect(engine).get_columns(t) for t in self._tables()}
            CLONE_MAP.drop(engine, checkfirst=True)
            CLONE_MAP.create(engine)
            try:
                done = 0
                while done < count:
                    batch = min(CLONE_BATCH, count - done)
                    with engine.begin() as connection:
                        self._batch(connection, batch, columns)
                    done += batch
            finally:
                CLONE_MAP.drop(engine, checkfirst=True)
            self._settle(engine)

    @staticmethod
    def _tables() -> tuple[str, ...]:
        return ("cases", "applications", "workflow_instances", "open_tasks", "audit_entries", "timers")

    def _batch(self, connection: Any, count: int, columns: dict[str, list[Any]]) -> None:
        prefix = self.app.config["FILE_REFERENCE_PREFIX"]
        counters = dict(
            connection.execute(text("SELECT year, last_number FROM file_reference_counters")).all()
        )
        moment = datetime.now(UTC)
        rows = []
        for k in range(count):
            shift = -self.random.randint(3600, 365 * 86400)
            year = (moment + timedelta(seconds=shift)).year
            counters[year] = counters.get(year, 0) + 1
            rows.append(
                {
                    "k": k,
                    "tpl_id": self.templates[(self.made + k) % len(self.templates)],
                    "public_id": str(uuid.uuid4()),
                    "file_reference": f"{prefix}-{year}-{counters[year]:06d}",
                    "task_id": str(uuid.uuid4()),
                    "app_public_id": str(uuid.uuid4()),
                    "shift": shift,
                }
            )
        connection.execute(CLONE_MAP.delete())
        connection.execute(CLONE_MAP.insert(), rows)
        joins = "FROM bench_clone_map m JOIN cases t ON t.id = m.tpl_id"
        new_case = "JOIN cases c ON c.public_id = m.public_id"
        old_ref = "'\"case_id\": ' || t.id || ', \"file_reference\": \"' || t.file_reference || '\"'"
        new_ref = "'\"case_id\": ' || c.id || ', \"file_reference\": \"' || m.file_reference || '\"'"
        after = self._json(
            "replace(replace({}, '\"' || t.file_reference || '\"', '\"' || m.file_reference || '\"'), "
            "coalesce(ta.public_id, '-'), m.app_public_id)".format(self._text("x.after"))
        )
        plans = {
            "cases": (
                "x",
                "FROM bench_clone_map m JOIN cases x ON x.id = m.tpl_id",
                {"public_id": "m.public_id", "file_reference": "m.file_reference"},
                "m.k",
            ),
            "applications": (
                "x",
                f"{joins} {new_case} JOIN applications x ON x.case_id = m.tpl_id",
                {"public_id": "m.app_public_id", "case_id": "c.id"},
                "m.k",
            ),
            "workflow_instances": (
                "x",
                f"{joins} {new_case} JOIN workflow_instances x ON x.case_id = m.tpl_id "
                "JOIN open_tasks o ON o.case_id = m.tpl_id",
                {
                    "case_id": "c.id",
                    "state_json": "replace(replace(x.state_json, o.task_id, m.task_id), "
                    f"{old_ref}, {new_ref})",
                },
                "m.k",
            ),
            "open_tasks": (
                "x",
                f"{joins} {new_case} JOIN open_tasks x ON x.case_id = m.tpl_id",
                {"task_id": "m.task_id", "case_id": "c.id"},
                "m.k",
            ),
            "audit_entries": (
                "x",
                f"{joins} {new_case} JOIN audit_entries x ON x.case_id = m.tpl_id "
                "JOIN open_tasks o ON o.case_id = m.tpl_id "
                "LEFT JOIN applications ta ON ta.case_id = m.tpl_id",
                {
                    "case_id": "c.id",
                    "task_id": "CASE WHEN x.task_id = o.task_id THEN m.task_id ELSE x.task_id END",
                    "after": after,
                },
                "m.k, x.id",
            ),
            "timers": (
                "x",
                f"{joins} {new_case} JOIN timers x ON x.case_id = m.tpl_id",
                {"case_id": "c.id"},
                "m.k, x.id",
            ),
        }
        for table in self._tables():
            alias, source, overrides, order = plans[table]
            names, values = [], []
            for column in columns[table]:
                name = column["name"]
                if name == "id" and table != "workflow_instances":
                    continue  # the database numbers the copies
                names.append(name)
                if name in overrides:
                    values.append(overrides[name])
                elif isinstance(column["type"], DateTime) and name != "due_at":
                    values.append(self._shifted(f"{alias}.{name}"))
                else:
                    values.append(f"{alias}.{name}")
            insert = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)}"
            connection.execute(text(f"{insert} {source} ORDER BY {order}"))
        for year, number in counters.items():
            updated = connection.execute(
                text("UPDATE file_reference_counters SET last_number = :n WHERE year = :y"),
                {"n": number, "y": year},
            )
            if updated.rowcount == 0:
                connection.execute(
                    text("INSERT INTO file_reference_counters (year, last_number) VALUES (:y, :n)"),
                    {"n": number, "y": year},
                )
        self.made += count

    def _shifted(self, column: str) -> str:
        if self.dialect == "postgresql":
            return f"({column} + m.shift * interval '1 second')"
        return f"(strftime('%Y-%m-%d %H:%M:%f', {column}, m.shift || ' seconds') || '000')"

    def _text(self, column: str) -> str:
        return f"CAST({column} AS TEXT)" if self.dialect == "postgresql" else column

    def _json(self, expression: str) -> str:
        return f"CAST({expression} AS JSON)" if self.dialect == "postgresql" else expression

    def _settle(self, engine: Any) -> None:
        """Leave the database as a settled production one: statistics fresh, nothing left to write back."""
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if self.dialect == "postgresql":
                connection.execute(text("VACUUM ANALYZE"))
                connection.execute(text("CHECKPOINT"))
            else:
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        os.sync()  # the gigabytes just written must not be flushed while requests are timed


def cloned_check_task(app: Flask, templates: list[int]) -> tuple[str, int]:
    """A cloned, unclaimed completeness check (task id, case id)."""
    from permits.extensions import db
    from permits.models import OpenTask

    with app.app_context():
        row = db.session.execute(
            select(OpenTask.task_id, OpenTask.case_id)
            .where(OpenTask.element_id == "ut_completeness_check", OpenTask.assignee_id.is_(None))
            .where(OpenTask.case_id.not_in(templates))
            .order_by(OpenTask.id.desc())
            .limit(1)
        ).first()
    if row is None:
        raise BenchError("no cloned completeness check found")
    return row[0], row[1]


def check_clone(port: int, tokens: dict[str, str], app: Flask, templates: list[int]) -> None:
    task_id, case_id = cloned_check_task(app, templates)
    client = Client(port, tokens)
    try:
        result = client.call(
            "sachbearbeitung", "POST", f"/api/v1/tasks/{task_id}/complete", {"data": {"complete": True}}
        )
    finally:
        client.close()
    following = [t["element_id"] for t in result["open_tasks"]]
    if result["case_id"] != case_id or following != ["ut_substantive_review"]:
        raise BenchError(f"cloned case {case_id} did not move on after its completeness check: {result}")


# -- one backend ---------------------------------------------------------------------------------------------


class Phase:
    """The timed part at one size: lifecycle rate per round, latencies, CPU use."""

    def __init__(self) -> None:
        self.samples = Samples()
        self.rates: list[float] = []
        self.cpu = ""


GROUPS = ("gunicorn", "PostgreSQL", "client", "everything else")


class CpuMeter:
    """Who used the cores while running, from /proc, summed over start()/stop() windows: gunicorn (master
    and workers), PostgreSQL (backends of the scratch database and the server's own helpers), this client,
    and everything else (other people's processes and databases, the kernel)."""

    def __init__(self, server_pid: int, database: str | None) -> None:
        self.server_pid, self.database = server_pid, database
        self.mark: tuple[list[int], dict[int, tuple[str, int]]] | None = None
        self.used: dict[str, int] = defaultdict(int)

    def _group(self, pid: int, command: str, parent: int) -> str | None:
        if pid == os.getpid():
            return "client"
        if self.server_pid in (pid, parent):
            return "gunicorn"
        if command != "postgres":
            return None
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            title = cmdline.read().decode(errors="replace")
        if self.database and self.database in title:
            return "PostgreSQL"
        helper = "(" not in title and "autovacuum worker" not in title  # walwriter, checkpointer ...
        return "PostgreSQL" if helper else None

    def _read(self) -> tuple[list[int], dict[int, tuple[str, int]]]:
        """/proc/stat totals, and pid -> (group, user+system clock ticks) for the processes we track."""
        with open("/proc/stat") as stat:
            totals = [int(v) for v in stat.readline().split()[1:9]]
        found = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    raw = stat.read()
                fields = raw[raw.rindex(")") + 2 :].split()  # state, ppid, ..., utime (11), stime (12)
                group = self._group(
                    int(entry.name), raw[raw.index("(") + 1 : raw.rindex(")")], int(fields[1])
                )
            except (OSError, ValueError, IndexError):
                continue
            if group is not None:
                found[int(entry.name)] = (group, int(fields[11]) + int(fields[12]))
        return totals, found

    def start(self) -> None:
        try:
            self.mark = self._read()
        except (OSError, ValueError):
            self.mark = None

    def stop(self) -> dict[str, int]:
        """This window's clock ticks by group (and idle, steal, capacity); also added to the running sum."""
        if self.mark is None:
            return {}
        (totals_before, before), (totals, now) = self.mark, self._read()
        delta = [b - a for a, b in zip(totals_before, totals, strict=True)]
        window: dict[str, int] = defaultdict(int)
        for pid, (group, ticks) in now.items():
            window[group] += ticks - before.get(pid, (group, 0))[1]
        window["capacity"], window["idle"], window["steal"] = sum(delta), delta[3] + delta[4], delta[7]
        tracked = sum(window[g] for g in GROUPS[:-1])
        window["everything else"] = max(0, window["capacity"] - window["idle"] - window["steal"] - tracked)
        for key, value in window.items():
            self.used[key] += value
        return window

    @staticmethod
    def percent(ticks: dict[str, int], key: str) -> float:
        return 100 * ticks.get(key, 0) / (ticks.get("capacity") or 1)

    def summary(self) -> str:
        if not self.used:
            return "unknown (no /proc)"
        parts = [f"{name} {self.percent(self.used, name):.0f}%" for name in (*GROUPS, "idle", "steal")]
        return ", ".join(parts)


def wait_until_quiet(server_pid: int, database: str | None, limit: float) -> None:
    """Wait (up to `limit` s) until processes outside the benchmark use under 10 % of the cores for 1 s."""
    started = time.monotonic()
    while True:
        meter = CpuMeter(server_pid, database)
        meter.start()
        time.sleep(1)
        others = meter.percent(meter.stop(), "everything else")
        waited = time.monotonic() - started
        if others < 10:
            if waited > 2:
                print(f"  (waited {waited:.0f} s for other processes to leave the cores alone)")
            return
        if waited > limit:
            print(f"  (others still use {others:.0f}% of the cores after {waited:.0f} s; timing anyway)")
            return


def share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


def report(
    backend: str, stored: int, inbox_total: int, args: argparse.Namespace, phase: Phase
) -> dict[str, Any]:
    rates = phase.rates
    rate = statistics.median(rates)
    print(f"\n{backend}, {stored:,} stored cases ({inbox_total:,} open tasks in the officer's inbox)")
    print(
        f"  lifecycles/s: {rate:.2f} (median of {len(rates)} rounds, "
        f"range {min(rates):.2f}-{max(rates):.2f}; {args.lifecycles} lifecycles of 10 requests, "
        f"{args.threads} client threads)"
    )
    print(f"  CPU while timed, {os.cpu_count()} cores = 100%: {phase.cpu}")
    if phase.samples.conflicts:
        print(f"  409 conflicts retried: {phase.samples.conflicts}")
    kinds = phase.samples.by_kind
    completions = [s for k, v in kinds.items() if k.startswith("complete ") for s in v]
    lines = [
        ("POST /api/v1/applications", kinds["create"]),
        ("POST /api/v1/applications/{id}/submit", kinds["submit"]),
        ("GET  /api/v1/tasks?case={id}", kinds["lookup"]),
        ("POST /api/v1/tasks/{id}/complete, all", completions),
        *((f"  {element}", kinds[f"complete {element}"]) for _, element, _ in STEPS),
        ("GET  /api/v1/tasks (inbox, 50 per page)", kinds["inbox"]),
    ]
    print(f"  {'request':<42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for label, values in lines:
        print(
            f"  {label:<42} {len(values):>5} {percentile(values, 50) * 1000:>8.1f} "
            f"{percentile(values, 95) * 1000:>8.1f}"
        )
    return {
        "backend": backend,
        "stored": stored,
        "rate": rate,
        "complete": (percentile(completions, 50), percentile(completions, 95)),
        "inbox": (percentile(kinds["inbox"], 50), percentile(kinds["inbox"], 95)),
    }


def run_backend(backend: str, args: argparse.Namespace, sizes: list[int]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="permits-bench-") as folder:
        scratch = Path(folder)
        with scratch_database(backend, scratch, args.postgres) as url:
            started = time.perf_counter()
            upgrade_schema(url)
            app = make_app(url)
            try:
                tokens = seed(app)
                print(
                    f"\n== {backend}{server_settings(app)}: schema and people ready in "
                    f"{time.perf_counter() - started:.1f} s"
                )
                log = scratch / "gunicorn.log"
                try:
                    with gunicorn(url, tokens, log) as server:
                        return serve(backend, app, server, tokens, args, sizes)
                except BenchError as exc:
                    logged = tail(log)
                    raise BenchError(
                        f"{exc}\n-- end of gunicorn's log:\n{logged}" if logged else str(exc)
                    ) from None
                finally:
                    if args.keep_log:
                        print(tail(log))
            finally:
                from permits.extensions import db

                with app.app_context():
                    db.engine.dispose()


def server_settings(app: Flask) -> str:
    from permits.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return f" (SQLite {db.session.scalar(text('SELECT sqlite_version()'))}, WAL, synchronous=NORMAL)"
        names = ("server_version", "shared_buffers", "synchronous_commit")
        values = [db.session.scalar(text(f"SHOW {name}")) for name in names]
        return " (PostgreSQL {}, shared_buffers={}, synchronous_commit={})".format(*values)


def serve(
    backend: str,
    app: Flask,
    server: Server,
    tokens: dict[str, str],
    args: argparse.Namespace,
    sizes: list[int],
) -> list[dict[str, Any]]:
    port = server.port
    print(f"  gunicorn -w 2 on port {port}; checking one lifecycle step by step:")
    client = Client(port, tokens)
    try:
        lifecycle(client, 0, strict=True)
    finally:
        client.close()
    started = time.perf_counter()
    count = max(1, min(args.templates, sizes[0] // 5))
    templates = make_templates(app, count)
    cloner = Cloner(app, templates)
    print(f"  {count} template cases through the service layer in {time.perf_counter() - started:.1f} s")
    results = []
    for size in sizes:
        missing = size - stored_cases(app)
        if missing > 0:
            started = time.perf_counter()
            cloner.clone(missing)
            print(f"  cloned {missing:,} cases in {time.perf_counter() - started:.1f} s")
            check_clone(port, tokens, app, templates)
            print("  a cloned completeness check completes through the API")
        results.append(measure(backend, stored_cases(app), server, tokens, args))
    return results


def measure(
    backend: str, stored: int, server: Server, tokens: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    threads, port = args.threads, server.port
    # warm both workers: a lifecycle per thread and a few inbox pages, not timed
    run_threads(threads, lifecycle, threads, port, tokens, None)
    run_threads(
        threads, lambda c, i: c.call("sachbearbeitung", "GET", INBOX), 2 * threads, port, tokens, None
    )
    phase = Phase()
    totals: list[int] = []

    def inbox(client: Client, _number: int) -> None:
        totals.append(client.call("sachbearbeitung", "GET", INBOX, kind="inbox")["total"])

    # rounds of lifecycles alternate with rounds of inbox lists, so a disturbance hits both alike; each
    # round waits until other people's processes leave the cores alone (this machine is shared)
    meter = CpuMeter(server.pid, server.database)
    for index in range(args.rounds):
        wait_until_quiet(server.pid, server.database, args.quiet_wait)
        meter.start()
        count = share(args.lifecycles, args.rounds, index)
        if count:
            wall = run_threads(threads, lifecycle, count, port, tokens, phase.samples)
            phase.rates.append(count / wall)
        count = share(args.inbox_requests, args.rounds, index)
        run_threads(threads, inbox, count, port, tokens, phase.samples)
        meter.stop()
    phase.cpu = meter.summary()
    return report(backend, stored, max(totals), args, phase)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="10000,100000", help="stored-case counts to measure at")
    parser.add_argument("--lifecycles", type=int, default=400, help="timed lifecycles per backend and size")
    parser.add_argument(
        "--inbox-requests", type=int, default=400, help="timed inbox lists per backend and size"
    )
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--threads", type=int, default=2, help="client threads (2-4 make sense)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating rounds of lifecycles and inbox lists"
    )
    parser.add_argument("--templates", type=int, default=200, help="real cases to clone (at most cases/5)")
    parser.add_argument(
        "--postgres",
        default="postgresql://root@127.0.0.1:5432/test",
        help="maintenance database to create and drop the scratch database from",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=300, help="longest wait (s) for other processes before a round"
    )
    parser.add_argument("--keep-log", action="store_true", help="print the end of gunicorn's log")
    args = parser.parse_args()
    sizes = sorted({int(n.replace("_", "")) for n in args.cases.split(",") if n.strip()})
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgresql"}
    if (
        unknown
        or not sizes
        or args.lifecycles < 1
        or args.inbox_requests < 1
        or args.threads < 1
        or args.rounds < 1
    ):
        parser.error(
            f"check --backends {sorted(unknown)}, --cases, --lifecycles, --inbox-requests, --threads"
        )
    print(
        f"API benchmark: {os.cpu_count()} CPU cores shared by {args.threads} client threads and "
        "2 gunicorn sync workers (+ PostgreSQL); latencies are client-side wall times under that load."
    )
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    try:
        for backend in backends:
            results += run_backend(backend, args, sizes)
    except BenchError as exc:
        print(f"\nbench/api.py failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"\nsummary ({args.lifecycles} lifecycles, {args.inbox_requests} inbox lists, {args.threads} client "
        "threads, each backend and size)"
    )
    print(
        f"  {'backend':<11} {'stored':>8} {'lifecycles/s':>13} {'complete p50/p95 ms':>20} "
        f"{'inbox p50/p95 ms':>17}"
    )
    for r in results:
        complete = f"{r['complete'][0] * 1000:.1f} / {r['complete'][1] * 1000:.1f}"
        inbox = f"{r['inbox'][0] * 1000:.1f} / {r['inbox'][1] * 1000:.1f}"
        print(f"  {r['backend']:<11} {r['stored']:>8,} {r['rate']:>13.2f} {complete:>20} {inbox:>17}")
    print(f"total run time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
