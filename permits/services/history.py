"""The history of a case in words: who did what, when, as German sentences (no codes, ids or user names).

`SENTENCES` is the one table from an audit event to its sentence. Every event the code records has an
entry (tests/services/test_history_sentences.py greps for `audit.record(` and checks it); an event the table
does not know yet gets a generic sentence, never its code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from permits.codelists import PortalStatus, ReviewKind, Verdict
from permits.extensions import db
from permits.models import AuditEntry, Authority, ReviewRequest, User

GENERIC_SENTENCE = "Änderung am Vorgang erfasst"
SYSTEM_NAME = "System"
NOTE_SHOWN = 500


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    what: str


class Names:
    """Looks up the people and bodies an audit entry refers to, once per page."""

    def __init__(self) -> None:
        self._users: dict[str, str] | None = None
        self._users_by_id: dict[int, str] | None = None
        self._authorities: dict[str, str] | None = None
        self._reviews: dict[int, str] = {}

    def _load_users(self) -> None:
        if self._users is None:
            rows = db.session.execute(select(User.id, User.username, User.display_name)).all()
            self._users = {username: name for _id, username, name in rows}
            self._users_by_id = {user_id: name for user_id, _u, name in rows}

    def user(self, username: str) -> str:
        self._load_users()
        assert self._users is not None
        return self._users.get(username, "Unbekannte Person")

    def user_by_id(self, user_id: Any) -> str:
        self._load_users()
        assert self._users_by_id is not None
        try:
            return self._users_by_id.get(int(user_id), "eine andere Person")
        except (TypeError, ValueError):
            return "eine andere Person"

    def authority(self, code: Any) -> str:
        if self._authorities is None:
            rows = db.session.execute(select(Authority.code, Authority.name)).all()
            self._authorities = {c: n for c, n in rows}
        return self._authorities.get(str(code or ""), "eine beteiligte Stelle")

    def review_authority(self, review_id: Any) -> str:
        try:
            key = int(review_id)
        except (TypeError, ValueError):
            return "eine beteiligte Stelle"
        if key not in self._reviews:
            review = db.session.get(ReviewRequest, key)
            self._reviews[key] = review.authority.name if review is not None else "eine beteiligte Stelle"
        return self._reviews[key]

    def actor(self, name: str) -> str:
        kind, _, rest = (name or "").partition(":")
        if kind == "user" and rest:
            return self.user(rest)
        if kind == "agency" and rest:
            return self.authority(rest)
        return SYSTEM_NAME


def _day(value: Any) -> str:
    """An ISO date (as stored in audit entries) as people read it; anything else is left out."""
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def _until(value: Any) -> str:
    day = _day(value)
    return f", Frist bis {day}" if day else ""


Sentence = Callable[[Mapping[str, Any], Mapping[str, Any], Names], str]


def _status(before: Mapping[str, Any], after: Mapping[str, Any], _n: Names) -> str:
    label = PortalStatus.label_of(str(after.get("status") or ""))
    return f"Status: {label}" if label else "Status geändert"


def _task_completed(before: Mapping[str, Any], after: Mapping[str, Any], _n: Names) -> str:
    task = str(before.get("task") or "").strip()
    sentence = f"„{task}“ erledigt" if task else "Aufgabe erledigt"
    if after.get("complete") is True:
        return f"{sentence}: Unterlagen vollständig"
    if after.get("complete") is False:
        return f"{sentence}: Unterlagen nachgefordert"
    note = str(after.get("resubmission_note") or "").strip()
    if note:  # the applicant's explanation of the documents handed in after a deficiency notice
        return f"{sentence}: „{note[:NOTE_SHOWN]}{'…' if len(note) > NOTE_SHOWN else ''}“"
    return sentence


def _review_requested(_b: Mapping[str, Any], after: Mapping[str, Any], n: Names) -> str:
    kind = ReviewKind.label_of(str(after.get("kind") or "")) or "Beteiligung"
    return f"{kind} angefordert: {n.authority(after.get('authority'))}{_until(after.get('due_on'))}"


def _statement(_b: Mapping[str, Any], after: Mapping[str, Any], n: Names) -> str:
    verdict = Verdict.label_of(str(after.get("verdict") or ""))
    late = " (verspätet)" if after.get("late") else ""
    suffix = f": {verdict}" if verdict else ""
    return f"Stellungnahme von {n.review_authority(after.get('review_request_id'))} eingegangen{late}{suffix}"


def _extension(granted: bool) -> Sentence:
    def sentence(_b: Mapping[str, Any], after: Mapping[str, Any], n: Names) -> str:
        who = n.review_authority(after.get("review_request_id"))
        if granted:
            return f"Fristverlängerung für {who} gewährt{_until(after.get('due_on'))}"
        return f"Fristverlängerung für {who} abgelehnt"

    return sentence


def _interim(_b: Mapping[str, Any], after: Mapping[str, Any], n: Names) -> str:
    who = n.review_authority(after.get("review_request_id"))
    if after.get("extension_requested"):
        return f"Zwischennachricht von {who}: Bitte um Fristverlängerung"
    return f"Zwischennachricht von {who} eingegangen"


def _xbau_sent(_b: Mapping[str, Any], after: Mapping[str, Any], n: Names) -> str:
    if after.get("review_request_id") is not None:
        who = n.review_authority(after.get("review_request_id"))
        return f"Antwort auf die Zwischennachricht an {who} gesendet"
    return "Nachricht gesendet"


def _fixed(text: str) -> Sentence:
    return lambda _b, _a, _n: text


SENTENCES: dict[str, Sentence] = {
    "case_started": _fixed("Vorgang angelegt"),
    "application_created": _fixed("Antrag angelegt"),
    "application_updated": _fixed("Antrag geändert"),
    "application_document_added": _fixed("Unterlage zum Antrag hinzugefügt"),
    "application_submitted": _fixed("Bauantrag eingereicht"),
    "xbau_imported": _fixed("Bauantrag über das Bauportal (XBau) eingegangen"),
    "status_changed": _status,
    "task_claimed": _fixed("Aufgabe übernommen"),
    "task_unclaimed": _fixed("Aufgabe freigegeben"),
    "task_assigned": lambda _b, a, n: f"Aufgabe {n.user_by_id(a.get('assignee_id'))} zugewiesen",
    "task_completed": _task_completed,
    "timer_fired": _fixed("Frist abgelaufen; das Verfahren wurde fortgesetzt"),
    "review_requested": _review_requested,
    "statement_recorded": _statement,
    "no_statement": lambda _b, a, n: (
        f"Keine Stellungnahme von {n.authority(a.get('authority'))} bis Fristende"
    ),
    "deemed_consent": lambda _b, a, n: (
        f"Zustimmung von {n.authority(a.get('authority'))} gilt als erteilt (Fristablauf)"
    ),
    "deadline_extended": _extension(granted=True),
    "extension_refused": _extension(granted=False),
    "review_withdrawn": lambda _b, a, n: f"Beteiligung von {n.authority(a.get('authority'))} zurückgezogen",
    "interim_message_received": _interim,
    "xbau_sent": _xbau_sent,
    "agencies_without_geometry_check": _fixed(
        "Beteiligte Stellen ohne Geometrieprüfung bestimmt (keine Prüfung gespeichert)"
    ),
    "municipal_consent_need": _fixed("Erfordernis des gemeindlichen Einvernehmens geprüft"),
    "job_retried": _fixed("Fehlgeschlagener Hintergrundauftrag erneut gestartet"),
    "comment_added": _fixed("Interner Vermerk hinzugefügt"),
    "application_document_removed": _fixed("Unterlage aus dem Antragsentwurf entfernt"),
    "supplement_added": _fixed("Unterlage nachgereicht"),
    "case_message_sent": lambda _b, a, _n: (
        "Nachricht an die Bauaufsicht geschrieben"
        if a.get("side") == "applicant"
        else "Nachricht an die Antragstellerin/den Antragsteller geschrieben"
    ),
    "extension_requested": _fixed("Fristverlängerung beantragt"),
    "signoff_invited": _fixed("Bauherrschaft zur Freizeichnung eingeladen"),
    "signoff_confirmed": _fixed("Antrag von der Bauherrschaft freigezeichnet"),
    # Account events carry no case; listed so that no recorded event is without a sentence.
    "user_created": _fixed("Benutzerkonto angelegt"),
    "user_updated": _fixed("Benutzerkonto geändert"),
    "user_deactivated": _fixed("Benutzerkonto deaktiviert"),
    "user_reactivated": _fixed("Benutzerkonto wieder aktiviert"),
    "architect_registered": _fixed("Als Entwurfsverfasser/in registriert"),
    "registration_for_existing_account": _fixed("Erneute Registrierung mit vorhandener E-Mail-Adresse"),
    "registration_confirmed": _fixed("E-Mail-Adresse bestätigt"),
    "password_reset_requested": _fixed("Neues Passwort angefordert"),
    "password_reset": _fixed("Passwort neu gesetzt"),
    "profile_updated": _fixed("Profil geändert"),
    "other_sessions_ended": _fixed("Auf anderen Geräten abgemeldet"),
    "email_change_requested": _fixed("Änderung der E-Mail-Adresse angefordert"),
    "email_changed": _fixed("E-Mail-Adresse geändert"),
    "login_succeeded": _fixed("Angemeldet"),
    "login_failed": _fixed("Anmeldung fehlgeschlagen"),
    "logged_out": _fixed("Abgemeldet"),
    "password_changed": _fixed("Passwort geändert"),
    "token_created": _fixed("API-Schlüssel erstellt"),
    "token_revoked": _fixed("API-Schlüssel widerrufen"),
    "webhook_registered": _fixed("Webhook eingerichtet"),
    "webhook_removed": _fixed("Webhook entfernt"),
}


def sentence(entry: AuditEntry, names: Names) -> str:
    build = SENTENCES.get(entry.action)
    if build is None:
        return GENERIC_SENTENCE
    return build(entry.before or {}, entry.after or {}, names)


def history_lines(entries: list[AuditEntry]) -> tuple[HistoryLine, ...]:
    names = Names()
    return tuple(HistoryLine(at=e.at, who=names.actor(e.actor), what=sentence(e, names)) for e in entries)
