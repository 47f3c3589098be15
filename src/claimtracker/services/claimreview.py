"""ClaimReview exchange: published verdicts out as plain data, other fact-checkers' reviews in.

Export (:func:`published_reviews`) gathers, for each published verdict, what the exporter in
:mod:`claimtracker.exporters.claimreview` needs, streamed in batches with Core queries (no ORM
objects), so memory stays flat however many verdicts are exported. By default a verdict is
left out once a published correction supersedes it; ``all_versions`` keeps those too, with the
time they were superseded. Independent reviews of one claim (two fact-checkers, imported) are
all current.

Import (:func:`import_records`) applies records read by :mod:`claimtracker.importers.claimreview`:

* the reviewing organisation becomes an entity; the review page a ``fact_check`` source whose
  title is the review's headline; the claim a claim by its claimant, with the works it appeared
  in as appearances; the rating a *published* verdict whose author is the organisation, with
  the publisher's own wording kept as ``original_rating`` beside the label it maps to (through
  the alias table; wordings it does not know land on ``unrated`` and are reported);
* a review is recognised again by its review page and its claim's text (or, for reviews we
  exported ourselves, by the verdict's ``urn:uuid`` identifier): the same rating again is
  *unchanged* and writes nothing; a different rating is a *correction*, a new verdict that
  supersedes the previous one, as a correction made here would;
* a claim is reused when the input names it (``urn:uuid`` of a claim we exported), or when a
  claim with the same text and the same (or no) claimant exists: two fact-checkers reviewing one
  claim give one claim with two verdicts.

Services flush and never commit: the command's unit of work makes an import all or nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from claimtracker.dates import ParsedDate
from claimtracker.db.base import utcnow
from claimtracker.enums import (
    EntityKind,
    EventAction,
    RecordType,
    ReviewStatus,
    SourceKind,
    VerdictState,
)
from claimtracker.errors import ClaimtrackerError, Conflict
from claimtracker.exporters.claimreview import PartyData, ReviewData, WorkData
from claimtracker.models import (
    Appearance,
    Claim,
    ClaimTag,
    Entity,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from claimtracker.services import entities, events, search, semantic, sources
from claimtracker.services.claims import ClaimInput, add_claim, get_claim
from claimtracker.services.rating_aliases import AliasTable
from claimtracker.services.sources import SourceInput
from claimtracker.text import text_hash

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session

    from claimtracker.importers.claimreview import Party, ReviewRecord, WorkRecord

MAX_ORIGINAL_RATING = 200
MAX_AUTHOR = 100

# -- export --------------------------------------------------------------------------------------

_SCHEMA_TYPES = {
    EntityKind.PERSON: "Person",
    # Accounts are overwhelmingly people's; the importer reads them back as persons.
    EntityKind.PLATFORM_ACCOUNT: "Person",
    EntityKind.ORGANISATION: "Organization",
    EntityKind.OUTLET: "Organization",
    EntityKind.COLLECTIVE: "Organization",
}
# Source kinds with an unambiguous schema.org type; the importer maps these types back.
_WORK_TYPES = {
    SourceKind.NEWS_ARTICLE: "NewsArticle",
    SourceKind.SOCIAL_POST: "SocialMediaPosting",
    SourceKind.PAPER: "ScholarlyArticle",
    SourceKind.DATASET: "Dataset",
    SourceKind.VIDEO: "VideoObject",
}


def _display(value: datetime | None, precision: Any) -> str | None:
    if value is None or precision is None:
        return None
    return ParsedDate(value, precision).display()


def _party(name: str | None, kind: EntityKind | None) -> PartyData | None:
    if name is None:
        return None
    # Google recommends a Person or an Organization; an entity of unknown kind gets no type
    # (a guess would be published as fact) and comes back as unknown.
    return PartyData(name=name, schema_type=_SCHEMA_TYPES.get(kind) if kind else None)


EXPORT_BATCH = 1_000
"""Verdicts converted per round of look-ups (tags, appearances): enough to amortise each
query, few enough that memory does not grow with the number of verdicts exported."""


@dataclass
class PublishedReviews:
    """The published verdicts an export selects, read as they are iterated.

    Iterating streams :class:`ReviewData` oldest publication first, :data:`EXPORT_BATCH` at a
    time, so an export of any size holds one batch in memory. ``newest`` is known before the
    first review: a feed states its ``dateModified`` ahead of its elements.
    """

    session: Session
    rows: Select[*tuple[Any, ...]]
    newest: datetime | None
    batch_size: int = EXPORT_BATCH

    def __iter__(self) -> Iterator[ReviewData]:
        # yield_per streams on PostgreSQL too (a server-side cursor): without it psycopg
        # fetches every row before the first is returned.
        result = self.session.execute(self.rows, execution_options={"yield_per": self.batch_size})
        for batch in result.partitions():
            claim_ids = sorted({row.claim_id for row in batch})
            tags = self._tags(claim_ids)
            firsts, others = self._appearances(claim_ids)
            for row in batch:
                yield ReviewData(
                    review_id=row.public_id,
                    claim_id=row.claim_public_id,
                    claim_text=row.claim_text,
                    rating_text=row.original_rating or row.label_name,
                    published=row.published_at,
                    rating_value=row.claimreview_value,
                    best_rating=row.best_value,
                    worst_rating=row.worst_value,
                    explanation=row.rationale,
                    url=row.page_url,
                    title=row.page_title,
                    language=row.page_language,
                    author=_party(row.publisher_name, row.publisher_kind),
                    claimant=_party(row.claimant_name, row.claimant_kind),
                    claimed=_display(row.claimed_at, row.claimed_precision),
                    claim_language=row.claim_language,
                    tags=tuple(tags.get(row.claim_id, ())),
                    first_appearance=firsts.get(row.claim_id),
                    appearances=tuple(others.get(row.claim_id, ())),
                    superseded_at=row.superseded_at,
                )

    def _tags(self, claim_ids: list[int]) -> dict[int, list[str]]:
        tags: dict[int, list[str]] = {}
        for claim_id, tag in self.session.execute(
            select(ClaimTag.claim_id, ClaimTag.tag)
            .where(ClaimTag.claim_id.in_(claim_ids))
            .order_by(ClaimTag.claim_id, ClaimTag.tag)
        ):
            tags.setdefault(claim_id, []).append(tag)
        return tags

    def _appearances(
        self, claim_ids: list[int]
    ) -> tuple[dict[int, WorkData], dict[int, list[WorkData]]]:
        """Each claim's first appearance, and its others in the order they were recorded."""
        author = aliased(Entity)
        firsts: dict[int, WorkData] = {}
        others: dict[int, list[WorkData]] = {}
        for row in self.session.execute(
            select(
                Appearance.claim_id,
                Appearance.is_first,
                Appearance.quote,
                Source.url,
                Source.title,
                Source.kind,
                Source.published_at,
                Source.published_precision,
                author.name.label("author_name"),
            )
            .join(Source, Source.id == Appearance.source_id)
            .outerjoin(author, author.id == Source.author_id)
            .where(Appearance.claim_id.in_(claim_ids))
            .order_by(Appearance.claim_id, Appearance.id)
        ):
            work = WorkData(
                url=row.url,
                title=row.title,
                schema_type=_WORK_TYPES.get(row.kind, "CreativeWork"),
                published=_display(row.published_at, row.published_precision),
                author=row.author_name,
                quote=row.quote,
            )
            if row.is_first:
                firsts[row.claim_id] = work
            else:
                others.setdefault(row.claim_id, []).append(work)
        return firsts, others


def published_reviews(
    session: Session,
    *,
    claim_ref: str | None = None,
    since: ParsedDate | None = None,
    all_versions: bool = False,
    batch_size: int = EXPORT_BATCH,
) -> PublishedReviews:
    """Published verdicts as ClaimReview data, oldest publication first, streamed.

    ``claim_ref`` keeps one claim's; ``since`` those published on or after it; without
    ``all_versions`` a verdict superseded by a published correction is left out. An unknown
    ``claim_ref`` raises here, before anything is read or written.
    """
    successor = aliased(Verdict)
    superseding = and_(
        successor.supersedes_id == Verdict.id, successor.state == VerdictState.PUBLISHED
    )
    conditions: list[ColumnElement[bool]] = [Verdict.state == VerdictState.PUBLISHED]
    if not all_versions:
        conditions.append(successor.id.is_(None))
    if claim_ref is not None:
        conditions.append(Verdict.claim_id == get_claim(session, claim_ref).id)
    if since is not None:
        conditions.append(Verdict.published_at >= since.value)
    # A corrected verdict's newest date is its correction's (the feed's dateModified).
    latest, corrected = session.execute(
        select(func.max(Verdict.published_at), func.max(successor.published_at))
        .select_from(Verdict)
        .outerjoin(successor, superseding)
        .where(*conditions)
    ).one()
    newest = max((d for d in (latest, corrected) if d is not None), default=None)
    claimant, publisher, page = aliased(Entity), aliased(Entity), aliased(Source)
    rows = (
        select(
            Verdict.public_id,
            Verdict.original_rating,
            Verdict.rationale,
            Verdict.published_at,
            successor.published_at.label("superseded_at"),
            RatingLabel.name.label("label_name"),
            RatingLabel.claimreview_value,
            RatingScale.best_value,
            RatingScale.worst_value,
            publisher.name.label("publisher_name"),
            publisher.kind.label("publisher_kind"),
            page.url.label("page_url"),
            page.title.label("page_title"),
            page.language.label("page_language"),
            Claim.id.label("claim_id"),
            Claim.public_id.label("claim_public_id"),
            Claim.text.label("claim_text"),
            Claim.claimed_at,
            Claim.claimed_precision,
            Claim.language.label("claim_language"),
            claimant.name.label("claimant_name"),
            claimant.kind.label("claimant_kind"),
        )
        .select_from(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .join(RatingLabel, RatingLabel.id == Verdict.label_id)
        .join(RatingScale, RatingScale.id == RatingLabel.scale_id)
        .outerjoin(publisher, publisher.id == Verdict.publisher_id)
        .outerjoin(page, page.id == Verdict.review_source_id)
        .outerjoin(claimant, claimant.id == Claim.claimant_id)
        .outerjoin(successor, superseding)
        .where(*conditions)
        .order_by(Verdict.published_at, Verdict.id)
    )
    return PublishedReviews(session, rows, newest, batch_size)


# -- import --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, for the summary line and the audit log."""

    inserted: int = 0
    corrected: int = 0
    unchanged: int = 0
    rejected: int = 0
    # The publisher's wording -> how many reviews used it, for ratings no alias knows.
    unmapped: Counter[str] = field(default_factory=Counter)
    # Claims given a new verdict (inserted or corrected), in order, without repeats.
    claim_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Stable snake_case keys (the audit event's payload)."""
        return {
            "inserted": self.inserted,
            "corrected": self.corrected,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "unmapped": dict(sorted(self.unmapped.items())),
        }


def import_records(
    session: Session,
    records: Iterable[ReviewRecord],
    *,
    actor: str,
    rejected: int = 0,
    files: list[str] | None = None,
) -> ImportReport:
    """Apply ClaimReview records (see the module docstring); flushes, never commits.

    ``rejected`` counts reviews the reader refused and the caller chose to skip; it is only
    reported. An error names the record's file and index.
    """
    report = ImportReport(rejected=rejected)
    table = AliasTable(session)
    expired: list[tuple[Verdict, datetime]] = []
    for record in records:
        try:
            verdict = _apply(session, record, table, report, actor)
        except ClaimtrackerError as exc:
            raise type(exc)(f"{record.where}: {exc}") from None
        if verdict is not None and record.expires is not None:
            expired.append((verdict, record.expires.value))
    _link_corrections(session, expired)
    events.record(
        session,
        actor=actor,
        action=EventAction.IMPORT_CLAIMREVIEW,
        record_type=RecordType.IMPORT,
        record_id=None,
        payload={**report.as_dict(), "files": files or []},
    )
    return report


def _entity(session: Session, party: Party, actor: str) -> Entity:
    """The entity by this name or alias (the oldest if several), created if none."""
    found = entities.find_by_name(session, party.name)
    if found:
        return found[0]
    return entities.add_entity(
        session, party.name, actor=actor, kind=party.kind, allow_same_name=True
    )


def _label_for(
    record: ReviewRecord, table: AliasTable, report: ImportReport
) -> tuple[RatingLabel, str | None]:
    """The label the rating maps to, and the wording to keep beside it (None if the same)."""
    rating = record.rating
    label = table.lookup(rating.text) if rating.text else None
    if label is None and rating.text is None and rating.value is not None:
        label = table.by_value(
            rating.value,
            rating.best if rating.best is not None else 5,
            rating.worst if rating.worst is not None else 1,
        )
    wording = rating.describe()
    if label is None:
        label = table.unrated()
        report.unmapped[wording] += 1
    if wording == label.name:
        return label, None
    if len(wording) > MAX_ORIGINAL_RATING:
        wording = wording[: MAX_ORIGINAL_RATING - 1] + "…"
    return label, wording


def _previous(session: Session, record: ReviewRecord, page: Source | None) -> Verdict | None:
    """The newest verdict already imported for this review, if any."""
    if record.review_id is not None:
        found = session.scalar(select(Verdict).where(Verdict.public_id == record.review_id))
        if found is not None:
            return found
    if page is None:
        return None
    return session.scalar(
        select(Verdict)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(
            Verdict.review_source_id == page.id,
            Claim.text_hash == text_hash(record.claim_text),
            Verdict.state == VerdictState.PUBLISHED,
        )
        .order_by(Verdict.published_at.desc(), Verdict.id.desc())
        .limit(1)
    )


def _find_claim(session: Session, record: ReviewRecord, claimant: Entity | None) -> Claim | None:
    if record.claim_id is not None:
        found = session.scalar(select(Claim).where(Claim.public_id == record.claim_id))
        if found is not None:
            return found
    candidates = session.scalars(
        select(Claim).where(Claim.text_hash == text_hash(record.claim_text)).order_by(Claim.id)
    )
    for candidate in candidates:
        # The same words from someone else are another claim.
        if claimant is None or candidate.claimant_id in (None, claimant.id):
            return candidate
    return None


def _new_page(
    session: Session, record: ReviewRecord, publisher: Entity | None, actor: str
) -> Source:
    return sources.add_source(
        session,
        SourceInput(
            url=record.review_url,
            title=record.review_title,
            publisher=publisher,
            kind=SourceKind.FACT_CHECK,
            language=record.review_language,
            published=record.published,
        ),
        actor=actor,
    )


def _add_appearances(
    session: Session, claim: Claim, works: Iterable[WorkRecord], actor: str
) -> None:
    has_first = any(a.is_first for a in claim.appearances)
    known = {a.source_id for a in claim.appearances}
    for work in works:
        source, _ = sources.find_or_create(
            session,
            SourceInput(
                url=work.url,
                title=work.title,
                author=work.author,
                kind=work.kind,
                published=work.published,
            ),
            actor=actor,
        )
        if source.id in known:
            continue
        known.add(source.id)
        is_first = work.is_first and not has_first
        has_first = has_first or is_first
        session.add(
            Appearance(
                claim_id=claim.id,
                source_id=source.id,
                quote=work.quote,
                is_first=is_first,
                created_by=actor,
            )
        )
    session.flush()
    session.refresh(claim, ["appearances"])


def _same(verdict: Verdict, label: RatingLabel, original: str | None) -> bool:
    return verdict.label_id == label.id and verdict.original_rating == original


def _rationale(record: ReviewRecord, publisher: Entity | None) -> str:
    if record.rating.explanation:
        return record.rating.explanation
    who = publisher.name if publisher else "the publisher"
    where = f" ({record.review_url})" if record.review_url else ""
    return f"Rated “{record.rating.describe()}” by {who}{where}; imported from ClaimReview."


def _apply(
    session: Session, record: ReviewRecord, table: AliasTable, report: ImportReport, actor: str
) -> Verdict | None:
    """Apply one record; the verdict it inserted, or None if it was already there."""
    label, original = _label_for(record, table, report)
    # Look before writing anything: an unchanged review must leave the database as it was.
    page = sources.find_by_url(session, record.review_url) if record.review_url else None
    previous = _previous(session, record, page)
    if previous is not None and _same(previous, label, original):
        report.unchanged += 1
        return None
    if (
        previous is not None
        and record.review_id is not None
        and (previous.public_id == record.review_id)
    ):
        # Our own verdicts are never edited: the same id with another rating is not a
        # correction but two different records claiming one identity.
        raise Conflict(
            f"review urn:uuid:{record.review_id} is already verdict #{previous.id} with "
            "another rating"
        )
    publisher = _entity(session, record.publisher, actor) if record.publisher else None
    if record.review_url and page is None:
        page = _new_page(session, record, publisher, actor)
    if previous is not None:
        # Correct the head of the chain: a verdict can be superseded only once.
        while (
            head := session.scalar(select(Verdict).where(Verdict.supersedes_id == previous.id))
        ) is not None:
            previous = head
        claim = previous.claim
    else:
        claimant = _entity(session, record.claimant, actor) if record.claimant else None
        found = _find_claim(session, record, claimant)
        claim = found if found is not None else _new_claim(session, record, claimant, actor)

    _add_appearances(session, claim, record.appearances, actor)
    moment = record.published.value if record.published else utcnow()
    if previous is not None and record.modified is not None:
        moment = record.modified.value
    verdict = Verdict(
        public_id=record.review_id or str(uuid.uuid4()),
        claim_id=claim.id,
        label_id=label.id,
        original_rating=original,
        rationale=_rationale(record, publisher),
        state=VerdictState.PUBLISHED,
        author=(publisher.name if publisher else actor)[:MAX_AUTHOR],
        publisher_id=publisher.id if publisher else None,
        review_source_id=page.id if page else None,
        published_at=moment,
        supersedes_id=previous.id if previous else None,
        supersede_reason="the publisher changed its rating" if previous else None,
    )
    session.add(verdict)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.VERDICT_IMPORTED,
        record_type=RecordType.VERDICT,
        record_id=verdict.id,
        claim_id=claim.id,
        payload={
            "rating": label.label,
            "original_rating": original,
            "publisher": publisher.name if publisher else None,
            "review_url": record.review_url,
            "supersedes": verdict.supersedes_id,
        },
    )
    if claim.status == ReviewStatus.NEW:
        # A claim nobody here has started on takes the published review as its outcome; one
        # in our own workflow keeps its status (the review is still recorded, and current).
        claim.status = ReviewStatus.PUBLISHED
        claim.updated_by = actor
        claim.updated_at = utcnow()
        session.flush()
        events.record(
            session,
            actor=actor,
            action=EventAction.CLAIM_PUBLISHED,
            record_type=RecordType.CLAIM,
            record_id=claim.id,
            claim_id=claim.id,
            payload={
                "status_from": ReviewStatus.NEW.value,
                "status_to": ReviewStatus.PUBLISHED.value,
                "assignee": claim.assignee,
                "verdict": verdict.id,
            },
        )
    search.refresh(session, claim)
    semantic.refresh(session, claim)
    if previous is None:
        report.inserted += 1
    else:
        report.corrected += 1
    if claim.id not in report.claim_ids:
        report.claim_ids.append(claim.id)
    return verdict


def _link_corrections(session: Session, expired: list[tuple[Verdict, datetime]]) -> None:
    """Restore the supersedes links of a history export (``--all-versions``).

    A superseded review is exported with ``expires`` set to the publication time of the
    verdict that corrected it; that verdict, on the same claim and correcting nothing yet, is
    linked back to it. Reviews from elsewhere rarely carry ``expires``; when nothing matches,
    nothing is linked.
    """
    for old, until in expired:
        successor = session.scalar(
            select(Verdict)
            .where(
                Verdict.claim_id == old.claim_id,
                Verdict.id != old.id,
                Verdict.state == VerdictState.PUBLISHED,
                Verdict.published_at == until,
                Verdict.supersedes_id.is_(None),
            )
            .order_by(Verdict.id)
            .limit(1)
        )
        # Never link two verdicts both ways.
        if successor is not None and old.supersedes_id != successor.id:
            successor.supersedes_id = old.id
            successor.supersede_reason = successor.supersede_reason or "correction"
            session.flush()


def _new_claim(
    session: Session, record: ReviewRecord, claimant: Entity | None, actor: str
) -> Claim:
    result = add_claim(
        session,
        ClaimInput(
            text=record.claim_text,
            claimant=claimant,
            claimed=record.claimed,
            language=record.claim_language,
            tags=list(record.tags),
            public_id=record.claim_id,
        ),
        actor=actor,
        # The review itself says which claim it is about; a similar claim here is not a
        # reason to refuse it (an exact match was already reused by _find_claim).
        force=True,
    )
    return result.claim
