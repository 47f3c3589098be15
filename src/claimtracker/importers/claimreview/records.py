"""What the ClaimReview readers produce, whatever the input kind: plain, checked records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimtracker.enums import EntityKind, SourceKind

if TYPE_CHECKING:
    from claimtracker.dates import ParsedDate

__all__ = ["ParsedFile", "Party", "Problem", "RatingRecord", "ReviewRecord", "WorkRecord"]


@dataclass(frozen=True)
class Party:
    """A claimant or a reviewing organisation, as named in the input."""

    name: str
    kind: EntityKind = EntityKind.UNKNOWN
    url: str | None = None
    # schema.org sameAs: other identifiers of the same party (profiles, Wikidata pages).
    same_as: tuple[str, ...] = ()
    # False when the input gave no name and ``name`` was read off a web address (a host).
    named: bool = True


@dataclass(frozen=True)
class WorkRecord:
    """A work a claim appeared in (``appearance`` / ``firstAppearance``)."""

    url: str | None
    title: str | None
    kind: SourceKind = SourceKind.OTHER
    published: ParsedDate | None = None
    author: str | None = None
    quote: str | None = None
    is_first: bool = False


@dataclass(frozen=True)
class RatingRecord:
    """A review's rating: the publisher's wording, and its number on their scale if given."""

    text: str | None
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    explanation: str | None = None

    def describe(self) -> str:
        """The rating as a reader would quote it: the wording, else "value/best"."""
        return self.text or self._as_numbers()

    def words(self) -> str | None:
        """The wording, unless it only restates the numbers: "4/10" is how our export words a
        rating given as a number, and it maps by its number, not as an unknown wording."""
        if self.text and self.value is not None and self.text == self._as_numbers():
            return None
        return self.text

    def _as_numbers(self) -> str:
        best = self.best if self.best is not None else 5
        return f"{_number_text(self.value)}/{_number_text(best)}"


@dataclass(frozen=True)
class ReviewRecord:
    """One ClaimReview, flattened: the claim, who made it, where, and the verdict on it."""

    where: str
    claim_text: str
    rating: RatingRecord
    claim_id: str | None = None
    claimant: Party | None = None
    claimed: ParsedDate | None = None
    claim_language: str | None = None
    tags: tuple[str, ...] = ()
    appearances: tuple[WorkRecord, ...] = ()
    review_id: str | None = None
    review_url: str | None = None
    review_title: str | None = None
    review_language: str | None = None
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    # When the review stopped being current: our own history exports mark superseded verdicts.
    expires: ParsedDate | None = None
    publisher: Party | None = None


@dataclass(frozen=True)
class Problem:
    """A review (or a block of a page) that cannot be imported, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ParsedFile:
    """What one input file holds: its shape, the reviews read and the ones refused."""

    name: str
    shape: str
    records: list[ReviewRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A Fact Check Tools response that is one page of a longer result: the next page's token.
    next_page_token: str | None = None


def _number_text(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if value == int(value) else str(value)
