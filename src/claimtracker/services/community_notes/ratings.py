"""Ratings: helpful / somewhat helpful / not helpful, tallied over all the ratings files of a
run, then set as the counts of each rated note (see the package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy import Column, Integer, MetaData, String, Table, func, or_, select, update

from claimtracker.importers.community_notes import Helpfulness
from claimtracker.models import CommunityNote

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

    from claimtracker.importers.community_notes import RatingRow
    from claimtracker.services.community_notes.run import Counts, Run

_NOTE = cast("Table", CommunityNote.__table__)

# Per-run tally of ratings. Temporary: private to the connection, gone with it, and created
# inside the run's transaction, so a failed run leaves no trace.
_TALLY = Table(
    "community_note_rating_tally",
    MetaData(),
    Column("note_id", String(32), primary_key=True),
    Column("helpful", Integer, nullable=False),
    Column("somewhat_helpful", Integer, nullable=False),
    Column("not_helpful", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)

_SLOT = {Helpfulness.HELPFUL: 0, Helpfulness.SOMEWHAT_HELPFUL: 1, Helpfulness.NOT_HELPFUL: 2}


class Tally:
    """The tally of one run's ratings, in a temporary table created with the first batch."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.ready = False

    def add(self, batch: list[RatingRow]) -> None:
        """Add a batch of ratings to the tally."""
        conn = self.run.conn
        if not self.ready:
            _TALLY.drop(conn, checkfirst=True)
            _TALLY.create(conn)
            self.ready = True
        tally: dict[str, list[int]] = {}
        for row in batch:
            # A rating without an answer still makes the note "rated in this run": its
            # counts are set from this run's files like every other rated note's.
            counts = tally.setdefault(row.note_id, [0, 0, 0])
            if row.level is not None:
                counts[_SLOT[row.level]] += 1
        rows = [
            {"note_id": note_id, "helpful": h, "somewhat_helpful": s, "not_helpful": n}
            for note_id, (h, s, n) in tally.items()
        ]
        conn.execute(_upsert(sqlite=self.run.sqlite), rows)

    def apply(self, counts: Counts) -> None:
        """Set the counts of every note rated in this run from the tally; drop the tally."""
        if not self.ready:
            return
        conn = self.run.conn
        note, tally = _NOTE.c, _TALLY.c
        rated = conn.scalar(select(func.count()).select_from(_TALLY)) or 0
        matched = (
            conn.scalar(
                select(func.count()).select_from(_TALLY).join(_NOTE, note.note_id == tally.note_id)
            )
            or 0
        )
        changed = conn.execute(
            update(_NOTE)
            .where(
                note.note_id == tally.note_id,
                or_(
                    note.helpful_count != tally.helpful,
                    note.somewhat_helpful_count != tally.somewhat_helpful,
                    note.not_helpful_count != tally.not_helpful,
                ),
            )
            .values(
                helpful_count=tally.helpful,
                somewhat_helpful_count=tally.somewhat_helpful,
                not_helpful_count=tally.not_helpful,
            )
        ).rowcount
        counts.updated += changed
        counts.unchanged += matched - changed
        counts.skipped += rated - matched
        _TALLY.drop(conn)
        self.ready = False


def _upsert(*, sqlite: bool) -> Insert:
    """An INSERT that adds a note's counts to those already tallied."""
    columns = _TALLY.c
    if sqlite:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(_TALLY)
        return lite.on_conflict_do_update(
            index_elements=[columns.note_id],
            set_={
                "helpful": columns.helpful + lite.excluded.helpful,
                "somewhat_helpful": columns.somewhat_helpful + lite.excluded.somewhat_helpful,
                "not_helpful": columns.not_helpful + lite.excluded.not_helpful,
            },
        )
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    pg = pg_insert(_TALLY)
    return pg.on_conflict_do_update(
        index_elements=[columns.note_id],
        set_={
            "helpful": columns.helpful + pg.excluded.helpful,
            "somewhat_helpful": columns.somewhat_helpful + pg.excluded.somewhat_helpful,
            "not_helpful": columns.not_helpful + pg.excluded.not_helpful,
        },
    )
