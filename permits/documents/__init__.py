"""Documents: receipts, deficiency and hearing notices, participation letters, decisions, fees as PDF/A-3b.

The kinds are listed once, in `registry.KINDS` (how to add one: see its docstring). A procedure step asks for
a document with `request_document` (the kind's adapter turns process data into the builder's arguments);
code that built a view-model itself issues it now (`issue_document`, in the caller's transaction) or queues
it (`enqueue_render`). Importing this package registers the `render_document` job handler; the worker calls
`warm_up()` once at start.
"""

from __future__ import annotations

from permits.documents.jobs import enqueue_render, render_document_job, request_document
from permits.documents.registry import (
    KIND_NAMES,
    KINDS,
    DocumentKindSpec,
    spec,
    spec_of,
    view_model_from_dict,
)
from permits.documents.render import DocumentRenderError, XmlAttachment, render_html, render_pdf, warm_up
from permits.documents.service import issue_document
from permits.documents.viewmodels import ViewModel

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "DocumentKindSpec",
    "DocumentRenderError",
    "ViewModel",
    "XmlAttachment",
    "enqueue_render",
    "issue_document",
    "render_document_job",
    "render_html",
    "render_pdf",
    "request_document",
    "spec",
    "spec_of",
    "view_model_from_dict",
    "warm_up",
]
