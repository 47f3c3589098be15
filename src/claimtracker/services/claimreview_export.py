"""ClaimReview export: published verdicts as the plain data the exporter turns into JSON-LD.

:func:`published_reviews` gathers, for each published verdict, what
:mod:`claimtracker.exporters.claimreview` needs, streamed in batches with Core queries (no ORM
objects), so memory stays flat however many verdicts are exported. By default a verdict is
left out once a published correction supersedes it; ``all_versions`` keeps those too, with the
time they were superseded. Independent reviews of one claim (two fact-checkers, imported) are
all current.

By default only verdicts published through this database's own workflow are exported: a review
imported from another fact-checker is theirs to publish. ``include_imported`` adds them, each
with its own organisation as author, its own date (or none) at its precision, and its own
wording and scale numbers; :attr:`PublishedReviews.imported_left_out` counts those left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from claimtracker.dates import ParsedDate
from claimtracker.enums import DatePrecision, EventAction, VerdictOrigin, VerdictState
from claimtracker.exporters.claimreview import PartyData, ReviewData, WorkData
from claimtracker.formats.schema_org import Type, party_type, work_type
from claimtracker.models import (
    Appearance,
    Claim,
    ClaimTag,
    Entity,
    Event,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from claimtracker.services.claims import get_claim
from claimtracker.services.entities import same_as_list

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session

    from claimtracker.enums import EntityKind

__all__ = ["EXPORT_BATCH", "PublishedReviews", "published_reviews"]


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
    # Imported verdicts the selection would hold but left out (no --include-imported).
    imported_left_out: int = 0

    def __iter__(self) -> Iterator[ReviewData]:
        # yield_per streams on PostgreSQL too (a server-side cursor): without it psycopg
        # fetches every row before the first is returned.
        result = self.session.execute(self.rows, execution_options={"yield_per": self.batch_size})
        for batch in result.partitions():
            claim_ids = sorted({row.claim_id for row in batch})
            tags = self._tags(claim_ids)
            firsts, others = self._appearances(claim_ids)
            for row in batch:
                imported = row.origin == VerdictOrigin.IMPORTED
                value, best, worst = _numbers(row, imported=imported)
                yield ReviewData(
                    review_id=row.public_id,
                    claim_id=row.claim_public_id,
                    claim_text=row.claim_text,
                    # Our verdicts say our label; imported ones keep the publisher's words.
                    rating_text=(row.original_rating if imported else None) or row.label_name,
                    published=row.published_at,
                    published_precision=row.published_precision or DatePrecision.INSTANT,
                    imported=imported,
                    rating_value=value,
                    best_rating=best,
                    worst_rating=worst,
                    explanation=row.rationale,
                    url=row.page_url,
                    title=row.page_title,
                    language=row.page_language,
                    author=_party(
                        row.publisher_name,
                        row.publisher_kind,
                        row.publisher_url,
                        row.publisher_same_as,
                    ),
                    claimant=_party(
                        row.claimant_name,
                        row.claimant_kind,
                        row.claimant_url,
                        row.claimant_same_as,
                        role=row.claimant_role,
                    ),
                    claimed=_display(row.claimed_at, row.claimed_precision),
                    # An inferred language is ours, not the claim's record: left out, it is
                    # inferred again on import.
                    claim_language=None if row.claim_language_inferred else row.claim_language,
                    tags=tuple(tags.get(row.claim_id, ())),
                    first_appearance=firsts.get(row.claim_id),
                    appearances=tuple(others.get(row.claim_id, ())),
                    superseded_at=row.superseded_at,
                    modified=row.modified_at,
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
                schema_type=work_type(row.kind),
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
    include_imported: bool = False,
    batch_size: int = EXPORT_BATCH,
) -> PublishedReviews:
    """Published verdicts as ClaimReview data, oldest publication first (undated last),
    streamed.

    ``claim_ref`` keeps one claim's; ``since`` those published on or after it (an undated
    review never matches); without ``all_versions`` a verdict superseded by a published
    correction is left out; without ``include_imported`` only our own workflow's verdicts are
    kept. An unknown ``claim_ref`` raises here, before anything is read or written.
    """
    successor = aliased(Verdict)
    superseding = and_(
        successor.supersedes_id == Verdict.id, successor.state == VerdictState.PUBLISHED
    )
    conditions: list[ColumnElement[bool]] = [
        Verdict.state == VerdictState.PUBLISHED,
        # A retracted claim is in no export (the few of them, by the partial index of 0012).
        Verdict.claim_id.not_in(select(Claim.id).where(Claim.retracted_at.is_not(None))),
    ]
    if not all_versions:
        conditions.append(successor.id.is_(None))
    if claim_ref is not None:
        conditions.append(Verdict.claim_id == get_claim(session, claim_ref).id)
    if since is not None:
        conditions.append(Verdict.published_at >= since.value)
    imported_left_out = 0
    if not include_imported:
        imported_left_out = (
            session.scalar(
                select(func.count(Verdict.id))
                .select_from(Verdict)
                .outerjoin(successor, superseding)
                .where(*conditions, Verdict.origin == VerdictOrigin.IMPORTED)
            )
            or 0
        )
        conditions.append(Verdict.origin == VerdictOrigin.WORKFLOW)
    # A corrected verdict's newest date is its correction's (the feed's dateModified).
    latest, corrected = session.execute(
        select(func.max(Verdict.published_at), func.max(successor.published_at))
        .select_from(Verdict)
        .outerjoin(successor, superseding)
        .where(*conditions)
    ).one()
    # A claim corrected after its review was published modifies the review (dateModified).
    modified = session.scalar(
        select(func.max(Event.occurred_at))
        .select_from(Verdict)
        .join(Event, _edited_after_publication())
        .outerjoin(successor, superseding)
        .where(*conditions)
    )
    newest = max((d for d in (latest, corrected, modified) if d is not None), default=None)
    rows = _rows(successor, superseding, conditions)
    return PublishedReviews(session, rows, newest, batch_size, imported_left_out)


def _rows(
    successor: type[Verdict],
    superseding: ColumnElement[bool],
    conditions: list[ColumnElement[bool]],
) -> Select[*tuple[Any, ...]]:
    """The query of the selected verdicts, with what the export says of each."""
    claimant, publisher, page = aliased(Entity), aliased(Entity), aliased(Source)
    return (
        select(
            Verdict.public_id,
            Verdict.original_rating,
            Verdict.original_value,
            Verdict.original_best,
            Verdict.original_worst,
            Verdict.origin,
            Verdict.rationale,
            Verdict.published_at,
            Verdict.published_precision,
            successor.published_at.label("superseded_at"),
            RatingLabel.name.label("label_name"),
            RatingLabel.claimreview_value,
            RatingScale.best_value,
            RatingScale.worst_value,
            publisher.name.label("publisher_name"),
            publisher.kind.label("publisher_kind"),
            publisher.url.label("publisher_url"),
            publisher.same_as.label("publisher_same_as"),
            page.url.label("page_url"),
            page.title.label("page_title"),
            page.language.label("page_language"),
            Claim.id.label("claim_id"),
            Claim.public_id.label("claim_public_id"),
            Claim.text.label("claim_text"),
            Claim.claimed_at,
            Claim.claimed_precision,
            Claim.language.label("claim_language"),
            Claim.language_inferred.label("claim_language_inferred"),
            claimant.name.label("claimant_name"),
            claimant.kind.label("claimant_kind"),
            claimant.url.label("claimant_url"),
            claimant.same_as.label("claimant_same_as"),
            Claim.claimant_role,
            select(func.max(Event.occurred_at))
            .where(_edited_after_publication())
            .correlate(Verdict)
            .scalar_subquery()
            .label("modified_at"),
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
        # Undated reviews last on both backends (SQLite sorts NULL first, PostgreSQL last).
        .order_by(Verdict.published_at.is_(None), Verdict.published_at, Verdict.id)
    )


def _edited_after_publication() -> ColumnElement[bool]:
    """An edit event of the verdict's claim made after the verdict was published (or, for a
    review imported without a date, after it was imported: from then on it was shown)."""
    return and_(
        Event.claim_id == Verdict.claim_id,
        Event.action == EventAction.CLAIM_EDITED,
        Event.occurred_at > func.coalesce(Verdict.published_at, Verdict.created_at),
    )


def _display(value: datetime | None, precision: Any) -> str | None:
    if value is None or precision is None:
        return None
    return ParsedDate(value, precision).display()


def _numbers(row: Any, *, imported: bool) -> tuple[float | None, float | None, float | None]:
    """ratingValue, bestRating, worstRating: an imported review's own scale when it gave its
    number, else our label's number on our scale (none for labels off the numeric axis)."""
    if imported and row.original_value is not None:
        return row.original_value, row.original_best, row.original_worst
    if row.claimreview_value is None:
        return None, None, None
    return row.claimreview_value, row.best_value, row.worst_value


def _party(
    name: str | None,
    kind: EntityKind | None,
    url: str | None,
    same_as: str | None,
    *,
    role: str | None = None,
) -> PartyData | None:
    if name is None:
        return None
    # An entity of unknown kind gets no type (see party_type) and comes back as unknown.
    schema_type = party_type(kind)
    return PartyData(
        name=name,
        schema_type=schema_type,
        url=url,
        same_as=tuple(same_as_list(same_as)),
        # A job title is a person's: an organisation's "role" describes what it is.
        job_title=role if schema_type != Type.ORGANIZATION else None,
    )
