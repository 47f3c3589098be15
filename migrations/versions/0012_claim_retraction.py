"""Retracted claims: a claim captured by mistake is hidden, and kept.

``claim retract`` sets three columns of ``claim``: ``retracted_at``, ``retracted_by`` and
``retraction_reason``, all or none of them (``ck_claim_retraction``); ``claim restore`` clears
them. Columns rather than a table of retractions: a claim is retracted or not, once at a
time, and every listing, search and report asks that of the claim row it already reads, so a
column predicate keeps their plans (no join, no anti-join); the history of retractions and
restorations, with who and why, is the audit log's (``claim.retracted`` / ``claim.restored``).
The partial index ``ix_claim_retracted`` holds the few retracted claims, for
``claim list --retracted``.

The report summaries (0006, 0008) move to this revision's files (``migrations/views/0012/``):
a retracted claim has no rows there (its counts leave by their deltas), nothing recomputes
them while it is retracted, and restoring it computes them again; a retracted claim's
rebuttals are not counted. ``claim_overview``, ``review_queue`` and ``rebuttal_map``, which
read the claim table, leave retracted claims out. The summaries are filled again from the
tables, as 0008 did.

Both backends take the columns with a plain ``ALTER TABLE … ADD COLUMN`` (SQLite: the CHECK
rides on the last column, which SQLite allows), not a batch rebuild: rebuilding ``claim``
would delete its appearances, evidence, tags and links through ON DELETE CASCADE. The
downgrade refuses while a claim is retracted (revision 0010 would show it everywhere again);
restore such claims first.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from alembic import op

from claimtracker.db.sqlfiles import read_versioned, split_statements, view_statement

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"
PREVIOUS_SUMMARIES = "0008"
PARTS = ("tables", "functions", "fill", "triggers")
# Every view, with the revision that holds its text at this revision and at the one before.
VIEWS = {
    "claim_overview": "0012",
    "review_queue": "0012",
    "verdicts_by_month": "0006",
    "claimant_record": "0006",
    "rebuttal_map": "0012",
    "review_turnaround": "0006",
    "evidence_sources": "0006",
}
PREVIOUS_VIEWS = {
    **VIEWS,
    "claim_overview": "0008",
    "review_queue": "0006",
    "rebuttal_map": "0007",
}

CHECK = "ck_claim_retraction"
CONDITION = (
    "(retracted_at IS NULL) = (retracted_by IS NULL) "
    "AND (retracted_at IS NULL) = (retraction_reason IS NULL)"
)
COLUMNS = {
    "sqlite": ("retracted_at DATETIME", "retracted_by VARCHAR(100)", "retraction_reason TEXT"),
    "postgresql": (
        "retracted_at TIMESTAMP WITH TIME ZONE",
        "retracted_by VARCHAR(100)",
        "retraction_reason TEXT",
    ),
}
INDEX = "ix_claim_retracted"
INDEX_WHERE = "retracted_at IS NOT NULL"


def _dialect() -> str:
    dialect = op.get_bind().dialect.name
    if dialect not in COLUMNS:
        raise RuntimeError(f"no migration for the {dialect} backend")
    return dialect


def _created(folder: str, kind: str, dialect: str) -> list[tuple[str, str]]:
    """(name, table) of every TRIGGER, or (name, '') of every TABLE or FUNCTION, that the
    summary files of ``folder`` create for ``dialect``."""
    found: list[tuple[str, str]] = []
    for part in PARTS:
        sql = read_versioned(VIEWS_DIR / folder, part, dialect) or ""
        if kind == "TRIGGER":
            found += re.findall(r"^CREATE TRIGGER (\w+)\s.*?\bON (\w+)", sql, flags=re.M | re.S)
        else:
            found += [(name, "") for name in re.findall(rf"^CREATE {kind} (\w+)", sql, re.M)]
    return found


def _drop_summaries(folder: str, dialect: str) -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name, table in _created(folder, "TRIGGER", dialect):
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if dialect != "sqlite" else "")
        )
    for name, _ in _created(folder, "FUNCTION", dialect):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    for name, _ in reversed(_created(folder, "TABLE", dialect)):
        op.execute(f"DROP TABLE IF EXISTS {name}")


def _create_summaries(folder: str, views: dict[str, str], dialect: str) -> None:
    bind = op.get_bind()
    for part in PARTS:
        sql = read_versioned(VIEWS_DIR / folder, part, dialect)
        for statement in split_statements(sql or "", dialect):
            # Straight to the driver: no bind-parameter parsing of ':' or '%' in the SQL text.
            bind.exec_driver_sql(statement)
    for name, version in views.items():
        op.execute(view_statement(VIEWS_DIR / version, name, dialect))


def upgrade() -> None:
    dialect = _dialect()
    _drop_summaries(PREVIOUS_SUMMARIES, dialect)
    *first, last = COLUMNS[dialect]
    for definition in first:
        op.execute(f"ALTER TABLE claim ADD COLUMN {definition}")
    if dialect == "sqlite":
        # SQLite takes a CHECK only with a column; it may name the columns added before it.
        op.execute(f"ALTER TABLE claim ADD COLUMN {last} CONSTRAINT {CHECK} CHECK ({CONDITION})")
    else:
        op.execute(f"ALTER TABLE claim ADD COLUMN {last}")
        op.execute(f"ALTER TABLE claim ADD CONSTRAINT {CHECK} CHECK ({CONDITION})")
    op.execute(f"CREATE INDEX {INDEX} ON claim (retracted_at) WHERE {INDEX_WHERE}")
    _create_summaries(revision, VIEWS, dialect)


def downgrade() -> None:
    dialect = _dialect()
    retracted = (
        op.get_bind()
        .exec_driver_sql("SELECT count(*) FROM claim WHERE retracted_at IS NOT NULL")
        .scalar_one()
    )
    if retracted:
        # Revision 0010 cannot hide them: every listing and report would show them again.
        raise RuntimeError(
            f"{retracted} claims are retracted, which revision 0010 cannot hold; restore them "
            "first (claim restore ID…)"
        )
    _drop_summaries(revision, dialect)
    op.execute(f"DROP INDEX {INDEX}")
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE claim DROP CONSTRAINT {CHECK}")
    # Plain DROP COLUMN, not a batch rebuild (see the docstring); on SQLite the column that
    # carries the CHECK goes first, and the CHECK with it.
    for definition in reversed(COLUMNS[dialect]):
        op.execute(f"ALTER TABLE claim DROP COLUMN {definition.split()[0]}")
    _create_summaries(PREVIOUS_SUMMARIES, PREVIOUS_VIEWS, dialect)
