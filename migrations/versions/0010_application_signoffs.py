"""application_signoffs: the Bauherr's joint sign-off (Freizeichnung) of a draft application

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from permits.models.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "application_signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_signoffs_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_signoffs")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_application_signoffs_token_hash")),
    )
    with op.batch_alter_table("application_signoffs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_signoffs_application_id"), ["application_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("application_signoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_signoffs_application_id"))
    op.drop_table("application_signoffs")
