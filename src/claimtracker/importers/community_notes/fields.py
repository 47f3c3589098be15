"""Reading one field of a row: ids, participant ids, timestamps, flags, classifications,
statuses and note text, each checked; a field that makes its row unusable raises
:class:`BadField`."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from claimtracker.enums import NoteClassification
from claimtracker.errors import InvalidInput
from claimtracker.importers.community_notes.records import Helpfulness
from claimtracker.text import MAX_CLAIM_LENGTH, clean_text, excerpt

MAX_ID_LENGTH = 32
"""The widest id kept (the ``community_note.note_id`` column); snowflakes have 19 digits."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""Unix time zero: the files' timestamps count milliseconds from it."""

_CLASSIFICATIONS = {c.value: c for c in NoteClassification}
_HELPFULNESS = {h.value: h for h in Helpfulness}
_STATUS = re.compile(r"[A-Z][A-Z0-9_]{0,59}")
_TRUE = frozenset({"1", "1.0", "true", "True", "TRUE"})
_FALSE = frozenset({"", "0", "0.0", "false", "False", "FALSE"})


class BadField(ValueError):
    """A field that makes its row unusable (the reader turns it into a :class:`BadRow`)."""


def read_id(value: str, column: str) -> str:
    """An id: a digit string without leading zeros (never through ``float``)."""
    if not value:
        raise BadField(f"{column} is empty")
    if not (value.isascii() and value.isdigit()):
        raise BadField(f"{column} {excerpt(value)} is not a number")
    value = value.lstrip("0") or "0"
    if len(value) > MAX_ID_LENGTH:
        raise BadField(f"{column} {excerpt(value)} is longer than {MAX_ID_LENGTH} digits")
    return value


def read_participant(value: str) -> str | None:
    """A participant id, trimmed; None when empty."""
    # Participant ids are hex digests (32 characters in 2021, 64 since 2023); kept verbatim.
    value = value.strip()
    if len(value) > 100:
        raise BadField(f"participant id {excerpt(value)} is longer than 100 characters")
    return value or None


def read_millis(value: str, column: str) -> datetime | None:
    """A timestamp in milliseconds, aware in UTC; None for empty, ``0`` and ``-1``."""
    if not value:
        return None
    if value.isascii() and value.lstrip("-").isdigit():
        count = int(value)
    else:
        # The scorer writes some timestamp columns as doubles ("1653505286808.0", "1.65e12"):
        # Decimal reads them exactly, where float could round the last digits.
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise BadField(f"{column} {excerpt(value)} is not a timestamp") from None
        if number.is_nan():
            return None
        if not number.is_finite() or number != number.to_integral_value():
            raise BadField(f"{column} {excerpt(value)} is not a timestamp")
        count = int(number)
    if count <= 0:  # 0 and -1 are how the files say "never"
        return None
    try:
        return EPOCH + timedelta(milliseconds=count)
    except OverflowError:
        raise BadField(f"{column} {excerpt(value)} is out of range") from None


def read_flag(value: str, column: str) -> bool:
    """A boolean column, written ``0``/``1`` (or as pandas writes them)."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadField(f"{column} must be 0 or 1, not {excerpt(value)}")


def read_classification(value: str) -> NoteClassification:
    """A note's classification, which every note has."""
    found = _CLASSIFICATIONS.get(value)
    if found is None:
        raise BadField(
            f"unknown classification {excerpt(value)}" if value else "classification is empty"
        )
    return found


def read_status(value: str, column: str) -> str | None:
    """A status: None when empty, kept when shaped like one (new statuses appear)."""
    if not value:
        return None
    if not _STATUS.fullmatch(value):
        raise BadField(f"unknown {column} {excerpt(value)}")
    return value


def read_text(value: str) -> str:
    """A note's text with its HTML entities decoded; empty for a note without text."""
    if "&" in value:
        value = html.unescape(value)
    if not value.strip():
        return ""  # a few real notes have no text; the service decides what stands for it
    try:
        return clean_text(value, what="summary", max_length=MAX_CLAIM_LENGTH)
    except InvalidInput as exc:
        raise BadField(str(exc)) from None


def read_helpfulness(value: str) -> Helpfulness:
    """A rater's ``helpfulnessLevel`` answer (given, not empty)."""
    found = _HELPFULNESS.get(value)
    if found is None:
        raise BadField(f"unknown helpfulnessLevel {excerpt(value)}")
    return found
