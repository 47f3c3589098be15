"""The sentences that tell the events of entities, sources and settings in a history.

A claim's history (services/history.py) and an entity's or a source's (services/record_history.py)
both tell events through ``history.describe_event``; the words for these records' events are
here so that the claim's own steps and its state at a moment stay readable in history.py.
"""

from __future__ import annotations

from typing import Any


def status_words(value: str | None) -> str:
    """A stored status or kind in words: "in_review" as "in review", none as "?"."""
    return (value or "?").replace("_", " ")


def entity_created(payload: dict[str, Any]) -> str:
    """ "recorded entity 'OpenAI' (organisation)"."""
    return f"recorded entity {payload.get('name')!r} ({status_words(payload.get('kind'))})"


def entity_edited(payload: dict[str, Any]) -> str:
    """ "edited the entity: kind unknown → organisation"."""
    return "edited the entity: " + _changes(payload)


def alias_added(payload: dict[str, Any]) -> str:
    """ "added alias 'Open AI', 'OAI'"."""
    return "added alias " + ", ".join(repr(a) for a in payload.get("added", []))


def alias_removed(payload: dict[str, Any]) -> str:
    """ "removed alias 'OAI'"."""
    return "removed alias " + ", ".join(repr(a) for a in payload.get("removed", []))


def source_created(payload: dict[str, Any]) -> str:
    """ "recorded the source (news, inferred from its host)"."""
    return f"recorded the source ({status_words(payload.get('kind'))}" + (
        ", inferred from its host)" if payload.get("kind_inferred") else ")"
    )


def source_edited(payload: dict[str, Any]) -> str:
    """ "edited the source: title 'A' → 'B'"."""
    return "edited the source: " + _changes(payload)


def setting_changed(payload: dict[str, Any]) -> str:
    """ "set review.approvals: 1 → 0" (older events carry only old/new)."""
    change = (payload.get("changes") or {}).get("value") or {}
    before = change.get("before", payload.get("old"))
    after = change.get("after", payload.get("new"))
    return f"set {payload.get('key')}: {'—' if before is None else before} → {after}"


def _shown(field: str, value: Any) -> str:
    """A field's value in a "before → after" sentence: text quoted, kinds as words."""
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, dict) and "name" in value:
        return f"{value['name']!r} (#{value.get('id')})"
    if isinstance(value, list):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    if field == "kind":
        return status_words(str(value))
    return repr(value) if isinstance(value, str) else str(value)


# The order in which a correction's fields are told (the stored JSON sorts its keys).
_FIELD_ORDER = [
    "name",
    "title",
    "url",
    "kind",
    "role",
    "publisher",
    "author",
    "language",
    "published",
    "wikidata_id",
    "archive_url",
    "description",
    "aliases",
]


def _changes(payload: dict[str, Any]) -> str:
    """``{"changes": {field: {"before", "after"}}}`` as "kind unknown → organisation; …"."""
    changes = payload.get("changes") or {}
    order = {field: n for n, field in enumerate(_FIELD_ORDER)}
    changes = dict(sorted(changes.items(), key=lambda item: order.get(item[0], len(order))))
    told = [
        f"{field.replace('_', ' ')} {_shown(field, change.get('before'))} → "
        f"{_shown(field, change.get('after'))}"
        for field, change in changes.items()
        if isinstance(change, dict)
    ]
    return "; ".join(told) or "no change"


def merged(payload: dict[str, Any]) -> str:
    """A merge as its survivor's history tells it, with the event that can undo it."""
    claims = payload.get("claims_moved", 0)
    into = (
        f" into #{payload['survivor_id']} {payload.get('survivor_name')!r}"
        if payload.get("survivor_id")
        else ""
    )
    return (
        f"merged #{payload.get('merged_id')} {payload.get('merged_name')!r}{into} "
        f"({claims} claim{'s' if claims != 1 else ''} moved)"
    )


def unmerged(payload: dict[str, Any]) -> str:
    """The undoing of a merge: which event, what was put back."""
    back = payload.get("moved_back") or {}
    claims = len(back.get("claims", []))
    stayed = len((payload.get("stayed") or {}).get("claims", []))
    kept = f", {stayed} changed since and left as they are" if stayed else ""
    return (
        f"undid merge event #{payload.get('merge_event')}: {payload.get('restored_name')!r} "
        f"taken back out of #{payload.get('survivor_id')} ({claims} claim"
        f"{'s' if claims != 1 else ''} moved back{kept})"
    )
