"""The history of a case in words: every event the code records has a German sentence, no codes leak."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from permits.models import AuditEntry
from permits.services.history import GENERIC_SENTENCE, SENTENCES, Names, history_lines, sentence
from tests.case_file_data import case_in_participation
from tests.factories import ReviewRequestFactory

PACKAGE = Path(__file__).resolve().parents[2] / "permits"
# The first argument of every `audit.record(...)` call: one event name, or a choice between two.
RECORDED = re.compile(r"audit\.record\(\s*((?:\"[a-z_]+\"(?:\s+if\s+\w+\s+else\s+)?)+)")


def recorded_events() -> set[str]:
    events: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for match in RECORDED.finditer(path.read_text()):
            events.update(re.findall(r'"([a-z_]+)"', match.group(1)))
    return events


def test_every_recorded_event_has_a_sentence():
    events = recorded_events()
    assert {"case_started", "task_completed", "deadline_extended", "extension_refused"} <= events
    assert events - SENTENCES.keys() == set()


def test_every_sentence_is_german_without_codes_or_user_names(app, people):
    review = ReviewRequestFactory(authority=people["feuerwehr"].authority)
    after = {
        "status": "14",
        "authority": "fire",
        "kind": "participation",
        "due_on": "2027-01-04",
        "review_request_id": review.id,
        "verdict": "consent_with_conditions",
        "assignee_id": people["pruefung"].id,
        "complete": False,
        "extension_requested": True,
    }
    names = Names()
    for event in recorded_events():
        entry = AuditEntry(action=event, actor="user:sachbearbeitung", before={"task": "Prüfen"}, after=after)
        text = sentence(entry, names)
        assert text and event not in text, event
        assert not re.search(r"\b(fire|user:|consent_with|participation|2027-01-04)\b", text), text
    assert sentence(AuditEntry(action="review_requested", after=after), names) == (
        "Beteiligung angefordert: Feuerwehr Hannover – Vorbeugender Brandschutz, Frist bis 04.01.2027"
    )


def test_unknown_event_gets_a_generic_sentence_not_its_code(app):
    entry = AuditEntry(action="something_new", actor="system:worker", at=datetime(2026, 12, 3, tzinfo=UTC))
    (line,) = history_lines([entry])
    assert line.what == GENERIC_SENTENCE and line.who == "System"


def test_history_of_a_case_names_people_and_outcomes(app, actors):
    case = case_in_participation(actors)
    from permits.services.cases import case_history

    lines = history_lines(case_history(case.id))
    said = [f"{line.who} · {line.what}" for line in lines]
    assert "Anna Architektin · Bauantrag eingereicht" in said
    assert "Sabine Sachbearbeiterin · „Vollständigkeit prüfen“ erledigt: Unterlagen vollständig" in said
    assert any(s.endswith("Status: Beteiligung der Fachbehörden läuft") for s in said)
    assert not any("user:" in s or "_" in s for s in said)


def test_resubmission_note_of_the_applicant_is_quoted(app):
    entry = AuditEntry(
        action="task_completed",
        before={"task": "Unterlagen nachreichen"},
        after={"resubmission_note": "Statik und Ansichten anbei."},
    )
    assert sentence(entry, Names()) == "„Unterlagen nachreichen“ erledigt: „Statik und Ansichten anbei.“"
