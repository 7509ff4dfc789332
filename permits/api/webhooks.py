"""Agencies register webhooks for new review requests and deadline reminders."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from permits.api.auth import api_actor
from permits.api.schemas.common import problem_responses
from permits.core import outbox
from permits.services import webhooks

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks", description="Agency webhooks")


class WebhookInputSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=8, max=500))


class WebhookSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    events = fields.Function(lambda _w: list(outbox.EVENTS), required=True)


class WebhookCreatedSchema(WebhookSchema):
    secret = fields.String(required=True, metadata={"description": "HMAC-SHA256 key; shown only once"})


@blp.route("")
class WebhookList(MethodView):
    @blp.response(200, WebhookSchema(many=True))
    @problem_responses(blp, 401, 403)
    def get(self) -> Any:
        """The caller's active webhooks."""
        return webhooks.webhooks_of(api_actor())

    @blp.arguments(WebhookInputSchema)
    @blp.response(201, WebhookCreatedSchema)
    @problem_responses(blp, 401, 403, 422)
    def post(self, body: dict[str, Any]) -> Any:
        """Register a URL. Deliveries are POSTs signed with `X-Permits-Signature: sha256=HMAC(secret,
        "<X-Permits-Timestamp>.<body>")`, retried with backoff until the receiver answers 2xx."""
        webhook, secret = webhooks.register_webhook(body["url"], api_actor())
        return {"id": webhook.id, "url": webhook.url, "created_at": webhook.created_at, "secret": secret}


@blp.route("/<id:webhook_id>", methods=["DELETE"])
@blp.response(204)
@problem_responses(blp, 401, 403, 404)
def delete(webhook_id: int) -> None:
    """Stop deliveries to this webhook."""
    webhooks.remove_webhook(webhook_id, api_actor())
