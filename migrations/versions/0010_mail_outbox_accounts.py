"""outgoing_mails: the transactional e-mail outbox (sent by the worker's send_mail job)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outgoing_mails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outgoing_mails_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_outgoing_mails_status_created_at", ["status", "created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outgoing_mails", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_mails_status_created_at")
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_case_id"))
    op.drop_table("outgoing_mails")
