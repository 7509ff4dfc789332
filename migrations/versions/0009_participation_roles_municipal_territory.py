"""review_requests.role (beteiligungrolle: competent body, expert body, municipality);
authorities.participation_role, municipality_key and cadastral_districts (the municipality a plot lies in)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Requests opened before roles were stored: every body was asked as a competent body, the municipality
    # for its § 36 consent.
    with op.batch_alter_table("review_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=2), server_default="1", nullable=False))
    op.execute("UPDATE review_requests SET role = '3' WHERE kind = 'MUNICIPAL_CONSENT'")
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participation_role", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("municipality_key", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("cadastral_districts", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_authorities_municipality_key"), ["municipality_key"], unique=False)


def downgrade():
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorities_municipality_key"))
        batch_op.drop_column("cadastral_districts")
        batch_op.drop_column("municipality_key")
        batch_op.drop_column("participation_role")
    with op.batch_alter_table("review_requests", schema=None) as batch_op:
        batch_op.drop_column("role")
