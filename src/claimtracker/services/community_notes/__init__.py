"""Apply Community Notes public data to the database: posts, notes, statuses and ratings.

``importers.community_notes`` reads the files; this package turns their rows into the tool's
records, in the caller's transaction (it flushes, never commits: one run is one unit of work,
so a failure or ``strict`` stop leaves nothing behind). :func:`import_files` is the way in;
the work is shared out as follows:

* ``run``: the run itself (its connection and actor, bad rows rejected or fatal, batches,
  progress, :class:`Counts` and the audit event);
* ``notes``: notes files (posts, claims, appearances, links, evidence; known notes updated);
* ``statuses``: noteStatusHistory files; ``ratings``: ratings files (the tally);
* ``rows``: the new sources, claims and appearances those write, in driver form.

How a note is recorded
    * The noted **post** becomes a source (kind ``social_post``, URL
      ``https://x.com/i/status/<tweetId>``, published at the time its snowflake id encodes) and
      a claim appearing in it. The public files never contain the post's text, so that claim
      is a placeholder, ``Post <tweetId> on X``, of kind ``other`` (it cannot be rated until a
      person writes down what the post says; they can edit it). If a claim already appears in
      that source (captured by hand from the same URL, with the real text), the notes are
      linked to it instead (the earliest, if several).
    * Each **note** becomes a claim whose claimant is the collective entity "Community Notes
      contributors" (created on first use), kind ``factual``, claimed at the note's creation
      time, appearing (with its text as the quote) in a source of kind ``community_note`` at
      ``https://x.com/i/birdwatch/n/<noteId>``. The few notes published without text get
      the placeholder ``Community Note <noteId> (published without text)`` and no quote.
    * Both claims start in review status ``new``, like any captured claim (so they appear in
      the review queue); their language is unknown (the files do not say).
    * The note's claim is linked to the post's claim: **rebuts** when the note classifies the
      post MISINFORMED_OR_POTENTIALLY_MISLEADING, **supports** when NOT_MISLEADING.
    * Every URL in the note's text becomes a source used as **evidence on the post's claim**
      (evidence is about the claim it checks): stance ``refutes`` for a misleading note,
      ``supports`` otherwise. Links to posts are stored as the post's canonical URL, so a note
      citing a noted post reaches that post's source. Evidence is only ever added.
    * The ``community_note`` row keeps the note id, post id, author participant id,
      classification, ticked reasons (comma-separated column names) and creation time.

Statuses (noteStatusHistory)
    Each row gives the note's first and most recent "decided" statuses and its current one.
    Every (status, time) pair not yet known is added to ``community_note_status``, so earlier
    statuses stay as history; the current status on ``community_note`` follows the file unless
    the file's status is dated before the one stored (an older file imported late). An empty
    status says nothing and changes nothing. Rows about notes not in the database are counted
    as skipped: import the notes file first, or in the same run (files are applied notes, then
    statuses, then ratings, whatever order they are given in).

Ratings
    Helpful / somewhat helpful / not helpful counts are tallied over *all the ratings files of
    one run* (``helpfulnessLevel``, or the older ``helpful``/``notHelpful`` pair) and then
    *replace* the counts of each rated note, which is what makes a re-import idempotent. Give
    every ratings file of a download in the same run. The tally lives in a temporary table,
    so memory does not grow with the number of ratings or notes.

Counts
    ``inserted``/``updated``/``unchanged`` count notes: for statuses, ``inserted`` is a note's
    first status and ``updated`` a new current status or history entry; for ratings they count
    the notes whose tallies changed or not. ``rejected`` counts bad rows, ``skipped`` rows or
    notes about notes that are not in the database. Re-importing the same files reports
    everything unchanged and writes nothing.

The audit log
    A run that changed something records **one** event, ``import.community_notes`` (record
    type ``import``), with the files and the counts. Notes are not logged one by one: a full
    download has over a million notes, and an event per note would make the import (each event
    is hash-chained to the previous one) and the log unusable. Creating the "Community Notes
    contributors" entity the first time is logged as usual (``entity.created``). A run that
    changed nothing records nothing, so a re-import really changes nothing.

Speed and memory
    Rows are applied in batches of :data:`BATCH_SIZE`, each table's rows in one bulk write
    (``db.bulk``: ``COPY`` on PostgreSQL, one executemany ``INSERT`` on SQLite; the ORM is only
    used for the rare note whose text or classification changed). Ids of new claims and
    sources are reserved per batch (``nextval`` on PostgreSQL, the table's maximum under the
    write lock on SQLite) so no ``RETURNING`` round trip is needed. Values are built in driver
    form and passed to the driver as they are (see ``run.Run.insert``), and on SQLite each
    batch's search documents are indexed by one ``INSERT … SELECT`` into the FTS5 table
    instead of a trigger per row (see ``db.fulltext.insert_documents``). Only one batch is
    held in memory; existing notes, sources and claims are looked up per batch. Search
    documents are built as ``search.build_document`` builds them, with the same
    ``text.fold`` (``rows.search_document``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from claimtracker.db import summaries
from claimtracker.importers.community_notes import FileKind
from claimtracker.models import Claim
from claimtracker.services.community_notes.notes import (
    CONTRIBUTORS,
    EVIDENCE_STANCES,
    LINK_TYPES,
    Notes,
    note_claim_text,
    post_claim_text,
)
from claimtracker.services.community_notes.ratings import Tally
from claimtracker.services.community_notes.rows import search_document
from claimtracker.services.community_notes.run import (
    BATCH_SIZE,
    EVENT_ACTION,
    Counts,
    ImportResult,
    Run,
    batches,
    progress,
    record_event,
)
from claimtracker.services.community_notes.statuses import apply_statuses

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from claimtracker.importers.community_notes import BadRow, DataFile

__all__ = [
    "BATCH_SIZE",
    "BYTES_PER_NOTE",
    "CONTRIBUTORS",
    "EVENT_ACTION",
    "EVIDENCE_STANCES",
    "LINK_TYPES",
    "Counts",
    "ImportResult",
    "import_files",
    "is_bulk",
    "note_claim_text",
    "post_claim_text",
    "search_document",
]


def import_files(
    session: Session,
    files: Sequence[DataFile],
    *,
    actor: str,
    strict: bool = False,
    on_rejected: Callable[[BadRow], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Apply ``files`` (opened with ``importers.community_notes.open_file``) to the database.

    Notes files are applied first, then noteStatusHistory, then ratings. A bad row is passed
    to ``on_rejected`` and skipped, or with ``strict`` raises :class:`InvalidInput` naming
    ``FILE:LINE`` (the caller then rolls back: rows before it were already flushed).
    ``on_progress`` is told how many more bytes of input were consumed after each batch.
    """
    run = Run(session, actor=actor, strict=strict, on_rejected=on_rejected)
    result = ImportResult(files=list(files))
    # A run that brings as many claims as the database holds (a first import, a full
    # download) keeps the report summaries once at the end instead of row by row.
    bulk = is_bulk(run.conn, files) and summaries.suspend(run.conn)
    _apply(run, files, result, on_progress, batch_size)
    if bulk:
        # A run that changed nothing (a re-import) wrote nothing the summaries count.
        summaries.refill(run.conn, recompute=result.changed)
    return record_event(session, result, files, actor=actor, strict=strict)


# Bytes of a notes file per note, measured on the public 2021 notes file (1,799,800 bytes,
# 4,880 notes): with two claims per note at most (the post's and the note's), the size of the
# notes files bounds the claims a run adds.
BYTES_PER_NOTE = 370


def is_bulk(connection: Connection, files: Sequence[DataFile]) -> bool:
    """Whether a run may add at least as many claims as the database already has."""
    notes = sum(f.size for f in files if f.kind is FileKind.NOTES) // BYTES_PER_NOTE
    if notes == 0:
        return False
    claims = connection.execute(select(func.count()).select_from(Claim)).scalar_one()
    return 2 * notes >= claims


def _apply(
    run: Run,
    files: Sequence[DataFile],
    result: ImportResult,
    on_progress: Callable[[int], None] | None,
    batch_size: int,
) -> None:
    """Apply each file, notes first, then statuses, then ratings (their tally last)."""
    notes, tally = Notes(run), Tally(run)
    order = list(FileKind)
    for file in sorted(files, key=lambda f: order.index(f.kind)):
        counts = result.counts[file.kind]
        done = 0
        if file.kind is FileKind.NOTES:
            for note_batch in batches(run.screened(file.note_rows(), counts), batch_size):
                notes.apply(file, note_batch, counts)
                done = progress(file, done, on_progress)
        elif file.kind is FileKind.STATUS:
            for statuses in batches(run.screened(file.status_rows(), counts), batch_size):
                apply_statuses(run, statuses, counts)
                done = progress(file, done, on_progress)
        else:
            for ratings in batches(
                run.screened(file.rating_rows(), counts), batch_size, distinct=False
            ):
                tally.add(ratings)
                done = progress(file, done, on_progress)
        progress(file, done, on_progress)
    if any(f.kind is FileKind.RATINGS for f in files):
        tally.apply(result.counts[FileKind.RATINGS])
