"""Provenance of imported reviews: their origin, unknown dates, the publisher's own numbers.

What another fact-checker published stays theirs and stays as they gave it:

* ``verdict.origin`` tells a verdict reviewed here (``workflow``) from one imported; reports of
  our own reviewing (review turnaround) count only the first. Verdicts imported before this
  revision are found by their ``verdict.imported`` events.
* A review published without a date is stored without one: ``verdict.published_at`` may be
  NULL for an imported verdict (``ck_verdict_dated_unless_imported``), and
  ``verdict.published_precision`` says how much of the date the publisher gave (a day for
  "2023-01-25"). Before this revision the import stored the time of the import instead; those
  verdicts are found (``published_at`` within two seconds of ``created_at``, which only that
  fallback produced) and their date set back to unknown. Other imported dates at exactly
  midnight UTC were given as days; our own verdicts' dates are instants.
* ``verdict.original_rating`` keeps the publisher's wording on every imported verdict (it was
  left empty when it equalled the label's name: that name is filled in, which is exactly what
  was read), and ``original_value`` / ``original_best`` / ``original_worst`` the numbers of the
  publisher's scale.
* ``entity.url`` and ``entity.same_as`` (a JSON array) keep who an organisation says it is.
* ``claim.language_inferred`` marks a language read off the script of the text.

The report summaries (0006) move to this revision's files (``migrations/views/0008/``): the
month of an undated verdict is ``unknown``, imported verdicts have no turnaround, and the
current verdict is the newest dated one. ``claim_overview`` gains the current verdict's
precision, origin, publisher and review page.

SQLite cannot alter a CHECK constraint in place, and rebuilding ``verdict`` would cascade the
deletion of its approvals and evidence (DROP TABLE deletes its rows first while foreign keys
are on). The new CHECK is looser than the old one (every existing row satisfies it), so the
table's stored definition is rewritten instead, the procedure SQLite documents for removing
CHECK constraints ("ALTER TABLE", section 7), inside this revision's transaction.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from alembic import op

from claimtracker.db.sqlfiles import read_versioned, split_statements, view_statement

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"
PREVIOUS_SUMMARIES = "0006"
PARTS = ("tables", "functions", "fill", "triggers")
# Every view, with the revision that holds its current text; all read the summaries.
VIEWS = {
    "claim_overview": "0008",
    "review_queue": "0006",
    "verdicts_by_month": "0006",
    "claimant_record": "0006",
    "rebuttal_map": "0007",
    "review_turnaround": "0006",
    "evidence_sources": "0006",
}
PREVIOUS_VIEWS = {**VIEWS, "claim_overview": "0006"}

NEW_CHECKS = (
    ("ck_verdict_published_at_set", "state = 'published' OR published_at IS NULL"),
    (
        "ck_verdict_dated_unless_imported",
        "state <> 'published' OR published_at IS NOT NULL OR origin = 'imported'",
    ),
    ("ck_verdict_published_precision", "(published_at IS NULL) = (published_precision IS NULL)"),
)
PRECISIONS = "'instant', 'day', 'month', 'year'"
OLD_CONDITION = "(state = 'published') = (published_at IS NOT NULL)"
COLUMNS = {
    "verdict": [
        "origin VARCHAR(8) NOT NULL DEFAULT 'workflow'",
        "published_precision VARCHAR(7)",
        "original_value FLOAT",
        "original_best FLOAT",
        "original_worst FLOAT",
    ],
    "entity": ["url VARCHAR(2048)", "same_as TEXT"],
    "claim": ["language_inferred BOOLEAN NOT NULL DEFAULT FALSE"],
}
VALUE_CHECKS = {
    "ck_verdict_verdict_origin": "origin IN ('workflow', 'imported')",
    "ck_verdict_published_precision_value": f"published_precision IN ({PRECISIONS})",
}


def _dialect() -> str:
    dialect = op.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise RuntimeError(f"no migration for the {dialect} backend")
    return dialect


def _folder_names(folder: str, kind: str, dialect: str) -> list[tuple[str, str]]:
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
    for name, table in _folder_names(folder, "TRIGGER", dialect):
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if dialect != "sqlite" else "")
        )
    for name, _ in _folder_names(folder, "FUNCTION", dialect):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    for name, _ in reversed(_folder_names(folder, "TABLE", dialect)):
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


def _add_columns(dialect: str) -> None:
    for table, definitions in COLUMNS.items():
        for definition in definitions:
            check = ""
            name = definition.split()[0]
            for constraint, condition in VALUE_CHECKS.items():
                if dialect == "sqlite" and condition.startswith(name + " "):
                    # SQLite takes a CHECK only with the column it constrains.
                    check = f" CONSTRAINT {constraint} CHECK ({condition})"
            definition = definition.replace("FALSE", "0" if dialect == "sqlite" else "false")
            op.execute(f"ALTER TABLE {table} ADD COLUMN {definition}{check}")
    if dialect == "postgresql":
        for constraint, condition in VALUE_CHECKS.items():
            op.execute(f"ALTER TABLE verdict ADD CONSTRAINT {constraint} CHECK ({condition})")


def _backfill_origin_and_wording() -> None:
    """Which verdicts were imported, their wording, and every published date's precision."""
    bind = op.get_bind()
    bind.exec_driver_sql(
        "UPDATE verdict SET origin = 'imported' WHERE id IN "
        "(SELECT record_id FROM event WHERE action = 'verdict.imported' "
        "AND record_type = 'verdict' AND record_id IS NOT NULL)"
    )
    bind.exec_driver_sql(
        "UPDATE verdict SET original_rating = "
        "(SELECT l.name FROM rating_label AS l WHERE l.id = verdict.label_id) "
        "WHERE origin = 'imported' AND original_rating IS NULL"
    )
    if bind.dialect.name == "sqlite":
        midnight = "strftime('%H:%M:%f', published_at) = '00:00:00.000'"
    else:
        midnight = (
            "published_at = date_trunc('day', published_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
        )
    bind.exec_driver_sql(
        "UPDATE verdict SET published_precision = CASE "
        f"WHEN origin = 'imported' AND {midnight} THEN 'day' ELSE 'instant' END "
        "WHERE published_at IS NOT NULL"
    )


def _forget_import_times() -> None:
    """The dates that earlier imports filled in with the time of the import become unknown.

    That fallback stamped the verdict in the same instant the row was created; a review's own
    date never falls within two seconds of its import.
    """
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fallback = "abs(julianday(published_at) - julianday(created_at)) * 86400 < 2"
    else:
        fallback = "abs(EXTRACT(EPOCH FROM published_at - created_at)) < 2"
    bind.exec_driver_sql(
        "UPDATE verdict SET published_at = NULL, published_precision = NULL "
        f"WHERE origin = 'imported' AND {fallback}"
    )


def _replace_checks_sqlite() -> None:
    bind = op.get_bind()
    stored = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'verdict'"
    ).scalar_one()
    old = f"CONSTRAINT ck_verdict_published_at_set CHECK ({OLD_CONDITION})"
    if old not in stored:
        raise RuntimeError("verdict's CHECK constraints are not those of revision 0001")
    new = ", \n\t".join(f"CONSTRAINT {name} CHECK ({condition})" for name, condition in NEW_CHECKS)
    _rewrite_sqlite_table("verdict", stored.replace(old, new))


def _restore_checks_sqlite() -> None:
    """Revision 0007's CHECK on ``verdict``, and no constraint on the columns to drop.

    SQLite's DROP COLUMN refuses a column that a CHECK names; a batch rebuild of the table
    would delete every approval and evidence link through ON DELETE CASCADE. The stored
    definition is rewritten as on the way up; the columns are then dropped one by one.
    """
    bind = op.get_bind()
    stored = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'verdict'"
    ).scalar_one()
    new = ", \n\t".join(f"CONSTRAINT {name} CHECK ({condition})" for name, condition in NEW_CHECKS)
    if new not in stored:
        raise RuntimeError("verdict's CHECK constraints are not those of revision 0008")
    restored = stored.replace(
        new, f"CONSTRAINT ck_verdict_published_at_set CHECK ({OLD_CONDITION})"
    )
    for constraint, condition in VALUE_CHECKS.items():
        restored = restored.replace(f" CONSTRAINT {constraint} CHECK ({condition})", "")
    _rewrite_sqlite_table("verdict", restored)


def _rewrite_sqlite_table(table: str, sql: str) -> None:
    """Store ``sql`` as ``table``'s definition: for changes of CHECK constraints only, which
    leave the stored rows as they are (SQLite's "ALTER TABLE", section 7)."""
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table)
    )
    # Every connection reads the schema again, with the new constraints.
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    # The rewritten text must parse, and every row must hold under it.
    problems = [row[0] for row in bind.exec_driver_sql(f"PRAGMA integrity_check({table})")]
    if problems != ["ok"]:
        raise RuntimeError(f"{table} after its CHECK constraints changed: {problems[:3]}")


def upgrade() -> None:
    dialect = _dialect()
    _drop_summaries(PREVIOUS_SUMMARIES, dialect)
    _add_columns(dialect)
    _backfill_origin_and_wording()
    if dialect == "sqlite":
        _replace_checks_sqlite()
    else:
        op.execute("ALTER TABLE verdict DROP CONSTRAINT ck_verdict_published_at_set")
        for name, condition in NEW_CHECKS:
            op.execute(f"ALTER TABLE verdict ADD CONSTRAINT {name} CHECK ({condition})")
    _forget_import_times()
    _create_summaries(revision, VIEWS, dialect)


def downgrade() -> None:
    dialect = _dialect()
    bind = op.get_bind()
    undated = bind.exec_driver_sql(
        "SELECT count(*) FROM verdict WHERE state = 'published' AND published_at IS NULL"
    ).scalar_one()
    if undated:
        # Revision 0007 cannot store them without inventing a date: refuse rather than guess.
        raise RuntimeError(
            f"{undated} published verdicts have no date (reviews imported without one), which "
            "revision 0007 cannot hold; downgrading would have to invent their dates"
        )
    _drop_summaries(revision, dialect)
    if dialect == "sqlite":
        _restore_checks_sqlite()
    else:
        for name in (*(n for n, _ in NEW_CHECKS), *VALUE_CHECKS):
            op.execute(f"ALTER TABLE verdict DROP CONSTRAINT {name}")
        op.execute(
            f"ALTER TABLE verdict ADD CONSTRAINT ck_verdict_published_at_set CHECK ({OLD_CONDITION})"
        )
    # Plain DROP COLUMN, not a batch rebuild: see _restore_checks_sqlite.
    for table, definitions in COLUMNS.items():
        for definition in reversed(definitions):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {definition.split()[0]}")
    _create_summaries(PREVIOUS_SUMMARIES, PREVIOUS_VIEWS, dialect)
