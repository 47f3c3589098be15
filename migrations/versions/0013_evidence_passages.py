"""Evidence passages: several quotes of one source for one claim, each with its locator.

A claim is often checked against two passages of the same report (a figure on p. 12, its
method in §3.2). Until this revision ``evidence`` held at most one row per claim, source and
stance (``uq_evidence_claim_id_source_id_stance``). Now:

* that unique constraint is gone; ``evidence.locator`` (nullable) says where in the source a
  passage is: "p. 12", "§3.2", "#training-costs", "line 40";
* a *bare* citation (no quote, no locator) stays unique per claim, source and stance: the
  partial unique index ``uq_evidence_bare_citation`` (see ``claimtracker.db.partial``). The
  Community Notes import skips the evidence it already holds with ``ON CONFLICT`` on it, as it
  did on the old constraint, so importing the same files twice still adds nothing;
* ``ix_evidence_claim_id_source_id`` serves what the constraint's index served: a claim's
  evidence (the dossier, the report triggers) and the check for an exact repeat.

SQLite cannot drop a UNIQUE constraint: the table is rebuilt, keeping its ids, its indexes
and its triggers (read back from ``sqlite_master``). Not with a batch rebuild: dropping
``evidence`` deletes its rows first while foreign keys are on, and ``verdict_evidence``
refers to them. Foreign-key checks are deferred to the end of the transaction instead, and
the rows are put back under the same ids before it ends, so every reference holds again;
the table is never renamed, so no trigger or reference is rewritten.

Downgrade refuses while a claim holds two passages of one source with one stance (revision
0010 cannot hold them; which one to drop is not a migration's choice); the locators are
dropped.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_UNIQUE = "uq_evidence_claim_id_source_id_stance"
OLD_UNIQUE_SQL = f"CONSTRAINT {OLD_UNIQUE} UNIQUE (claim_id, source_id, stance)"
BY_CLAIM = "ix_evidence_claim_id_source_id"
BARE = "uq_evidence_bare_citation"
# The same text as claimtracker.db.partial's entry: the import names it in ON CONFLICT.
BARE_WHERE = "quote IS NULL AND locator IS NULL"
LOCATOR_LENGTH = 200


def _dialect() -> str:
    dialect = op.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise RuntimeError(f"no migration for the {dialect} backend")
    return dialect


def _rebuild_sqlite(new_definition: str) -> None:
    """Give ``evidence`` the table definition ``new_definition`` (the same columns, other
    constraints): its rows, ids, indexes and triggers kept."""
    bind = op.get_bind()
    attached = [
        sql
        for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'evidence' "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
        )
    ]
    columns = ", ".join(row[1] for row in bind.exec_driver_sql("PRAGMA table_info(evidence)"))
    before = bind.exec_driver_sql("SELECT count(*) FROM evidence").scalar_one()
    # Checked at COMMIT: by then the rows verdict_evidence refers to are back.
    bind.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    bind.exec_driver_sql(f"CREATE TEMP TABLE evidence_0013 AS SELECT {columns} FROM evidence")
    # The triggers go with the table, before its rows are deleted: no summary is touched.
    bind.exec_driver_sql("DROP TABLE evidence")
    bind.exec_driver_sql(new_definition)
    bind.exec_driver_sql(
        f"INSERT INTO evidence ({columns}) SELECT {columns} FROM temp.evidence_0013 ORDER BY id"
    )
    bind.exec_driver_sql("DROP TABLE temp.evidence_0013")
    for sql in attached:
        bind.exec_driver_sql(sql)
    after = bind.exec_driver_sql("SELECT count(*) FROM evidence").scalar_one()
    if after != before:
        raise RuntimeError(f"evidence rebuilt with {after} rows instead of {before}")


def _stored_definition() -> str:
    stored: str = (
        op.get_bind()
        .exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'evidence'")
        .scalar_one()
    )
    return stored


def _upgrade_sqlite() -> None:
    op.execute(f"ALTER TABLE evidence ADD COLUMN locator VARCHAR({LOCATOR_LENGTH})")
    stored = _stored_definition()
    clause = f", \n\t{OLD_UNIQUE_SQL}"
    if clause not in stored:
        raise RuntimeError(f"evidence has not the constraint {OLD_UNIQUE} of revision 0001")
    _rebuild_sqlite(stored.replace(clause, ""))


def upgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        _upgrade_sqlite()
    else:
        op.execute(f"ALTER TABLE evidence ADD COLUMN locator VARCHAR({LOCATOR_LENGTH})")
        op.execute(f"ALTER TABLE evidence DROP CONSTRAINT {OLD_UNIQUE}")
    op.execute(f"CREATE INDEX {BY_CLAIM} ON evidence (claim_id, source_id)")
    op.execute(
        f"CREATE UNIQUE INDEX {BARE} ON evidence (claim_id, source_id, stance) WHERE {BARE_WHERE}"
    )


def downgrade() -> None:
    dialect = _dialect()
    bind = op.get_bind()
    repeated = bind.exec_driver_sql(
        "SELECT count(*) FROM (SELECT claim_id FROM evidence "
        "GROUP BY claim_id, source_id, stance HAVING count(*) > 1) AS passages"
    ).scalar_one()
    if repeated:
        raise RuntimeError(
            f"{repeated} claims hold several passages of one source with one stance, which "
            "revision 0010 cannot hold: remove the extra ones first (claim evidence remove)"
        )
    op.execute(f"DROP INDEX {BARE}")
    op.execute(f"DROP INDEX {BY_CLAIM}")
    if dialect == "sqlite":
        op.execute("ALTER TABLE evidence DROP COLUMN locator")
        stored = _stored_definition()
        marker = ", \n\tCONSTRAINT pk_evidence PRIMARY KEY (id)"
        if marker not in stored:
            raise RuntimeError("evidence has not the primary key of revision 0001")
        _rebuild_sqlite(stored.replace(marker, f"{marker}, \n\t{OLD_UNIQUE_SQL}"))
    else:
        op.execute(
            f"ALTER TABLE evidence ADD CONSTRAINT {OLD_UNIQUE} UNIQUE (claim_id, source_id, stance)"
        )
        op.execute("ALTER TABLE evidence DROP COLUMN locator")
