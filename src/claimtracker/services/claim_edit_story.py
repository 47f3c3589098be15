"""Reading ``claim.edited`` events back: the history's words for an edit, and the claim as it
stood before later edits (``claim show --as-of``).

Apart from the editing itself (services/claim_edits.py) so that the history, which every
record's page reads, does not import the services that find claimants and refresh indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from claimtracker.models import Claim

# Every field an edit may change, in the order the history tells them.
FIELDS = ("text", "claimant", "claimant_role", "language", "language_inferred", "kind", "claimed")


def snapshot(claim: Claim) -> dict[str, Any]:
    """The claim's editable fields as an edit event records them."""
    from claimtracker.dates import ParsedDate

    claimant = claim.claimant
    return {
        "text": claim.text,
        "claimant": {"id": claimant.id, "name": claimant.name} if claimant else None,
        "claimant_role": claim.claimant_role,
        "language": claim.language,
        "language_inferred": claim.language_inferred,
        "kind": str(claim.kind),
        "claimed": (
            ParsedDate(claim.claimed_at, claim.claimed_precision).display()
            if claim.claimed_at is not None and claim.claimed_precision is not None
            else None
        ),
    }


@dataclass(frozen=True)
class Stood:
    """A claim's text, claimant (by name), role then and kind as they stood at a moment."""

    text: str
    claimant: str | None
    claimant_role: str | None
    kind: str


def stood_before(claim: Claim, later_edits: Iterable[Mapping[str, Any]]) -> Stood:
    """The claim as it stood before ``later_edits`` (payloads of its edit events after the
    moment asked for, in any order of ids ascending): each field is the ``before`` of the
    first edit that changed it, or what it is now."""
    now = snapshot(claim)
    then: dict[str, Any] = {}
    for payload in later_edits:
        changes = payload.get("changes")
        for name, change in (changes if isinstance(changes, dict) else {}).items():
            if isinstance(change, dict) and name not in then:
                then[name] = change.get("before")
    values = {**now, **then}
    claimant = values["claimant"]
    return Stood(
        text=str(values["text"]),
        claimant=str(claimant.get("name")) if isinstance(claimant, dict) else None,
        claimant_role=values["claimant_role"],
        kind=str(values["kind"]),
    )


# How the history names each field.
_WORDS = {"claimant_role": "role", "claimed": "date"}


def describe(payload: Mapping[str, Any]) -> str:
    """An edit in words: ``edited the claim: text "Deepseek a…" → "DeepSeek a…"; kind opinion
    → factual``. Texts are cut to the words around what changed."""
    changes = payload.get("changes")
    if not isinstance(changes, dict) or not changes:
        return "edited the claim"
    inferred = changes.get("language_inferred")
    inferred = inferred if isinstance(inferred, dict) else None
    parts = []
    # Stored with sorted keys: told in the order of FIELDS (a newer field's name at the end).
    for name in sorted(changes, key=lambda n: FIELDS.index(n) if n in FIELDS else len(FIELDS)):
        change = changes[name]
        if not isinstance(change, dict) or name == "language_inferred":
            continue
        before, after = _shown(change.get("before")), _shown(change.get("after"))
        if name == "text":
            before, after = _around_change(str(change.get("before")), str(change.get("after")))
        if name == "language" and inferred is not None:
            before += " (inferred)" if inferred.get("before") else ""
            after += " (inferred)" if inferred.get("after") else ""
        parts.append(f"{_WORDS.get(name, name)} {before} → {after}")
    if inferred is not None and "language" not in changes:
        parts.append("language " + ("inferred" if inferred.get("after") else "confirmed"))
    return "edited the claim: " + "; ".join(parts)


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return f"{value.get('name')} (#{value.get('id')})"
    return str(value)


def _around_change(before: str, after: str, context: int = 20) -> tuple[str, str]:
    """The two texts cut to where they differ, ``context`` characters either side, quoted."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[len(before) - 1 - end] == after[len(after) - 1 - end]
    ):
        end += 1

    def cut(text: str) -> str:
        low, high = max(start - context, 0), min(len(text) - end + context, len(text))
        # Whole words: widened to the spaces around the cut.
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        while high < len(text) and not text[high].isspace():
            high += 1
        inner = " ".join(text[low:high].split())
        return '"' + ("…" if low else "") + inner + ("…" if high < len(text) else "") + '"'

    return cut(before), cut(after)
