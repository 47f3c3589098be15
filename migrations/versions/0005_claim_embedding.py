"""Claim embeddings for the optional semantic matcher.

One row per claim and model: the claim's sentence-embedding vector (float32, little-endian, as
bytes, so both backends store it alike with no extension to install) and the SHA-256 of the
text it was computed from, which tells a stale vector from a current one. Filled by `claim add`
when the semantic matcher is on, and by `claim db embed`; derived data, so a dump leaves it out.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_embedding",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_embedding_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "model", name=op.f("pk_claim_embedding")),
    )
    with op.batch_alter_table("claim_embedding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_embedding_model_created_at"), ["model", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_embedding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_embedding_model_created_at"))
    op.drop_table("claim_embedding")
