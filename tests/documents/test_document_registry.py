"""The registry is the one list of document kinds: every entry is complete, the processes use only these."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from permits.codelists import DocumentType
from permits.documents import KINDS, DocumentKindSpec, ViewModel, spec, spec_of
from permits.documents.render import TEMPLATE_DIR
from permits.engine import sandbox
from permits.errors import InvalidInput
from permits.models import Role
from tests.documents.document_helpers import build_example
from tests.documents.examples import example_arguments

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
SHARED_TEMPLATES = {"base.html", "_macros.html"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_template_view_model_builder_adapter_title_and_anlage(kind: DocumentKindSpec) -> None:
    assert (TEMPLATE_DIR / kind.template).is_file()
    assert dataclasses.is_dataclass(kind.view_model) and issubclass(kind.view_model, ViewModel)
    assert callable(kind.build) and callable(kind.adapt)
    assert kind.title.strip() and kind.template_version >= 1
    assert isinstance(kind.anlage, DocumentType)
    assert kind.audiences >= {Role.CASE_OFFICER, Role.ADMIN}
    built = build_example(kind.name)
    assert isinstance(built, kind.view_model) and spec_of(built) is kind


def test_every_template_belongs_to_a_kind() -> None:
    templates = {path.name for path in TEMPLATE_DIR.glob("*.html")} - SHARED_TEMPLATES
    assert templates == {kind.template for kind in KINDS}


def test_the_example_case_covers_every_kind() -> None:
    assert set(example_arguments()) == {kind.name for kind in KINDS}


def test_participation_request_goes_to_the_agency_and_letters_to_the_applicant() -> None:
    request = spec("participation_request")
    assert request.visible_to(Role.AGENCY) and not request.visible_to(Role.ARCHITECT)
    for kind in KINDS:
        if kind is not request:
            assert kind.visible_to(Role.ARCHITECT) and not kind.visible_to(Role.AGENCY), kind.name


def test_decisions_carry_the_xbau_decision_code_and_may_replace_one_another() -> None:
    decisions = {kind.name for kind in KINDS if kind.decision}
    assert decisions == {"approval", "rejection", "deemed_approval_certificate"}
    assert {spec(name).anlage for name in decisions} == {DocumentType.DECISION}
    assert spec("fee_notice").anlage is DocumentType.FEE_NOTICE
    assert spec("deficiency_notice").anlage is DocumentType.DEFICIENCY_LETTER


def test_unknown_kind_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        spec("hearing_letter")


def _issued_kinds(path: Path) -> set[str]:
    kinds = set()
    tree = etree.parse(str(path))
    for operator in tree.iterfind(".//spiffworkflow:serviceTaskOperator[@id='issue_document']", NS):
        [parameter] = operator.iterfind(".//spiffworkflow:parameter[@id='kind']", NS)
        kinds.add(sandbox.evaluate(parameter.get("value"), {}))
    return kinds


def test_every_kind_a_process_issues_is_registered() -> None:
    issued = set().union(*(_issued_kinds(path) for path in PROCESSES.glob("*.bpmn")))
    assert "approval" in issued and "participation_request" in issued
    assert issued <= {kind.name for kind in KINDS}
