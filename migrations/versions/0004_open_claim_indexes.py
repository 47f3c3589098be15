"""Partial indexes over open claims for the review queue.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

The queue reads open claims (about a tenth of all claims) oldest first, or by last activity
for --stale. A full (status, created_at) index makes the database merge three ranges and sort
them; these partial indexes hold only open claims, already in queue order, so the first page
is the first 50 index entries. Their WHERE text must match the queue's filter word for word
(SQLite uses a partial index only then): see claimtracker.services.queue.OPEN_FILTER.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_FILTER = "status IN ('new', 'in_review', 'pending_approval')"


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claim_open_by_age",
            ["created_at", "id"],
            unique=False,
            sqlite_where=sa.text(OPEN_FILTER),
            postgresql_where=sa.text(OPEN_FILTER),
        )
        batch_op.create_index(
            "ix_claim_open_by_activity",
            ["updated_at"],
            unique=False,
            sqlite_where=sa.text(OPEN_FILTER),
            postgresql_where=sa.text(OPEN_FILTER),
        )


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_open_by_activity")
        batch_op.drop_index("ix_claim_open_by_age")
