"""Issuing stores immutable PDFs; re-download is byte-identical; corrections supersede."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask

from permits.documents import issue_document, render_pdf, spec
from permits.errors import Conflict, InvalidInput, NotFound
from permits.extensions import db
from permits.models import Case, IssuedDocument
from permits.models.audit import AppendOnlyViolation
from tests.documents.document_helpers import (
    build_example,
    make_case,
    pdf_text,
    stored_document,
    stored_documents,
)
from tests.documents.examples import example_details


@pytest.fixture
def case(app: Flask) -> Case:
    case = make_case(example_details())
    db.session.add(case)
    db.session.commit()
    return case


@pytest.fixture(scope="module")
def receipt() -> Any:
    return build_example("receipt")


def test_issued_document_is_stored_with_hash_and_downloads_identically(case: Case, receipt: Any) -> None:
    case_id = case.id
    document = issue_document(case_id, "receipt", receipt, actor="user:schaefer")
    db.session.commit()
    document_id, content = document.id, document.content
    db.session.expunge_all()

    stored = stored_document(document_id)
    assert stored.content == content
    assert stored.sha256 == hashlib.sha256(stored.content).hexdigest()
    assert stored.content.startswith(b"%PDF-1.7")
    assert (stored.kind, stored.media_type, stored.created_by) == (
        "receipt",
        "application/pdf",
        "user:schaefer",
    )
    assert stored.title == "Eingangsbestätigung vom 02.03.2026"
    assert stored.filename == "BA-2026-000123_Eingangsbestaetigung_2026-03-02.pdf"
    assert stored.template_version == spec("receipt").template_version
    assert stored.created_at.tzinfo is not None
    assert stored_document(document_id).content == content
    assert [d.id for d in stored_documents(case_id)] == [document_id]


def test_corrected_decision_references_the_old_one(case: Case) -> None:
    first = issue_document(case.id, "rejection", build_example("rejection"), actor="user:a")
    corrected_vm = build_example(
        "approval", conditions=[{"type": "2", "text": "Die Zufahrt ist zu pflastern."}]
    )
    second = issue_document(case.id, "approval", corrected_vm, actor="user:b", supersedes_id=first.id)
    db.session.commit()
    assert second.supersedes_id == first.id
    assert "Die Zufahrt ist zu pflastern." in pdf_text(stored_document(second.id).content)
    assert [d.id for d in stored_documents(case.id)] == [first.id, second.id]
    with pytest.raises(Conflict):
        issue_document(
            case.id,
            "rejection",
            build_example("rejection"),
            "user:c",
            supersedes_id=first.id,
        )


def test_superseding_needs_same_case_and_compatible_kind(case: Case, receipt: Any) -> None:
    first = issue_document(case.id, "receipt", receipt, actor="user:a")
    db.session.commit()
    with pytest.raises(InvalidInput):
        issue_document(
            case.id,
            "rejection",
            build_example("rejection"),
            "user:a",
            supersedes_id=first.id,
        )
    with pytest.raises(NotFound):
        issue_document(case.id, "receipt", receipt, "user:a", supersedes_id=first.id + 99)


def test_issued_documents_are_append_only(case: Case, receipt: Any) -> None:
    document = issue_document(case.id, "receipt", receipt, actor="user:a")
    db.session.commit()
    document.content = b"tampered"
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get_one(IssuedDocument, document.id))
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()
    assert stored_document(document.id).content.startswith(b"%PDF")


def test_view_model_must_belong_to_the_case_and_kind(case: Case, receipt: Any) -> None:
    with pytest.raises(InvalidInput):
        issue_document(case.id, "fee_notice", receipt, actor="user:a")
    other = build_example("receipt", make_case(file_reference="BA-2026-999999"))
    with pytest.raises(InvalidInput):
        issue_document(case.id, "receipt", other, actor="user:a")
    with pytest.raises(InvalidInput):
        issue_document(case.id, "hearing_letter", receipt, actor="user:a")


def test_unknown_case_raises_not_found(app: Flask, receipt: Any) -> None:
    with pytest.raises(NotFound):
        issue_document(4711, "receipt", receipt, actor="user:a")


def test_render_is_deterministic_in_content_not_required_but_stored_bytes_are(
    case: Case, receipt: Any
) -> None:
    # Re-rendering may differ (PDF ids); what the authority issued is the stored row, never a re-render.
    document = issue_document(case.id, "receipt", receipt, actor="user:a")
    db.session.commit()
    assert pdf_text(render_pdf(receipt)) == pdf_text(document.content)
