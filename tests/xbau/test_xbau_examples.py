"""The example messages in docs/xbau-examples are what the emitters produce today, and schema-valid.

They are rebuilt here from the same fixed inputs as `scripts/xbau_examples.py`; a difference means an
emitter changed without the examples being regenerated (run the script and commit its output).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "docs" / "xbau-examples"
REGENERATE = "run `.venv/bin/python scripts/xbau_examples.py` and commit docs/xbau-examples"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xbau_examples", REPO / "scripts" / "xbau_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_examples_are_what_the_emitters_build(
    script: ModuleType, xsd_dir: Path, tmp_path: Path
) -> None:
    script.write_examples(tmp_path, xsd_dir)
    built = {p.name: p.read_bytes() for p in tmp_path.glob("*.xml")}
    committed = {p.name: p.read_bytes() for p in COMMITTED.glob("*.xml")}
    assert sorted(built) == sorted(committed), REGENERATE
    changed = [name for name in built if built[name] != committed[name]]
    assert changed == [], f"{', '.join(changed)} differ: {REGENERATE}"


def test_building_twice_gives_the_same_bytes(script: ModuleType, xsd_dir: Path) -> None:
    assert script.build_examples(xsd_dir) == script.build_examples(xsd_dir)


def test_committed_examples_are_schema_valid(independent_validator: Any) -> None:
    files = sorted(COMMITTED.glob("*.xml"))
    assert files
    for path in files:
        assert independent_validator.errors(path.read_bytes()) == [], path.name


def test_the_xbau_document_shows_every_example() -> None:
    guide = (REPO / "docs" / "xbau.md").read_text(encoding="utf-8")
    missing = [p.name for p in COMMITTED.glob("*.xml") if f"xbau-examples/{p.name}" not in guide]
    assert missing == []
