"""Which steps are sign-offs under the four-eyes rule, read from the loaded process definitions.

A user task with the property `fourEyesOf="ut_a,ut_b"` may not be completed by whoever last completed
`ut_a` or `ut_b` in the case. Completion reads the property from the running workflow; lists (the inbox)
need it for many tasks at once without loading workflows, so it is read here once per process version
from the serialized specs, keyed by the (sub)process id an open task carries and the element id.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from permits.services.engine import engine


def four_eyes_of(process_id: str, element_id: str) -> tuple[str, ...]:
    """The element ids whose last completer may not complete this step; empty for ordinary steps."""
    hashes = tuple(sorted(d.content_hash for d in engine().definitions.values()))
    return _rules(hashes).get((process_id, element_id), ())


@functools.lru_cache(maxsize=8)
def _rules(content_hashes: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, ...]]:
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for definition in engine().definitions.values():
        if definition.content_hash in content_hashes:
            _collect(json.loads(definition.spec_json), found)
    return found


def _collect(node: Any, found: dict[tuple[str, str], tuple[str, ...]]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, found)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("task_specs"), dict) and isinstance(node.get("name"), str):
        for element_id, task_spec in node["task_specs"].items():
            properties = ((task_spec or {}).get("extensions") or {}).get("properties") or {}
            wanted = tuple(e.strip() for e in str(properties.get("fourEyesOf", "")).split(",") if e.strip())
            if wanted:
                found[(node["name"], element_id)] = wanted
    for value in node.values():
        _collect(value, found)
