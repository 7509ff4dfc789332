"""Architects' and portals' API: prepare, attach documents, submit, follow an application."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from permits.api.auth import api_actor, require_role
from permits.api.schemas.applications import (
    ApplicationDetailSchema,
    ApplicationDocumentSchema,
    ApplicationInputSchema,
    ApplicationListArgs,
    ApplicationPageSchema,
    ApplicationPatchSchema,
    ApplicationSchema,
    DocumentUploadSchema,
    FileSchema,
)
from permits.api.schemas.common import paginate, problem_responses
from permits.errors import InvalidInput
from permits.models import Role
from permits.services import application_view, applications, supplements

blp = Blueprint(
    "applications", __name__, url_prefix="/api/v1/applications", description="Building applications"
)


@blp.route("")
class ApplicationList(MethodView):
    @blp.arguments(ApplicationListArgs, location="query")
    @blp.response(200, ApplicationPageSchema)
    @problem_responses(blp, 401, 422)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The caller's applications, newest first."""
        return paginate(applications.applications_query(api_actor()), args["page"], args["per_page"])

    @blp.arguments(ApplicationInputSchema)
    @blp.response(201, ApplicationSchema)
    @problem_responses(blp, 401, 403, 422)
    def post(self, body: dict[str, Any]) -> Any:
        """Create a draft application."""
        return applications.create_application(body, require_role(Role.ARCHITECT))


@blp.route("/<application_id>")
class ApplicationItem(MethodView):
    @blp.response(200, ApplicationDetailSchema)
    @problem_responses(blp, 401, 403, 404)
    def get(self, application_id: str) -> Any:
        """Status, XBau status code, deadlines, open requests to the applicant, issued documents."""
        return application_view.application_detail(application_id, api_actor())

    @blp.arguments(ApplicationPatchSchema)
    @blp.response(200, ApplicationSchema)
    @problem_responses(blp, 401, 403, 404, 409, 422)
    def patch(self, body: dict[str, Any], application_id: str) -> Any:
        """Change a draft (only the fields given)."""
        return applications.update_application(application_id, body, api_actor())


@blp.route("/<application_id>/documents", methods=["POST"])
@blp.arguments(DocumentUploadSchema, location="form")
@blp.arguments(FileSchema, location="files")
@blp.response(201, ApplicationDocumentSchema)
@problem_responses(blp, 401, 403, 404, 409, 413, 422)
def upload(form: dict[str, Any], files: dict[str, Any], application_id: str) -> Any:
    """Attach a building document (PDF, typed by the XBau `anlagen` code list) as multipart/form-data:
    to a draft, or after submission while the authority waits for documents (deficiency notice, hearing);
    otherwise 409."""
    upload = files["file"]
    if not hasattr(upload, "read"):
        raise InvalidInput("Bitte eine Datei hochladen.", field_errors={"file": ["Pflichtfeld."]})
    received = supplements.Upload(form["document_type"], upload.filename or "", upload.read())
    return supplements.attach_document(application_id, received, api_actor())


@blp.route("/<application_id>/documents/<id:document_id>", methods=["GET"])
@blp.response(200, description="The uploaded PDF", content_type="application/pdf")
@problem_responses(blp, 401, 403, 404)
def download_upload(application_id: str, document_id: int) -> Response:
    """Download an uploaded building document."""
    document = application_view.uploaded_document(application_id, document_id, api_actor())
    return application_view.pdf_response(document.content, document.filename)


@blp.route("/<application_id>/submit", methods=["POST"])
@blp.response(200, ApplicationSchema)
@problem_responses(blp, 401, 403, 404, 409, 422)
def submit(application_id: str) -> Any:
    """Submit: the case is opened with its file reference and the procedure starts."""
    return applications.submit_application(application_id, api_actor())


@blp.route("/<application_id>/issued-documents/<id:document_id>", methods=["GET"])
@blp.response(200, description="An issued document (PDF/A)", content_type="application/pdf")
@problem_responses(blp, 401, 403, 404)
def download_issued(application_id: str, document_id: int) -> Response:
    """Download a receipt, notice or decision issued in the application's case."""
    document = application_view.issued_document(application_id, document_id, api_actor())
    return application_view.pdf_response(document.content, document.filename)
