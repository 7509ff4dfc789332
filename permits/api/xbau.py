"""XBau 2.6 messages over the API: POST incoming 0200/0303, GET outgoing messages of a case."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from permits import xbau
from permits.api.auth import api_actor
from permits.api.schemas.common import problem_responses
from permits.errors import PermitsError
from permits.services import cases, xbau_exchange

blp = Blueprint("xbau", __name__, url_prefix="/api/v1", description="XBau 2.6 messages")


class RefusedXml(PermitsError):
    code = "xml_refused"
    title = "XML abgelehnt"


class MessageTooLarge(RefusedXml):
    status = 413
    code = "xml_too_large"


class ImportResultSchema(Schema):
    message = fields.String(required=True, metadata={"description": "0200 or 0303"})
    application_id = fields.String()
    case_id = fields.Integer(allow_none=True)
    review_request_id = fields.String()
    statement_id = fields.Integer()
    created = fields.Boolean()


def _body() -> bytes:
    if request.mimetype not in ("application/xml", "text/xml"):
        raise RefusedXml("Bitte die Nachricht als application/xml senden.")
    return request.get_data(cache=False)


@blp.route("/xbau/messages", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": {"application/xml": {"schema": {"type": "string"}}}})
@blp.response(201, ImportResultSchema)
@problem_responses(blp, 400, 401, 403, 404, 413, 422, 503)
def receive() -> Any:
    """Receive `baugenehmigung.antrag.0200` (opens a case) or `beteiligung.stellungnahme.0303`."""
    actor = api_actor()
    try:
        return xbau_exchange.import_message(_body(), actor)
    except xbau.XmlTooLarge as exc:
        raise MessageTooLarge(exc.message) from None
    except (xbau.HostileXml, xbau.MalformedXml) as exc:
        raise RefusedXml(exc.message) from None


@blp.route("/cases/<id:case_id>/xbau/status", methods=["GET"])
@blp.response(200, description="XBau statusFuerAntragsportal.1170", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 503)
def portal_status(case_id: int) -> Response:
    """The case's current status as a validated 1170 message."""
    case = cases.get_case(case_id, api_actor())
    return Response(xbau_exchange.portal_status_xml(case), mimetype="application/xml")


@blp.route("/cases/<id:case_id>/xbau/decision", methods=["GET"])
@blp.response(200, description="XBau baugenehmigung.bescheid.0205", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 409, 503)
def decision(case_id: int) -> Response:
    """The decision as a validated 0205 message (once the decision PDF is issued)."""
    case = cases.get_case(case_id, api_actor())
    return Response(xbau_exchange.decision_xml(case), mimetype="application/xml")


@blp.route("/cases/<id:case_id>/xbau/completeness", methods=["GET"])
@blp.response(200, description="XBau baugenehmigung.formellePruefung.0201", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 503)
def completeness(case_id: int) -> Response:
    """The completeness check's result as a validated 0201 message."""
    case = cases.get_case(case_id, api_actor())
    return Response(xbau_exchange.completeness_xml(case), mimetype="application/xml")


@blp.route("/cases/<id:case_id>/xbau/fees", methods=["GET"])
@blp.response(200, description="XBau gebuehrenbescheid.1160", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 503)
def fees(case_id: int) -> Response:
    """The fee notice as a validated 1160 message."""
    case = cases.get_case(case_id, api_actor())
    return Response(xbau_exchange.fee_xml(case), mimetype="application/xml")
