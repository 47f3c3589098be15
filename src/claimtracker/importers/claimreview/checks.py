"""Checking a review's fields as they are read: a bad one refuses that review, not the file.

Each check raises :class:`~claimtracker.errors.InvalidReview` with the field named, which the
readers turn into a :class:`~claimtracker.importers.claimreview.records.Problem`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimtracker.dates import parse_date
from claimtracker.errors import InvalidInput, InvalidReview
from claimtracker.importers.claimreview.nodes import text_value
from claimtracker.text import clean_text
from claimtracker.urls import normalise_url

if TYPE_CHECKING:
    from claimtracker.dates import ParsedDate

__all__ = ["checked_date", "checked_text", "checked_url"]


def checked_text(value: str | None, what: str, max_length: int) -> str | None:
    """``value`` cleaned as it will be stored (see :func:`~claimtracker.text.clean_text`)."""
    if value is None:
        return None
    try:
        return clean_text(value, what=what, max_length=max_length)
    except InvalidInput as exc:
        raise InvalidReview(str(exc)) from None


def checked_date(value: Any, what: str) -> ParsedDate | None:
    """A property's first value read as a date, as precise as it is written."""
    text = text_value(value)
    if text is None:
        return None
    try:
        return parse_date(text)
    except InvalidInput as exc:
        raise InvalidReview(f"{what}: {exc}") from None


def checked_url(value: str | None, what: str) -> str | None:
    """``value`` as a normalised http(s) URL."""
    if value is None:
        return None
    try:
        return normalise_url(value)
    except InvalidInput as exc:
        raise InvalidReview(f"{what}: {exc}") from None
