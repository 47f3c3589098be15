"""Appearances: where a claim was made or repeated, each source once, one of them the first.

`claim add --source` records the appearance a claim is captured from; these functions record
the same claim seen again elsewhere, and remove an appearance recorded by mistake. Each is an
event that keeps what the appearance was, and which appearance was the first before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Appearance
from claimtracker.services import claim_values, events, search
from claimtracker.services.refs import parse_id
from claimtracker.services.transitions import refuse_retracted
from claimtracker.text import MAX_QUOTE_LENGTH, clean_text

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.dates import ParsedDate
    from claimtracker.models import Claim, Source


def _appeared(item: Appearance) -> str | None:
    """When the claim appeared there, at the precision it was given ("2025-01")."""
    from claimtracker.dates import ParsedDate

    if item.appeared_at is None or item.appeared_precision is None:
        return None
    return ParsedDate(item.appeared_at, item.appeared_precision).display()


def _state(item: Appearance) -> dict[str, Any]:
    return {
        "appearance_id": item.id,
        "source_id": item.source_id,
        "quote": item.quote,
        "first": item.is_first,
        "appeared": _appeared(item),
    }


def first_appearance(session: Session, claim: Claim) -> Appearance | None:
    """The claim's first appearance, if one is marked."""
    return session.scalar(
        select(Appearance).where(Appearance.claim_id == claim.id, Appearance.is_first)
    )


def get_appearance(session: Session, ref: str, *, for_update: bool = False) -> Appearance:
    """The appearance named by ``ref`` ("9" or "#9"); ``for_update`` locks its row."""
    appearance_id = parse_id(ref)
    if appearance_id is None:
        raise InvalidInput(f"{ref!r} is not an appearance id (a number, as `claim show` lists)")
    item = session.get(Appearance, appearance_id, with_for_update=for_update)
    if item is None:
        raise NotFound(f"no appearance #{appearance_id}")
    return item


def add_appearance(
    session: Session,
    claim: Claim,
    source: Source,
    *,
    actor: str,
    quote: str | None = None,
    first: bool = False,
    appeared: ParsedDate | None = None,
) -> Appearance:
    """Record that ``claim`` appears in ``source`` (once per source); with ``first``, it is
    the claim's first appearance and the one marked before loses the mark."""
    refuse_retracted(claim)
    existing = session.scalar(
        select(Appearance).where(Appearance.claim_id == claim.id, Appearance.source_id == source.id)
    )
    if existing is not None:
        raise Conflict(
            f"claim #{claim.id} already appears in source #{source.id} (appearance #{existing.id})"
        )
    cleaned = clean_text(quote, what="quote", max_length=MAX_QUOTE_LENGTH) if quote else None
    previous = first_appearance(session, claim) if first else None
    if previous is not None:
        # Unmarked before the new one is written: at most one first appearance per claim.
        previous.is_first = False
        session.flush()
    item = Appearance(
        **claim_values.new_appearance(
            claim.id,
            source.id,
            quote=cleaned,
            is_first=first,
            actor=actor,
            appeared_at=appeared.value if appeared else None,
            appeared_precision=appeared.precision if appeared else None,
        )
    )
    session.add(item)
    session.flush()
    search.refresh(session, claim)
    payload = _state(item)
    if first:
        payload["first_appearance"] = {
            "before": previous.id if previous else None,
            "after": item.id,
        }
    events.record(
        session,
        actor=actor,
        action=EventAction.APPEARANCE_ADDED,
        record_type=RecordType.APPEARANCE,
        record_id=item.id,
        claim_id=claim.id,
        payload=payload,
    )
    return item


def remove_appearance(
    session: Session, item: Appearance, *, actor: str, reason: str | None = None
) -> None:
    """Remove an appearance recorded by mistake (the claim keeps its other appearances)."""
    refuse_retracted(item.claim)
    payload = _state(item)
    claim = item.claim
    session.delete(item)
    session.flush()
    search.refresh(session, claim)
    events.record(
        session,
        actor=actor,
        action=EventAction.APPEARANCE_REMOVED,
        record_type=RecordType.APPEARANCE,
        record_id=payload["appearance_id"],
        claim_id=claim.id,
        reason=reason,
        payload=payload,
    )


@dataclass(frozen=True)
class AppearanceRow:
    """An appearance in a listing."""

    id: int
    source_id: int
    url: str | None
    title: str | None
    first: bool
    appeared: str | None
    quote: str | None
    created_at: datetime
    created_by: str


def list_appearances(session: Session, claim: Claim) -> list[AppearanceRow]:
    """The claim's appearances, in the order they were recorded."""
    rows = session.scalars(
        select(Appearance)
        .where(Appearance.claim_id == claim.id)
        .options(selectinload(Appearance.source))
        .order_by(Appearance.id)
    )
    return [
        AppearanceRow(
            id=a.id,
            source_id=a.source_id,
            url=a.source.url,
            title=a.source.title,
            first=a.is_first,
            appeared=_appeared(a),
            quote=a.quote,
            created_at=a.created_at,
            created_by=a.created_by,
        )
        for a in rows
    ]
