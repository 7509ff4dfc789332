"""Server-rendered pages (German)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from permits.web import pages

    app.register_blueprint(pages.bp)
