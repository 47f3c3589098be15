"""The head of the audit chain: how many events there are and the last one's hash.

The hash chain shows an event edited or removed *inside* the log, but not one cut from its
end, nor a whole chain rewritten with recomputed hashes: both leave a chain that holds. A head
kept outside the database (``72:3f9a…``) anchors it: the log must still have an event at
position 72 (in id order) and that event must carry that hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from claimtracker.errors import InvalidInput
from claimtracker.models import Event

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

# "N:HASH": N events, the N-th carries HASH (64 hex digits, or "k" and 63 for a keyed hash).
# An empty log's head is "0:".
_HEAD = re.compile(r"(\d+):([0-9a-f]{64}|k[0-9a-f]{63})?")


@dataclass(frozen=True)
class Head:
    """The chain's head: ``count`` events, the last of them carrying ``hash``."""

    count: int
    hash: str | None

    def __str__(self) -> str:
        return f"{self.count}:{self.hash or ''}"

    @classmethod
    def parse(cls, text: str, *, where: str = "") -> Head:
        """Read ``N:HASH`` (surrounding blanks allowed); refuses anything else.

        ``where`` prefixes the refusal (``"head.txt: "``)."""
        found = _HEAD.fullmatch(text.strip().lower())
        if found is None or (found.group(1) != "0") != (found.group(2) is not None):
            shown = text.strip()
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            raise InvalidInput(
                f"{where}{shown!r} is not an audit head: expected N:HASH as `claim audit head` "
                "prints it (N events, HASH the 64 hex digits of the last one)"
            )
        return cls(int(found.group(1)), found.group(2))


def current_head(bind: Session | Connection) -> Head:
    """The head of the log as stored now."""
    count = bind.execute(select(func.count(Event.id))).scalar_one()
    last = bind.execute(select(Event.hash).order_by(Event.id.desc()).limit(1)).scalar()
    return Head(count, last)


def missing_head(bind: Session | Connection, head: Head) -> str | None:
    """Why the log no longer contains ``head`` at its position (None when it does)."""
    if head.count == 0:
        return None
    count = bind.execute(select(func.count(Event.id))).scalar_one()
    if count < head.count:
        return (
            f"the log holds {count} events, fewer than the head's {head.count}: "
            "events were cut from its end"
        )
    found = bind.execute(
        select(Event.id, Event.hash).order_by(Event.id).offset(head.count - 1).limit(1)
    ).one()
    if found.hash != head.hash:
        return (
            f"event #{found.id} (number {head.count} in the log) does not carry the head's "
            f"hash {head.hash}: the chain was rewritten"
        )
    return None


__all__ = ["Head", "current_head", "missing_head"]
