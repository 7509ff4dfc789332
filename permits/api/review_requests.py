"""Agencies' API: review requests sent to them, the case documents, statements, the XBau 0300 request."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from permits.api.auth import api_actor
from permits.api.schemas.common import paginate, problem_responses
from permits.api.schemas.reviews import (
    CaseDocumentSchema,
    ReviewListArgs,
    ReviewRequestDetailSchema,
    ReviewRequestPageSchema,
    StatementInputSchema,
    StatementSchema,
)
from permits.errors import InvalidInput
from permits.services import agency_review, case_view, review_view, xbau_messages
from permits.services.agency_review import StatementInput
from permits.services.application_view import pdf_response

blp = Blueprint(
    "review_requests",
    __name__,
    url_prefix="/api/v1/review-requests",
    description="Review requests to agencies (Beteiligung)",
)


@blp.route("")
class ReviewRequestList(MethodView):
    @blp.arguments(ReviewListArgs, location="query")
    @blp.response(200, ReviewRequestPageSchema)
    @problem_responses(blp, 401, 403, 422)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Requests sent to the calling agency (officers see all), newest first."""
        query = agency_review.review_requests_query(api_actor(), args["status"])
        return paginate(query, args["page"], args["per_page"])


@blp.route("/<review_id>")
class ReviewRequestItem(MethodView):
    @blp.response(200, ReviewRequestDetailSchema)
    @problem_responses(blp, 401, 404)
    def get(self, review_id: str) -> Any:
        """The request with the case data the agency needs and its statements so far."""
        return review_view.review_request_view(agency_review.get_review_request(review_id, api_actor()))


@blp.route("/<review_id>/documents", methods=["GET"])
@blp.response(200, CaseDocumentSchema(many=True))
@problem_responses(blp, 401, 404)
def documents(review_id: str) -> Any:
    """The building documents of the case."""
    return agency_review.case_documents(agency_review.get_review_request(review_id, api_actor()))


@blp.route("/<review_id>/documents/<id:document_id>", methods=["GET"])
@blp.response(200, description="The document (PDF)", content_type="application/pdf")
@problem_responses(blp, 401, 404)
def document(review_id: str, document_id: int) -> Response:
    """Download one building document."""
    review = agency_review.get_review_request(review_id, api_actor())
    item = agency_review.case_document(review, document_id)
    return pdf_response(item.content, item.filename)


@blp.route("/<review_id>/statement", methods=["POST"])
@blp.arguments(StatementInputSchema)
@blp.response(201, StatementSchema)
@blp.alt_response(
    200, schema=StatementSchema, description="Replay of an earlier call with the same Idempotency-Key"
)
@problem_responses(blp, 401, 403, 404, 409, 422)
def statement(body: dict[str, Any], review_id: str) -> Any:
    """Submit a statement (consent / consent with conditions / objection). Send an `Idempotency-Key`
    header to make retries safe. A statement after the deadline or deemed consent is stored with `late`."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 150):
        raise InvalidInput(
            "Ungültiger Idempotency-Key.", field_errors={"Idempotency-Key": ["1 bis 150 Zeichen."]}
        )
    statement = StatementInput(
        body["verdict"],
        body["text"],
        body["legal_area"],
        tuple(body["conditions"]),
        tuple(body["areas"]),
        body["notes"],
    )
    stored, created = agency_review.submit_statement(review_id, statement, api_actor(), idempotency_key=key)
    view = case_view.statement_view(stored, case_view.review_summary(stored.review_request))
    return view, 201 if created else 200


@blp.route("/<review_id>/attachments/<id:attachment_id>", methods=["GET"])
@blp.response(200, description="A file sent with a statement", content_type="application/octet-stream")
@problem_responses(blp, 401, 404)
def statement_attachment(review_id: str, attachment_id: int) -> Response:
    """Download a file an agency sent with its statement (e.g. the signed statement PDF of a 0303)."""
    review = agency_review.get_review_request(review_id, api_actor())
    return case_view.attachment_response(agency_review.statement_attachment(review, attachment_id))


@blp.route("/<review_id>/xbau", methods=["GET"])
@blp.response(200, description="XBau 2.6 beteiligung.aufforderung.0300", content_type="application/xml")
@problem_responses(blp, 401, 404, 409, 422, 503)
def xbau_request(review_id: str) -> Response:
    """The 0300 as sent to the agency (the latest, if the request was renewed); the same bytes each time."""
    message = xbau_messages.participation_request(review_id, api_actor())
    return Response(xbau_messages.served(message), mimetype="application/xml")
