"""outgoing_mails: the transactional e-mail outbox (sent by the worker's send_mail job);
account_tokens (one-time links to confirm a registration or set a new password);
users.chamber_number and users.federal_state of self-registered architects;
deadline_reminders (an applicant reminded once per task and deadline)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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

    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("new_email", sa.String(length=200), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_tokens_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chamber_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("federal_state", sa.String(length=2), nullable=True))
    op.create_table(
        "deadline_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id", "due_at", name="uq_deadline_reminders_task_due"),
    )
    with op.batch_alter_table("deadline_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_reminders_case_id"), ["case_id"], unique=False)


def downgrade():
    with op.batch_alter_table("deadline_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_reminders_case_id"))
    op.drop_table("deadline_reminders")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("federal_state")
        batch_op.drop_column("chamber_number")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_tokens_user_id"))
    op.drop_table("account_tokens")
    with op.batch_alter_table("outgoing_mails", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_mails_status_created_at")
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_case_id"))
    op.drop_table("outgoing_mails")
