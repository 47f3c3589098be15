"""For tests of migrations older than 0015: a database as it would be without login roles.

Revision 0015 refuses to go back while events record their login (their hashes cover it). A
test of an older migration builds its data at head on PostgreSQL, where every event has one,
so it first makes the database what it would have been before 0015: no logins, and the chain
hashed without them (as those revisions hashed it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from claimtracker.models import Event, Verdict, VerdictApproval
from claimtracker.services.events import event_hash

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def forget_logins(engine: Engine) -> None:
    """Clear every login role and rehash the chain without them."""
    with Session(engine) as session, session.begin():
        for model in (Verdict, VerdictApproval):
            session.execute(update(model).values(login_role=None))
        prev_hash = None
        for event in session.scalars(select(Event).order_by(Event.id)):
            event.login_role = None
            # Hashes are unique: clear this one first, so the rewrite never meets an old one.
            event.prev_hash = prev_hash
            event.hash = event_hash(
                prev_hash=prev_hash,
                occurred_at=event.occurred_at,
                actor=event.actor,
                action=event.action,
                record_type=str(event.record_type),
                record_id=event.record_id,
                claim_id=event.claim_id,
                reason=event.reason,
                payload=event.payload,
            )
            prev_hash = event.hash
            session.flush()
