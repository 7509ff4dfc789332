"""Every process file survives being opened and saved in the bpmn-js Modeler (bpmn.io, Camunda Modeler).

`scripts/bpmn_roundtrip.mjs` saves each file through bpmn-moddle, the model layer of the Modeler; the
engine must then see exactly the same processes, and the procedures must run on the saved copies. bpmn-js
itself imports every file, original and saved, without a warning (in Chromium, like the browser tests).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from permits.engine.definitions import load_definitions
from permits.tasks.registry import registry
from tests.processes import (
    test_decision_paths,
    test_deemed_approval,
    test_full_procedure_paths,
    test_participation,
)

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "processes"
SCRIPT = ROOT / "scripts" / "bpmn_roundtrip.mjs"
NODE_MODULES = ROOT / "node_modules"
BPMN_JS_VIEWER = NODE_MODULES / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Where the tools must be there (CI, `make test-browser`), a missing one fails instead of skipping.
REQUIRED = bool(os.environ.get("CI") or os.environ.get("PERMITS_REQUIRE_BROWSER"))


def _missing(what: str) -> None:
    message = f"{what}; run `make assets` (npm ci into node_modules/)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        _missing("Node.js (`node`) is not installed")
    if not (NODE_MODULES / "bpmn-moddle").is_dir():
        _missing("npm package bpmn-moddle not found in node_modules/")
    return str(node)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """Every process file saved through bpmn-moddle into a fresh folder, with the import warnings."""
    node = _node()
    target = tmp_path_factory.mktemp("round_tripped")
    warnings: dict[str, list[str]] = {}
    for path in sorted(PROCESSES.glob("*.bpmn")):
        result = subprocess.run(
            [node, str(SCRIPT), str(path), str(target / path.name)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, f"{path.name}: {result.stderr}"
        warnings[path.name] = json.loads(result.stdout)["warnings"]
    for path in PROCESSES.glob("*.dmn"):  # decision tables are not edited in the BPMN Modeler
        shutil.copy(path, target / path.name)
    return target, warnings


def _specs(directory: Path) -> dict[str, Any]:
    """The specs the engine builds, with the file paths reduced to names (the folders differ)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: Path(v).name if k == "file" else strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    loaded = load_definitions(directory, registry)
    return {pid: strip(json.loads(definition.spec_json)) for pid, (definition, _s, _subs) in loaded.items()}


def test_every_process_file_saves_without_import_warnings(saved):
    _directory, warnings = saved
    assert sorted(warnings) == sorted(p.name for p in PROCESSES.glob("*.bpmn"))
    assert {name: found for name, found in warnings.items() if found} == {}


def test_saved_files_give_the_engine_the_same_processes(saved):
    directory, _warnings = saved
    original, round_tripped = _specs(PROCESSES), _specs(directory)
    assert sorted(round_tripped) == sorted(original)
    for process_id, spec in original.items():
        assert round_tripped[process_id] == spec, f"{process_id} changed when saved through bpmn-moddle"


def test_multi_instance_reference_resolves_for_the_modeler_and_stays_a_variable_for_the_engine(saved):
    directory, _warnings = saved
    text = (directory / "beteiligung.bpmn").read_text()
    assert "<bpmn:loopDataInputRef>agencies</bpmn:loopDataInputRef>" in text
    assert '<bpmn:property id="agencies" name="agencies">' in text
    _definition, spec, _subprocesses = load_definitions(directory, registry)["participation"]
    loop = spec.task_specs["sp_agency_review"]
    assert loop.data_input.bpmn_id == "agencies"  # read from task data, as before the property existed


# -- the procedures run on the saved copies -----------------------------------------------------------------


@pytest.fixture
def app_config(app_config: dict[str, object], saved) -> dict[str, object]:
    directory, _warnings = saved
    return {**app_config, "PROCESSES_DIR": str(directory)}


# The path tests themselves, collected here a second time: this module's app_config runs them on the copies.
test_saved_full_procedure = test_full_procedure_paths.test_complete_first_time_all_agencies_answer
test_saved_silent_agency_deemed_consent = test_participation.test_one_agency_silent_gets_deemed_consent
test_saved_review_deadline_extended = test_participation.test_deadline_extended_on_request
test_saved_hearing_then_rejection = test_decision_paths.test_hearing_then_rejection
test_saved_deemed_approval = test_deemed_approval.test_deemed_approval_three_months_after_completeness


def test_the_driven_app_runs_the_saved_copies(app, saved):
    directory, _warnings = saved
    assert app.config["PROCESSES_DIR"] == str(directory)


# -- bpmn-js imports every file without a warning -----------------------------------------------------------


@pytest.mark.browser
def test_bpmn_js_imports_every_file_without_warnings(saved):
    directory, _warnings = saved
    if not BPMN_JS_VIEWER.is_file():
        _missing("npm package bpmn-js not found in node_modules/")
    if not os.path.exists(CHROMIUM):
        if REQUIRED:
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("Chromium is not installed (Debian package chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    files = sorted(PROCESSES.glob("*.bpmn")) + sorted(directory.glob("*.bpmn"))
    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><div id='canvas' style='width:1600px;height:900px'></div>")
            page.add_script_tag(path=str(BPMN_JS_VIEWER))
            for path in files:
                found[f"{path.parent.name}/{path.name}"] = page.evaluate(IMPORT_JS, path.read_text())
        finally:
            browser.close()
    assert len(found) == len(files)
    assert {name: messages for name, messages in found.items() if messages} == {}


IMPORT_JS = """async xml => {
  const viewer = new BpmnJS({container: '#canvas'});
  try {
    const {warnings} = await viewer.importXML(xml);
    return warnings.map(w => w.message);
  } catch (error) {
    return ['import failed: ' + error.message];
  } finally {
    viewer.destroy();
  }
}"""


def test_modelling_guide_lists_every_service_operation():
    guide = (ROOT / "docs" / "modelling.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in guide.splitlines() if line.startswith("| `")}
    assert sorted(set(registry) - rows) == []
