"""Report summaries: the reporting views read counts kept by triggers instead of aggregating.

At a million claims the views of 0002 took 3 to 28 seconds each on SQLite and PostgreSQL:
`claimant_record`, `verdicts_by_month`, `review_turnaround` and `evidence_sources` read every
claim, verdict or piece of evidence, and `claim_overview` ran ten correlated subqueries per
claim. This revision adds tables derived from the data (``report_*``) and triggers that keep
them current on every write, then rewrites six views to read them. The views keep their names,
columns and rows (docs/reports.md); only their SQL changes.

* ``report_claim``: one row per claim with its current verdict, first appearance, counts and
  approvers (claim_overview, rebuttal_map, and the inputs of the counts below);
* ``report_verdict``: one row per published verdict with its month, reviewer and seconds from
  capture to publication;
* ``report_evidence``: one row per claim and (publisher, source kind, stance) of its evidence;
* ``report_claimant_count``, ``report_month_count``, ``report_turnaround_count`` and
  ``report_evidence_count``: the counts that claimant_record, verdicts_by_month,
  review_turnaround and evidence_sources show, a row per claimant, month and rating, month and
  reviewer, and group.

The SQL is versioned text in ``migrations/views/0006/``: ``tables``, ``functions``
(PostgreSQL), ``fill`` (computes the tables once from the data, before the triggers exist) and
``triggers``, one file per backend, run statement by statement in that order; and the new text
of each changed view. Downgrade drops all of it and recreates the views of 0002 from
``migrations/views/0002/``. ``review_queue`` reads no summary: on PostgreSQL its last event and
proposed verdict became LATERAL lookups (a join on a ``max()`` subquery made the planner hash
the whole verdict table); its SQLite text is unchanged.

The cost moves to writes: every change to a claim, verdict, approval, appearance, piece of
evidence or rebuttal link recomputes that claim's derived rows (a few index lookups) and adjusts
the counts. The derived tables have no models; ``migrations/env.py`` keeps them out of model
comparison, and the dump leaves them out (a restore rebuilds them through the triggers).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from alembic import op

from claimtracker.db.sqlfiles import read_versioned, split_statements, view_statement

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"
DIALECTS = ("sqlite", "postgresql")
# The views this revision rewrites, and the revision whose text they go back to on downgrade.
CHANGED_VIEWS = (
    "claim_overview",
    "review_queue",
    "verdicts_by_month",
    "claimant_record",
    "rebuttal_map",
    "review_turnaround",
    "evidence_sources",
)
PREVIOUS_VIEWS = "0002"
# Run in this order; "functions" exists for PostgreSQL only (SQLite has no stored functions).
PARTS = ("tables", "functions", "fill", "triggers")


def _dialect() -> str:
    dialect = op.get_bind().dialect.name
    if dialect not in DIALECTS:
        raise RuntimeError(f"no report summaries for the {dialect} backend")
    return dialect


def _read(folder: str, name: str, dialect: str) -> str | None:
    return read_versioned(VIEWS_DIR / folder, name, dialect)


def _run(name: str, dialect: str) -> None:
    sql = _read(revision, name, dialect)
    if sql is None:
        return
    bind = op.get_bind()
    for statement in split_statements(sql, dialect):
        # Straight to the driver: no bind-parameter parsing of ':' or '%' in the SQL text.
        bind.exec_driver_sql(statement)


def _create_views(folder: str, dialect: str) -> None:
    for view in CHANGED_VIEWS:
        op.execute(view_statement(VIEWS_DIR / folder, view, dialect))


def _drop_views() -> None:
    for view in reversed(CHANGED_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {view}")


def _names(kind: str, dialect: str) -> list[tuple[str, str]]:
    """(name, table) of every TRIGGER, or (name, '') of every TABLE or FUNCTION, created by
    this revision's files for ``dialect``: downgrade drops exactly what upgrade created."""
    found: list[tuple[str, str]] = []
    for part in PARTS:
        sql = _read(revision, part, dialect) or ""
        if kind == "TRIGGER":
            pattern = r"^CREATE TRIGGER (\w+)\s.*?\bON (\w+)"
            found += re.findall(pattern, sql, flags=re.M | re.S)
        else:
            found += [(name, "") for name in re.findall(rf"^CREATE {kind} (\w+)", sql, re.M)]
    return found


def upgrade() -> None:
    dialect = _dialect()
    _drop_views()
    for part in PARTS:
        _run(part, dialect)
    _create_views(revision, dialect)


def downgrade() -> None:
    dialect = _dialect()
    _drop_views()
    for name, table in _names("TRIGGER", dialect):
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if dialect != "sqlite" else "")
        )
    for name, _ in _names("FUNCTION", dialect):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    for name, _ in reversed(_names("TABLE", dialect)):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    _create_views(PREVIOUS_VIEWS, dialect)
