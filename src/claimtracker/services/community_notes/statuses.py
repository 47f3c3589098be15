"""Statuses (noteStatusHistory): new statuses go into a note's history, and its current status
moves forward, never back (see the package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import bindparam, select, update

from claimtracker.db import bulk
from claimtracker.models import CommunityNote, CommunityNoteStatus

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Table
    from sqlalchemy.engine import Row

    from claimtracker.importers.community_notes import StatusRow
    from claimtracker.services.community_notes.run import Counts, Run

_NOTE = cast("Table", CommunityNote.__table__)
_STATUS = cast("Table", CommunityNoteStatus.__table__)


def apply_statuses(run: Run, batch: list[StatusRow], counts: Counts) -> None:
    """Record new statuses in the history and move current statuses forward."""
    conn = run.conn
    known = {
        row.note_id: row
        for row in conn.execute(
            select(
                _NOTE.c.id, _NOTE.c.note_id, _NOTE.c.current_status, _NOTE.c.status_changed_at
            ).where(bulk.among(conn, _NOTE.c.note_id, [row.note_id for row in batch]))
        )
    }
    held: set[tuple[int, str, datetime | None]] = set()
    if known:
        held.update(
            conn.execute(
                select(_STATUS.c.community_note_id, _STATUS.c.status, _STATUS.c.changed_at).where(
                    bulk.among(conn, _STATUS.c.community_note_id, [n.id for n in known.values()])
                )
            )
        )
    run.stamp()
    history: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    for row in batch:
        note = known.get(row.note_id)
        if note is None:
            counts.skipped += 1
            continue
        added = False
        for status, changed_at in row.history():
            # The unique constraint cannot catch a repeated status without a time (NULLs
            # are distinct), so the history is compared here.
            if (note.id, status, changed_at) not in held:
                held.add((note.id, status, changed_at))
                history.append(
                    {
                        "community_note_id": note.id,
                        "status": status,
                        "changed_at": run.when(changed_at),
                        "recorded_at": run.now,
                    }
                )
                added = True
        moved = _moves_forward(row, note)
        if moved:
            moves.append({"b_id": note.id, "b_status": row.current, "b_at": row.current_at})
        if moved and note.current_status is None:
            counts.inserted += 1
        elif moved or added:
            counts.updated += 1
        else:
            counts.unchanged += 1
    run.insert(_STATUS, history)
    if moves:
        conn.execute(
            update(_NOTE)
            .where(_NOTE.c.id == bindparam("b_id"))
            .values(current_status=bindparam("b_status"), status_changed_at=bindparam("b_at")),
            moves,
        )


def _moves_forward(row: StatusRow, note: Row[*tuple[Any, ...]]) -> bool:
    """Whether ``row`` gives ``note`` a new current status: an empty one says nothing, and one
    dated before the stored one is from an older file imported late."""
    return (
        row.current is not None
        and (row.current, row.current_at) != (note.current_status, note.status_changed_at)
        and not (
            row.current_at is not None
            and note.status_changed_at is not None
            and row.current_at < note.status_changed_at
        )
    )
