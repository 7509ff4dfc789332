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
from permits.models import (
    Application,
    Authority,
    AuthorityKind,
    Case,
    CaseComment,
    OpenTask,
    ReviewRequest,
    Role,
    User,
)
from permits.services import agency_review, application_steps, applications, layers, signoffs
from permits.services.agency_review import StatementInput
from permits.services.cases import start_case
from permits.services.comments import add_comment
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


def _demo_box(minx: float, miny: float, maxx: float, maxy: float) -> dict[str, object]:
    """A rectangle in the local metres of DEMO_GEOMETRY (origin 552400 / 5800300, EPSG:25832)."""
    ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
    return {"type": "Polygon", "coordinates": [[[x + 552400, y + 5800300] for x, y in ring]]}


# Map layers around the demo plot: a development plan (general residential zone, GRZ 0.4, a buildable area
# holding the demo house, the street in front) and a drinking-water protection zone east of the house,
# so a building drawn there on the map brings in the water authority.
DEMO_LAYERS = (
    (
        "Nr. 1710 „Am Lindenhofe“",
        "development_plan",
        [
            ({"role": "plan_area", "zone_type": "WA", "grz": 0.4, "gfz": 0.8}, _demo_box(-60, -40, 90, 65)),
            ({"role": "building_envelope"}, _demo_box(5, 5, 25, 20)),
            ({"role": "building_envelope"}, _demo_box(40, 5, 60, 20)),
            ({"role": "public_road", "name": "Am Lindenhofe"}, _demo_box(-60, -12, 90, 0)),
        ],
    ),
    (
        "Wasserschutzgebiet „Lindenhofe“ (Zone III)",
        "water_protection",
        [({"name": "Zone III"}, _demo_box(24, -40, 90, 65))],
    ),
)
DEMO_DRAFT_TITLE = "Neubau Einfamilienhaus mit Garage, Am Lindenhofe 12"


def _demo_map(users: dict[str, User]) -> None:
    """The layers the map and the plot check show, and a draft whose plot lies in them; each only once.

    Seeded after the demo cases, whose stored checks therefore stay as they were.
    """
    existing = {layer.name for layer in layers.list_layers()}
    for name, kind, features in DEMO_LAYERS:
        if name not in existing:
            collection = {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
            }
            layers.import_layer(name, kind, collection, source="Demo-Daten")
    architect = users["architektin"]
    if (
        db.session.scalars(
            select(Application).filter_by(applicant_id=architect.id, title=DEMO_DRAFT_TITLE)
        ).first()
        is None
    ):
        applications.create_application(
            {"title": DEMO_DRAFT_TITLE, "details": DEMO_DETAILS, "geometry": DEMO_GEOMETRY},
            Actor.for_user(architect),
        )


# The agency workspace: for every demo agency user one answered and one open request.
AGENCY_ANSWERED = "Aufstockung Bürogebäude, Podbielskistraße 50"
AGENCY_OPEN = "Neubau Reihenhäuser, Am Mittelfelde 7"


def _demo_agency_requests(users: dict[str, User]) -> None:
    """Two cases asking every demo agency: the first answered by each agency (through the same use case as
    the workspace page and the API), the second open. Skipped once the first exists."""
    if db.session.scalars(select(Case.id).filter_by(title=AGENCY_ANSWERED)).first() is not None:
        return
    architect = Actor.for_user(users["architektin"])
    officer = Actor.for_user(users["sachbearbeitung"])
    agencies = [(u, code) for u, _n, role, code in USERS if role == Role.AGENCY and code]
    involve = {f"involve_{code}": True for _u, code in agencies}
    answered = _submit(AGENCY_ANSWERED, "full", {"municipality_is_authority": True}, architect)
    _check_completeness(answered, officer, {"complete": True, **involve})
    for username, _code in agencies:
        agency = Actor.for_user(users[username])
        review = db.session.scalars(
            select(ReviewRequest).filter_by(case_id=answered.id, authority_id=agency.authority_id)
        ).first()
        if review is not None:
            statement = StatementInput(
                "consent_with_conditions",
                areas=(
                    {
                        "legal_area": review.authority.legal_area,
                        "verdict": "consent_with_conditions",
                        "reasons": "Keine grundsätzlichen Bedenken.",
                        "conditions": [
                            {"type": "2", "text": "Die Auflagen des Merkblatts sind einzuhalten."}
                        ],
                    },
                ),
            )
            agency_review.submit_statement(review.public_id, statement, agency)
    open_case = _submit(AGENCY_OPEN, "full", {"municipality_is_authority": True}, architect)
    _check_completeness(open_case, officer, {"complete": True, **involve})


_WIZARD_OWNER = {
    "kind": ["person"],
    "given_name": ["Jörg"],
    "family_name": ["Bäcker"],
    "street": ["Am Lindenhofe 12"],
    "postal_code": ["30519"],
    "city": ["Hannover"],
    "email": ["bauherr@example.org"],
}
_WIZARD_STEPS: dict[str, dict[str, list[str]]] = {
    "bauherr": _WIZARD_OWNER,
    "entwurfsverfasser": {
        "name": ["Anna Architektin"],
        "profession": ["Architektin"],
        "chamber_number": ["AKNDS-12345"],
        "street": ["Bödekerstraße 7"],
        "postal_code": ["30161"],
        "city": ["Hannover"],
        "email": ["architektin@example.org"],
    },
    "beteiligte": {
        "beteiligte-0-role": ["06"],
        "beteiligte-0-discipline": ["Tragwerksplanung"],
        "beteiligte-0-name": ["Statik Nord GmbH"],
    },
    "grundstueck": {
        "street": ["Wiesenweg 4"],
        "postal_code": ["30519"],
        "city": ["Hannover"],
        "flurstuecke-0-gemarkung": ["Döhren"],
        "flurstuecke-0-flur": ["3"],
        "flurstuecke-0-zaehler": ["90"],
        "flurstuecke-1-gemarkung": ["Döhren"],
        "flurstuecke-1-flur": ["3"],
        "flurstuecke-1-zaehler": ["91"],
        "flurstuecke-1-nenner": ["1"],
    },
    "vorhaben": {
        "measure_types": ["11"],
        "description": ["Neubau eines Doppelhauses mit zwei Stellplätzen"],
        "building_class": ["2"],
        "building_height_m": ["8,5"],
        "use": ["Wohnen"],
        "full_storeys": ["2"],
        "construction_value": ["520.000"],
    },
}


def _demo_drafts(users: dict[str, User]) -> None:
    """Draft applications of the demo architect in several wizard steps, through the real use cases:
    just begun, almost complete (one document missing), complete and waiting for the Bauherr's sign-off."""
    architect = Actor.for_user(users["architektin"])
    if db.session.scalars(
        select(Application).filter_by(applicant_id=architect.user_id, case_id=None)
    ).first():
        return
    begun = applications.create_application(
        {"title": "Anbau Wintergarten, Gartenweg 7", "procedure": "simplified"}, architect
    )
    applications.save_step(begun.public_id, "bauherr", _WIZARD_OWNER, architect)
    for title, uploads_missing in (
        ("Neubau Doppelhaus, Wiesenweg 4", 1),
        ("Neubau Carport, Lindenallee 9", 0),
    ):
        draft = applications.create_application({"title": title, "procedure": "simplified"}, architect)
        for step, form in _WIZARD_STEPS.items():
            applications.save_step(draft.public_id, step, form, architect)
        checklist = application_steps.document_checklist(draft)
        for item in checklist[: len(checklist) - uploads_missing]:
            applications.put_document(draft.public_id, item.code, f"{item.code}.pdf", DEMO_PDF, architect)
        if not uploads_missing:
            signoffs.invite_owner(draft, architect)


def _demo_comments(users: dict[str, User]) -> None:
    """An internal note on the case in participation, so the case file shows one (once)."""
    if db.session.scalar(select(func.count()).select_from(CaseComment)):
        return
    case = db.session.scalars(
        select(Case).where(Case.title == "Neubau Mehrfamilienhaus, Bahnhofstraße 21")
    ).first()
    if case is not None:
        note = "Feuerwehrzufahrt bei der Ortsbesichtigung prüfen; Rückruf Bauherr vereinbart."
        add_comment(case.id, note, Actor.for_user(users["sachbearbeitung"]))


def _demo_messages(users: dict[str, User]) -> None:
    """A short exchange in the case room of the application whose documents were requested."""
    from permits.models import CaseMessage
    from permits.services import case_messages

    case = db.session.scalars(select(Case).filter_by(title="Umbau Dachgeschoss, Lange Straße 8")).first()
    if case is None or db.session.scalars(select(CaseMessage.id).filter_by(case_id=case.id)).first():
        return
    public_id = db.session.scalars(select(Application.public_id).filter_by(case_id=case.id)).one()
    case_messages.write_to_authority(
        public_id,
        "Guten Tag, reicht für die Standsicherheit ein Nachweis des Tragwerksplaners ohne Prüfbericht?",
        None,
        Actor.for_user(users["architektin"]),
    )
    case_messages.write_to_applicant(
        case.id,
        "Ja, bitte reichen Sie den Standsicherheitsnachweis Ihres Tragwerksplaners ein. Die Ansichten "
        "brauchen wir außerdem; Hinweise dazu finden Sie im beigefügten Merkblatt.",
        case_messages.Attachment("merkblatt-standsicherheit.pdf", DEMO_PDF),
        Actor.for_user(users["sachbearbeitung"]),
    )


DESK_CASE_TITLE = "Neubau Bürogebäude, Marktplatz 2"


def _decision_desk_case(users: dict[str, User]) -> None:
    """A case at the decision: the fire brigade and the monument authority have answered with conditions,
    the review intends approval; the decision desk proposes their conditions merged. Seeded once."""
    if db.session.scalars(select(Case.id).filter_by(title=DESK_CASE_TITLE)).first() is not None:
        return
    architect = Actor.for_user(users["architektin"])
    officer = Actor.for_user(users["sachbearbeitung"])
    case = _submit(DESK_CASE_TITLE, "full", {"municipality_is_authority": True}, architect)
    _check_completeness(case, officer, {"complete": True, "involve_fire": True, "involve_monument": True})
    answers = (
        ("fire", "feuerwehr", "Brandschutz", "Die Feuerwehrzufahrt ist dauerhaft freizuhalten."),
        ("monument", "denkmal", "Denkmalschutz", "Bodenfunde sind unverzüglich zu melden."),
    )
    for code, username, area, condition in answers:
        task = db.session.scalars(
            select(OpenTask).filter_by(
                case_id=case.id, element_id="ut_statement", candidate_group=f"authority:{code}"
            )
        ).one()
        data = {
            "statement_verdict": "consent_with_conditions",
            "legal_area": area,
            "condition_type": "2",
            "condition_text": condition,
        }
        complete_task(task.task_id, data, Actor.for_user(users[username]), claim=True)
    review = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_substantive_review")
    ).one()
    complete_task(review.task_id, {"intended_decision": "approval"}, officer, claim=True)


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
    _demo_drafts(users)  # first: it adds nothing once the architect has any draft
    _demo_map(users)
    _demo_agency_requests(users)
    _demo_comments(users)
    _demo_messages(users)
    _decision_desk_case(users)
    _demo_workspace(users)
    _demo_registration()
    lines = [f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):"]
    lines += [
        f"  {u:<16} {n} ({r.value}{', ' + USER_HINTS[u] if u in USER_HINTS else ''})" for u, n, r, _a in USERS
    ]
    return lines
