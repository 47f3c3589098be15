"""The audit chain of a restore, checked before it commits.

A dump is text anyone can edit; the restored events must still form the chain they formed
when dumped (every hash following from its content and its predecessor) and end at the head
the dump's trailer names. A broken chain is refused, naming the first bad event and its line,
unless the user accepts it: then the restore records that it did, in the log itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import DumpFormatError
from claimtracker.services import events
from claimtracker.services.audit_head import current_head

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from claimtracker.models import Event


@dataclass(frozen=True)
class BrokenAudit:
    """The first place the restored chain does not hold: an event (and its line), or the
    trailer's head when the events themselves hold but end elsewhere."""

    event_id: int | None
    line: int
    reason: str

    def describe(self) -> str:
        """The break in words, without the file and line."""
        if self.event_id is None:
            return f"the audit chain does not end at the trailer's head: {self.reason}"
        return f"the audit chain is broken at event #{self.event_id}: {self.reason}"


class BrokenAuditChain(DumpFormatError):
    """A restore refused because the dump's audit chain does not hold (``FILE:LINE``)."""

    def __init__(self, name: str, broken: BrokenAudit) -> None:
        super().__init__(name, broken.line, f"{broken.describe()}; nothing restored")
        self.broken = broken


def first_break(
    connection: Connection,
    event_lines: dict[int, int],
    *,
    trailer_head: str | None,
    trailer_line: int,
) -> BrokenAudit | None:
    """The first break of the restored chain (None when it holds and ends at the trailer's
    head, or the dump carried none). ``event_lines`` maps event ids to dump lines."""
    _, found = events.verify_chain(connection)
    if found is not None:
        return BrokenAudit(found.event_id, event_lines.get(found.event_id, 0), found.reason)
    if trailer_head is not None:
        head = str(current_head(connection))
        if head != trailer_head.strip():
            return BrokenAudit(
                None,
                trailer_line,
                f"the restored events end at {head}, the trailer says {trailer_head} "
                "(events cut from the dump?)",
            )
    return None


def record_accepted(
    bind: Session | Connection, broken: BrokenAudit, *, name: str, actor: str
) -> Event:
    """Record in the log that a restore took a broken chain as it was."""
    session = bind if isinstance(bind, Session) else Session(bind=bind)
    return events.record(
        session,
        actor=actor,
        action=EventAction.AUDIT_ACCEPTED_BROKEN,
        record_type=RecordType.IMPORT,
        record_id=None,
        reason="restored with its audit chain broken, as asked",
        payload={
            "file": name,
            "line": broken.line,
            "event_id": broken.event_id,
            "problem": broken.describe(),
        },
    )


__all__ = ["BrokenAudit", "BrokenAuditChain", "first_break", "record_accepted"]
