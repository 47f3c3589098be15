"""Evidence: a source used to check a claim, with its stance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType, Stance
from claimtracker.errors import Conflict
from claimtracker.models import Evidence
from claimtracker.services import events
from claimtracker.services.transitions import refuse_retracted
from claimtracker.text import clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim, Source


def add_evidence(
    session: Session,
    claim: Claim,
    source: Source,
    stance: Stance,
    *,
    actor: str,
    quote: str | None = None,
    note: str | None = None,
) -> Evidence:
    """Attach ``source`` to ``claim`` as evidence with ``stance``."""
    refuse_retracted(claim)
    existing = session.scalar(
        select(Evidence).where(
            Evidence.claim_id == claim.id,
            Evidence.source_id == source.id,
            Evidence.stance == stance,
        )
    )
    if existing is not None:
        raise Conflict(
            f"source #{source.id} is already evidence that {stance} claim #{claim.id} "
            f"(evidence #{existing.id})"
        )
    item = Evidence(
        claim_id=claim.id,
        source_id=source.id,
        stance=stance,
        quote=clean_text(quote, what="quote", max_length=20_000) if quote else None,
        note=clean_text(note, what="note", max_length=20_000) if note else None,
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
        payload={"source_id": source.id, "stance": str(stance), "quote": item.quote},
    )
    return item
