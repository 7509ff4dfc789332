"""application_documents from XBau 0200: links, announced (wirdNachgereicht) and not yet received files
have no content; each keeps its XBau title, date, version and dokumentid

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("application_documents", schema=None) as batch_op:
        batch_op.alter_column("size", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("dated", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("link_url", sa.String(length=2000), nullable=True))
        # Documents stored before were all uploaded files: none of them is announced for later.
        batch_op.add_column(sa.Column("deferred", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("xbau_document_id", sa.String(length=200), nullable=True))
    with op.batch_alter_table("application_documents", schema=None) as batch_op:
        batch_op.alter_column("deferred", server_default=None)


def downgrade():
    # Documents without a file (links, announced ones) cannot live in the old table.
    op.execute("DELETE FROM application_documents WHERE content IS NULL")
    with op.batch_alter_table("application_documents", schema=None) as batch_op:
        batch_op.drop_column("xbau_document_id")
        batch_op.drop_column("deferred")
        batch_op.drop_column("link_url")
        batch_op.drop_column("version")
        batch_op.drop_column("dated")
        batch_op.drop_column("title")
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("size", existing_type=sa.Integer(), nullable=False)
