"""The records a Community Notes file is read into: one per row, or a :class:`BadRow`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from claimtracker.enums import NoteClassification


class Helpfulness(StrEnum):
    """A rater's answer to "Is this note helpful?" (``helpfulnessLevel``)."""

    HELPFUL = "HELPFUL"
    SOMEWHAT_HELPFUL = "SOMEWHAT_HELPFUL"
    NOT_HELPFUL = "NOT_HELPFUL"


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be imported, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One note. ``reasons`` is None when the file has no reason columns at all; ``text`` is
    empty for the rare note published without any."""

    line: int
    note_id: str
    tweet_id: str
    author: str | None
    created_at: datetime | None
    classification: NoteClassification
    reasons: str | None
    text: str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One note's statuses as scored when the file was written."""

    line: int
    note_id: str
    current: str | None
    current_at: datetime | None
    first: str | None
    first_at: datetime | None
    latest: str | None
    latest_at: datetime | None

    def history(self) -> list[tuple[str, datetime | None]]:
        """The distinct statuses this row says the note held, with when each began.

        The first and most recent "decided" (non-NMR) statuses, then the current one.
        """
        seen: list[tuple[str, datetime | None]] = []
        for status, at in (
            (self.first, self.first_at),
            (self.latest, self.latest_at),
            (self.current, self.current_at),
        ):
            if status is not None and (status, at) not in seen:
                seen.append((status, at))
        return seen


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One rating; ``level`` is None when the rater gave no helpfulness answer."""

    line: int
    note_id: str
    level: Helpfulness | None
