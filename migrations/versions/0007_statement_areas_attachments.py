"""statements.areas (one verdict per legal area of an XBau 0303) and statements.notes (hinweise);
statement_attachments (the documents sent with a statement)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # Statements stored before have no areas: their overall verdict stands alone.
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("areas", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
    op.create_table(
        "statement_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("legal_area", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("attachment_type", sa.String(length=10), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("dated", sa.Date(), nullable=True),
        sa.Column("document_id", sa.String(length=200), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("statement_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_attachments_statement_id"), ["statement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("statement_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_attachments_statement_id"))
    op.drop_table("statement_attachments")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_column("notes")
        batch_op.drop_column("areas")
