"""Messages from outside (e.g. a portal's answer) reach a waiting process and carry their payload."""

from __future__ import annotations

from pathlib import Path

import pytest

from permits.core.clock import FakeClock
from permits.engine import Engine
from permits.errors import TaskNotReady

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_msg"
    targetNamespace="urn:permits:test">
  <bpmn:message id="msg_answer" name="answer_received" />
  <bpmn:process id="waits_for_answer" name="Wartet auf Antwort" isExecutable="true">
    <bpmn:startEvent id="ev_start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="ev_answer" name="Antwort eingegangen">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="msg_answer">
        <bpmn:extensionElements>
          <spiffworkflow:messageVariable>answer</spiffworkflow:messageVariable>
        </bpmn:extensionElements>
      </bpmn:messageEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="ut_read" name="Antwort lesen">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="form" value="test_form" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="ev_end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="ev_start" targetRef="ev_answer" />
    <bpmn:sequenceFlow id="f2" sourceRef="ev_answer" targetRef="ut_read" />
    <bpmn:sequenceFlow id="f3" sourceRef="ut_read" targetRef="ev_end" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_message_wakes_the_process_with_its_payload(tmp_path: Path):
    (tmp_path / "waits.bpmn").write_text(PROCESS, encoding="utf-8")
    engine = Engine(tmp_path, handlers={}, clock=FakeClock())
    definition = engine.definition("waits_for_answer")
    workflow = engine.start(definition, {"case_id": 1}, context={"case_id": 1})
    assert workflow.ready_tasks() == [] and workflow.waiting_messages() == ["answer_received"]

    with pytest.raises(TaskNotReady):
        workflow.deliver_message("something_else", {})
    # survives a save/load round trip while waiting
    workflow = engine.load(definition.content_hash, definition.spec_json, workflow.dump(), {"case_id": 1})
    workflow.deliver_message("answer_received", {"verdict": "consent"})

    (task,) = workflow.ready_tasks()
    assert task.element_id == "ut_read"
    assert workflow.task_data(task.task_id)["answer"] == {"verdict": "consent"}
