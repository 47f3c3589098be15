"""The rebuttal map in the order of an index: its first rows without sorting every link.

`claim report rebuttal-map` shows the answering links ordered by the claim answered, the link
type and the responding claim. The view took those ids from the joined claims, and neither
backend could see that this is the order of any index: both read and sorted all 60,000
answering links (at a million claims) to show the first thousand, 0.8 s on SQLite.

This revision replaces the index on ``claim_link (to_claim_id)`` by one on ``(to_claim_id,
link_type, from_claim_id)`` (the same lookups by answered claim, plus the order) and rewrites
the view to take ``claim_id``, ``responding_claim_id`` and ``appears_in_source_id`` from the
link and the appearance, which hold the same values (inner join, and the source's id is the
appearance's ``source_id``). Names, columns and rows of the view are unchanged.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from claimtracker.db.sqlfiles import view_statement

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"
VIEW = "rebuttal_map"
OLD_INDEX = "ix_claim_link_to_claim_id"
NEW_INDEX = "ix_claim_link_to_claim_id_link_type_from_claim_id"


def _create_view(folder: str) -> None:
    # This revision's text is the same on both backends: one file, without a dialect suffix.
    op.execute(f"DROP VIEW IF EXISTS {VIEW}")
    op.execute(view_statement(VIEWS_DIR / folder, VIEW, op.get_bind().dialect.name))


def upgrade() -> None:
    op.create_index(NEW_INDEX, "claim_link", ["to_claim_id", "link_type", "from_claim_id"])
    op.drop_index(OLD_INDEX, table_name="claim_link")
    _create_view(revision)


def downgrade() -> None:
    op.create_index(OLD_INDEX, "claim_link", ["to_claim_id"])
    op.drop_index(NEW_INDEX, table_name="claim_link")
    _create_view("0006")
