"""What a ClaimReview import did: the counts of its summary line, its notes, its audit event."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ImportReport"]


@dataclass
class ImportReport:
    """What an import did, for the summary line and the audit log."""

    inserted: int = 0
    corrected: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Verdicts stored without a date because the publisher gave none (never the import time).
    undated: int = 0
    # The publisher's wording -> how many reviews used it, for ratings no alias knows.
    unmapped: Counter[str] = field(default_factory=Counter)
    # Choices the import made and says (which of several homonyms it credited), once each.
    notes: list[str] = field(default_factory=list)
    # Claims given a new verdict (inserted or corrected), in order, without repeats.
    claim_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Stable snake_case keys (the audit event's payload)."""
        return {
            "inserted": self.inserted,
            "corrected": self.corrected,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "undated": self.undated,
            "unmapped": dict(sorted(self.unmapped.items())),
            "notes": list(self.notes),
        }

    def note(self, text: str | None) -> None:
        """Keep a note to report, once."""
        if text is not None and text not in self.notes:
            self.notes.append(text)

    def count_verdict(self, claim_id: int, *, corrected: bool) -> None:
        """Count a verdict given to a claim: a new review, or a correction of one."""
        if corrected:
            self.corrected += 1
        else:
            self.inserted += 1
        if claim_id not in self.claim_ids:
            self.claim_ids.append(claim_id)
