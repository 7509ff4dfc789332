"""xbau_messages: every XBau message received or sent, byte for byte

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xbau_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.Enum("INBOUND", "OUTBOUND", name="messagedirection", native_enum=False, length=16), nullable=False),
        sa.Column("message_type", sa.String(length=4), nullable=False),
        sa.Column("message_uuid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("review_request_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=100), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("reader", sa.String(length=100), nullable=True),
        sa.Column("portal_reference", sa.String(length=100), nullable=True),
        sa.Column("is_test", sa.Boolean(), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("validation_errors", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_xbau_messages_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["review_request_id"],
            ["review_requests.id"],
            name=op.f("fk_xbau_messages_review_request_id_review_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xbau_messages")),
    )
    op.create_index("ix_xbau_messages_case", "xbau_messages", ["case_id", "id"], unique=False)
    op.create_index("ix_xbau_messages_subject", "xbau_messages", ["case_id", "message_type", "subject"], unique=False)
    op.create_index(
        op.f("ix_xbau_messages_review_request_id"), "xbau_messages", ["review_request_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_xbau_messages_review_request_id"), table_name="xbau_messages")
    op.drop_index("ix_xbau_messages_subject", table_name="xbau_messages")
    op.drop_index("ix_xbau_messages_case", table_name="xbau_messages")
    op.drop_table("xbau_messages")
