"""Helpers for the document tests: the example case, view-models built without a database, PDF text."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from typing import Any
from uuid import uuid4

from pypdf import PdfReader
from sqlalchemy import select

from permits.documents import ViewModel, spec
from permits.documents.letterhead import Letterhead, letterhead_from_config
from permits.extensions import db
from permits.models import Case, IssuedDocument
from tests.documents.examples import EXAMPLE_CONFIG, example_arguments, example_details

FILE_REFERENCE = "BA-2026-000123"


def make_case(details: dict[str, Any] | None = None, file_reference: str = FILE_REFERENCE) -> Case:
    return Case(
        public_id=str(uuid4()),
        file_reference=file_reference,
        process_id="baugenehmigung",
        title="Neubau Einfamilienhaus",
        details=example_details() if details is None else details,
    )


def example_letterhead() -> Letterhead:
    return letterhead_from_config(EXAMPLE_CONFIG)


def build_example(kind: str, case: Case | None = None, **overrides: Any) -> ViewModel:
    """The example view-model of `kind`, built without an app context (explicit letterhead and date)."""
    arguments = {**example_arguments()[kind], "letterhead": example_letterhead(), **overrides}
    return spec(kind).build(case or make_case(), **arguments)


def stored_documents(case_id: int) -> list[IssuedDocument]:
    """The case's issued documents as stored, oldest first."""
    query = select(IssuedDocument).where(IssuedDocument.case_id == case_id).order_by(IssuedDocument.id)
    return list(db.session.scalars(query))


def stored_document(document_id: int) -> IssuedDocument:
    return db.session.get_one(IssuedDocument, document_id)


def pdf_text(pdf: bytes) -> str:
    """Text of all pages via pdftotext (poppler), pages separated by form feeds."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").replace("\u00a0", " ")


def squash(text: str) -> str:
    """Drop whitespace and hyphens: hyphenation and line breaks must not fail a text comparison."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


def contains(haystack: str, needle: str) -> bool:
    return squash(needle) in squash(haystack)


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))
