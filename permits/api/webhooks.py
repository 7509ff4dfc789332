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

DELIVERY = """Agency webhooks: the service POSTs events (`review_request.created`,
`review_request.deadline_reminder`) to a registered URL.

**Delivery is at least once.** Every delivery has a stable id, sent as `X-Permits-Delivery` and as `id` in
the body; a retry, or a resend after a worker crash between sending and recording the answer, carries the
same id, so receivers drop duplicates by it. A delivery counts as done when the receiver answers 2xx; any
other answer, a timeout or a refused address is a failed attempt, retried with exponential backoff (30 s,
1 min, 2 min, … at most 6 h) up to 10 attempts. Redirects (3xx) are not followed. The service waits
3 s for the connection and 10 s for the answer, and reads at most 64 KB of it.

**Headers:** `X-Permits-Event`, `X-Permits-Delivery`, `X-Permits-Timestamp` (Unix seconds) and
`X-Permits-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`; check the signature and
reject stale timestamps.

**Addresses:** only `https` URLs whose host resolves to public addresses are accepted (no loopback,
private, link-local, multicast or reserved ranges, IPv4 or IPv6); the address is checked again before
every delivery and the connection goes to the checked address. Removing a webhook cancels its pending
deliveries."""

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks", description=DELIVERY)


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
        """Register a URL (https, public address). Deliveries are POSTs signed with
        `X-Permits-Signature: sha256=HMAC(secret, "<X-Permits-Timestamp>.<body>")`, identified by
        `X-Permits-Delivery` (at least once: drop duplicates by it), retried with backoff until the
        receiver answers 2xx. A refused address is answered 422 with the reason under `errors.url`."""
        webhook, secret = webhooks.register_webhook(body["url"], api_actor())
        return {"id": webhook.id, "url": webhook.url, "created_at": webhook.created_at, "secret": secret}


@blp.route("/<id:webhook_id>", methods=["DELETE"])
@blp.response(204)
@problem_responses(blp, 401, 403, 404)
def delete(webhook_id: int) -> None:
    """Stop deliveries to this webhook; deliveries not yet made are cancelled."""
    webhooks.remove_webhook(webhook_id, api_actor())
