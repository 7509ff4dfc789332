"""The console commands of the README."""

from __future__ import annotations

from sqlalchemy import func, select

from permits import demo
from permits.cli import create_token_command, create_user_command, seed_demo_command, worker_command
from permits.codelists import ReviewStatus
from permits.extensions import db
from permits.models import ApiToken, Case, OpenTask, ReviewRequest, User
from permits.services.accounts import hash_token


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(seed_demo_command)
    second = runner.invoke(seed_demo_command)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "sachbearbeitung" in second.output and "demo-passwort" in second.output
    # the demo people and one architect who registered herself and has not confirmed yet
    assert db.session.scalar(select(func.count()).select_from(User)) == len(demo.USERS) + 1
    assert db.session.scalar(select(func.count()).select_from(User).filter_by(active=False)) == 1
    first_cases = select(Case.status).where(Case.title.not_in([c[0] for c in demo.WORKSPACE_CASES]))
    statuses = sorted(str(status) for status in db.session.scalars(first_cases))
    # received, documents requested, participation (two waiting for agencies, one answered by all of them),
    # at the decision desk
    assert statuses == ["08", "08", "09", "09", "14", "14", "14", "17"]
    answered = db.session.scalars(select(ReviewRequest).filter_by(status=ReviewStatus.ANSWERED)).all()
    # the agency workspace's answered case and the decision desk's case, each answered by both agencies
    assert sorted(r.authority.code for r in answered if r.case.title not in _workspace_titles()) == [
        "fire",
        "fire",
        "monument",
        "monument",
    ]
    # The officers' workspace cases, once, spread over officers (one of them held by the team lead).
    assert db.session.scalar(select(func.count()).select_from(Case)) == 8 + len(demo.WORKSPACE_CASES)
    lead = db.session.scalars(select(User).filter_by(username="teamleitung")).one()
    assert lead.is_team_lead and db.session.scalars(select(OpenTask).filter_by(assignee_id=lead.id)).first()


def _workspace_titles() -> list[str]:
    return [c[0] for c in demo.WORKSPACE_CASES]


def test_users_create_and_tokens_create(app, people):
    runner = app.test_cli_runner()
    result = runner.invoke(
        create_user_command,
        [
            "mueller",
            "--role",
            "case_officer",
            "--name",
            "Maria Müller",
            "--authority",
            "bab-hannover",
            "--password",
            "geheim123",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(create_token_command, ["--name", "Fachverfahren", "--authority", "fire"])
    assert result.exit_code == 0, result.output
    token = result.output.splitlines()[0]
    stored = db.session.scalars(select(ApiToken)).one()
    assert (
        token.startswith("pmt_") and stored.token_hash == hash_token(token) and token not in stored.token_hash
    )


def test_users_create_refuses_a_short_password(app, people):
    result = app.test_cli_runner().invoke(
        create_user_command, ["kurz", "--role", "architect", "--name", "K", "--password", "123"]
    )
    assert result.exit_code == 1
    assert "Passwort zu kurz." in result.output and "password: Mindestens 8 Zeichen." in result.output


def test_worker_once_runs_a_pass(app, people):
    result = app.test_cli_runner().invoke(worker_command, ["--once"])
    assert result.exit_code == 0 and "0 items processed" in result.output


def test_help_and_commands_name_a_missing_secret_key_in_one_line(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("PERMITS_")}
    env["PERMITS_DATABASE_URL"] = f"sqlite:///{tmp_path}/cli.db"
    script = Path(sys.executable).parent / "permits"
    for args in (["--help"], ["tokens", "create", "--name", "x", "--authority", "fire"]):
        result = subprocess.run([str(script), *args], env=env, capture_output=True, text=True, timeout=60)
        assert "Traceback" not in result.stderr
        assert "PERMITS_SECRET_KEY is not set" in result.stderr
    help_text = subprocess.run([str(script), "--help"], env=env, capture_output=True, text=True, timeout=60)
    assert help_text.returncode == 0 and "Usage: permits" in help_text.stdout
