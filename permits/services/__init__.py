"""Use cases, one function per verb, each one transaction. Pages, the API and the CLI call these."""

from __future__ import annotations

from flask import Flask

from permits.core import runtime


def init_app(app: Flask) -> None:
    import permits.core.mail
    import permits.documents
    import permits.services.webhooks  # noqa: F401  (registers the deliver_webhook job)

    runtime.init_app(app)
