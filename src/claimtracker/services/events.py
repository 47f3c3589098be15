"""The audit log: every change is an event, chained to the previous one by a SHA-256 hash.

The hash covers the event's content and its predecessor's hash, so editing or deleting any
row behind the tool's back breaks the chain from that row on (see ``verify_chain``).

Key mode: with ``CLAIM_AUDIT_KEY`` set (a secret kept outside the database), every new hash is
an HMAC-SHA-256 under that key, stored as ``k`` and 63 hex digits so it fits the column and
tells itself from a plain hash. Rewriting such a chain needs the key. Once an event is keyed,
every later one must be: a plain event after a keyed one is a break.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from claimtracker.db.base import utcnow
from claimtracker.models import Event

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from datetime import datetime

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from claimtracker.enums import EventAction, RecordType

# Any constant works: it names the lock that serialises appends on PostgreSQL.
_PG_CHAIN_LOCK = 0x636C61696D
# The secret that makes hashes HMACs (key mode), read from the environment, never stored.
AUDIT_KEY_ENV = "CLAIM_AUDIT_KEY"
# A keyed hash: this letter (not a hex digit) and the first 63 hex digits of the HMAC.
KEYED_PREFIX = "k"


def audit_key() -> bytes | None:
    """The key of key mode (``CLAIM_AUDIT_KEY``), None when it is not set."""
    value = os.environ.get(AUDIT_KEY_ENV)
    return value.encode("utf-8") if value else None


def is_keyed(hash_value: str | None) -> bool:
    """Whether a stored hash was made in key mode."""
    return hash_value is not None and hash_value.startswith(KEYED_PREFIX)


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
    key: bytes | None = None,
    login_role: str | None = None,
) -> str:
    """The hash of one event's content chained to its predecessor's hash (an HMAC under
    ``key`` when one is given).

    The login role (PostgreSQL) is hashed when there is one, after the other fields, so the
    events written before it was recorded keep the hashes they had."""
    fields: list[Any] = [
        prev_hash,
        occurred_at.isoformat(timespec="microseconds"),
        actor,
        action,
        record_type,
        record_id,
        claim_id,
        reason,
        payload,
    ]
    if login_role is not None:
        fields.append(login_role)
    content = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    if key is not None:
        digest = hmac.new(key, content.encode("utf-8"), hashlib.sha256).hexdigest()
        return KEYED_PREFIX + digest[:63]
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
    # PostgreSQL: the session's login (App puts it there), checked by the database's trigger.
    login_role = session.info.get("login_role")
    if login_role is None and session.get_bind().dialect.name == "postgresql":
        # A session not opened by App (a service used directly): ask the server, whose
        # trigger would otherwise fill it in behind the hash.
        login_role = session.info["login_role"] = session.scalar(text("SELECT session_user"))
    event = Event(
        occurred_at=occurred_at,
        actor=actor,
        login_role=login_role,
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
            key=audit_key(),
            login_role=login_role,
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


@dataclass
class ChainStatus:
    """What a walk of the log found: events, how many keyed, and whether a key checked them."""

    count: int = 0
    keyed: int = 0
    key_given: bool = False
    first_break: ChainBreak | None = None

    @property
    def unkeyed(self) -> str | None:
        """Why a log checked under a key does not hold although every hash follows: none of
        its events is keyed (a chain rewritten whole without the key looks like that)."""
        if self.key_given and self.count and not self.keyed:
            return (
                f"{AUDIT_KEY_ENV} is set but none of the {self.count} events is keyed: the chain "
                "was rewritten without the key, or nothing was changed since the key was set"
            )
        return None

    @property
    def mode(self) -> str:
        """The mode in words, for `claim audit verify`."""
        if self.key_given:
            return f"key mode ({AUDIT_KEY_ENV}): {self.keyed} of {self.count} events are HMACs"
        if self.keyed:
            return (
                f"plain mode: {self.keyed} keyed event{'s' if self.keyed != 1 else ''} linked "
                "but their content not checked "
                f"(set {AUDIT_KEY_ENV} to check them)"
            )
        return "plain mode (SHA-256, no key)"


def iter_breaks(
    session: Session | Connection, status: ChainStatus | None = None
) -> Iterator[ChainBreak]:
    """Walk the whole log in order and yield where the chain does not hold.

    Keyed events are checked under ``CLAIM_AUDIT_KEY`` when it is set, else only linked;
    ``status`` (when given) is filled in as the walk goes.
    """
    status = status if status is not None else ChainStatus()
    key = audit_key()
    status.key_given = key is not None
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
            Event.login_role,
            Event.prev_hash,
            Event.hash,
        ).order_by(Event.id)
    )
    for row in rows:
        status.count += 1
        if row.prev_hash != expected_prev:
            yield ChainBreak(row.id, "does not follow the previous event (a row was removed?)")
        keyed = is_keyed(row.hash)
        if keyed:
            status.keyed += 1
        elif is_keyed(expected_prev):
            yield ChainBreak(row.id, "a plain hash after keyed ones (rewritten without the key?)")
        if not keyed or key is not None:
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
                key=key if keyed else None,
                login_role=row.login_role,
            )
            if recomputed != row.hash:
                yield ChainBreak(row.id, _mismatch(keyed))
        expected_prev = row.hash


def _mismatch(keyed: bool) -> str:
    if keyed:
        return (
            "its content does not match its keyed hash (the row was edited, or "
            f"{AUDIT_KEY_ENV} is not the key it was written with)"
        )
    return "its content does not match its hash (the row was edited)"


def chain_status(session: Session | Connection) -> ChainStatus:
    """Walk the log: its events, keyed ones, and the first break (None if intact)."""
    status = ChainStatus()
    for chain_break in iter_breaks(session, status):
        status.first_break = chain_break
        break
    return status


def verify_chain(session: Session | Connection) -> tuple[int, ChainBreak | None]:
    """How many events there are, and the first break in their chain (None if intact)."""
    count = 0
    for chain_break in iter_breaks(session):
        return count, chain_break
    count = session.execute(select(func.count(Event.id))).scalar_one()
    return count, None
