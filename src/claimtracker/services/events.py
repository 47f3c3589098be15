"""The audit log: every change is an event, chained to the previous one by a SHA-256 hash.

The hash covers the event's content and its predecessor's hash, so editing or deleting any
row behind the tool's back breaks the chain from that row on (see ``verify_chain``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from claimtracker.db.base import utcnow
from claimtracker.models import Event

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtracker.enums import EventAction, RecordType

# Any constant works: it names the lock that serialises appends on PostgreSQL.
_PG_CHAIN_LOCK = 0x636C61696D


def canonical_payload(payload: dict[str, Any] | None) -> str | None:
    """Stable JSON: sorted keys, no spaces, so the same content always hashes the same."""
    if payload is None:
        return None
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def event_hash(
    *,
    prev_hash: str | None,
    occurred_at: datetime,
    actor: str,
    action: str,
    record_type: str,
    record_id: int | None,
    claim_id: int | None,
    reason: str | None,
    payload: str | None,
) -> str:
    """The hash of one event's content chained to its predecessor's hash."""
    content = json.dumps(
        [
            prev_hash,
            occurred_at.isoformat(timespec="microseconds"),
            actor,
            action,
            record_type,
            record_id,
            claim_id,
            reason,
            payload,
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of a record that a correction changed, each ``{"before": …, "after": …}``:
    the payload every edit event carries under ``"changes"``."""
    return {
        field: {"before": before[field], "after": after[field]}
        for field in before
        if before[field] != after.get(field)
    }


def _lock_chain(session: Session) -> None:
    # SQLite writers already hold the database lock (BEGIN IMMEDIATE); PostgreSQL needs an
    # explicit lock so two transactions never read the same "last event".
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})


def lock_log(session: Session) -> None:
    """Take the audit log's lock now (PostgreSQL; held until commit, a no-op on SQLite).

    Every writer takes it at its first event, so from then on writers run one at a time. A
    find-or-create takes it before it looks, so that two writers never both find nothing and
    both create (services/entities.py, services/sources.py); taking this one lock earlier,
    rather than a lock of its own, keeps writers from waiting on each other in two orders.
    """
    _lock_chain(session)


def record(
    session: Session,
    *,
    actor: str,
    action: EventAction,
    record_type: RecordType,
    record_id: int | None,
    claim_id: int | None = None,
    reason: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the log (flushed, not committed)."""
    _lock_chain(session)
    session.flush()
    prev_hash = session.scalar(select(Event.hash).order_by(Event.id.desc()).limit(1))
    occurred_at = utcnow()
    body = canonical_payload(payload)
    event = Event(
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        claim_id=claim_id,
        reason=reason,
        payload=body,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash=prev_hash,
            occurred_at=occurred_at,
            actor=actor,
            action=action,
            record_type=str(record_type),
            record_id=record_id,
            claim_id=claim_id,
            reason=reason,
            payload=body,
        ),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose hash does not follow from the log as stored."""

    event_id: int
    reason: str


def iter_breaks(session: Session) -> Iterator[ChainBreak]:
    """Walk the whole log in order and yield where the chain does not hold."""
    expected_prev: str | None = None
    rows = session.execute(
        select(
            Event.id,
            Event.occurred_at,
            Event.actor,
            Event.action,
            Event.record_type,
            Event.record_id,
            Event.claim_id,
            Event.reason,
            Event.payload,
            Event.prev_hash,
            Event.hash,
        ).order_by(Event.id)
    )
    for row in rows:
        if row.prev_hash != expected_prev:
            yield ChainBreak(row.id, "does not follow the previous event (a row was removed?)")
        recomputed = event_hash(
            prev_hash=row.prev_hash,
            occurred_at=row.occurred_at,
            actor=row.actor,
            action=row.action,
            record_type=str(row.record_type),
            record_id=row.record_id,
            claim_id=row.claim_id,
            reason=row.reason,
            payload=row.payload,
        )
        if recomputed != row.hash:
            yield ChainBreak(row.id, "its content does not match its hash (the row was edited)")
        expected_prev = row.hash


def verify_chain(session: Session) -> tuple[int, ChainBreak | None]:
    """How many events there are, and the first break in their chain (None if intact)."""
    count = 0
    for chain_break in iter_breaks(session):
        return count, chain_break
    count = session.scalar(select(func.count(Event.id))) or 0
    return count, None
