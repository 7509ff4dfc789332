"""The process diagram data: the BPMN of the case's version, current and completed steps per unit, and the
drill-down into call activities and each agency's review."""

from __future__ import annotations

import pytest

from permits.errors import PermissionDenied
from permits.services.process_diagram import case_diagram, unit_diagram
from tests.case_file_data import case_in_participation


def test_diagram_marks_completed_and_current_steps_of_the_case(app, actors):
    case = case_in_participation(actors)
    officer = actors["sachbearbeitung"]
    top = unit_diagram(case.id, "", officer)
    assert top["xml"].startswith("<?xml") and 'id="full_procedure"' in top["xml"]
    assert "ca_completeness_check" in top["completed"] and "ca_processing" in top["current"]
    titles = {c["title"]: c for c in top["children"]}
    assert titles["Vollständigkeitsprüfung"]["state_label"] == "erledigt"

    processing = unit_diagram(
        case.id, titles["Beteiligung, Einvernehmen, Prüfung und Bescheid"]["unit"], officer
    )
    assert processing["parent"]["unit"] == "" and "ca_participation" in processing["current"]
    participation = next(c for c in processing["children"] if c["title"] == "Beteiligung der Fachbehörden")
    per_agency = unit_diagram(case.id, participation["unit"], officer)["children"]
    (fire,) = per_agency
    assert fire["title"] == "Stellungnahme je Fachbehörde: Feuerwehr Hannover – Vorbeugender Brandschutz"

    review = unit_diagram(case.id, fire["unit"], officer)
    assert review["root"] == "sp_agency_review" and "ut_statement" in review["current"]
    assert "st_open_review_request" in review["completed"]


def test_step_list_without_javascript_names_steps_in_german(app, actors):
    case = case_in_participation(actors)
    diagram = case_diagram(case.id, actors["sachbearbeitung"])
    assert diagram is not None
    steps = {(s.name, s.state_label) for unit in diagram.units for s in unit.steps}
    assert ("Stellungnahme abgeben", "läuft") in steps and ("Vollständigkeitsprüfung", "erledigt") in steps
    assert [u.depth for u in diagram.units][:2] == [0, 1]
    assert ("Status: Eingang bestätigt", "erledigt") in steps and not any("14" in name for name, _ in steps)


def test_agency_sees_no_process_diagram(app, actors):
    case = case_in_participation(actors)
    with pytest.raises(PermissionDenied):
        case_diagram(case.id, actors["feuerwehr"])
