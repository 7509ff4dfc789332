"""Render page 1 of every document for the example case to PNG, for visual review.

    .venv/bin/python scripts/render_document_previews.py [--out out/previews] [--all-pages] [--dpi 110]

Writes <kind>.pdf and <kind>-<page>.png (pdftoppm from poppler-utils) into the output folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the example case lives with the document tests

from permits import create_app
from permits.documents import render_pdf, spec
from permits.models import Case
from tests.documents.examples import EXAMPLE_CONFIG, example_arguments, example_details


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out/previews"))
    parser.add_argument("--all-pages", action="store_true", help="render every page, not just page 1")
    parser.add_argument("--dpi", type=int, default=110)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as scratch:
        database = f"sqlite:///{scratch}/preview.db"
        config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database, **EXAMPLE_CONFIG}
        app = create_app(config)
        with app.app_context():
            # Not stored: the builders only read the case's attributes.
            case = Case(
                public_id=str(uuid4()),
                file_reference="BA-2026-000123",
                process_id="baugenehmigung",
                title="Neubau Einfamilienhaus",
                details=example_details(),
            )
            for kind, arguments in example_arguments().items():
                _preview(kind, spec(kind).build(case, **arguments), args)
    return 0


def _preview(kind: str, view_model: object, args: argparse.Namespace) -> None:
    pdf_path = args.out / f"{kind}.pdf"
    pdf_path.write_bytes(render_pdf(view_model))  # type: ignore[arg-type]
    command = ["pdftoppm", "-png", "-r", str(args.dpi)]
    if not args.all_pages:
        command += ["-f", "1", "-l", "1"]
    subprocess.run([*command, str(pdf_path), str(args.out / kind)], check=True)
    print(f"{kind}: {pdf_path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
