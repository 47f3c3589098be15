"""Notes: each new note becomes a claim by the Community Notes contributors, linked to the
claim of the post it is on, with the sources it cites as evidence on that claim; a note
imported before is updated when a newer file says something new about it (see the
package's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import func, select

from claimtracker.db import bulk, fulltext
from claimtracker.db.partial import PARTIAL_INDEXES
from claimtracker.enums import (
    ClaimKind,
    EntityKind,
    LinkType,
    NoteClassification,
    SourceKind,
    Stance,
)
from claimtracker.importers.community_notes import (
    BadRow,
    is_post_url,
    note_url,
    post_url,
    snowflake_time,
)
from claimtracker.models import Appearance, Claim, ClaimLink, CommunityNote, Evidence, Source
from claimtracker.services import entities, search
from claimtracker.services.community_notes.rows import (
    appearance_row,
    claim_row,
    search_document,
    source_ids,
)
from claimtracker.text import fold, text_hash

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Table
    from sqlalchemy.engine import Row

    from claimtracker.importers.community_notes import DataFile, NoteRow
    from claimtracker.services.community_notes.run import Counts, Run

CONTRIBUTORS = "Community Notes contributors"
"""The entity every imported note's claim is attributed to."""

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
_APPEARANCE = cast("Table", Appearance.__table__)
_LINK = cast("Table", ClaimLink.__table__)
_EVIDENCE = cast("Table", Evidence.__table__)
_NOTE = cast("Table", CommunityNote.__table__)
# A source a note cites is evidence once per claim and stance: a bare citation, kept unique by
# a partial index (evidence may otherwise hold several passages of one source).
_CITED = PARTIAL_INDEXES["uq_evidence_bare_citation"]


def post_claim_text(tweet_id: str) -> str:
    """The placeholder text of a post's claim: the public data never has the post's text."""
    return f"Post {tweet_id} on X"


def note_claim_text(row: NoteRow) -> str:
    """The text of a note's claim: the note's, or a placeholder for a note without text."""
    return row.text or f"Community Note {row.note_id} (published without text)"


class Notes:
    """The notes files of one run: new notes written in bulk, known ones compared and updated."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self._contributors: int | None = None

    def apply(self, file: DataFile, batch: list[NoteRow], counts: Counts) -> None:
        """Insert the new notes of ``batch``, update those that changed, count the rest."""
        conn = self.run.conn
        existing = {
            row.note_id: row
            for row in conn.execute(
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
                .where(bulk.among(conn, _NOTE.c.note_id, [row.note_id for row in batch]))
            )
        }
        new: list[NoteRow] = []
        for row in batch:
            old = existing.get(row.note_id)
            if old is None:
                new.append(row)
            elif old.tweet_id != row.tweet_id:
                # Notes never move between posts; a row saying so is a broken file.
                self.run.reject(
                    BadRow(
                        file.name,
                        row.line,
                        f"note {row.note_id} is recorded on post {old.tweet_id}, "
                        f"not {row.tweet_id}",
                    ),
                    counts,
                )
            elif _note_differs(row, old):
                self.update(row, old)
                counts.updated += 1
            else:
                counts.unchanged += 1
        if new:
            self.insert(new)
            counts.inserted += len(new)

    def insert(self, new: list[NoteRow]) -> None:
        """Insert notes not yet in the database, with their posts, sources, links, evidence."""
        run = self.run
        run.stamp()
        contributors = self.contributors()
        posts = self.post_claims(row.tweet_id for row in new)
        note_sources = source_ids(
            run, {note_url(row.note_id): (SourceKind.COMMUNITY_NOTE, row.created_at) for row in new}
        )
        cited = self.cited_sources(new)
        claims, appearances, documents, notes, links = [], [], [], [], []
        evidence: dict[tuple[int, int, str], dict[str, Any]] = {}
        for row, claim_id in zip(new, bulk.reserve_ids(run.conn, _CLAIM, len(new)), strict=True):
            post_claim = posts[row.tweet_id]
            body = note_claim_text(row)
            claims.append(
                claim_row(
                    run,
                    claim_id,
                    body,
                    kind=ClaimKind.FACTUAL,
                    claimant_id=contributors,
                    claimed_at=row.created_at,
                )
            )
            appearances.append(
                appearance_row(
                    run,
                    claim_id,
                    note_sources[note_url(row.note_id)],
                    row.text or None,
                    row.created_at,
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
                    "note_created_at": run.when(row.created_at),
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
                    "created_at": run.now,
                    "created_by": run.actor,
                }
            )
            for item in self.evidence_rows(row, post_claim, cited):
                evidence.setdefault((item["claim_id"], item["source_id"], item["stance"]), item)
        run.insert(_CLAIM, claims)
        run.insert(_APPEARANCE, appearances)
        fulltext.insert_documents(run.conn, documents)
        run.insert(_NOTE, notes)
        run.insert(_LINK, links)
        run.insert(_EVIDENCE, list(evidence.values()), _CITED.columns, _CITED.where)

    def contributors(self) -> int:
        """The id of the "Community Notes contributors" entity, created on first use."""
        if self._contributors is None:
            entity, _ = entities.find_or_create(
                self.run.session, CONTRIBUTORS, actor=self.run.actor, kind=EntityKind.COLLECTIVE
            )
            self._contributors = entity.id
        return self._contributors

    def post_claims(self, tweet_ids: Iterable[str]) -> dict[str, int]:
        """The claim of each post, creating the post's source and placeholder claim if new."""
        run = self.run
        urls = {post_url(tweet): tweet for tweet in sorted(set(tweet_ids))}
        times = {tweet: snowflake_time(tweet) for tweet in urls.values()}
        sources = source_ids(
            run, {url: (SourceKind.SOCIAL_POST, times[tweet]) for url, tweet in urls.items()}
        )
        # The post's claim is the first claim recorded as appearing in its source: the
        # placeholder of an earlier import, or a claim a person captured from that URL.
        appearing: dict[int, int] = dict(
            run.conn.execute(
                select(_APPEARANCE.c.source_id, func.min(_APPEARANCE.c.claim_id))
                .where(bulk.among(run.conn, _APPEARANCE.c.source_id, list(sources.values())))
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
        ids = bulk.reserve_ids(run.conn, _CLAIM, len(missing))
        for (tweet, source_id), claim_id in zip(missing, ids, strict=True):
            body = post_claim_text(tweet)
            claims.append(
                claim_row(
                    run,
                    claim_id,
                    body,
                    kind=ClaimKind.OTHER,
                    claimant_id=None,
                    claimed_at=times[tweet],
                )
            )
            appearances.append(appearance_row(run, claim_id, source_id, None, times[tweet]))
            documents.append((claim_id, search_document(fold(body))))
            found[tweet] = claim_id
        run.insert(_CLAIM, claims)
        run.insert(_APPEARANCE, appearances)
        fulltext.insert_documents(run.conn, documents)
        return found

    def cited_sources(self, rows: Iterable[NoteRow]) -> dict[str, int]:
        """The sources of every URL the notes cite, created if new."""
        return source_ids(
            self.run,
            {
                url: (SourceKind.SOCIAL_POST if is_post_url(url) else SourceKind.OTHER, None)
                for row in rows
                for url in row.urls
            },
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
                "created_at": self.run.now,
                "created_by": self.run.actor,
            }
            for url in row.urls
            if url not in own
        ]

    def update(self, row: NoteRow, old: Row[*tuple[Any, ...]]) -> None:
        """Bring an imported note in line with a newer copy of it (rare: the ORM will do)."""
        session = self.run.session
        note = session.get_one(CommunityNote, old.id)
        claim = session.get_one(Claim, old.claim_id)
        note.author_participant_id = row.author or note.author_participant_id
        note.note_created_at = row.created_at or note.note_created_at
        if row.reasons is not None:
            note.reasons = row.reasons or None
        link = session.scalar(
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
            claim.updated_by = self.run.actor
            appearance = session.scalar(
                select(Appearance)
                .join(Source, Source.id == Appearance.source_id)
                .where(Appearance.claim_id == claim.id, Source.url == note_url(row.note_id))
            )
            if appearance is not None:
                appearance.quote = row.text or None
            search.refresh(session, claim)
        session.flush()
        if link is not None and row.urls:
            self.run.stamp()
            self.run.insert(
                _EVIDENCE,
                self.evidence_rows(row, link.to_claim_id, self.cited_sources([row])),
                _CITED.columns,
                _CITED.where,
            )


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
