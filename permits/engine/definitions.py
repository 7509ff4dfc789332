"""Loading `processes/`: parse every BPMN/DMN file, refuse unsafe or broken ones, key each process by
id and content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from permits.engine import sandbox
from permits.engine.serializer import spec_to_dict
from permits.engine.types import ProcessDefinition
from permits.errors import ProcessDefinitionError

# User-task properties (spiffworkflow:properties) that hold Python expressions.
EXPRESSION_PROPERTIES = ("candidateGroup", "dueDate")
RESERVED_IDS = frozenset({"Start", "End"})


def _expressions(task_spec: Any) -> Iterator[tuple[str, str, str]]:
    """Yield (what, source, mode) for every piece of Python a task spec will evaluate."""
    for attribute in ("script", "prescript", "postscript"):
        source = getattr(task_spec, attribute, None)
        if source:
            yield attribute, source, "exec"
    for condition, _target in getattr(task_spec, "cond_task_specs", None) or []:
        source = getattr(condition, "args", [condition])[0] if condition is not None else None
        if isinstance(source, str) and source:
            yield "condition", source, "eval"
    for attribute in ("condition", "cardinality"):
        source = getattr(task_spec, attribute, None)
        if isinstance(source, str) and source:
            yield attribute, source, "eval"
    definition = getattr(task_spec, "event_definition", None)
    definitions = getattr(definition, "event_definitions", None) or [definition]
    for event_definition in definitions:
        source = getattr(event_definition, "expression", None)
        if isinstance(source, str) and source:
            yield "event expression", source, "eval"
    for name, param in (getattr(task_spec, "operation_params", None) or {}).items():
        yield f"parameter {name}", param["value"], "eval"
    properties = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
    for name in EXPRESSION_PROPERTIES:
        if properties.get(name):
            yield f"property {name}", properties[name], "eval"
    engine = getattr(task_spec, "dmnEngine", None)
    if engine is not None:
        yield from _decision_table_expressions(engine.decision_table)


def _decision_table_expressions(table: Any) -> Iterator[tuple[str, str, str]]:
    for item in table.inputs:
        if item.expression:
            yield f"decision input {item.label or item.id}", item.expression, "eval"
    for rule in table.rules:
        for entry in rule.outputEntries:
            if entry.text:
                yield f"decision output (rule {rule.row_number})", entry.text, "eval"


def _check_spec(spec: Any, handlers: Mapping[str, Any] | None) -> None:
    for task_spec in spec.task_specs.values():
        element_id = getattr(task_spec, "bpmn_id", None)
        if element_id is None:
            continue  # engine-internal spec (e.g. boundary-event split), not a BPMN element
        for what, source, mode in _expressions(task_spec):
            try:
                sandbox.compile_checked(source.strip() if mode == "eval" else source, mode)
            except sandbox.SandboxViolation as exc:
                raise ProcessDefinitionError(
                    f"Unzulässiger Ausdruck ({what}) in {Path(spec.file).name}, Element {element_id}: {exc}",
                    file=spec.file,
                    element_id=element_id,
                ) from None
        _refuse_messages(spec, task_spec, element_id)
        operation = getattr(task_spec, "operation_name", None)
        if operation and handlers is not None and operation not in handlers:
            raise ProcessDefinitionError(
                f"Service-Task {element_id} in {Path(spec.file).name} nennt die Operation {operation!r}, "
                "für die kein Handler registriert ist.",
                file=spec.file,
                element_id=element_id,
            )


def _refuse_messages(spec: Any, task_spec: Any, element_id: str) -> None:
    # Nothing in permits delivers BPMN messages to a case, so a process waiting for one would wait forever.
    definition = getattr(task_spec, "event_definition", None)
    for event_definition in getattr(definition, "event_definitions", None) or [definition]:
        if isinstance(event_definition, MessageEventDefinition):
            raise ProcessDefinitionError(
                f"Element {element_id} in {Path(spec.file).name} sendet oder erwartet eine BPMN-Nachricht; "
                "das unterstützt permits nicht (Benutzer- oder Service-Task verwenden).",
                file=spec.file,
                element_id=element_id,
            )


def _content_hash(spec_dict: dict[str, Any]) -> str:
    """The behaviour's identity: the spec with each element's source file reduced to its name, so moving the
    installation (another checkout, another release folder) does not create new process versions."""
    canonical = json.dumps(_without_folders(spec_dict), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _without_folders(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: Path(item).name if key == "file" and isinstance(item, str) else _without_folders(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_folders(item) for item in value]
    return value


def _parser_for(directory: Path) -> tuple[SpiffBpmnParser, list[Path]]:
    parser = SpiffBpmnParser()
    files = sorted(directory.glob("*.bpmn")) + sorted(directory.glob("*.dmn"))
    for path in files:
        try:
            document = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
            _check_reserved_ids(document, path)
            if path.suffix == ".bpmn":
                parser.add_bpmn_xml(document, filename=str(path))
            else:
                parser.add_dmn_xml(document.getroot(), filename=str(path))
        except (ValidationException, etree.XMLSyntaxError) as exc:
            raise ProcessDefinitionError(
                f"{path.name} ist kein gültiges BPMN/DMN: {exc}",
                file=str(path),
                element_id=getattr(exc, "id", None) or None,
            ) from None
    return parser, files


def _check_reserved_ids(document: Any, path: Path) -> None:
    # SpiffWorkflow names its own internal tasks like this; a BPMN element with the id breaks the graph.
    for element in document.iter():
        element_id = element.get("id") if isinstance(element.tag, str) else None
        if element_id in RESERVED_IDS:
            raise ProcessDefinitionError(
                f"Element-ID {element_id!r} in {path.name} ist reserviert; bitte umbenennen.",
                file=str(path),
                element_id=element_id,
            )


Loaded = dict[str, tuple[ProcessDefinition, Any, dict[str, Any]]]
_loaded_cache: dict[tuple[str, ...], Loaded] = {}


def _fingerprint(directory: Path, handlers: Mapping[str, Any] | None) -> tuple[str, ...]:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.bpmn")) + sorted(directory.glob("*.dmn")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return (str(directory.resolve()), digest.hexdigest(), *sorted(handlers or ()), str(handlers is None))


def load_definitions(directory: str | Path, handlers: Mapping[str, Any] | None = None) -> Loaded:
    """Parse every file in `directory`. Returns process id -> (definition, spec, subprocess specs).
    Parsing is cached by the files' content, so app instances on unchanged files share the work."""
    key = _fingerprint(Path(directory), handlers)
    if key not in _loaded_cache:
        _loaded_cache[key] = _load(Path(directory), handlers)
    return _loaded_cache[key]


def _load(directory: Path, handlers: Mapping[str, Any] | None) -> Loaded:
    parser, _files = _parser_for(directory)
    loaded: Loaded = {}
    called: set[str] = set()
    for process_id in parser.get_process_ids():
        try:
            spec = parser.get_spec(process_id)
            subprocess_specs = parser.get_subprocess_specs(process_id)
        except ValidationException as exc:
            raise ProcessDefinitionError(
                f"Prozess {process_id} ist ungültig: {exc}", file=exc.file_name, element_id=exc.id or None
            ) from None
        for each in (spec, *subprocess_specs.values()):
            _check_spec(each, handlers)
        called.update(subprocess_specs)
        spec_dict = spec_to_dict(spec, subprocess_specs)
        files = tuple(sorted({Path(s.file).name for s in (spec, *subprocess_specs.values())}))
        definition = ProcessDefinition(
            process_id=process_id,
            name=spec.description or process_id,
            content_hash=_content_hash(spec_dict),
            spec_json=json.dumps(spec_dict, sort_keys=True),
            files=files,
        )
        loaded[process_id] = (definition, spec, subprocess_specs)
    return {
        pid: (d if pid not in called else _as_callable_only(d), spec, subs)
        for pid, (d, spec, subs) in loaded.items()
    }


def _as_callable_only(definition: ProcessDefinition) -> ProcessDefinition:
    return replace(definition, startable=False)
