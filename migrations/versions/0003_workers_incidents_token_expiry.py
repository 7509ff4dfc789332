"""worker heartbeats, job incidents (case, summary in words), API token expiry

Revision ID: 0003
Revises: 0002
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import permits.models.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Tokens issued before tokens expired get the default lifetime from the day of the upgrade.
DEFAULT_TOKEN_DAYS = 365


def upgrade():
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", permits.models.types.UTCDateTime(), nullable=False),
        sa.Column("last_heartbeat_at", permits.models.types.UTCDateTime(), nullable=False),
        sa.Column("stopping", sa.Boolean(), nullable=False),
        sa.Column("stopped_at", permits.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
        sa.UniqueConstraint("name", name=op.f("uq_workers_name")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_error_summary", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", permits.models.types.UTCDateTime(), nullable=True))
    tokens = sa.table("api_tokens", sa.column("expires_at", permits.models.types.UTCDateTime()))
    expires = datetime.now(UTC) + timedelta(days=DEFAULT_TOKEN_DAYS)
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None)).values(expires_at=expires))


def downgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_case_id"))
        batch_op.drop_column("case_id")
        batch_op.drop_column("last_error_summary")
    op.drop_table("workers")
