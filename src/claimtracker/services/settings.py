"""Per-database settings, validated by key."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import InvalidInput
from claimtracker.models import Event, Setting
from claimtracker.services import events
from claimtracker.services.history import HistoryEntry, describe_event

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session


def _approvals(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"review.approvals must be a whole number, not {raw!r}") from None
    if not 0 <= value <= 5:
        raise InvalidInput(f"review.approvals must be between 0 and 5, not {value}")
    return value


_SWITCH = {"on": True, "true": True, "yes": True, "1": True}
_SWITCH |= {"off": False, "false": False, "no": False, "0": False}


def _on_off(raw: str) -> bool:
    value = _SWITCH.get(raw.strip().lower())
    if value is None:
        raise InvalidInput(f"expected on or off, not {raw!r}")
    return value


def _semantic_installed(value: Any) -> None:
    if value:
        from claimtracker import semantic

        semantic.require("matching.semantic on")


# Every setting: its parser (raising InvalidInput) and its default.
KNOWN: dict[str, tuple[Callable[[str], Any], Any, str]] = {
    "review.approvals": (
        _approvals,
        1,
        "approvals a verdict needs before it is published (0: publish on verify)",
    ),
    "matching.semantic": (
        _on_off,
        False,
        "rank near duplicates by meaning too (needs the semantic extra; then `claim db embed`)",
    ),
}
# Checks a value must pass to be set, beyond its parser: reading a stored value never fails.
_ON_SET: dict[str, Callable[[Any], None]] = {"matching.semantic": _semantic_installed}


def get(session: Session, key: str) -> Any:
    """The value of setting ``key`` (its default when never set)."""
    if key not in KNOWN:
        raise InvalidInput(f"unknown setting {key!r}; known: {', '.join(KNOWN)}")
    row = session.get(Setting, key)
    parse, default, _ = KNOWN[key]
    return default if row is None else parse(row.value)


def set_value(session: Session, key: str, raw: str, *, actor: str) -> Any:
    """Validate and store ``raw`` for ``key``; returns the parsed value."""
    if key not in KNOWN:
        raise InvalidInput(f"unknown setting {key!r}; known: {', '.join(KNOWN)}")
    value = KNOWN[key][0](raw)
    if key in _ON_SET:
        _ON_SET[key](value)
    row = session.get(Setting, key)
    old = row.value if row else None
    # What it was before: the value stored, else the default then in force.
    before = old if old is not None else str(KNOWN[key][1])
    if row is None:
        session.add(Setting(key=key, value=str(value), updated_by=actor))
    else:
        row.value = str(value)
        row.updated_by = actor
    session.flush()
    events.record(
        session,
        actor=actor,
        action=EventAction.SETTING_CHANGED,
        record_type=RecordType.SETTING,
        record_id=None,
        payload={
            "key": key,
            "old": old,
            "new": str(value),
            "changes": {"value": {"before": before, "after": str(value)}},
        },
    )
    return value


def setting_history(session: Session, key: str | None = None) -> list[HistoryEntry]:
    """Every change of the settings (or of ``key``), oldest first: who, when, before → after."""

    if key is not None and key not in KNOWN:
        raise InvalidInput(f"unknown setting {key!r}; known: {', '.join(KNOWN)}")
    rows = session.scalars(
        select(Event)
        .where(Event.record_type == RecordType.SETTING.value)
        .where(Event.action == EventAction.SETTING_CHANGED.value)
        .order_by(Event.id)
    )
    entries = []
    for event in rows:
        payload = json.loads(event.payload) if event.payload else {}
        if key is None or payload.get("key") == key:
            words = describe_event(event.action, payload, event.reason)
            entries.append(
                HistoryEntry(event.id, event.occurred_at, event.actor, event.action, words)
            )
    return entries


def all_settings(session: Session) -> list[dict[str, Any]]:
    """Every known setting with its current value and meaning."""
    return [
        {"key": key, "value": get(session, key), "default": default, "meaning": meaning}
        for key, (_, default, meaning) in KNOWN.items()
    ]
