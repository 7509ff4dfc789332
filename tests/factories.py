"""Test data built with factory_boy: one factory per model the tests need, plus the Hannover setup
(authorities and people) most tests run against.

Factories add their rows to the test's session and flush, so ids are set; a fixture that hands rows to
another thread or connection (a live server, a second session) commits itself.

    case = CaseFactory(title="Carport")
    review = ReviewRequestFactory(case=case, authority=AuthorityFactory(code="fire"))
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any
from uuid import uuid4

import factory
from factory.alchemy import SQLAlchemyModelFactory
from flask import current_app
from werkzeug.security import generate_password_hash

from permits.codelists import ReviewKind, Verdict
from permits.extensions import db
from permits.models import (
    ApiToken,
    Application,
    ApplicationDocument,
    Authority,
    AuthorityKind,
    Case,
    MessageDirection,
    ReviewRequest,
    Role,
    Statement,
    User,
    XbauMessage,
)

# Everyone signs in with this password in tests (the same as in the demo, so a test reads like trying it).
PASSWORD = "demo-passwort"

# A one-page PDF (the smallest document real PDF readers accept).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# What an architect fills in for a house in Hannover-Döhren: complete enough to submit.
APPLICATION_DETAILS: dict[str, Any] = {
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
# A 30 m × 25 m plot with a 12 m × 10 m house well inside its setbacks (EPSG:25832).
_PLOT = [[0, 0], [30, 0], [30, 25], [0, 25], [0, 0]]
_HOUSE = [[10, 8], [22, 8], [22, 18], [10, 18], [10, 8]]
APPLICATION_GEOMETRY: dict[str, Any] = {
    "plot": {"type": "Polygon", "coordinates": [[[x + 552400, y + 5800300] for x, y in _PLOT]]},
    "footprints": {
        "type": "Feature",
        "properties": {"height": 6.5, "floors": 2},
        "geometry": {"type": "Polygon", "coordinates": [[[x + 552400, y + 5800300] for x, y in _HOUSE]]},
    },
}


class _Factory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 (the session of the current app)
        sqlalchemy_session_persistence = "flush"


class AuthorityFactory(_Factory):
    class Meta:
        model = Authority

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.LazyAttribute(lambda o: f"Fachbehörde {o.code}")
    kind = AuthorityKind.AGENCY
    agency_type: str | None = None
    dvdv_address = factory.Sequence(lambda n: f"bet:0324{n:04d}")
    street = "Rudolf-Hillebrecht-Platz 1"
    postal_code = "30159"
    city = "Hannover"


def _password_hash(user: Any) -> str:
    return generate_password_hash(user.password, method=current_app.config["PASSWORD_HASH_METHOD"])


class UserFactory(_Factory):
    class Meta:
        model = User

    class Params:
        password = PASSWORD

    username = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.CASE_OFFICER
    password_hash = factory.LazyAttribute(_password_hash)  # the app's (in tests: fast) hash method
    authority: Authority | None = None
    active = True


class ApiTokenFactory(_Factory):
    """`ApiTokenFactory(user=u, token="pmt_…")`: the plain token is a parameter, only its hash is stored."""

    class Meta:
        model = ApiToken

    class Params:
        token = factory.Sequence(lambda n: f"pmt_test-token-{n:04d}")

    name = factory.Sequence(lambda n: f"Testtoken {n}")
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    prefix = factory.LazyAttribute(lambda o: o.token[:12])
    user = factory.SubFactory(UserFactory)
    authority: Authority | None = None


class CaseFactory(_Factory):
    class Meta:
        model = Case

    public_id = factory.LazyFunction(lambda: str(uuid4()))
    # A year no case started in a test gets, so these never collide with numbered real cases.
    file_reference = factory.Sequence(lambda n: f"BA-1999-{n:06d}")
    process_id = "simplified_procedure"
    title = "Neubau Einfamilienhaus, Am Lindenhofe 12"
    details = factory.LazyFunction(lambda: dict(APPLICATION_DETAILS))


class ApplicationFactory(_Factory):
    class Meta:
        model = Application

    public_id = factory.LazyFunction(lambda: str(uuid4()))
    applicant = factory.SubFactory(UserFactory, role=Role.ARCHITECT)
    title = "Neubau Einfamilienhaus, Am Lindenhofe 12"
    procedure = "simplified"
    details = factory.LazyFunction(lambda: dict(APPLICATION_DETAILS))
    geometry = factory.LazyFunction(lambda: dict(APPLICATION_GEOMETRY))
    facts = factory.LazyFunction(dict)


class ApplicationDocumentFactory(_Factory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory)
    document_type = "1800"  # Lageplan
    filename = "lageplan.pdf"
    media_type = "application/pdf"
    content = PDF
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class ReviewRequestFactory(_Factory):
    class Meta:
        model = ReviewRequest

    public_id = factory.LazyFunction(lambda: str(uuid4()))
    case = factory.SubFactory(CaseFactory)
    authority = factory.SubFactory(AuthorityFactory)
    kind = ReviewKind.PARTICIPATION
    element_id = "st_open_review_request"
    task_id = factory.LazyFunction(lambda: str(uuid4()))
    due_on = date(2026, 4, 2)


class StatementFactory(_Factory):
    class Meta:
        model = Statement

    review_request = factory.SubFactory(ReviewRequestFactory)
    verdict = Verdict.CONSENT
    text = "Keine Bedenken."
    actor = factory.LazyAttribute(lambda o: f"agency:{o.review_request.authority.code}")


def _message_xml(message: Any) -> bytes:
    """A small well-formed stand-in for the message's XML; tests that need the real thing pass `xml=`."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<nachricht typ="{message.message_type}" '
        f'uuid="{message.message_uuid}"/>\n'
    ).encode()


class XbauMessageFactory(_Factory):
    """`XbauMessageFactory(case=c, message_type="0205")`: one stored XBau message (sent, valid by default)."""

    class Meta:
        model = XbauMessage
        exclude = ("case",)

    case = factory.SubFactory(CaseFactory)
    case_id = factory.LazyAttribute(lambda o: o.case.id)
    direction = MessageDirection.OUTBOUND
    message_type = "1170"
    message_uuid = factory.LazyFunction(lambda: str(uuid4()))
    review_request_id: int | None = None
    subject: str | None = None
    author = "bab:03241001"
    reader = "bap:03000000"
    portal_reference = factory.LazyFunction(lambda: str(uuid4()))
    is_test = False
    xml = factory.LazyAttribute(_message_xml)
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.xml).hexdigest())
    valid = True
    validation_errors = factory.LazyFunction(list)


# -- the Hannover setup ---------------------------------------------------------------------------------

HANNOVER_AUTHORITIES: dict[str, dict[str, Any]] = {
    "bab-hannover": {
        "name": "Landeshauptstadt Hannover – Bauordnung",
        "kind": AuthorityKind.BUILDING_AUTHORITY,
        "agency_type": None,
        "dvdv_address": "bab:03241001",
        "street": "Rudolf-Hillebrecht-Platz 1",
        "postal_code": "30159",
        "city": "Hannover",
    },
    "fire": {
        "name": "Feuerwehr Hannover – Vorbeugender Brandschutz",
        "agency_type": "fire_protection_office",
        "dvdv_address": "bet:03241101",
        "street": "Feuerwehrstraße 1",
        "postal_code": "30169",
        "city": "Hannover",
    },
    "monument": {
        "name": "Untere Denkmalschutzbehörde Hannover",
        "agency_type": "monument_authority",
        "dvdv_address": "bet:03241102",
        "street": "Rudolf-Hillebrecht-Platz 1",
        "postal_code": "30159",
        "city": "Hannover",
    },
    "nature": {
        "name": "Untere Naturschutzbehörde Region Hannover",
        "agency_type": "nature_conservation",
        "dvdv_address": "bet:03241103",
        "street": "Hildesheimer Straße 20",
        "postal_code": "30169",
        "city": "Hannover",
    },
    "water": {
        "name": "Untere Wasserbehörde Region Hannover",
        "agency_type": "water_authority",
        "dvdv_address": "bet:03241104",
        "street": "Hildesheimer Straße 20",
        "postal_code": "30169",
        "city": "Hannover",
    },
    "roads": {
        "name": "Niedersächsische Landesbehörde für Straßenbau und Verkehr",
        "agency_type": "road_authority",
        "dvdv_address": "bet:03000105",
        "street": "Göttinger Chaussee 76 A",
        "postal_code": "30453",
        "city": "Hannover",
    },
    "municipality": {
        "name": "Gemeinde Wedemark – Bauamt",
        "kind": AuthorityKind.MUNICIPALITY,
        "agency_type": "municipality",
        "dvdv_address": "gba:03241021",
        "street": "Fritz-Sennheiser-Platz 1",
        "postal_code": "30900",
        "city": "Wedemark",
    },
}

# username -> (display name, role, authority code)
PEOPLE: dict[str, tuple[str, Role, str | None]] = {
    "sachbearbeitung": ("Sabine Sachbearbeiterin", Role.CASE_OFFICER, "bab-hannover"),
    "pruefung": ("Paul Prüfer", Role.CASE_OFFICER, "bab-hannover"),
    "architektin": ("Anna Architektin", Role.ARCHITECT, None),
    "feuerwehr": ("Frank Feuerwehr", Role.AGENCY, "fire"),
    "denkmal": ("Dora Denkmalpflege", Role.AGENCY, "monument"),
    "admin": ("Adam Administrator", Role.ADMIN, "bab-hannover"),
}


def hannover_authorities() -> dict[str, Authority]:
    """The building authority of Hannover, five agencies and the municipality Wedemark, keyed by code."""
    return {code: AuthorityFactory(code=code, **fields) for code, fields in HANNOVER_AUTHORITIES.items()}


def hannover_people(authorities: dict[str, Authority]) -> dict[str, User]:
    """The case officers, architect, agency staff and admin of the Hannover setup, keyed by username."""
    return {
        username: UserFactory(
            username=username,
            display_name=display_name,
            role=role,
            authority=authorities[code] if code else None,
        )
        for username, (display_name, role, code) in PEOPLE.items()
    }


# --- Case room: applications brought into a state through the real use cases ---------------------------

ROOM_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submitted_application(architect: Any, title: str = "Neubau Einfamilienhaus", **facts: Any) -> Any:
    """A submitted application (simplified procedure) of `architect` (an Actor), with a site plan."""
    from permits.services import applications

    draft = applications.create_application(
        {
            "title": title,
            "procedure": "simplified",
            "details": APPLICATION_DETAILS,
            "geometry": APPLICATION_GEOMETRY,
            "facts": facts,
        },
        architect,
    )
    applications.add_document(draft.public_id, "1800", "lageplan.pdf", ROOM_PDF, architect)
    return applications.submit_application(draft.public_id, architect)


def with_deficiency_notice(application: Any, officer: Any, findings: str = "Ansichten fehlen.") -> Any:
    """The officer finds the application incomplete: status 17, the applicant's resubmission task."""
    from sqlalchemy import select

    from permits.models import OpenTask
    from permits.services.tasks import claim_task, complete_task

    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=application.case_id, element_id="ut_completeness_check")
    ).one()
    claim_task(task.task_id, officer)
    complete_task(task.task_id, {"complete": False, "findings": findings, "deficiency_weeks": 4}, officer)
    return application
