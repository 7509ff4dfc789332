"""Every file in processes/ is complete for modelers (DI), runnable (handlers, forms) and safe
(expressions)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from permits.engine import sandbox
from permits.engine.definitions import _expressions, load_definitions
from permits.forms import forms
from permits.tasks import registry

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
OURS = sorted(p for p in PROCESSES.glob("*.bpmn") if p.name != "demo_verfahren.bpmn")
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = (
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "boundaryEvent",
    "userTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "exclusiveGateway",
    "parallelGateway",
)

# Representative task data: every variable the procedures read, as the path tests produce it.
DEADLINE = {"start_on": "2026-03-02", "due_on": "2026-04-02", "fires_at": "2026-04-03T00:00:00+02:00"}
SAMPLE = {
    "case_id": 1,
    "file_reference": "BA-2026-000001",
    "received_on": "2026-03-02",
    "procedure": "full",
    "construction_value": 400000.0,
    "construction_value_checked": None,
    "building_class": 3,
    "housing_project": True,
    "municipality_is_authority": False,
    "selected_agencies": [],
    "agencies": ["fire"],
    "agency": "fire",
    "complete": False,
    "findings": "Lageplan fehlt",
    "deficiency_weeks": None,
    "deficiency_deadline": DEADLINE,
    "grace_deadline": DEADLINE,
    "hearing_deadline": DEADLINE,
    "fiction_deadline": DEADLINE,
    "fiction_deadline_extended": None,
    "fiction_extension_months": 1,
    "completeness_outcome": "resubmitted",
    "completed_on": "2026-03-02",
    "review": {"id": 1, "due_on": "2026-04-02", "fires_at": DEADLINE["fires_at"], "authority_code": "fire"},
    "consent_review": {
        "id": 2,
        "due_on": "2026-05-04",
        "fires_at": DEADLINE["fires_at"],
        "authority_code": "municipality",
    },
    "review_round": "again",
    "consent_need": {"required": True, "reasons": [], "municipality": "municipality"},
    "fiction_consent_outcome": "consent",
    "statement_verdict": "consent_with_conditions",
    "legal_area": "Brandschutz",
    "condition_type": "2",
    "condition_text": "Zufahrt freihalten",
    "statement_text": None,
    "grant_extension": True,
    "extension_weeks": None,
    "extension_reason": "x",
    "consent_granted": False,
    "consent_reasons": None,
    "intended_decision": "rejection",
    "review_notes": None,
    "hearing_weeks": None,
    "decision": "approval",
    "decision_reasons": "Zulässig",
    "sign_off_approved": False,
    "provisions": [],
    "overrides": [],
    **{f"deviation_{n}_{k}": None for n in range(1, 6) for k in ("ruling", "reasons")},
    "fee_rate_per_mille": 10,
    "fee_minimum_eur": 150.0,
    "fee_tariff": "BauGO",
    "decision_draft": {},
    "fee": {"amount_cents": 1},
}


@pytest.fixture(scope="module")
def definitions():
    return load_definitions(PROCESSES, registry)


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name)
def test_diagram_interchange_is_complete(path):
    tree = etree.parse(str(path))
    shapes = {s.get("bpmnElement") for s in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    nodes = [n for kind in FLOW_NODES for n in tree.iterfind(f".//bpmn:{kind}", NS)]
    assert nodes
    missing = [n.get("id") for n in nodes if n.get("id") not in shapes]
    assert missing == []
    for lane in [*tree.iterfind(".//bpmn:lane", NS), *tree.iterfind(".//bpmn:participant", NS)]:
        assert lane.get("id") in shapes
    for flow in tree.iterfind(".//bpmn:sequenceFlow", NS):
        edge = edges.get(flow.get("id"))
        assert edge is not None, flow.get("id")
        assert len(edge.findall("di:waypoint", NS)) >= 2
    ids = [e.get("id") for e in tree.iter() if e.get("id") and "spiffworkflow" not in str(e.tag)]
    assert "Start" not in ids and len(ids) == len(set(ids))
    for element in tree.iter():
        if element.get("name") is not None and element.tag.endswith(("Task", "Activity", "subProcess")):
            assert element.get("name").strip(), element.get("id")


def test_dmn_opens_with_a_decision_shape():
    tree = etree.parse(str(PROCESSES / "gebuehren.dmn"))
    ns = {
        "dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/",
        "dmndi": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
    }
    decisions = {d.get("id") for d in tree.iterfind(".//dmn:decision", ns)}
    assert decisions == {d.get("dmnElementRef") for d in tree.iterfind(".//dmndi:DMNShape", ns)}
    assert tree.find(".//dmn:decisionTable", ns).get("hitPolicy") == "UNIQUE"


def _our_specs(definitions):
    for process_id in ("full_procedure", "simplified_procedure"):
        _definition, spec, subprocess_specs = definitions[process_id]
        yield from (spec, *subprocess_specs.values())


def test_every_operation_has_a_handler_and_every_user_task_a_form(definitions):
    operations, form_names = set(), set()
    for spec in _our_specs(definitions):
        for task_spec in spec.task_specs.values():
            if getattr(task_spec, "operation_name", None):
                operations.add(task_spec.operation_name)
            properties = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
            if type(task_spec).__name__ == "UserTask" or "form" in properties:
                assert properties.get("form") in forms, task_spec.bpmn_id
                assert properties.get("candidateGroup"), task_spec.bpmn_id
                assert task_spec.lane, task_spec.bpmn_id
                form_names.add(properties["form"])
    assert operations <= set(registry)
    assert {"determine_agencies", "record_statement", "record_deemed_consent", "compute_fee"} <= operations
    assert {f for f in forms if f.startswith("procedure_")} == form_names


# The other branch of the data: an extended fiction period, a complete application, an approved draft.
ALTERNATIVE = {
    **SAMPLE,
    "fiction_deadline_extended": DEADLINE,
    "complete": True,
    "sign_off_approved": True,
    "consent_granted": True,
    "grant_extension": False,
    "extension_weeks": 2,
    "condition_text": None,
    "construction_value_checked": 500000.0,
    "selected_agencies": None,
}


def _run(what, source, mode, sample):
    data = dict(sample)
    if mode == "exec":
        sandbox.execute(source, data)
        return data
    value = sandbox.evaluate(source, data)
    if what == "event expression":
        assert datetime.fromisoformat(value).tzinfo is not None
    return value


def test_every_expression_evaluates_on_representative_data(definitions):
    seen = 0
    for spec in _our_specs(definitions):
        for task_spec in spec.task_specs.values():
            for what, source, mode in _expressions(task_spec):
                results = []
                for sample in (SAMPLE, ALTERNATIVE):
                    try:
                        results.append(_run(what, source, mode, sample))
                    except TypeError:  # e.g. subscripting the not-yet-extended fiction deadline (None)
                        continue
                assert results, f"{task_spec.bpmn_id}: {what} {source!r} failed on every sample"
                seen += 1
    assert seen > 60
