"""Copying one database into another, record for record, ids kept, without a file.

The two halves of a transfer joined by a generator: the records of one consistent snapshot of
the source (:mod:`.dump`) go straight to the loader of a restore (:mod:`.restore`) on the
target. :func:`copy_database` is the whole job behind `claim db copy`: the target opened,
given the schema if it is empty, and written in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from claimtracker.db.base import Base
from claimtracker.db.engine import WRITE_OPTION, make_engine
from claimtracker.db.errors import translate
from claimtracker.db.schema import mismatch_error
from claimtracker.errors import Conflict, InvalidInput, SchemaMismatch, TargetNotEmpty
from claimtracker.services import database
from claimtracker.transfer.dump import connection_of, iter_records, schema_revision, snapshot
from claimtracker.transfer.restore import RestoreReport, load_records, occupied_tables

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from claimtracker.db.url import DatabaseTarget
    from claimtracker.transfer.dump import Row


def copy(
    source: Connection | Session, target: Connection | Session, *, replace: bool = False
) -> RestoreReport:
    """Copy every record of ``source`` into ``target``, streamed, ids kept.

    Both databases must be at the same schema revision; the target must be empty unless
    ``replace`` is given. Runs in the target's transaction (the caller commits); read the
    source in one transaction too (:func:`~claimtracker.transfer.dump.snapshot`) for a
    consistent copy.
    """
    source_revision, target_revision = schema_revision(source), schema_revision(target)
    if source_revision != target_revision:
        raise SchemaMismatch(
            f"the source is at schema revision {source_revision}, the target at "
            f"{target_revision}: upgrade the older one first"
        )

    def error(_line: int, table: str, row: Row, reason: str) -> Exception:
        keys = [c.name for c in Base.metadata.tables[table].primary_key.columns]
        where = ", ".join(f"{k}={row.get(k)!r}" for k in keys)
        return InvalidInput(f"cannot copy {table} row {where}: {reason}")

    source_records = iter_records(source)
    try:
        records = ((0, table, row) for table, row in source_records)
        return load_records(
            connection_of(target), records, error=error, convert=False, replace=replace
        )
    finally:
        source_records.close()


def _prepare(engine: Engine, target: DatabaseTarget, on_created: Callable[[], None]) -> None:
    """Give an empty target the schema; refuse one at another revision than this code's."""
    state = database.schema_state(engine)
    if state.is_empty:
        database.upgrade(engine, target)
        on_created()
    elif not state.is_current:
        raise mismatch_error(state, target)


def copy_database(
    source_engine: Engine,
    *,
    source: DatabaseTarget,
    target: DatabaseTarget,
    replace: bool = False,
    on_schema_created: Callable[[], None] = lambda: None,
) -> RestoreReport:
    """Copy the database ``source`` (open as ``source_engine``) into ``target``.

    An empty target is given the schema first, then ``on_schema_created`` is called; a target
    at another revision is refused, and so is one that holds data unless ``replace`` is given
    (its data is deleted first). The copy reads one consistent state of the source and is one
    transaction on the target. Database errors are reported as errors of the target, its
    password hidden.
    """
    if target.url == source.url:
        raise Conflict(f"cannot copy {target.display} into itself")
    engine = make_engine(target)
    try:
        _prepare(engine, target, on_schema_created)
        bind = engine.execution_options(**{WRITE_OPTION: True})
        with snapshot(source_engine) as reading, bind.begin() as writing:
            if not replace:
                occupied = occupied_tables(writing)
                if occupied:
                    raise TargetNotEmpty(target.display, occupied)
            return copy(reading, writing, replace=replace)
    except SQLAlchemyError as exc:
        raise translate(exc, target.display) from None
    finally:
        engine.dispose()


__all__ = ["copy", "copy_database"]
