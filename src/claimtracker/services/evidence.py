"""Evidence: a source used to check a claim, with its stance.

A piece of evidence is one passage of a source (its quote, and its locator: where in the
source it is, "p. 12", "§3.2") or the source as a whole. A claim may cite several passages of
one source with one stance; an exact repeat (the same source, stance, quote and locator) is
refused, naming the evidence that already says it. Evidence is corrected (``edit_evidence``)
or removed (``remove_evidence``) by events that keep what it was; evidence a verdict rests on
is never removed, since the verdict's reader must be able to repeat the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType, Stance
from claimtracker.errors import Conflict, InvalidInput, NotFound
from claimtracker.models import Evidence, VerdictEvidence
from claimtracker.services import events
from claimtracker.services.refs import parse_id
from claimtracker.services.transitions import refuse_retracted
from claimtracker.text import MAX_QUOTE_LENGTH, clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.attributes import InstrumentedAttribute

    from claimtracker.models import Claim, Source

MAX_LOCATOR_LENGTH = 200
MAX_NOTE_LENGTH = 20_000


class _Keep:
    """The value of a field that an edit leaves as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


def _quote(value: str | None) -> str | None:
    return clean_text(value, what="quote", max_length=MAX_QUOTE_LENGTH) if value else None


def _note(value: str | None) -> str | None:
    return clean_text(value, what="note", max_length=MAX_NOTE_LENGTH) if value else None


def _locator(value: str | None) -> str | None:
    """A locator on one line, its spaces collapsed ("p.  12\\n" is "p. 12")."""
    if not value or not value.strip():
        return None
    cleaned = clean_text(value, what="locator", max_length=MAX_LOCATOR_LENGTH)
    return " ".join(cleaned.split())


def _matches(column: InstrumentedAttribute[str | None], value: str | None) -> Any:
    return column.is_(None) if value is None else column == value


def _same_passage(
    session: Session,
    claim_id: int,
    source_id: int,
    stance: Stance,
    quote: str | None,
    locator: str | None,
    *,
    other_than: int | None = None,
) -> Evidence | None:
    """The claim's evidence that says exactly this already, if any."""
    stmt = select(Evidence).where(
        Evidence.claim_id == claim_id,
        Evidence.source_id == source_id,
        Evidence.stance == stance,
        _matches(Evidence.quote, quote),
        _matches(Evidence.locator, locator),
    )
    if other_than is not None:
        stmt = stmt.where(Evidence.id != other_than)
    return session.scalars(stmt.order_by(Evidence.id).limit(1)).first()


def _repeat(existing: Evidence) -> Conflict:
    what = "passage of source" if existing.quote or existing.locator else "source"
    return Conflict(
        f"claim #{existing.claim_id} already has this {what} #{existing.source_id} as evidence "
        f"that {existing.stance} it (evidence #{existing.id})"
    )


def get_evidence(session: Session, ref: str, *, for_update: bool = False) -> Evidence:
    """The evidence named by ``ref`` ("7" or "#7"); ``for_update`` locks its row."""
    evidence_id = parse_id(ref)
    if evidence_id is None:
        raise InvalidInput(f"{ref!r} is not an evidence id (a number, as `claim show` lists)")
    item = session.get(Evidence, evidence_id, with_for_update=for_update)
    if item is None:
        raise NotFound(f"no evidence #{evidence_id}")
    return item


def add_evidence(
    session: Session,
    claim: Claim,
    source: Source,
    stance: Stance,
    *,
    actor: str,
    quote: str | None = None,
    note: str | None = None,
    locator: str | None = None,
) -> Evidence:
    """Attach ``source`` (or the passage of it at ``locator``) to ``claim`` as evidence."""
    refuse_retracted(claim)
    quote, note, locator = _quote(quote), _note(note), _locator(locator)
    existing = _same_passage(session, claim.id, source.id, stance, quote, locator)
    if existing is not None:
        raise _repeat(existing)
    item = Evidence(
        claim_id=claim.id,
        source_id=source.id,
        stance=stance,
        quote=quote,
        note=note,
        locator=locator,
        created_by=actor,
    )
    session.add(item)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.EVIDENCE_ADDED,
        record_type=RecordType.EVIDENCE,
        record_id=item.id,
        claim_id=claim.id,
        payload={
            "source_id": source.id,
            "stance": str(stance),
            "quote": quote,
            "locator": locator,
            "note": note,
        },
    )
    return item


def _state(item: Evidence) -> dict[str, Any]:
    return {
        "stance": str(item.stance),
        "quote": item.quote,
        "locator": item.locator,
        "note": item.note,
    }


def edit_evidence(
    session: Session,
    item: Evidence,
    *,
    actor: str,
    stance: Stance | None = None,
    quote: str | _Keep | None = KEEP,
    note: str | _Keep | None = KEEP,
    locator: str | _Keep | None = KEEP,
    reason: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Correct a piece of evidence: its stance, quote, note or locator (``None`` or an empty
    text clears one; ``KEEP`` leaves it). Returns the changes, each ``{"before", "after"}``."""
    refuse_retracted(item.claim)
    before = _state(item)
    wanted = dict(before)
    if stance is not None:
        wanted["stance"] = str(stance)
    if not isinstance(quote, _Keep):
        wanted["quote"] = _quote(quote)
    if not isinstance(locator, _Keep):
        wanted["locator"] = _locator(locator)
    if not isinstance(note, _Keep):
        wanted["note"] = _note(note)
    changes = {
        field: {"before": before[field], "after": wanted[field]}
        for field in before
        if wanted[field] != before[field]
    }
    if not changes:
        raise InvalidInput(
            f"evidence #{item.id} already says that: nothing to change",
            inputs=["stance", "quote", "locator", "note"],
        )
    same = _same_passage(
        session,
        item.claim_id,
        item.source_id,
        Stance(wanted["stance"]),
        wanted["quote"],
        wanted["locator"],
        other_than=item.id,
    )
    if same is not None:
        raise _repeat(same)
    item.stance = Stance(wanted["stance"])
    item.quote, item.locator, item.note = wanted["quote"], wanted["locator"], wanted["note"]
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.EVIDENCE_EDITED,
        record_type=RecordType.EVIDENCE,
        record_id=item.id,
        claim_id=item.claim_id,
        reason=reason,
        payload={"evidence_id": item.id, "source_id": item.source_id, "changes": changes},
    )
    return changes


def remove_evidence(
    session: Session, item: Evidence, *, actor: str, reason: str | None = None
) -> None:
    """Remove a piece of evidence; refused when a verdict rests on it (a verdict is never
    edited: a correction is a new verdict, on the evidence it names)."""
    refuse_retracted(item.claim)
    verdict_ids = list(
        session.scalars(
            select(VerdictEvidence.verdict_id)
            .where(VerdictEvidence.evidence_id == item.id)
            .order_by(VerdictEvidence.verdict_id)
        )
    )
    if verdict_ids:
        cited = ("verdict " if len(verdict_ids) == 1 else "verdicts ") + ", ".join(
            f"#{v}" for v in verdict_ids
        )
        raise Conflict(
            f"evidence #{item.id} is what {cited} of claim #{item.claim_id} rests on: "
            "it stays (edit it, or correct the verdict with a new one)"
        )
    payload = {"evidence_id": item.id, "source_id": item.source_id, **_state(item)}
    claim_id = item.claim_id
    session.delete(item)
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.EVIDENCE_REMOVED,
        record_type=RecordType.EVIDENCE,
        record_id=payload["evidence_id"],
        claim_id=claim_id,
        reason=reason,
        payload=payload,
    )
