"""The partial indexes, which the migrations create and the models do not declare.

Declaring one on a model needs ``postgresql_where=``, and SQLAlchemy checks a dialect keyword
by importing that dialect with every driver module it knows: about 0.1–0.4 s added to every
command on SQLite, a fifth of importing the ORM (docs/performance.md). So they live in the
migrations only (0001, 0004, 0012 and 0013), Alembic's model comparison leaves them out
(``migrations/env.py``), and a test checks that each exists with its ``WHERE`` on both
backends.
"""

from __future__ import annotations

from typing import NamedTuple


class PartialIndex(NamedTuple):
    """Where a partial index is and which rows it covers."""

    table: str
    columns: tuple[str, ...]
    unique: bool
    where: str


PARTIAL_INDEXES: dict[str, PartialIndex] = {
    # At most one first appearance per claim.
    "uq_appearance_first_per_claim": PartialIndex("appearance", ("claim_id",), True, "is_first"),
    # A source cited as evidence without a quote or locator, once per claim and stance
    # (passages with a quote or a locator may be several; migration 0013). The Community
    # Notes import names it in ON CONFLICT.
    "uq_evidence_bare_citation": PartialIndex(
        "evidence", ("claim_id", "source_id", "stance"), True, "quote IS NULL AND locator IS NULL"
    ),
    # At most one default rating scale.
    "uq_rating_scale_default": PartialIndex("rating_scale", ("is_default",), True, "is_default"),
    # A published verdict is corrected by at most one published verdict.
    "uq_verdict_published_correction": PartialIndex(
        "verdict", ("supersedes_id",), True, "state = 'published'"
    ),
    # The review queue: open claims oldest first, and by last activity.
    "ix_claim_open_by_age": PartialIndex(
        "claim",
        ("created_at", "id"),
        False,
        "status IN ('new', 'in_review', 'pending_approval')",
    ),
    "ix_claim_open_by_activity": PartialIndex(
        "claim",
        ("updated_at",),
        False,
        "status IN ('new', 'in_review', 'pending_approval')",
    ),
    # The few retracted claims, for `claim list --retracted` (migration 0012).
    "ix_claim_retracted": PartialIndex(
        "claim", ("retracted_at",), False, "retracted_at IS NOT NULL"
    ),
}
