"""Render timings per document type: cold (first render in a fresh process) and warm (median of several).

    .venv/bin/python bench/documents.py [--repeat 5]

Prints seconds per document and documents per second for one worker; no assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from uuid import uuid4

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the example case lives with the document tests

from permits import create_app  # noqa: E402
from permits.documents import ViewModel, render_pdf, spec, warm_up  # noqa: E402
from permits.models import Case  # noqa: E402
from tests.documents.examples import EXAMPLE_CONFIG, example_arguments, example_details  # noqa: E402


def _view_models() -> dict[str, ViewModel]:
    case = Case(
        public_id=str(uuid4()),
        file_reference="BA-2026-000123",
        process_id="baugenehmigung",
        title="Neubau Einfamilienhaus",
        details=example_details(),
    )
    return {kind: spec(kind).build(case, **arguments) for kind, arguments in example_arguments().items()}


def _in_app(function: object) -> object:
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/b.db", **EXAMPLE_CONFIG}
        )
        with app.app_context():
            return function()  # type: ignore[operator]


def cold(kind: str) -> None:
    """Child process: time the first render of `kind` (imports, fonts, hyphenation dictionary)."""
    view_model = _in_app(_view_models)[kind]  # type: ignore[index]
    started = time.perf_counter()
    render_pdf(view_model)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        cold(args.cold)
        return
    view_models = _in_app(_view_models)
    warm_seconds = warm_up()
    print(f"warm_up(): {warm_seconds:.2f} s\n")
    print(f"{'document':<30} {'cold s':>8} {'warm median s':>14} {'pages':>6}")
    total_warm = []
    for kind, view_model in view_models.items():  # type: ignore[attr-defined]
        command = [sys.executable, __file__, "--cold", kind]
        child = subprocess.run(command, capture_output=True, text=True, check=True)
        cold_seconds = json.loads(child.stdout.strip().splitlines()[-1])["seconds"]
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf = render_pdf(view_model)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        total_warm.append(median)
        pages = len(PdfReader(BytesIO(pdf)).pages)
        print(f"{kind:<30} {cold_seconds:>8.2f} {median:>14.3f} {pages:>6}")
    mean = statistics.mean(total_warm)
    print(f"\nwarm mean over document types: {mean:.3f} s -> {1 / mean:.1f} documents/s for one worker")


if __name__ == "__main__":
    main()
