"""Small BPMN documents for engine tests, built from one template."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="Definitions_{pid}" targetNamespace="urn:permits:test">
  <bpmn:process id="{pid}" name="{name}" isExecutable="true">
    <bpmn:startEvent id="ev_start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="ut_first" name="{task_name}">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="form" value="test_form" />
        <spiffworkflow:property name="candidateGroup" value="&quot;role:case_officer&quot;" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:scriptTask id="sc_compute" name="Berechnen">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>{script}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:userTask id="ut_second" name="Zweite Aufgabe">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="form" value="test_form" />
        <spiffworkflow:property name="candidateGroup" value="&quot;role:case_officer&quot;" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="ev_end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="ev_start" targetRef="ut_first" />
    <bpmn:sequenceFlow id="f2" sourceRef="ut_first" targetRef="sc_compute" />
    <bpmn:sequenceFlow id="f3" sourceRef="sc_compute" targetRef="ut_second" />
    <bpmn:sequenceFlow id="f4" sourceRef="ut_second" targetRef="ev_end" />
  </bpmn:process>
</bpmn:definitions>
"""


def write_process(
    directory: Path,
    pid: str = "test_process",
    *,
    script: str = "result = amount * 2",
    task_name: str = "Erste Aufgabe",
    name: str = "Testverfahren",
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{pid}.bpmn"
    escaped = script.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    path.write_text(
        TEMPLATE.format(pid=pid, script=escaped, task_name=task_name, name=name), encoding="utf-8"
    )
    return path


def _register_test_form() -> None:
    from permits.forms import Field, Form, forms, register

    if "test_form" not in forms:
        register(
            Form(
                "test_form",
                "Testformular",
                (
                    Field("amount", "Betrag", kind="integer", required=False),
                    Field("note", "Notiz", required=False),
                ),
            )
        )


_register_test_form()
