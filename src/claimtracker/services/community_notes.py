"""Apply Community Notes public data to the database: posts, notes, statuses and ratings.

``importers.community_notes`` reads the files; this module turns their rows into the tool's
records, in the caller's transaction (it flushes, never commits: one run is one unit of work,
so a failure or ``strict`` stop leaves nothing behind).

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
    Rows are applied in batches of :data:`BATCH_SIZE`, each table's rows in one executemany
    ``INSERT`` (the ORM is only used for the rare note whose text or classification
    changed). Ids of new claims and sources are reserved per batch (``nextval`` on
    PostgreSQL, the table's maximum under the write lock on SQLite) so no ``RETURNING`` round
    trip is needed. Values are built in driver form and passed to the driver as they are (see
    ``_Run.insert``), and on SQLite each batch's search documents are indexed
    by one ``INSERT … SELECT`` into the FTS5 table instead of a trigger per row (see
    ``_Run.insert_documents``). Only one batch is held in memory; existing notes, sources and
    claims are looked up per batch. Search documents are built as ``search.build_document``
    builds them, with the same ``text.fold``.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    func,
    or_,
    select,
    update,
)

from claimtracker.db import bulk, fulltext, summaries
from claimtracker.db.base import utcnow
from claimtracker.enums import (
    ClaimKind,
    DatePrecision,
    EntityKind,
    EventAction,
    LinkType,
    NoteClassification,
    RecordType,
    ReviewStatus,
    SourceKind,
    Stance,
)
from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes import (
    BadRow,
    DataFile,
    FileKind,
    Helpfulness,
    NoteRow,
    RatingRow,
    StatusRow,
    is_post_url,
    note_url,
    post_url,
    snowflake_time,
)
from claimtracker.models import (
    Appearance,
    Claim,
    ClaimLink,
    ClaimSearch,
    CommunityNote,
    CommunityNoteStatus,
    Evidence,
    Source,
)
from claimtracker.services import entities, events, search
from claimtracker.text import fold, text_hash

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from datetime import datetime

    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.dml import Insert
    from sqlalchemy.sql.elements import ColumnElement

BATCH_SIZE = 5_000
"""Rows applied per batch: large enough to amortise each statement, small enough to keep
memory flat and ``IN`` lists well under SQLite's limit on bound parameters."""

# URLs looked up per query: a power of two (see db.bulk.among), well under SQLite's 32,766
# bound parameters.
_LOOKUP_SIZE = 8_192

CONTRIBUTORS = "Community Notes contributors"
"""The entity every imported note's claim is attributed to."""

EVENT_ACTION = EventAction.IMPORT_COMMUNITY_NOTES

LINK_TYPES = {
    NoteClassification.MISINFORMED_OR_POTENTIALLY_MISLEADING: LinkType.REBUTS,
    NoteClassification.NOT_MISLEADING: LinkType.SUPPORTS,
}
"""How a note's claim is linked to the post's claim, by the note's classification."""

EVIDENCE_STANCES = {
    NoteClassification.MISINFORMED_OR_POTENTIALLY_MISLEADING: Stance.REFUTES,
    NoteClassification.NOT_MISLEADING: Stance.SUPPORTS,
}
"""The stance, on the post's claim, of the sources a note cites."""

_LINK_REASONS = {
    NoteClassification.MISINFORMED_OR_POTENTIALLY_MISLEADING: (
        "Community Note: the post is misinformed or potentially misleading"
    ),
    NoteClassification.NOT_MISLEADING: "Community Note: the post is not misleading",
}

_CLAIM = cast("Table", Claim.__table__)
_SOURCE = cast("Table", Source.__table__)
_APPEARANCE = cast("Table", Appearance.__table__)
_SEARCH = cast("Table", ClaimSearch.__table__)
_LINK = cast("Table", ClaimLink.__table__)
_EVIDENCE = cast("Table", Evidence.__table__)
_NOTE = cast("Table", CommunityNote.__table__)
_STATUS = cast("Table", CommunityNoteStatus.__table__)

# Per-run tally of ratings (see the module docstring). Temporary: private to the connection,
# gone with it, and created inside the run's transaction, so a failed run leaves no trace.
_TALLY = Table(
    "community_note_rating_tally",
    MetaData(),
    Column("note_id", String(32), primary_key=True),
    Column("helpful", Integer, nullable=False),
    Column("somewhat_helpful", Integer, nullable=False),
    Column("not_helpful", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)

_R = TypeVar("_R", NoteRow, StatusRow, RatingRow)


def post_claim_text(tweet_id: str) -> str:
    """The placeholder text of a post's claim: the public data never has the post's text."""
    return f"Post {tweet_id} on X"


def note_claim_text(row: NoteRow) -> str:
    """The text of a note's claim: the note's, or a placeholder for a note without text."""
    return row.text or f"Community Note {row.note_id} (published without text)"


@dataclass
class Counts:
    """What a run did with the rows of one kind of file (see the module docstring)."""

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
    run = _Run(session, actor=actor, strict=strict, on_rejected=on_rejected)
    result = ImportResult(files=list(files))
    # A run that brings as many claims as the database holds (a first import, a full
    # download) keeps the report summaries once at the end instead of row by row.
    bulk = is_bulk(run.conn, files) and summaries.suspend(run.conn)
    _apply(run, files, result, on_progress, batch_size)
    if bulk:
        # A run that changed nothing (a re-import) wrote nothing the summaries count.
        summaries.refill(run.conn, recompute=result.changed)
    return _recorded(session, result, files, actor=actor, strict=strict)


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
    run: _Run,
    files: Sequence[DataFile],
    result: ImportResult,
    on_progress: Callable[[int], None] | None,
    batch_size: int,
) -> None:
    order = list(FileKind)
    for file in sorted(files, key=lambda f: order.index(f.kind)):
        counts = result.counts[file.kind]
        done = 0
        if file.kind is FileKind.NOTES:
            for notes in _batches(run.screened(file.note_rows(), counts), batch_size):
                run.apply_notes(file, notes, counts)
                done = _progress(file, done, on_progress)
        elif file.kind is FileKind.STATUS:
            for statuses in _batches(run.screened(file.status_rows(), counts), batch_size):
                run.apply_statuses(statuses, counts)
                done = _progress(file, done, on_progress)
        else:
            for ratings in _batches(
                run.screened(file.rating_rows(), counts), batch_size, distinct=False
            ):
                run.tally_ratings(ratings)
                done = _progress(file, done, on_progress)
        _progress(file, done, on_progress)
    if any(f.kind is FileKind.RATINGS for f in files):
        run.apply_tally(result.counts[FileKind.RATINGS])


def _recorded(
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


def _progress(file: DataFile, done: int, on_progress: Callable[[int], None] | None) -> int:
    if on_progress is not None and file.bytes_read > done:
        on_progress(file.bytes_read - done)
    return max(done, file.bytes_read)


def _batches(rows: Iterable[_R], size: int, *, distinct: bool = True) -> Iterator[list[_R]]:
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


def search_document(*folded: str) -> str:
    """``search.build_document`` of a claim from parts already passed through ``fold``.

    ``build_document`` folds its parts joined by line breaks. Folding works character by
    character and collapses whitespace, so joining the folded parts with one space gives the
    same text (the tests compare the two on real notes) while each note's text, which is also
    its quote, is folded once instead of twice: folding is the slowest step of an import.
    """
    return " ".join(part for part in folded if part)


class _Run:
    """One import: the connection, who acts, what bad rows do, and the row builders.

    Rows for bulk inserts are built in driver form (see :meth:`insert`): enums as their
    values, datetimes through :meth:`when`, and each batch's timestamp converted once
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
        self._contributors: int | None = None
        self._tally_ready = False

    # ----------------------------------------------------------------------------- rows

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

    # --------------------------------------------------------------------------- helpers

    def when(self, value: datetime | None) -> datetime | str | None:
        """An aware datetime in driver form (``db.bulk.driver_time``)."""
        return bulk.driver_time(self.conn, value)

    def stamp(self) -> None:
        """Start a batch: ``self.now`` is the time recorded on what it creates."""
        self.now = self.when(utcnow())

    def reserve_ids(self, table: Table, count: int) -> Sequence[int]:
        """``count`` unused primary keys of ``table``, to insert rows without RETURNING."""
        return bulk.reserve_ids(self.conn, table, count)

    def among(self, column: Column[Any], values: list[Any]) -> ColumnElement[bool]:
        """``column`` is one of ``values`` (``db.bulk.among``)."""
        return bulk.among(self.conn, column, values)

    def insert(
        self, table: Table, rows: list[dict[str, Any]], conflict: Sequence[str] = ()
    ) -> None:
        """Insert ``rows`` (all with the same keys, values in driver form) into ``table`` with
        the bulk writer; with ``conflict`` (the columns of a unique constraint), rows that
        exist are skipped.

        Measured on 100,000 notes: the models' types, which convert every value in Python
        (``UTCDateTime``, enums checked by value), cost an eighth of the import's time, and
        SQLAlchemy's per-row processing of untyped parameters a further seventh (55 s of CPU
        against 48 s): hence values built in driver form.
        """
        bulk.insert_dicts(self.conn, table.name, rows, skip_existing=conflict)

    def contributors(self) -> int:
        """The id of the "Community Notes contributors" entity, created on first use."""
        if self._contributors is None:
            entity, _ = entities.find_or_create(
                self.session, CONTRIBUTORS, actor=self.actor, kind=EntityKind.COLLECTIVE
            )
            self._contributors = entity.id
        return self._contributors

    def source_ids(self, wanted: dict[str, tuple[SourceKind, datetime | None]]) -> dict[str, int]:
        """The id of the source at each URL of ``wanted``, creating those that are missing
        with the given kind and publication time."""
        if not wanted:
            return {}
        found: dict[str, int] = {}
        urls = list(wanted)
        # A batch's notes usually cite a few thousand URLs, but nothing bounds how many one
        # note may hold: look them up in slices.
        for start in range(0, len(urls), _LOOKUP_SIZE):
            found.update(
                self.conn.execute(
                    select(_SOURCE.c.url, _SOURCE.c.id).where(
                        self.among(_SOURCE.c.url, urls[start : start + _LOOKUP_SIZE])
                    )
                ).all()
            )
        missing = [url for url in wanted if url not in found]
        rows = []
        for url, source_id in zip(missing, self.reserve_ids(_SOURCE, len(missing)), strict=True):
            kind, published = wanted[url]
            rows.append(
                {
                    "id": source_id,
                    "url": url,
                    "kind": kind.value,
                    "published_at": self.when(published),
                    "published_precision": DatePrecision.INSTANT.value if published else None,
                    "created_at": self.now,
                    "created_by": self.actor,
                }
            )
            found[url] = source_id
        self.insert(_SOURCE, rows)
        return found

    def claim_row(
        self,
        claim_id: int,
        body: str,
        *,
        kind: ClaimKind,
        claimant_id: int | None,
        claimed_at: datetime | None,
    ) -> dict[str, Any]:
        """A new claim, as ``claims.add_claim`` would store it."""
        return {
            "id": claim_id,
            "public_id": str(uuid.uuid4()),
            "text": body,
            "text_hash": text_hash(body),
            "claimant_id": claimant_id,
            "claimed_at": self.when(claimed_at),
            "claimed_precision": DatePrecision.INSTANT.value if claimed_at else None,
            "kind": kind.value,
            "status": ReviewStatus.NEW.value,
            "created_at": self.now,
            "created_by": self.actor,
            "updated_at": self.now,
            "updated_by": self.actor,
        }

    def appearance_row(
        self, claim_id: int, source_id: int, quote: str | None, appeared_at: datetime | None
    ) -> dict[str, Any]:
        """The first appearance of a new claim."""
        return {
            "claim_id": claim_id,
            "source_id": source_id,
            "quote": quote,
            "is_first": True,
            "appeared_at": self.when(appeared_at),
            "appeared_precision": DatePrecision.INSTANT.value if appeared_at else None,
            "created_at": self.now,
            "created_by": self.actor,
        }

    # ----------------------------------------------------------------------------- posts

    def post_claims(self, tweet_ids: Iterable[str]) -> dict[str, int]:
        """The claim of each post, creating the post's source and placeholder claim if new."""
        urls = {post_url(tweet): tweet for tweet in sorted(set(tweet_ids))}
        times = {tweet: snowflake_time(tweet) for tweet in urls.values()}
        sources = self.source_ids(
            {url: (SourceKind.SOCIAL_POST, times[tweet]) for url, tweet in urls.items()}
        )
        # The post's claim is the first claim recorded as appearing in its source: the
        # placeholder of an earlier import, or a claim a person captured from that URL.
        appearing: dict[int, int] = dict(
            self.conn.execute(
                select(_APPEARANCE.c.source_id, func.min(_APPEARANCE.c.claim_id))
                .where(self.among(_APPEARANCE.c.source_id, list(sources.values())))
                .group_by(_APPEARANCE.c.source_id)
            ).all()
        )
        found: dict[str, int] = {}
        missing: list[tuple[str, int]] = []
        for url, tweet in urls.items():
            source_id = sources[url]
            if source_id in appearing:
                found[tweet] = appearing[source_id]
            else:
                missing.append((tweet, source_id))
        claims, appearances, documents = [], [], []
        ids = self.reserve_ids(_CLAIM, len(missing))
        for (tweet, source_id), claim_id in zip(missing, ids, strict=True):
            body = post_claim_text(tweet)
            claims.append(
                self.claim_row(
                    claim_id, body, kind=ClaimKind.OTHER, claimant_id=None, claimed_at=times[tweet]
                )
            )
            appearances.append(self.appearance_row(claim_id, source_id, None, times[tweet]))
            documents.append((claim_id, search_document(fold(body))))
            found[tweet] = claim_id
        self.insert(_CLAIM, claims)
        self.insert(_APPEARANCE, appearances)
        fulltext.insert_documents(self.conn, documents)
        return found

    # ----------------------------------------------------------------------------- notes

    def apply_notes(self, file: DataFile, batch: list[NoteRow], counts: Counts) -> None:
        """Insert the new notes of ``batch``, update those that changed, count the rest."""
        existing = {
            row.note_id: row
            for row in self.conn.execute(
                select(
                    _NOTE.c.id,
                    _NOTE.c.note_id,
                    _NOTE.c.claim_id,
                    _NOTE.c.tweet_id,
                    _NOTE.c.author_participant_id,
                    _NOTE.c.classification,
                    _NOTE.c.reasons,
                    _NOTE.c.note_created_at,
                    _CLAIM.c.text,
                )
                .join_from(_NOTE, _CLAIM, _CLAIM.c.id == _NOTE.c.claim_id)
                .where(self.among(_NOTE.c.note_id, [row.note_id for row in batch]))
            )
        }
        new: list[NoteRow] = []
        for row in batch:
            old = existing.get(row.note_id)
            if old is None:
                new.append(row)
            elif old.tweet_id != row.tweet_id:
                # Notes never move between posts; a row saying so is a broken file.
                self.reject(
                    BadRow(
                        file.name,
                        row.line,
                        f"note {row.note_id} is recorded on post {old.tweet_id}, "
                        f"not {row.tweet_id}",
                    ),
                    counts,
                )
            elif _note_differs(row, old):
                self.update_note(row, old)
                counts.updated += 1
            else:
                counts.unchanged += 1
        if new:
            self.insert_notes(new)
            counts.inserted += len(new)

    def insert_notes(self, new: list[NoteRow]) -> None:
        """Insert notes not yet in the database, with their posts, sources, links, evidence."""
        self.stamp()
        contributors = self.contributors()
        posts = self.post_claims(row.tweet_id for row in new)
        note_sources = self.source_ids(
            {note_url(row.note_id): (SourceKind.COMMUNITY_NOTE, row.created_at) for row in new}
        )
        cited = self.cited_sources(new)
        claims, appearances, documents, notes, links = [], [], [], [], []
        evidence: dict[tuple[int, int, str], dict[str, Any]] = {}
        for row, claim_id in zip(new, self.reserve_ids(_CLAIM, len(new)), strict=True):
            post_claim = posts[row.tweet_id]
            body = note_claim_text(row)
            claims.append(
                self.claim_row(
                    claim_id,
                    body,
                    kind=ClaimKind.FACTUAL,
                    claimant_id=contributors,
                    claimed_at=row.created_at,
                )
            )
            appearances.append(
                self.appearance_row(
                    claim_id, note_sources[note_url(row.note_id)], row.text or None, row.created_at
                )
            )
            folded = fold(body)
            # The claim's text and its quote (the same words): build_document's parts.
            document = search_document(folded, folded) if row.text else folded
            documents.append((claim_id, document))
            notes.append(
                {
                    "claim_id": claim_id,
                    "note_id": row.note_id,
                    "tweet_id": row.tweet_id,
                    "author_participant_id": row.author,
                    "classification": row.classification.value,
                    "reasons": row.reasons or None,
                    "note_created_at": self.when(row.created_at),
                    "current_status": None,
                    "status_changed_at": None,
                    "helpful_count": 0,
                    "somewhat_helpful_count": 0,
                    "not_helpful_count": 0,
                }
            )
            links.append(
                {
                    "from_claim_id": claim_id,
                    "to_claim_id": post_claim,
                    "link_type": LINK_TYPES[row.classification].value,
                    "reason": _LINK_REASONS[row.classification],
                    "created_at": self.now,
                    "created_by": self.actor,
                }
            )
            for item in self.evidence_rows(row, post_claim, cited):
                evidence.setdefault((item["claim_id"], item["source_id"], item["stance"]), item)
        self.insert(_CLAIM, claims)
        self.insert(_APPEARANCE, appearances)
        fulltext.insert_documents(self.conn, documents)
        self.insert(_NOTE, notes)
        self.insert(_LINK, links)
        self.insert(_EVIDENCE, list(evidence.values()), ["claim_id", "source_id", "stance"])

    def cited_sources(self, rows: Iterable[NoteRow]) -> dict[str, int]:
        """The sources of every URL the notes cite, created if new."""
        return self.source_ids(
            {
                url: (SourceKind.SOCIAL_POST if is_post_url(url) else SourceKind.OTHER, None)
                for row in rows
                for url in row.urls
            }
        )

    def evidence_rows(
        self, row: NoteRow, post_claim: int, cited: dict[str, int]
    ) -> list[dict[str, Any]]:
        """The sources a note cites, as evidence on the post's claim."""
        # A note linking to its own post or to itself cites nothing new.
        own = {post_url(row.tweet_id), note_url(row.note_id)}
        return [
            {
                "claim_id": post_claim,
                "source_id": cited[url],
                "stance": EVIDENCE_STANCES[row.classification].value,
                "quote": None,
                "note": f"cited by Community Note {row.note_id}",
                "created_at": self.now,
                "created_by": self.actor,
            }
            for url in row.urls
            if url not in own
        ]

    def update_note(self, row: NoteRow, old: Row[*tuple[Any, ...]]) -> None:
        """Bring an imported note in line with a newer copy of it (rare: the ORM will do)."""
        note = self.session.get_one(CommunityNote, old.id)
        claim = self.session.get_one(Claim, old.claim_id)
        note.author_participant_id = row.author or note.author_participant_id
        note.note_created_at = row.created_at or note.note_created_at
        if row.reasons is not None:
            note.reasons = row.reasons or None
        link = self.session.scalar(
            select(ClaimLink)
            .where(
                ClaimLink.from_claim_id == claim.id,
                ClaimLink.link_type == LINK_TYPES[note.classification],
            )
            .order_by(ClaimLink.id)
            .limit(1)
        )
        if row.classification is not note.classification:
            if link is not None:
                link.link_type = LINK_TYPES[row.classification]
                link.reason = _LINK_REASONS[row.classification]
            note.classification = row.classification
        body = note_claim_text(row)
        if body != claim.text:
            claim.text = body
            claim.text_hash = text_hash(body)
            claim.updated_by = self.actor
            appearance = self.session.scalar(
                select(Appearance)
                .join(Source, Source.id == Appearance.source_id)
                .where(Appearance.claim_id == claim.id, Source.url == note_url(row.note_id))
            )
            if appearance is not None:
                appearance.quote = row.text or None
            search.refresh(self.session, claim)
        self.session.flush()
        if link is not None and row.urls:
            self.stamp()
            self.insert(
                _EVIDENCE,
                self.evidence_rows(row, link.to_claim_id, self.cited_sources([row])),
                ["claim_id", "source_id", "stance"],
            )

    # -------------------------------------------------------------------------- statuses

    def apply_statuses(self, batch: list[StatusRow], counts: Counts) -> None:
        """Record new statuses in the history and move current statuses forward."""
        known = {
            row.note_id: row
            for row in self.conn.execute(
                select(
                    _NOTE.c.id, _NOTE.c.note_id, _NOTE.c.current_status, _NOTE.c.status_changed_at
                ).where(self.among(_NOTE.c.note_id, [row.note_id for row in batch]))
            )
        }
        held: set[tuple[int, str, datetime | None]] = set()
        if known:
            held.update(
                self.conn.execute(
                    select(
                        _STATUS.c.community_note_id, _STATUS.c.status, _STATUS.c.changed_at
                    ).where(self.among(_STATUS.c.community_note_id, [n.id for n in known.values()]))
                )
            )
        self.stamp()
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
                            "changed_at": self.when(changed_at),
                            "recorded_at": self.now,
                        }
                    )
                    added = True
            moved = (
                row.current is not None
                and (row.current, row.current_at) != (note.current_status, note.status_changed_at)
                and not (
                    row.current_at is not None
                    and note.status_changed_at is not None
                    and row.current_at < note.status_changed_at
                )
            )
            if moved:
                moves.append({"b_id": note.id, "b_status": row.current, "b_at": row.current_at})
            if moved and note.current_status is None:
                counts.inserted += 1
            elif moved or added:
                counts.updated += 1
            else:
                counts.unchanged += 1
        self.insert(_STATUS, history)
        if moves:
            self.conn.execute(
                update(_NOTE)
                .where(_NOTE.c.id == bindparam("b_id"))
                .values(current_status=bindparam("b_status"), status_changed_at=bindparam("b_at")),
                moves,
            )

    # --------------------------------------------------------------------------- ratings

    def tally_ratings(self, batch: list[RatingRow]) -> None:
        """Add a batch of ratings to the run's tally."""
        if not self._tally_ready:
            _TALLY.drop(self.conn, checkfirst=True)
            _TALLY.create(self.conn)
            self._tally_ready = True
        tally: dict[str, list[int]] = {}
        slot = {Helpfulness.HELPFUL: 0, Helpfulness.SOMEWHAT_HELPFUL: 1, Helpfulness.NOT_HELPFUL: 2}
        for row in batch:
            # A rating without an answer still makes the note "rated in this run": its
            # counts are set from this run's files like every other rated note's.
            counts = tally.setdefault(row.note_id, [0, 0, 0])
            if row.level is not None:
                counts[slot[row.level]] += 1
        rows = [
            {"note_id": note_id, "helpful": h, "somewhat_helpful": s, "not_helpful": n}
            for note_id, (h, s, n) in tally.items()
        ]
        columns = _TALLY.c
        statement: Insert
        if self.sqlite:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            lite = sqlite_insert(_TALLY)
            statement = lite.on_conflict_do_update(
                index_elements=[columns.note_id],
                set_={
                    "helpful": columns.helpful + lite.excluded.helpful,
                    "somewhat_helpful": columns.somewhat_helpful + lite.excluded.somewhat_helpful,
                    "not_helpful": columns.not_helpful + lite.excluded.not_helpful,
                },
            )
        else:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            pg = pg_insert(_TALLY)
            statement = pg.on_conflict_do_update(
                index_elements=[columns.note_id],
                set_={
                    "helpful": columns.helpful + pg.excluded.helpful,
                    "somewhat_helpful": columns.somewhat_helpful + pg.excluded.somewhat_helpful,
                    "not_helpful": columns.not_helpful + pg.excluded.not_helpful,
                },
            )
        self.conn.execute(statement, rows)

    def apply_tally(self, counts: Counts) -> None:
        """Set the counts of every note rated in this run from the tally; drop the tally."""
        if not self._tally_ready:
            return
        note, tally = _NOTE.c, _TALLY.c
        rated = self.conn.scalar(select(func.count()).select_from(_TALLY)) or 0
        matched = (
            self.conn.scalar(
                select(func.count()).select_from(_TALLY).join(_NOTE, note.note_id == tally.note_id)
            )
            or 0
        )
        changed = self.conn.execute(
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
        _TALLY.drop(self.conn)
        self._tally_ready = False


def _note_differs(row: NoteRow, old: Row[*tuple[Any, ...]]) -> bool:
    """Whether ``row`` says something about an imported note that the database does not.

    A value the file does not give (no author column, no reason columns) is not a change.
    """
    author = row.author or old.author_participant_id
    created = row.created_at or old.note_created_at
    reasons = old.reasons if row.reasons is None else (row.reasons or None)
    return (author, created, row.classification, reasons, note_claim_text(row)) != (
        old.author_participant_id,
        old.note_created_at,
        old.classification,
        old.reasons,
        old.text,
    )
