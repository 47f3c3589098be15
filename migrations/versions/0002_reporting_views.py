"""Reporting views: claim overview, review queue, verdicts by month, claimant record, rebuttal
map, review turnaround and evidence sources.

The SQL of each view is versioned text, one file per view and backend, in
``migrations/views/0002/<view>.<dialect>.sql`` (the body after ``CREATE VIEW <view> AS``).
These files are frozen with this revision: a later revision that changes a view adds its new
text under ``migrations/views/<revision>/`` and, to downgrade, recreates the view from the
folder of the revision that last defined it (Alembic's "replaceable objects" recipe, with the
versions kept as files rather than Python strings). See docs/reports.md for every column.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from claimtracker.db.sqlfiles import view_statement

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"

# Creation order; none of these views reads another, so any order works, and downgrade drops
# them in reverse to stay correct if one ever does.
VIEW_NAMES = (
    "claim_overview",
    "review_queue",
    "verdicts_by_month",
    "claimant_record",
    "rebuttal_map",
    "review_turnaround",
    "evidence_sources",
)


class ReplaceableView:
    """A view as defined at one revision: its name and the folder holding its SQL.

    A plain class, not a dataclass: Alembic loads revision files outside ``sys.modules``, where
    ``dataclasses`` cannot resolve postponed annotations.
    """

    def __init__(self, name: str, version: str) -> None:
        self.name = name
        self.version = version


VIEWS = tuple(ReplaceableView(name, revision) for name in VIEW_NAMES)


def create_view(view: ReplaceableView) -> None:
    """CREATE VIEW from the versioned SQL for the backend migrated."""
    dialect = op.get_bind().dialect.name
    op.execute(view_statement(VIEWS_DIR / view.version, view.name, dialect))


def drop_view(view: ReplaceableView) -> None:
    """DROP VIEW (a no-op when it is already gone)."""
    op.execute(f"DROP VIEW IF EXISTS {view.name}")


def upgrade() -> None:
    for view in VIEWS:
        create_view(view)


def downgrade() -> None:
    for view in reversed(VIEWS):
        drop_view(view)
