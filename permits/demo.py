"""Demo authorities, users and cases for `make run` (`permits seed-demo`). Safe to run repeatedly."""

from __future__ import annotations

from typing import cast

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
    ("teamleitung", "Tanja Teamleiterin", Role.CASE_OFFICER, "bab-hannover"),
    ("ostermann", "Olaf Ostermann", Role.CASE_OFFICER, "bab-hannover"),
    ("lindner", "Lena Lindner", Role.CASE_OFFICER, "bab-hannover"),
    ("gemeinde", "Greta Gemeinde", Role.AGENCY, "municipality"),
]
TEAM_LEADS = {"teamleitung"}
# What a demo account is for, printed with the accounts; never part of a name (names appear in letters).
USER_HINTS = {
    "pruefung": "zweite Person für die Vier-Augen-Freigabe",
    "teamleitung": "Teamleitung: Teamübersicht, Aufgaben zuweisen",
    "gemeinde": "Gemeinde: Einvernehmen nach § 36 BauGB",
}


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
            existing[username].is_team_lead = username in TEAM_LEADS
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
            is_team_lead=username in TEAM_LEADS,
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


# Cases for the officer workspace (inbox views, team view, case list): different plots and applicants,
# spread over the officers. (title, procedure, facts, gemarkung, Flurstück, applicant, who claims the first
# task, whether the completeness check is already done)
WORKSPACE_CASES = [
    (
        "Neubau Doppelhaus, Eichenweg 4",
        "simplified",
        "Kirchrode",
        ("12", "4"),
        "Familie Yılmaz",
        "ostermann",
        False,
    ),
    (
        "Aufstockung Bürogebäude, Podbielskistraße 160",
        "full",
        "List",
        ("301", None),
        "Nord Immobilien GmbH",
        "lindner",
        False,
    ),
    (
        "Errichtung Carport, Birkenallee 9",
        "simplified",
        "Döhren",
        ("85", "7"),
        "Peter Müller",
        "teamleitung",
        False,
    ),
    (
        "Neubau Lagerhalle, Industrieweg 2",
        "full",
        "Wedemark",
        ("44", "1"),
        "Logistik Nord KG",
        "ostermann",
        True,
    ),
    (
        "Umnutzung Scheune zu Wohnraum, Dorfstraße 1",
        "simplified",
        "Wedemark",
        ("7", None),
        "Hanna Schulz",
        None,
        False,
    ),
    (
        "Anbau Balkon, Gartenstraße 17",
        "simplified",
        "Linden",
        ("230", "3"),
        "Karl Özdemir",
        "sachbearbeitung",
        False,
    ),
    ("Neubau Einfamilienhaus, Am Bach 2", "simplified", "Bothfeld", ("18", None), "Eva Neumann", None, False),
]


def _workspace_details(
    gemarkung: str, parcel: tuple[str, str | None], applicant: str, title: str
) -> dict[str, object]:
    street = title.split(", ", 1)[-1]
    plot: dict[str, object] = {
        **cast(dict[str, object], DEMO_DETAILS["plot"]),
        "street": street,
        "gemarkung": gemarkung,
        "zaehler": parcel[0],
    }
    plot.pop("nenner", None)
    if parcel[1]:
        plot["nenner"] = parcel[1]
    return {
        **DEMO_DETAILS,
        "applicant": {**cast(dict[str, object], DEMO_DETAILS["applicant"]), "name": applicant},
        "plot": plot,
    }


def _demo_workspace(users: dict[str, User]) -> None:
    """More cases for the officers' workspace, through the real use cases; skipped once they exist."""
    if db.session.scalars(select(Case.id).where(Case.title == WORKSPACE_CASES[0][0])).first() is not None:
        return
    architect = Actor.for_user(users["architektin"])
    for title, procedure, gemarkung, parcel, applicant, officer, checked in WORKSPACE_CASES:
        draft = applications.create_application(
            {
                "title": title,
                "procedure": procedure,
                "details": _workspace_details(gemarkung, parcel, applicant, title),
                "geometry": DEMO_GEOMETRY,
                "facts": {"housing_project": procedure == "simplified"},
            },
            architect,
        )
        applications.add_document(draft.public_id, "1800", "lageplan.pdf", DEMO_PDF, architect)
        case = applications.submit_application(draft.public_id, architect).case
        assert case is not None
        if checked:
            _check_completeness(case, Actor.for_user(users[officer or "sachbearbeitung"]), {"complete": True})
        task = db.session.scalars(
            select(OpenTask)
            .where(OpenTask.case_id == case.id, OpenTask.candidate_group == "role:case_officer")
            .order_by(OpenTask.id)
        ).first()
        if officer and task is not None:
            claim_task(task.task_id, Actor.for_user(users[officer]))


def seed_demo() -> list[str]:
    users = seed_people()
    if db.session.scalar(select(func.count()).select_from(Case)) == 0:
        _demo_cases(users)
    _demo_workspace(users)
    lines = [f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):"]
    lines += [
        f"  {u:<16} {n} ({r.value}{', ' + USER_HINTS[u] if u in USER_HINTS else ''})" for u, n, r, _a in USERS
    ]
    return lines
