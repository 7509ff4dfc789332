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
from permits.models import XbauMessage
from permits.services import xbau_import, xbau_messages

blp = Blueprint("xbau", __name__, url_prefix="/api/v1", description="XBau 2.6 messages")


class RefusedXml(PermitsError):
    code = "xml_refused"
    title = "XML abgelehnt"


class MessageTooLarge(RefusedXml):
    status = 413
    code = "xml_too_large"


class ImportResultSchema(Schema):
    message = fields.String(required=True, metadata={"description": "0200, 0303 or 0305"})
    application_id = fields.String()
    case_id = fields.Integer(allow_none=True)
    review_request_id = fields.String()
    statement_id = fields.Integer()
    created = fields.Boolean()
    extension_requested = fields.Boolean(
        metadata={"description": "0305: passed to the case officer as a request for more time"}
    )


def _body() -> tuple[bytes, dict[str, bytes]]:
    """The message and the files sent with it: as application/xml the message alone; as multipart/form-data
    the part `message` and one file part per `anlage`, named by its dateiname (or dokumentid)."""
    if request.mimetype == "multipart/form-data":
        message = request.files.get("message")
        if message is None:
            raise RefusedXml("Bitte die XBau-Nachricht im Teil „message“ senden.")
        files = {
            upload.filename: upload.read()
            for name, upload in request.files.items(multi=True)
            if name != "message" and upload.filename
        }
        return message.read(), files
    if request.mimetype not in ("application/xml", "text/xml"):
        raise RefusedXml("Bitte die Nachricht als application/xml senden.")
    return request.get_data(cache=False), {}


@blp.route("/xbau/messages", methods=["POST"])
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "application/xml": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"message": {"type": "string", "format": "binary"}},
                    "additionalProperties": {"type": "string", "format": "binary"},
                    "required": ["message"],
                }
            },
        },
    }
)
@blp.response(201, ImportResultSchema)
@problem_responses(blp, 400, 401, 403, 404, 413, 422, 503)
def receive() -> Any:
    """Receive `baugenehmigung.antrag.0200` (opens a case), `beteiligung.stellungnahme.0303` or
    `beteiligung.zwischennachricht.0305` (an agency answers or asks for more time)."""
    actor = api_actor()
    try:
        data, files = _body()
        return xbau_import.import_message(data, actor, files)
    except xbau.XmlTooLarge as exc:
        raise MessageTooLarge(exc.message) from None
    except (xbau.HostileXml, xbau.MalformedXml) as exc:
        raise RefusedXml(exc.message) from None


def _xml(message: XbauMessage) -> Response:
    return Response(xbau_messages.served(message), mimetype="application/xml")


@blp.route("/cases/<id:case_id>/xbau/status", methods=["GET"])
@blp.response(200, description="XBau statusFuerAntragsportal.1170", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 422, 503)
def portal_status(case_id: int) -> Response:
    """The 1170 for the case's current status, as sent (every status change sends one)."""
    return _xml(xbau_messages.portal_status(case_id, api_actor()))


@blp.route("/cases/<id:case_id>/xbau/decision", methods=["GET"])
@blp.response(200, description="XBau baugenehmigung.bescheid.0205", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 409, 422, 503)
def decision(case_id: int) -> Response:
    """The 0205 sent with the decision; the decision PDF carries the same bytes as its XBau twin."""
    return _xml(xbau_messages.decision(case_id, api_actor()))


@blp.route("/cases/<id:case_id>/xbau/completeness", methods=["GET"])
@blp.response(200, description="XBau baugenehmigung.formellePruefung.0201", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 422, 503)
def completeness(case_id: int) -> Response:
    """The 0201 with the completeness check's latest result."""
    return _xml(xbau_messages.completeness(case_id, api_actor()))


@blp.route("/cases/<id:case_id>/xbau/fees", methods=["GET"])
@blp.response(200, description="XBau gebuehrenbescheid.1160", content_type="application/xml")
@problem_responses(blp, 401, 403, 404, 422, 503)
def fees(case_id: int) -> Response:
    """The 1160 sent with the fee notice."""
    return _xml(xbau_messages.fee_notice(case_id, api_actor()))


class MessageSummarySchema(Schema):
    id = fields.Integer(required=True)
    message_type = fields.String(required=True, metadata={"description": "XBau message code, e.g. 0205"})
    direction = fields.String(required=True, metadata={"description": "inbound | outbound"})
    created_at = fields.DateTime(required=True)
    subject = fields.String(allow_none=True, metadata={"description": "what an outgoing message is about"})
    message_uuid = fields.String(required=True, metadata={"description": "nachrichtenUUID"})
    author = fields.String(allow_none=True, metadata={"description": "DVDV address of the sender"})
    reader = fields.String(allow_none=True, metadata={"description": "DVDV address of the recipient"})
    valid = fields.Boolean(required=True, metadata={"description": "valid against the XBau 2.6 XSD"})


@blp.route("/cases/<id:case_id>/xbau/messages", methods=["GET"])
@blp.response(200, MessageSummarySchema(many=True))
@problem_responses(blp, 401, 403, 404)
def messages(case_id: int) -> Any:
    """Every XBau message of the case, received and sent, oldest first (case officers and admins)."""
    return xbau_messages.message_log(case_id, api_actor())


@blp.route("/cases/<id:case_id>/xbau/messages/<id:message_id>", methods=["GET"])
@blp.response(200, description="The message as received or sent", content_type="application/xml")
@problem_responses(blp, 401, 403, 404)
def message(case_id: int, message_id: int) -> Response:
    """One message of the case's log, byte for byte (also a schema-invalid one, to inspect it)."""
    return Response(xbau_messages.message(case_id, message_id, api_actor()).xml, mimetype="application/xml")
