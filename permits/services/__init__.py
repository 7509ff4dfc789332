"""Use cases, one function per verb, each one transaction. Pages and the API call these."""

from __future__ import annotations

from flask import Flask

from permits.services.runtime import Runtime


def init_app(app: Flask) -> None:
    import permits.documents
    import permits.services.webhooks  # noqa: F401  (registers the deliver_webhook job)

    app.extensions["permits"] = Runtime.from_app(app)
