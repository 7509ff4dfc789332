"""Demo authorities, users and cases for `make run` (`permits seed-demo`). Safe to run repeatedly."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from permits.extensions import db
from permits.models import Authority, AuthorityKind, Case, Role, User
from permits.services import audit
from permits.services.actors import Actor
from permits.services.cases import start_case
from permits.services.runtime import now

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
    ("pruefung", "Paul Prüfer (Vier-Augen-Freigabe)", Role.CASE_OFFICER, "bab-hannover"),
    ("architektin", "Anna Architektin", Role.ARCHITECT, None),
    ("feuerwehr", "Frank Feuerwehr", Role.AGENCY, "fire"),
    ("denkmal", "Dora Denkmalpflege", Role.AGENCY, "monument"),
    ("admin", "Adam Administrator", Role.ADMIN, "bab-hannover"),
]


def _ensure_authorities() -> dict[str, Authority]:
    existing = {a.code: a for a in db.session.scalars(select(Authority))}
    for code, name, kind, agency_type, dvdv in AUTHORITIES:
        if code not in existing:
            existing[code] = Authority(code=code, name=name, kind=kind, agency_type=agency_type, dvdv_address=dvdv)
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


def seed_people() -> dict[str, User]:
    """Authorities and demo users, without cases (tests use this too)."""
    users = _ensure_users(_ensure_authorities(), Actor.system("seed-demo"))
    db.session.commit()
    return users


def seed_demo() -> list[str]:
    users = seed_people()
    if db.session.scalar(select(func.count()).select_from(Case)) == 0:
        architect = users["architektin"]
        for title in ("Neubau Einfamilienhaus, Am Lindenhofe 12", "Anbau Wintergarten, Kirchweg 3"):
            start_case("demo_procedure", title, Actor.for_user(architect), applicant_id=architect.id)
    lines = [f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):"]
    lines += [f"  {u:<16} {n} ({r.value})" for u, n, r, _a in USERS]
    return lines
