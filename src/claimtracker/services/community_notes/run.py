"""One Community Notes import run: its connection and actor, what bad rows do, its batches,
its progress reports, its counts and its one audit event (see the package's docstring)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from claimtracker.db import bulk
from claimtracker.db.base import utcnow
from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes import (
    BadRow,
    DataFile,
    FileKind,
    NoteRow,
    RatingRow,
    StatusRow,
)
from claimtracker.services import events

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from datetime import datetime

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

BATCH_SIZE = 5_000
"""Rows applied per batch: large enough to amortise each statement, small enough to keep
memory flat and ``IN`` lists well under SQLite's limit on bound parameters."""

EVENT_ACTION = EventAction.IMPORT_COMMUNITY_NOTES

_R = TypeVar("_R", NoteRow, StatusRow, RatingRow)


@dataclass
class Counts:
    """What a run did with the rows of one kind of file (see the package's docstring)."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0

    def add(self, other: Counts) -> None:
        """Add ``other`` into these counts."""
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        """Stable snake_case keys, for the event payload and JSON output."""
        return asdict(self)


@dataclass
class ImportResult:
    """The outcome of one run: counts per kind of file, and the event recorded (if any)."""

    files: list[DataFile]
    counts: dict[FileKind, Counts] = field(
        default_factory=lambda: {kind: Counts() for kind in FileKind}
    )
    event_id: int | None = None

    @property
    def total(self) -> Counts:
        """The counts of every kind added up."""
        total = Counts()
        for counts in self.counts.values():
            total.add(counts)
        return total

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return any(c.inserted or c.updated for c in self.counts.values())


class Run:
    """One import: the connection, who acts, what bad rows do, the time of the current batch.

    Rows for bulk inserts are built in driver form (see :meth:`insert`): enums as their
    values, datetimes through :attr:`when`, and each batch's timestamp converted once
    (:meth:`stamp`).
    """

    def __init__(
        self,
        session: Session,
        *,
        actor: str,
        strict: bool,
        on_rejected: Callable[[BadRow], None] | None,
    ) -> None:
        self.session = session
        # The session's own connection: Core statements run in the same transaction as the
        # ORM work (the contributors entity, the event).
        self.conn: Connection = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"
        self.actor = actor
        self.strict = strict
        self.on_rejected = on_rejected
        self.now: Any = None
        # An aware datetime in driver form (db.bulk.driver_time): bound once, as it is called
        # for every time a row holds (over 100,000 calls per 20,000 notes).
        self.when: Callable[[datetime | None], datetime | str | None] = partial(
            bulk.driver_time, self.conn
        )

    def reject(self, bad: BadRow, counts: Counts) -> None:
        """Stop the run (strict) or report and count a bad row."""
        if self.strict:
            raise InvalidInput(str(bad))
        counts.rejected += 1
        if self.on_rejected is not None:
            self.on_rejected(bad)

    def screened(self, rows: Iterator[_R | BadRow], counts: Counts) -> Iterator[_R]:
        """The good rows; bad ones go to :meth:`reject`."""
        for row in rows:
            counts.rows += 1
            if isinstance(row, BadRow):
                self.reject(row, counts)
            else:
                yield row

    def stamp(self) -> None:
        """Start a batch: ``self.now`` is the time recorded on what it creates."""
        self.now = self.when(utcnow())

    def insert(
        self,
        table: Table,
        rows: list[dict[str, Any]],
        conflict: Sequence[str] = (),
        conflict_where: str | None = None,
    ) -> None:
        """Insert ``rows`` (all with the same keys, values in driver form) into ``table`` with
        the bulk writer; with ``conflict`` (the columns of a unique constraint, or of a
        partial unique index with its predicate ``conflict_where``), rows that exist are
        skipped.

        Measured on 100,000 notes: the models' types, which convert every value in Python
        (``UTCDateTime``, enums checked by value), cost an eighth of the import's time, and
        SQLAlchemy's per-row processing of untyped parameters a further seventh (55 s of CPU
        against 48 s): hence values built in driver form.
        """
        bulk.insert_dicts(
            self.conn, table.name, rows, skip_existing=conflict, skip_where=conflict_where
        )


def batches(rows: Iterable[_R], size: int, *, distinct: bool = True) -> Iterator[list[_R]]:
    """Lists of at most ``size`` rows; with ``distinct``, never the same note twice.

    A note repeated within a batch starts a new batch, so the second copy is compared with
    what the first one wrote rather than inserted twice.
    """
    batch: list[_R] = []
    seen: set[str] = set()
    for row in rows:
        if len(batch) >= size or (distinct and row.note_id in seen):
            yield batch
            batch, seen = [], set()
        batch.append(row)
        if distinct:
            seen.add(row.note_id)
    if batch:
        yield batch


def progress(file: DataFile, done: int, on_progress: Callable[[int], None] | None) -> int:
    """Tell ``on_progress`` how many bytes of ``file`` were read since ``done``; the new mark."""
    if on_progress is not None and file.bytes_read > done:
        on_progress(file.bytes_read - done)
    return max(done, file.bytes_read)


def record_event(
    session: Session, result: ImportResult, files: Sequence[DataFile], *, actor: str, strict: bool
) -> ImportResult:
    """The run's one audit event, when it changed something."""
    if result.changed:
        event = events.record(
            session,
            actor=actor,
            action=EVENT_ACTION,
            record_type=RecordType.IMPORT,
            record_id=None,
            payload={
                "files": [{"name": f.name, "kind": str(f.kind)} for f in files],
                "counts": {str(kind): c.as_dict() for kind, c in result.counts.items()},
                "strict": strict,
            },
        )
        result.event_id = event.id
    return result
