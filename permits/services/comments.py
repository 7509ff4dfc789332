"""Internal comments on a case (Vermerke): written and read by the building authority's officers only.

Applicants and agencies never see them: not on pages, not in the API, not in the case history (the audit
entry of a comment carries no case id, so the history an applicant may read does not mention it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, PermissionDenied
from permits.extensions import db
from permits.models import Case, CaseComment, Role
from permits.services.cases import get_case

COMMENT_MAX_LENGTH = 4000
COMMENTS_SHOWN = 200  # the newest ones; a case with more is an exception worth a search later


@dataclass(frozen=True)
class CommentView:
    id: int
    author: str
    text: str
    created_at: datetime


def may_comment(case: Case, actor: Actor) -> bool:
    """Officers of the authority that handles the case (any officer while a case has no authority yet)."""
    if actor.user_id is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role != Role.CASE_OFFICER:
        return False
    return case.authority_id is None or case.authority_id == actor.authority_id


def _readable(case_id: int, actor: Actor) -> Case:
    case = get_case(case_id, actor)
    if not may_comment(case, actor):
        raise PermissionDenied("Interne Vermerke sind nur für die Sachbearbeitung der Bauaufsicht.")
    return case


def list_comments(case_id: int, actor: Actor) -> tuple[CommentView, ...]:
    case = _readable(case_id, actor)
    query = (
        select(CaseComment)
        .where(CaseComment.case_id == case.id)
        .options(selectinload(CaseComment.author))
        .order_by(CaseComment.created_at.desc(), CaseComment.id.desc())
        .limit(COMMENTS_SHOWN)
    )
    return tuple(
        CommentView(id=c.id, author=c.author.display_name, text=c.text, created_at=c.created_at)
        for c in db.session.scalars(query)
    )


@transactional
def add_comment(case_id: int, text: str, actor: Actor) -> CaseComment:
    case = _readable(case_id, actor)
    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > COMMENT_MAX_LENGTH:
        message = f"Bitte geben Sie einen Vermerk ein (höchstens {COMMENT_MAX_LENGTH} Zeichen)."
        raise InvalidInput(message, field_errors={"text": [message]})
    assert actor.user_id is not None  # may_comment requires a signed-in officer
    comment = CaseComment(case_id=case.id, author_id=actor.user_id, text=cleaned, created_at=now())
    db.session.add(comment)
    db.session.flush()
    # No case id: the case history is shown to applicants, who must not learn of internal notes.
    audit.record("comment_added", actor, after={"case": case.file_reference, "comment_id": comment.id})
    return comment
