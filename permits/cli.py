"""The `permits` console script: the Flask CLI of this app plus its own commands."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    pass


def _create_app() -> Flask:
    from permits import create_app

    return create_app()


def main() -> None:
    FlaskGroup(create_app=_create_app, help="permits: digital building-permit back office").main()
