"""ClaimReview import: other fact-checkers' reviews, as read by the importer, applied here.

:func:`import_records` applies records read by :mod:`claimtracker.importers.claimreview`:

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

How a review is recognised is :mod:`claimtracker.services.claimreview_match`'s; this module
writes. Services flush and never commit: the command's unit of work makes an import all or
nothing.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from claimtracker.db.base import utcnow
from claimtracker.enums import (
    EventAction,
    RecordType,
    ReviewStatus,
    SourceKind,
    VerdictOrigin,
    VerdictState,
)
from claimtracker.errors import ClaimtrackerError, Conflict
from claimtracker.importers.claimreview.records import Party
from claimtracker.models import Appearance, Verdict
from claimtracker.services import events, search, semantic, sources, transitions
from claimtracker.services.claim_values import imported_claim_id
from claimtracker.services.claimreview_match import (
    existing_claim,
    head_of_corrections,
    previous_verdict,
    superseded_by,
)
from claimtracker.services.claimreview_parties import named_entity, reviewing_organisation
from claimtracker.services.claimreview_ratings import correction_reason, map_rating
from claimtracker.services.claimreview_report import ImportReport
from claimtracker.services.claims import ClaimInput, add_claim
from claimtracker.services.rating_aliases import AliasTable
from claimtracker.services.sources import SourceInput

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.importers.claimreview import ReviewRecord, WorkRecord
    from claimtracker.models import Claim, Entity, RatingLabel, Source

__all__ = ["ImportReport", "import_records"]

MAX_AUTHOR = 100
"""A verdict's author is a user name or, imported, the publisher's name cut to this."""
UNKNOWN_AUTHOR = "unknown publisher"
"""The author of an imported review that names no publisher and has no web address."""


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


def _apply(
    session: Session, record: ReviewRecord, table: AliasTable, report: ImportReport, actor: str
) -> Verdict | None:
    """Apply one record; the verdict it inserted, or None if it was already there."""
    label, original = _label_for(record, table, report)
    # Look before writing anything: an unchanged review must leave the database as it was.
    page = sources.find_by_url(session, record.review_url) if record.review_url else None
    previous = previous_verdict(session, record, page)
    if previous is not None:
        if _unchanged(record, previous, label, original):
            report.unchanged += 1
            return None
        _refuse_second_identity(record, previous)
    reason = correction_reason(previous, record.rating, original, label) if previous else None
    publisher = _publisher(session, record, actor, report)
    if record.review_url and page is None:
        page = _new_page(session, record, publisher, actor)
    if previous is not None:
        # Correct the head of the chain: a verdict can be superseded only once.
        previous = head_of_corrections(session, previous)
        claim = previous.claim
    else:
        claim = _claim_for(session, record, actor, report)
    _add_appearances(session, claim, record.appearances, actor, report)
    verdict = _add_verdict(
        session,
        record,
        claim,
        label=label,
        original=original,
        publisher=publisher,
        page=page,
        previous=previous,
        reason=reason,
        actor=actor,
    )
    report.undated += verdict.published_at is None
    _take_as_outcome(session, claim, verdict, actor)
    search.refresh(session, claim)
    semantic.refresh(session, claim)
    report.count_verdict(claim.id, corrected=previous is not None)
    return verdict


def _label_for(
    record: ReviewRecord, table: AliasTable, report: ImportReport
) -> tuple[RatingLabel, str]:
    """The label the rating maps to, and the publisher's wording, kept verbatim beside it."""
    label, wording = map_rating(record.rating, table)
    if label is None:
        report.unmapped[wording] += 1
        return table.unrated(), wording
    return label, wording


def _unchanged(record: ReviewRecord, previous: Verdict, label: RatingLabel, original: str) -> bool:
    """Whether the review says what the verdict already holds.

    One of our own verdicts, recognised by its id, is the same when it maps to the same
    label: our export words a rating as the label's name, which a verdict made here never
    kept as an original rating.
    """
    if previous.label_id != label.id:
        return False
    ours = record.review_id is not None and previous.public_id == record.review_id
    return ours or previous.original_rating == original


def _refuse_second_identity(record: ReviewRecord, previous: Verdict) -> None:
    """Our own verdicts are never edited: the same id with another rating is not a correction
    but two different records claiming one identity."""
    if record.review_id is not None and previous.public_id == record.review_id:
        raise Conflict(
            f"review urn:uuid:{record.review_id} is already verdict #{previous.id} with "
            "another rating"
        )


def _publisher(
    session: Session, record: ReviewRecord, actor: str, report: ImportReport
) -> Entity | None:
    if record.publisher is None:
        return None
    entity, note = reviewing_organisation(session, record.publisher, actor)
    report.note(note)
    return entity


def _entity(session: Session, party: Party, actor: str, report: ImportReport) -> Entity:
    entity, note = named_entity(session, party, actor)
    report.note(note)
    return entity


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


def _claim_for(session: Session, record: ReviewRecord, actor: str, report: ImportReport) -> Claim:
    """The claim the review is about: one already here (see claimreview_match), else new."""
    claimant = _entity(session, record.claimant, actor, report) if record.claimant else None
    derived = imported_claim_id(record.review_url, record.claim_text) if record.review_url else None
    found = existing_claim(session, record, claimant, derived_id=derived)
    if found is not None:
        return found
    result = add_claim(
        session,
        ClaimInput(
            text=record.claim_text,
            claimant=claimant,
            claimed=record.claimed,
            language=record.claim_language,
            tags=list(record.tags),
            public_id=record.claim_id or derived,
        ),
        actor=actor,
        # The review itself says which claim it is about; a similar claim here is not a
        # reason to refuse it (an exact match was already reused by existing_claim).
        force=True,
    )
    return result.claim


def _add_appearances(
    session: Session, claim: Claim, works: Iterable[WorkRecord], actor: str, report: ImportReport
) -> None:
    has_first = any(a.is_first for a in claim.appearances)
    known = {a.source_id for a in claim.appearances}
    for work in works:
        source, _ = sources.find_or_create(
            session,
            SourceInput(
                url=work.url,
                title=work.title,
                # Chosen here, as homonyms must not stop an import (claimreview_parties).
                author=_entity(session, Party(work.author), actor, report) if work.author else None,
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


def _add_verdict(
    session: Session,
    record: ReviewRecord,
    claim: Claim,
    *,
    label: RatingLabel,
    original: str | None,
    publisher: Entity | None,
    page: Source | None,
    previous: Verdict | None,
    reason: str | None,
    actor: str,
) -> Verdict:
    """The review's verdict, correcting ``previous`` if any; logged; its scale kept (1/6≠1/5)."""
    # The publisher's date at the precision it gave; none when it gave none (never the time
    # of the import: a wrong date would be published and reported as theirs).
    dated = record.published
    if previous is not None and record.modified is not None:
        dated = record.modified
    verdict = Verdict(
        public_id=record.review_id or str(uuid.uuid4()),
        claim_id=claim.id,
        label_id=label.id,
        original_rating=original,
        original_value=record.rating.value,
        original_best=record.rating.best,
        original_worst=record.rating.worst,
        rationale=_rationale(record, publisher),
        state=VerdictState.PUBLISHED,
        # Never whoever runs the import: the review is not theirs.
        author=(publisher.name if publisher else UNKNOWN_AUTHOR)[:MAX_AUTHOR],
        publisher_id=publisher.id if publisher else None,
        review_source_id=page.id if page else None,
        origin=VerdictOrigin.IMPORTED,
        published_at=dated.value if dated else None,
        published_precision=dated.precision if dated else None,
        supersedes_id=previous.id if previous else None,
        supersede_reason=reason,
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
            "reason": reason,
            "dated": dated.display() if dated else None,
        },
    )
    return verdict


def _rationale(record: ReviewRecord, publisher: Entity | None) -> str:
    if record.rating.explanation:
        return record.rating.explanation
    who = publisher.name if publisher else "the publisher"
    where = f" ({record.review_url})" if record.review_url else ""
    return f"Rated “{record.rating.describe()}” by {who}{where}; imported from ClaimReview."


def _take_as_outcome(session: Session, claim: Claim, verdict: Verdict, actor: str) -> None:
    """A claim nobody here has started on takes the published review as its outcome; one in
    our own workflow keeps its status (the review is still recorded, and current)."""
    if claim.status != ReviewStatus.NEW:
        return
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
            **transitions.status_payload(ReviewStatus.NEW, ReviewStatus.PUBLISHED),
            "assignee": claim.assignee,
            "verdict": verdict.id,
        },
    )


def _link_corrections(session: Session, expired: list[tuple[Verdict, datetime]]) -> None:
    """Restore the supersedes links of a history export (``--all-versions``).

    A superseded review is exported with ``expires`` set to the publication time of the
    verdict that corrected it; that verdict, on the same claim and correcting nothing yet, is
    linked back to it. Reviews from elsewhere rarely carry ``expires``; when nothing matches,
    nothing is linked.
    """
    for old, until in expired:
        successor = superseded_by(session, old, until)
        # Never link two verdicts both ways.
        if successor is not None and old.supersedes_id != successor.id:
            successor.supersedes_id = old.id
            successor.supersede_reason = successor.supersede_reason or "correction"
            session.flush()
