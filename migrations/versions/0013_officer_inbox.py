"""Officer inbox: users.is_team_lead, saved inbox views per user, indexes for the inbox and the case list

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa

import permits.models.types
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_team_lead", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "saved_inbox_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", permits.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_saved_inbox_views_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_inbox_views")),
        sa.UniqueConstraint("user_id", "name", name="uq_saved_inbox_views_user_name"),
    )
    with op.batch_alter_table("saved_inbox_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_inbox_views_user_id"), ["user_id"], unique=False)
    # Keyset paging walks these in order: the case list newest first, the inbox by received/due date.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_created_id", ["created_at", "id"], unique=False)
    with op.batch_alter_table("open_tasks", schema=None) as batch_op:
        batch_op.create_index("ix_open_tasks_created_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_open_tasks_due_id", ["due_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("open_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_open_tasks_due_id")
        batch_op.drop_index("ix_open_tasks_created_id")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_created_id")
    with op.batch_alter_table("saved_inbox_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_inbox_views_user_id"))
    op.drop_table("saved_inbox_views")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("is_team_lead")
