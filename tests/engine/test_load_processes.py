"""Loading process files: sandbox rejections, reserved ids, unknown handlers, message events, version keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from permits.engine import Engine
from permits.errors import ProcessDefinitionError
from tests.processes_fixtures import write_process

ESCAPES = [
    ("__import__('os').system('id')", '"__import__" is an invalid variable name'),
    ("data = open('/etc/passwd').read()", '"open" is not allowed'),
    ("x = ().__class__.__base__.__subclasses__()", '"__subclasses__" is an invalid attribute name'),
]


@pytest.mark.parametrize(("script", "reason"), ESCAPES)
def test_unsafe_script_is_rejected_at_load_naming_file_and_element(tmp_path: Path, script: str, reason: str):
    path = write_process(tmp_path, "unsafe", script=script)
    with pytest.raises(ProcessDefinitionError) as caught:
        Engine(tmp_path, handlers={})
    error = caught.value
    assert error.element_id == "sc_compute"
    assert error.file == str(path)
    assert "unsafe.bpmn" in error.message and "sc_compute" in error.message
    assert reason in error.message


def test_while_loop_is_rejected(tmp_path: Path):
    write_process(tmp_path, "spin", script="while True:\n    pass")
    with pytest.raises(ProcessDefinitionError, match="while loops are not allowed"):
        Engine(tmp_path, handlers={})


def test_reserved_start_id_is_rejected(tmp_path: Path):
    path = write_process(tmp_path, "reserved")
    path.write_text(path.read_text().replace("ev_start", "Start"))
    with pytest.raises(ProcessDefinitionError, match="reserviert") as caught:
        Engine(tmp_path, handlers={})
    assert caught.value.element_id == "Start"


def test_service_task_without_handler_is_rejected():
    processes = Path(__file__).resolve().parents[2] / "processes"
    with pytest.raises(ProcessDefinitionError, match=r"kein Handler"):
        Engine(processes, handlers={})


def test_broken_xml_is_rejected(tmp_path: Path):
    (tmp_path / "broken.bpmn").write_text("<bpmn:definitions")
    with pytest.raises(ProcessDefinitionError, match=r"broken\.bpmn"):
        Engine(tmp_path, handlers={})


MESSAGE_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_msg"
    targetNamespace="urn:permits:test">
  <bpmn:message id="msg_answer" name="answer_received" />
  <bpmn:process id="waits_for_answer" name="Wartet auf Antwort" isExecutable="true">
    <bpmn:startEvent id="ev_start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="ev_answer" name="Antwort eingegangen">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="msg_answer" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="ev_end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="ev_start" targetRef="ev_answer" />
    <bpmn:sequenceFlow id="f2" sourceRef="ev_answer" targetRef="ev_end" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_process_waiting_for_a_message_is_rejected(tmp_path: Path):
    """Nothing delivers BPMN messages to a case: such a process would wait forever."""
    (tmp_path / "waits.bpmn").write_text(MESSAGE_PROCESS, encoding="utf-8")
    with pytest.raises(ProcessDefinitionError, match="BPMN-Nachricht") as caught:
        Engine(tmp_path, handlers={})
    assert caught.value.element_id == "ev_answer"


def test_definition_keyed_by_content_hash(tmp_path: Path):
    write_process(tmp_path, "versioned", task_name="Erste Aufgabe")
    first = Engine(tmp_path, handlers={}).definition("versioned")
    again = Engine(tmp_path, handlers={}).definition("versioned")
    write_process(tmp_path, "versioned", task_name="Erste Aufgabe, geändert")
    changed = Engine(tmp_path, handlers={}).definition("versioned")
    assert first.content_hash == again.content_hash
    assert changed.content_hash != first.content_hash
    assert first.files == ("versioned.bpmn",)


def test_moving_the_installation_keeps_the_process_versions(tmp_path: Path):
    import shutil

    from permits.config import PROJECT_ROOT
    from permits.engine.definitions import load_definitions

    elsewhere = tmp_path / "release-2" / "processes"
    shutil.copytree(PROJECT_ROOT / "processes", elsewhere)
    here = load_definitions(PROJECT_ROOT / "processes")
    moved = load_definitions(elsewhere)

    assert {pid: d.content_hash for pid, (d, _s, _subs) in moved.items()} == {
        pid: d.content_hash for pid, (d, _s, _subs) in here.items()
    }
