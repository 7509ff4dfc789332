"""Demo authorities, users and cases for `make run` (`permits seed-demo`). Safe to run repeatedly."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.extensions import db
from permits.models import Authority, AuthorityKind, Case, OpenTask, Role, User
from permits.services import applications
from permits.services.cases import start_case
from permits.services.registration import Registration, register_architect, user_by_email
from permits.services.tasks import claim_task, complete_task

DEMO_PASSWORD = "demo-passwort"

AUTHORITIES = [
    (
        "bab-hannover",
        "Landeshauptstadt Hannover – Bauordnung",
        AuthorityKind.BUILDING_AUTHORITY,
        None,
        "bab:03241001",
    ),
    (
        "fire",
        "Feuerwehr Hannover – Vorbeugender Brandschutz",
        AuthorityKind.AGENCY,
        "fire_protection_office",
        "bet:03241101",
    ),
    (
        "monument",
        "Untere Denkmalschutzbehörde Hannover",
        AuthorityKind.AGENCY,
        "monument_authority",
        "bet:03241102",
    ),
    (
        "nature",
        "Untere Naturschutzbehörde Region Hannover",
        AuthorityKind.AGENCY,
        "nature_conservation",
        "bet:03241103",
    ),
    (
        "water",
        "Untere Wasserbehörde Region Hannover",
        AuthorityKind.AGENCY,
        "water_authority",
        "bet:03241104",
    ),
    (
        "roads",
        "Niedersächsische Landesbehörde für Straßenbau und Verkehr",
        AuthorityKind.AGENCY,
        "road_authority",
        "bet:03000105",
    ),
    (
        "municipality",
        "Gemeinde Wedemark – Bauamt",
        AuthorityKind.MUNICIPALITY,
        "municipality",
        "gba:03241021",
    ),
]

# Postal addresses for letters (participation requests go to these).
ADDRESSES = {
    "bab-hannover": ("Rudolf-Hillebrecht-Platz 1", "30159", "Hannover"),
    "fire": ("Feuerwehrstraße 1", "30169", "Hannover"),
    "monument": ("Rudolf-Hillebrecht-Platz 1", "30159", "Hannover"),
    "nature": ("Hildesheimer Straße 20", "30169", "Hannover"),
    "water": ("Hildesheimer Straße 20", "30169", "Hannover"),
    "roads": ("Göttinger Chaussee 76 A", "30453", "Hannover"),
    "municipality": ("Fritz-Sennheiser-Platz 1", "30900", "Wedemark"),
}

USERS = [
    ("sachbearbeitung", "Sabine Sachbearbeiterin", Role.CASE_OFFICER, "bab-hannover"),
    ("pruefung", "Paul Prüfer", Role.CASE_OFFICER, "bab-hannover"),
    ("architektin", "Anna Architektin", Role.ARCHITECT, None),
    ("feuerwehr", "Frank Feuerwehr", Role.AGENCY, "fire"),
    ("denkmal", "Dora Denkmalpflege", Role.AGENCY, "monument"),
    ("admin", "Adam Administrator", Role.ADMIN, "bab-hannover"),
]
# What a demo account is for, printed with the accounts; never part of a name (names appear in letters).
USER_HINTS = {"pruefung": "zweite Person für die Vier-Augen-Freigabe"}


def _ensure_authorities() -> dict[str, Authority]:
    existing = {a.code: a for a in db.session.scalars(select(Authority))}
    for code, name, kind, agency_type, dvdv in AUTHORITIES:
        if code not in existing:
            existing[code] = Authority(
                code=code, name=name, kind=kind, agency_type=agency_type, dvdv_address=dvdv
            )
            db.session.add(existing[code])
        authority = existing[code]
        if authority.street is None and code in ADDRESSES:
            authority.street, authority.postal_code, authority.city = ADDRESSES[code]
    db.session.flush()
    return existing


def _ensure_users(authorities: dict[str, Authority], actor: Actor) -> dict[str, User]:
    existing = {u.username: u for u in db.session.scalars(select(User))}
    for username, display_name, role, authority_code in USERS:
        if username in existing:
            continue
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            email=f"{username}@example.org",
            password_hash=generate_password_hash(
                DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
            ),
            authority=authorities[authority_code] if authority_code else None,
            created_at=now(),
        )
        db.session.add(user)
        existing[username] = user
        db.session.flush()
        audit.record("user_created", actor, after={"username": username, "role": role.value})
    return existing


@transactional
def seed_people() -> dict[str, User]:
    """Authorities and demo users, without cases."""
    return _ensure_users(_ensure_authorities(), Actor.system("seed-demo"))


DEMO_DETAILS = {
    "applicant": {
        "name": "Jörg Bäcker",
        "street": "Am Lindenhofe 12",
        "postal_code": "30519",
        "city": "Hannover",
    },
    "designer": {
        "name": "Anna Architektin",
        "chamber_number": "AKNDS-12345",
        "street": "Bödekerstraße 7",
        "postal_code": "30161",
        "city": "Hannover",
        "email": "architektin@example.org",
    },
    "project": {
        "description": "Neubau eines Einfamilienhauses mit Carport",
        "measure_type": "11",
        "building_class": 1,
        "construction_value_cents": 35_000_000,
    },
    "plot": {
        "street": "Am Lindenhofe 12",
        "postal_code": "30519",
        "city": "Hannover",
        "gemarkung": "Döhren",
        "flur": "3",
        "zaehler": "85",
        "nenner": "2",
        "area_m2": 684,
    },
}
_PLOT = [[0, 0], [30, 0], [30, 25], [0, 25], [0, 0]]
_HOUSE = [[10, 8], [22, 8], [22, 18], [10, 18], [10, 8]]
DEMO_GEOMETRY = {
    "plot": {"type": "Polygon", "coordinates": [[[x + 552400, y + 5800300] for x, y in _PLOT]]},
    "footprints": {
        "type": "Feature",
        "properties": {"height": 6.5, "floors": 2},
        "geometry": {"type": "Polygon", "coordinates": [[[x + 552400, y + 5800300] for x, y in _HOUSE]]},
    },
}
# A one-page PDF (the smallest document real PDF readers accept).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _submit(title: str, procedure: str, facts: dict[str, object], architect: Actor) -> Case:
    draft = applications.create_application(
        {
            "title": title,
            "procedure": procedure,
            "details": DEMO_DETAILS,
            "geometry": DEMO_GEOMETRY,
            "facts": facts,
        },
        architect,
    )
    applications.add_document(draft.public_id, "1800", "lageplan.pdf", DEMO_PDF, architect)
    submitted = applications.submit_application(draft.public_id, architect)
    assert submitted.case is not None
    return submitted.case


def _check_completeness(case: Case, officer: Actor, result: dict[str, object]) -> None:
    """The officer claims the completeness check and completes it, as on the task page."""
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    claim_task(task.task_id, officer)
    complete_task(task.task_id, result, officer)


def _demo_cases(users: dict[str, User]) -> None:
    """Cases in several states of the procedures, each reached through the real use cases."""
    architect = Actor.for_user(users["architektin"])
    officer = Actor.for_user(users["sachbearbeitung"])
    start_case("demo_procedure", "Anbau Wintergarten, Kirchweg 3", architect, applicant_id=architect.user_id)
    # Received, waiting for the completeness check.
    _submit("Neubau Einfamilienhaus, Am Lindenhofe 12", "simplified", {"housing_project": True}, architect)
    _submit(
        "Neubau Kindertagesstätte, Wiesenstraße 5", "full", {"municipality_is_authority": True}, architect
    )
    # Documents requested from the applicant (deficiency notice issued, resubmission open).
    missing = _submit(
        "Umbau Dachgeschoss, Lange Straße 8", "simplified", {"housing_project": True}, architect
    )
    _check_completeness(
        missing,
        officer,
        {
            "complete": False,
            "findings": "Standsicherheitsnachweis fehlt.\nAnsichten fehlen.",
            "deficiency_weeks": 4,
        },
    )
    # Complete; the fire brigade is asked for its statement.
    participation = _submit(
        "Neubau Mehrfamilienhaus, Bahnhofstraße 21", "full", {"municipality_is_authority": True}, architect
    )
    _check_completeness(participation, officer, {"complete": True, "involve_fire": True})


def _demo_registration() -> None:
    """A self-registered architect who has not confirmed yet: the confirmation mail waits in the demo
    mailbox (/admin/postfach, no mail server in `make run`), its link activates the account."""
    email = "lea.lindner@example.org"
    if user_by_email(email) is None:
        register_architect(
            Registration("Lea Lindner", email, DEMO_PASSWORD, DEMO_PASSWORD, "AKNDS-04711", "NI")
        )


def seed_demo() -> list[str]:
    users = seed_people()
    if db.session.scalar(select(func.count()).select_from(Case)) == 0:
        _demo_cases(users)
    _demo_registration()
    lines = [f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):"]
    lines += [
        f"  {u:<16} {n} ({r.value}{', ' + USER_HINTS[u] if u in USER_HINTS else ''})" for u, n, r, _a in USERS
    ]
    return lines
