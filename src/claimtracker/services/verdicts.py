"""Reading verdicts: which one is current, which one awaits approval, which one stood at a date,
and the headlines of the pages that review a claim.

The one place these questions are answered, so that `claim show`, listings, the matcher, the
search index and the restore cannot disagree on them. Writing verdicts is the workflow's job
(services/review.py) and the ClaimReview import's (services/claimreview_import.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from claimtracker.enums import VerdictState
from claimtracker.models import RatingLabel, Source, Verdict

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement

# Claim ids per IN list: well under SQLite's limit on bound parameters.
_IN_CHUNK = 1000


@dataclass(frozen=True)
class Outcome:
    """A published verdict as a listing shows it: its label and when it was published."""

    verdict_id: int
    rating: str
    # None for a review imported from a publisher that gave no date.
    published_at: datetime | None


# The order that makes a claim's verdict current: the one published last, the newest on a
# tie; a review imported without a date only when none has a date (NULLS LAST, written out:
# PostgreSQL puts NULLs first in a descending order, SQLite last).
NEWEST_FIRST = (Verdict.published_at.desc().nulls_last(), Verdict.id.desc())


def current(session: Session, claim_id: int) -> Verdict | None:
    """The newest published verdict of a claim (what readers see now)."""
    return session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim_id, Verdict.state == VerdictState.PUBLISHED)
        .order_by(*NEWEST_FIRST)
        .limit(1)
    )


def proposed(session: Session, claim_id: int) -> Verdict | None:
    """The verdict awaiting approval, if any."""
    return session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim_id, Verdict.state == VerdictState.PROPOSED)
        .order_by(Verdict.id.desc())
        .limit(1)
    )


def current_outcomes(session: Session, claim_ids: Sequence[int]) -> dict[int, Outcome]:
    """The current verdict of each of ``claim_ids`` that has one, as :func:`current` picks it."""
    if not claim_ids:
        return {}
    ranked = (
        select(
            Verdict.id,
            Verdict.claim_id,
            Verdict.label_id,
            Verdict.published_at,
            func.row_number()
            .over(partition_by=Verdict.claim_id, order_by=NEWEST_FIRST)
            .label("rank"),
        )
        .where(Verdict.claim_id.in_(claim_ids), Verdict.state == VerdictState.PUBLISHED)
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.id, ranked.c.claim_id, RatingLabel.label, ranked.c.published_at)
        .join(RatingLabel, RatingLabel.id == ranked.c.label_id)
        .where(ranked.c.rank == 1)
    )
    return {row.claim_id: Outcome(row.id, row.label, row.published_at) for row in rows}


def outcome_at(session: Session, claim_id: int, moment: datetime) -> Outcome | None:
    """The verdict that was current at ``moment``: the newest published by then.

    A review imported without a date was shown from the moment it was imported.
    """
    shown_from = func.coalesce(Verdict.published_at, Verdict.created_at)
    row = session.execute(
        select(Verdict.id, RatingLabel.label, Verdict.published_at)
        .join(RatingLabel, RatingLabel.id == Verdict.label_id)
        .where(
            Verdict.claim_id == claim_id,
            Verdict.state == VerdictState.PUBLISHED,
            shown_from <= moment,
        )
        .order_by(*NEWEST_FIRST)
        .limit(1)
    ).first()
    return Outcome(row.id, row.label, row.published_at) if row else None


def headlines(bind: Session | Connection, claim_ids: Sequence[int]) -> dict[int, list[str]]:
    """The titles of the pages that review each claim, in verdict order: how fact-checkers
    worded it. Claims without a titled review page are left out."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(claim_ids), _IN_CHUNK):
        chunk = claim_ids[start : start + _IN_CHUNK]
        found.update(_titles(bind, Verdict.claim_id.in_(chunk)))
    return found


def headlines_between(bind: Session | Connection, low: int, high: int) -> dict[int, list[str]]:
    """:func:`headlines` of every claim whose id is in ``low..high`` (a restore's id range)."""
    return _titles(bind, Verdict.claim_id.between(low, high))


def _titles(bind: Session | Connection, claims: ColumnElement[bool]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = bind.execute(
        select(Verdict.claim_id, Source.title)
        .join(Source, Source.id == Verdict.review_source_id)
        .where(claims, Source.title.is_not(None))
        .order_by(Verdict.claim_id, Verdict.id)
    )
    for claim_id, title in rows:
        if title:
            found.setdefault(claim_id, []).append(title)
    return found
