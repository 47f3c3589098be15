"""Tagging claims after they were captured: tags added and removed, each change an event.

Tags are cleaned as `claim add` cleans them (:func:`services.claims.clean_tag`: lower case,
trimmed, single-spaced), so ``--add "AI "`` and ``--tag ai`` name one tag. Adding a tag a claim
already has, or removing one it lacks, is nothing to do for that claim, not an error: a bulk
command over forty claims tags those that lack the tag and says the others had it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtracker.enums import EventAction, RecordType
from claimtracker.errors import InvalidInput
from claimtracker.models import ClaimTag
from claimtracker.services import events, search
from claimtracker.services.claims import clean_tag
from claimtracker.services.transitions import lock_claim

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class TagChange:
    """The tags a claim was asked to gain and lose, those it did, and those it already had or
    lacked (nothing to do)."""

    added: list[str]
    removed: list[str]
    already: list[str]  # asked to add, already there
    absent: list[str]  # asked to remove, not there

    @property
    def changed(self) -> bool:
        """Whether the claim's tags changed."""
        return bool(self.added or self.removed)


def cleaned_tags(add: Iterable[str], remove: Iterable[str]) -> tuple[list[str], list[str]]:
    """The tags to add and to remove, cleaned, each once, sorted; refuses a tag in both."""
    wanted = sorted({clean_tag(t) for t in add})
    unwanted = sorted({clean_tag(t) for t in remove})
    if not wanted and not unwanted:
        raise InvalidInput("give a tag to add or to remove", inputs=["add", "remove"])
    both = sorted(set(wanted) & set(unwanted))
    if both:
        raise InvalidInput(
            f"tag {', '.join(both)} is both added and removed", inputs=["add", "remove"]
        )
    return wanted, unwanted


def tag_claim(
    session: Session, claim_id: int, *, add: list[str], remove: list[str], actor: str
) -> TagChange:
    """Add the tags ``add`` and remove the tags ``remove`` (both already :func:`cleaned_tags`)
    from a claim; one ``claim.tagged`` event if its tags changed. Refuses a retracted claim."""
    claim = lock_claim(session, claim_id)
    before = [t.tag for t in claim.tags]
    added = [t for t in add if t not in before]
    removed = [t for t in remove if t in before]
    change = TagChange(
        added=added,
        removed=removed,
        already=[t for t in add if t in before],
        absent=[t for t in remove if t not in before],
    )
    if not change.changed:
        return change
    claim.tags = [t for t in claim.tags if t.tag not in removed] + [ClaimTag(tag=t) for t in added]
    claim.updated_by = actor
    session.flush()
    # Read back in the relationship's order (by tag), as a new claim's are.
    session.refresh(claim, ["tags"])
    after = [t.tag for t in claim.tags]
    search.refresh(session, claim)
    events.record(
        session,
        actor=actor,
        action=EventAction.CLAIM_TAGGED,
        record_type=RecordType.CLAIM,
        record_id=claim.id,
        claim_id=claim.id,
        payload={
            "added": added,
            "removed": removed,
            "changes": {"tags": {"before": before, "after": after}},
        },
    )
    return change
