"""Internal comments: officers of the authority write and read them; nobody else sees them."""

from __future__ import annotations

import pytest

from permits.core.actors import Actor
from permits.errors import InvalidInput, PermissionDenied
from permits.extensions import db
from permits.models import Role
from permits.services import case_view
from permits.services.cases import case_history
from permits.services.comments import COMMENT_MAX_LENGTH, add_comment, list_comments
from tests.factories import AuthorityFactory, CaseFactory, UserFactory


def test_officer_adds_comment_and_colleague_reads_it(app, actors):
    case = CaseFactory()
    db.session.commit()
    add_comment(case.id, "  Statik mit Prüfingenieur abstimmen.  ", actors["sachbearbeitung"])
    (comment,) = list_comments(case.id, actors["pruefung"])
    assert (
        comment.text == "Statik mit Prüfingenieur abstimmen." and comment.author == "Sabine Sachbearbeiterin"
    )


@pytest.mark.parametrize("who", ["architektin", "feuerwehr"])
def test_applicant_and_agency_may_neither_read_nor_write_comments(app, actors, people, who):
    case = CaseFactory(applicant=people["architektin"])
    db.session.commit()
    with pytest.raises(PermissionDenied):
        add_comment(case.id, "Hallo", actors[who])
    if who == "architektin":
        with pytest.raises(PermissionDenied):
            list_comments(case.id, actors[who])


def test_officer_of_another_authority_may_not_comment(app, actors, people):
    case = CaseFactory(authority_id=people["sachbearbeitung"].authority_id)
    other = UserFactory(role=Role.CASE_OFFICER, authority=AuthorityFactory())
    db.session.commit()
    with pytest.raises(PermissionDenied):
        add_comment(case.id, "Fremder Vermerk", Actor.for_user(other))


@pytest.mark.parametrize("text", ["", "   ", "x" * (COMMENT_MAX_LENGTH + 1)])
def test_empty_or_overlong_comment_is_refused(app, actors, text):
    case = CaseFactory()
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        add_comment(case.id, text, actors["sachbearbeitung"])
    assert "text" in refused.value.field_errors


def test_comment_stays_out_of_the_case_history_the_applicant_reads(app, actors, people):
    case = CaseFactory(applicant=people["architektin"])
    db.session.commit()
    add_comment(case.id, "Nur intern", actors["sachbearbeitung"])
    assert not [e for e in case_history(case.id) if e.action == "comment_added"]
    assert "Nur intern" not in repr(case_view.case_detail(case.id, actors["architektin"]))
