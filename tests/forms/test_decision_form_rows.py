"""The decision form's Nebenbestimmungen: any number of typed rows, from a page post or an API list."""

from __future__ import annotations

import pytest

from permits.errors import InvalidInput
from permits.forms import get_form
from permits.forms.base import row_count

FORM = get_form("procedure_decision")
BASE = {"decision": "approval", "decision_reasons": "Zulässig."}


def _errors(data):
    with pytest.raises(InvalidInput) as refused:
        FORM.validate(data)
    return refused.value.field_errors


def test_page_post_rows_become_a_list_and_blank_rows_are_dropped():
    post = {
        **BASE,
        "provisions-0-type": "2",
        "provisions-0-text": "Feuerwehrzufahrt freihalten",
        "provisions-0-source": "Feuerwehr",
        "provisions-1-type": "",
        "provisions-1-text": "  ",
        "provisions-2-type": "4",
        "provisions-2-legal_area": "Denkmalschutz",
        "provisions-2-text": "Funde sind zu melden.",
    }
    cleaned = FORM.validate(FORM.from_form_post(post))
    assert cleaned["provisions"] == [
        {"type": "2", "legal_area": None, "text": "Feuerwehrzufahrt freihalten", "source": "Feuerwehr"},
        {"type": "4", "legal_area": "Denkmalschutz", "text": "Funde sind zu melden.", "source": None},
    ]
    again = FORM.post_values(cleaned)
    assert again["provisions-1-text"] == "Funde sind zu melden." and row_count("provisions", again) == 2


def test_condition_without_a_type_is_refused_at_its_row():
    errors = _errors({**BASE, "provisions": [{"type": "2", "text": "A"}, {"text": "Baumschutz beachten"}]})
    assert errors == {"provisions-1-type": ["Bitte die Art der Nebenbestimmung wählen."]}


def test_unknown_type_is_refused_at_its_row():
    errors = _errors({**BASE, "provisions": [{"type": "99", "text": "A"}]})
    assert errors == {"provisions-0-type": ["Bitte einen gültigen Wert wählen."]}


def test_rejection_has_no_conditions():
    errors = _errors({**BASE, "decision": "rejection", "provisions": [{"type": "2", "text": "A"}]})
    assert errors == {"provisions-0-text": ["Eine Ablehnung hat keine Nebenbestimmungen."]}


def test_as_many_rows_as_needed_but_bounded():
    many = [{"type": "2", "text": f"Auflage {n}"} for n in range(60)]
    assert len(FORM.validate({**BASE, "provisions": many})["provisions"]) == 60
    errors = _errors({**BASE, "provisions": [*many, {"type": "2", "text": "eine zu viel"}]})
    assert errors == {"provisions": ["Höchstens 60 Einträge."]}
