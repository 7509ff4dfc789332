"""open_tasks.version (race-free claims), audit index on task_id (409 for completed tasks), statements.
idempotency_hash (an Idempotency-Key is bound to its body); webhook deliveries may now be `cancelled` (the
status is a plain string column, so that needs no change here)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("open_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    # Not in batch mode: a rebuilt audit_entries table would lose its append-only triggers on SQLite.
    op.create_index("ix_audit_entries_task_id", "audit_entries", ["task_id"], unique=False)
    # Statements stored before have no hash: their keys replay whatever body comes with them, as before.
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_hash", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_column("idempotency_hash")
    op.drop_index("ix_audit_entries_task_id", table_name="audit_entries")
    with op.batch_alter_table("open_tasks", schema=None) as batch_op:
        batch_op.drop_column("version")
