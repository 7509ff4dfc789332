"""Administration use cases on accounts: only admins, each audited, no admin locks themself out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.errors import InvalidInput, PermissionDenied
from permits.extensions import db
from permits.models import AuditEntry
from permits.services import user_admin


def test_only_an_admin_lists_or_creates_accounts(app, actors):
    with pytest.raises(PermissionDenied):
        user_admin.list_users(actors["sachbearbeitung"])
    with pytest.raises(PermissionDenied):
        user_admin.issue_token(actors["sachbearbeitung"], name="x", holder="authority:fire", days="5")


def test_admin_creates_an_agency_account_with_its_authority(app, actors):
    user = user_admin.create_account(
        actors["admin"],
        username="fw.neu",
        name="Fritz Feuer",
        email="",
        role="agency",
        authority_code="fire",
        password="erstes-passwort",
        is_team_lead=False,
    )
    assert user.authority is not None and user.authority.code == "fire"
    assert db.session.scalars(select(AuditEntry).filter_by(action="user_created")).first()


def test_an_admin_keeps_their_own_role_and_account(app, actors, people):
    with pytest.raises(InvalidInput) as refused:
        user_admin.update_account(
            people["admin"].id, actors["admin"], role="case_officer", authority_code=None, is_team_lead=False
        )
    assert "role" in refused.value.field_errors
    with pytest.raises(PermissionDenied):
        user_admin.set_active(people["admin"].id, False, actors["admin"])


def test_deactivating_raises_the_session_generation(app, actors, people):
    before = people["feuerwehr"].session_generation
    user = user_admin.set_active(people["feuerwehr"].id, False, actors["admin"])
    assert not user.active and user.session_generation == before + 1
