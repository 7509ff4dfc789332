"""The `permits` console script: the Flask CLI of this app plus its own commands.

permits run | db upgrade | worker | seed-demo | users create | tokens create/revoke | layers ...
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from permits.errors import PermitsError

F = TypeVar("F", bound=Callable[..., Any])


def domain_errors(command: F) -> F:
    """Show domain errors as a short German message and exit 1, not as a traceback."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PermitsError as exc:
            details = "".join(
                f"\n  {field}: {', '.join(msgs)}" for field, msgs in (exc.details.get("errors") or {}).items()
            )
            raise click.ClickException(exc.message + details) from None

    return wrapped  # type: ignore[return-value]


@click.command("worker")
@click.option("--once", is_flag=True, help="Run one pass and exit.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes to run; each takes timers and jobs from the shared queue. Crashed ones restart.",
)
@with_appcontext
def worker_command(once: bool, concurrency: int) -> None:
    """Fire due timers and run queued jobs (document rendering, XBau, webhooks, e-mail)."""
    from permits import worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        click.echo(f"{worker.run_once(app, worker.worker_id())} items processed")
    elif concurrency > 1:
        from permits.cli.worker_pool import run_pool

        run_pool(concurrency)
    else:
        worker.run_forever(app)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create demo authorities, users and cases (idempotent) and print the demo logins."""
    from permits.demo import seed_demo

    for line in seed_demo():
        click.echo(line)


@click.group("users")
def users_group() -> None:
    """Manage user accounts."""


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["architect", "case_officer", "agency", "admin"]), required=True)
@click.option("--name", "display_name", required=True)
@click.option("--email")
@click.option("--authority", "authority_code", help="Code of the user's authority or agency.")
@click.password_option()
@with_appcontext
@domain_errors
def create_user_command(
    username: str, role: str, display_name: str, email: str | None, authority_code: str | None, password: str
) -> None:
    from permits.core.actors import Actor
    from permits.services.accounts import create_user

    user = create_user(
        username,
        role,
        display_name,
        password,
        Actor.system("cli"),
        email=email,
        authority_code=authority_code,
    )
    click.echo(f"created user {user.username} ({user.role.value})")


@click.group("tokens")
def tokens_group() -> None:
    """Manage API tokens."""


@tokens_group.command("create")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--user", "username", help="Token acts as this user.")
@click.option("--authority", "authority_code", help="Token acts for this agency.")
@click.option("--days", type=int, help="Valid for this many days (default: API_TOKEN_DAYS, 365).")
@with_appcontext
@domain_errors
def create_token_command(
    name: str, username: str | None, authority_code: str | None, days: int | None
) -> None:
    from permits.core.actors import Actor
    from permits.services.accounts import create_token

    token = create_token(
        name, Actor.system("cli"), username=username, authority_code=authority_code, days=days
    )
    click.echo(token)
    click.echo("Store this token now; it is not shown again.", err=True)


@tokens_group.command("revoke")
@click.argument("name_or_id")
@with_appcontext
@domain_errors
def revoke_token_command(name_or_id: str) -> None:
    """Revoke a token by its number or name; the API refuses it at once."""
    from permits.core.actors import Actor
    from permits.services.tokens import revoke_token

    token = revoke_token(name_or_id, Actor.system("cli"))
    click.echo(f"revoked token {token.id} ({token.name}, {token.prefix}…)")


def register_commands(app: Flask) -> None:
    from permits.cli.layers import layers_cli
    from permits.cli.serve import serve_command

    for command in (worker_command, serve_command, seed_demo_command, users_group, tokens_group, layers_cli):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from flask.cli import NoAppException

    from permits import ConfigurationError, create_app

    try:
        return create_app()
    except ConfigurationError as exc:
        # One clear line instead of a traceback; `permits --help` still lists the built-in commands.
        raise NoAppException(str(exc)) from None


def main() -> None:
    from permits.core import logs

    logs.configure(os.environ.get("PERMITS_LOG_FORMAT", "text"), os.environ.get("PERMITS_LOG_LEVEL", "INFO"))
    FlaskGroup(create_app=_create_app, help="permits: digital building-permit back office").main()
