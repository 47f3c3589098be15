"""Reading the dates people type, in English or French, into UTC values with their precision.

A date is stored as a timezone-aware UTC :class:`~datetime.datetime` plus a
:class:`~claimtracker.enums.DatePrecision` saying how much of it the person actually
knew: "January 2025" is stored as 2025-01-01T00:00Z with MONTH precision, never as a day.

What is understood:

* ISO 8601: ``2025-01-27`` (DAY), ``2025-01`` (MONTH), ``2025`` (YEAR),
  ``2025-01-27T10:30:00Z`` and ``2025-01-27 10:30+01:00`` (INSTANT, converted to UTC). A time
  without an offset is taken as UTC. ``UTC+1`` / ``GMT+1`` mean one hour *ahead* of UTC, as
  people intend (dateutil on its own reads them with the inverted POSIX sign). Time zone names
  other than UTC/GMT/Z are refused rather than guessed.
* Written dates in English or French, any case, with or without accents, abbreviated or not:
  ``27 Jan 2025``, ``Jan 27, 2025``, ``27 janvier 2025``, ``1er févr. 2025``,
  ``lundi 27 janvier 2025``, ``fevrier 2025`` (MONTH). Weekday names are dropped: the date
  itself says which day it is, and on their own they would move dateutil to an invented day.
* Relative dates: ``today``, ``yesterday``, ``3 days ago``, ``2 weeks ago``, ``a month ago``,
  ``aujourd'hui``, ``hier``, ``avant-hier``, ``il y a 3 jours``, ``il y a un an``... They count
  back from ``base`` when given (say, a source's publication date), else from ``now``. Days and
  weeks give DAY precision (the UTC date of the resulting moment), months MONTH, years YEAR.

Ambiguous numeric dates: a date that starts with a four-digit year (``2025-03-04``,
``2025/03/04``) is always read year-month-day. Otherwise ``03/04/2025`` is read month first
(March 4) unless ``dayfirst=True`` (3 April). When one reading is impossible the
other is used whatever ``dayfirst`` says, so ``27/01/2025`` is 27 January.

A year is required: "27 janvier" alone is refused rather than completed with a guessed year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil.parser import ParserError, parse, parserinfo
from dateutil.relativedelta import relativedelta

from claimtracker.enums import DatePrecision
from claimtracker.errors import InvalidInput

__all__ = ["ParsedDate", "parse_date"]


@dataclass(frozen=True)
class ParsedDate:
    """A date as a UTC moment plus how much of it is known.

    For DAY, MONTH and YEAR precision ``value`` is midnight UTC of the first day of the period.
    """

    value: datetime
    precision: DatePrecision

    def __post_init__(self) -> None:
        # Guard the invariant here so a ParsedDate built anywhere (not only by parse_date) can
        # be stored and compared without re-checking.
        if self.value.utcoffset() != timedelta(0):
            raise ValueError(f"ParsedDate needs a UTC datetime, got {self.value!r}")
        if self.precision != DatePrecision.INSTANT and self.value != _start_of(
            self.value, self.precision
        ):
            raise ValueError(
                f"ParsedDate with {self.precision} precision must start its period, "
                f"got {self.value!r}"
            )

    def display(self) -> str:
        """The date as ISO 8601 text cut to its precision: ``2025-01-27``, ``2025-01``, ``2025``.

        An INSTANT is shown in full with a ``Z`` suffix, e.g. ``2025-01-27T10:30:00Z``.
        """
        value = self.value
        if self.precision == DatePrecision.YEAR:
            return f"{value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        if self.precision == DatePrecision.DAY:
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return value.replace(tzinfo=None).isoformat() + "Z"

    def end(self) -> datetime:
        """The first moment after the period ("January 2025" ends at 1 February, 00:00 UTC).

        For an INSTANT, the instant itself. Filters use it as an exclusive bound, so
        "until January 2025" takes in the whole of January.
        """
        step = {
            DatePrecision.DAY: relativedelta(days=1),
            DatePrecision.MONTH: relativedelta(months=1),
            DatePrecision.YEAR: relativedelta(years=1),
        }.get(self.precision)
        if step is None:
            return self.value
        end: datetime = self.value + step
        return end


def parse_date(
    text: str,
    *,
    now: datetime | None = None,
    base: datetime | None = None,
    dayfirst: bool = False,
) -> ParsedDate:
    """Read a date typed by a person (see the module docstring for what is understood).

    ``base`` is what relative dates ("3 days ago", "hier") count back from; without it they count
    back from ``now``, which defaults to the current UTC time. Naive ``base``/``now`` values are
    taken as UTC. ``dayfirst`` reads ``03/04/2025`` as 3 April instead of March 4; it never
    applies to dates that start with a four-digit year.

    Raises :class:`~claimtracker.errors.InvalidInput`, quoting ``text``, for empty, unreadable,
    incomplete (no year) or out-of-range (outside years 1 to 9999) input.
    """
    stripped = text.strip()
    if not stripped:
        raise _invalid(text, "no date given")
    try:
        relative = _parse_relative(stripped, base if base is not None else now)
        if relative is not None:
            return relative
        return _parse_absolute(stripped, dayfirst=dayfirst)
    except _Unreadable as exc:
        raise _invalid(text, str(exc)) from None
    except OverflowError:
        # dateutil and datetime arithmetic raise this for numbers far beyond any calendar.
        raise _invalid(text, _OUT_OF_RANGE) from None
    except ValueError:
        # Safety net: whatever else dateutil or datetime refuse is still the user's input.
        raise _invalid(text, _GENERIC) from None


# -- helpers -------------------------------------------------------------------------------------

_OUT_OF_RANGE = "out of range, years go from 1 to 9999"
_GENERIC = "expected a date such as 2025-01-27, 27 Jan 2025, janvier 2025, 2025 or 3 days ago"


class _Unreadable(ValueError):
    """Internal: why the text is not a date; becomes the tail of the InvalidInput message."""


def _invalid(text: str, reason: str) -> InvalidInput:
    # repr() quotes the input and escapes any newline, keeping the message on one line.
    return InvalidInput(f"cannot read date {text!r}: {reason}")


def _fold(word: str) -> str:
    """Lower-case and strip accents, so "Février", "FEVRIER" and "février" compare equal."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _start_of(value: datetime, precision: DatePrecision) -> datetime:
    """Midnight UTC of the first day of the DAY/MONTH/YEAR period holding ``value``."""
    if precision == DatePrecision.YEAR:
        return datetime(value.year, 1, 1, tzinfo=UTC)
    if precision == DatePrecision.MONTH:
        return datetime(value.year, value.month, 1, tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _as_utc(value: datetime) -> datetime:
    # astimezone() on a naive value would assume the machine's local zone; we assume UTC.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# -- relative dates ------------------------------------------------------------------------------

# Keys are folded (see _fold) with whitespace collapsed and apostrophes made straight.
_DAYS_BACK = {
    "today": 0,
    "yesterday": 1,
    "day before yesterday": 2,
    "the day before yesterday": 2,
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "hier": 1,
    "avant-hier": 2,
    "avant hier": 2,
}
_UNITS = {
    "day": "days",
    "days": "days",
    "jour": "days",
    "jours": "days",
    "week": "weeks",
    "weeks": "weeks",
    "semaine": "weeks",
    "semaines": "weeks",
    "month": "months",
    "months": "months",
    "mois": "months",
    "year": "years",
    "years": "years",
    "an": "years",
    "ans": "years",
    "annee": "years",
    "annees": "years",
}
_UNIT_PRECISION = {
    "days": DatePrecision.DAY,
    "weeks": DatePrecision.DAY,
    "months": DatePrecision.MONTH,
    "years": DatePrecision.YEAR,
}
_ONE = {"a", "an", "one", "un", "une"}
_AGO = re.compile(r"(?P<count>\d+|[a-z]+) (?P<unit>[a-z]+) ago")
_IL_Y_A = re.compile(r"il y a (?P<count>\d+|[a-z]+) (?P<unit>[a-z]+)")


def _parse_relative(text: str, reference: datetime | None) -> ParsedDate | None:
    """Resolve "3 days ago", "hier"... against ``reference``; None when not a relative date."""
    key = " ".join(_fold(text).replace("\u2019", "'").split())
    if key in _DAYS_BACK:
        count, unit = _DAYS_BACK[key], "days"
    else:
        match = _AGO.fullmatch(key) or _IL_Y_A.fullmatch(key)
        if match is None or match["unit"] not in _UNITS:
            return None
        raw_count = match["count"]
        if raw_count.isdigit():
            # Eight digits of days already exceed the calendar; checking length first also keeps
            # int() from refusing (ValueError) a number thousands of digits long.
            if len(raw_count) > 7:
                raise _Unreadable(_OUT_OF_RANGE)
            count = int(raw_count)
        elif raw_count in _ONE:
            count = 1
        else:
            return None
        unit = _UNITS[match["unit"]]
    moment = _as_utc(reference) if reference is not None else datetime.now(UTC)
    try:
        # relativedelta keeps calendar sense: a month before 31 March is 28/29 February.
        resolved = moment - _delta(unit, count)
    except ValueError:
        # datetime refuses years outside 1..9999 with ValueError ("year -975 is out of range").
        raise _Unreadable(_OUT_OF_RANGE) from None
    precision = _UNIT_PRECISION[unit]
    return ParsedDate(_start_of(resolved, precision), precision)


def _delta(unit: str, count: int) -> relativedelta:
    match unit:
        case "days":
            return relativedelta(days=count)
        case "weeks":
            return relativedelta(weeks=count)
        case "months":
            return relativedelta(months=count)
        case _:
            return relativedelta(years=count)


# -- absolute dates ------------------------------------------------------------------------------

# French words that dateutil does not know, by folded spelling (a trailing "." is dropped before
# lookup, so "févr." and "janv." match). Shared abbreviations ("oct", "nov", "dec") are included
# so that every French spelling goes through one path.
_FRENCH_MONTHS = {
    "janvier": "January",
    "janv": "January",
    "fevrier": "February",
    "fevr": "February",
    "fev": "February",
    "mars": "March",
    "avril": "April",
    "avr": "April",
    "mai": "May",
    "juin": "June",
    "juillet": "July",
    "juil": "July",
    "juill": "July",
    "aout": "August",
    "septembre": "September",
    "sept": "September",
    "octobre": "October",
    "oct": "October",
    "novembre": "November",
    "nov": "November",
    "decembre": "December",
    "dec": "December",
}
_FRENCH_WEEKDAYS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
# Connecting words with no date content: "le 27 janvier", "en janvier 2025", "à 10h30". Matched
# on the casefolded word without folding accents, since a bare "a" is dateutil's AM marker.
_FRENCH_FILLERS = {"le": "", "en": "", "à": "at"}

_WORD = re.compile(r"[^\W\d_]+\.?")
# "1er février", "1re", "1ère": only the first of the month takes an ordinal in French dates.
_FRENCH_ORDINAL = re.compile(r"\b(\d{1,2})(?:er|re|ère)\b", re.IGNORECASE)
# "UTC+1", "GMT-05:30": rewritten as a bare offset, which dateutil reads with the usual sign.
_NAMED_OFFSET = re.compile(
    r"\b(?:UTC|GMT|UT)\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b",
    re.IGNORECASE,
)
# A leading four-digit year followed by a separator marks ISO-style year-month-day order.
_YEAR_FIRST = re.compile(r"\d{4}[-/.]")

_ENGLISH = parserinfo()

# Two defaults differing in every field: parsing with each and comparing tells which fields came
# from the text (equal in both results) and which were filled in (different). Both years are
# leap years so "29 Feb" without a year still builds and reaches the "no year" check.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2004, 2, 2, 1, 1, 1, 1)


def _to_english(text: str) -> str:
    """Rewrite French month names, ordinals and fillers into words dateutil reads; drop weekdays."""
    text = _FRENCH_ORDINAL.sub(r"\1", text)
    text = _NAMED_OFFSET.sub(_bare_offset, text)
    return _WORD.sub(_english_word, text)


def _bare_offset(match: re.Match[str]) -> str:
    return f"{match['sign']}{int(match['hours']):02d}:{match['minutes'] or '00'}"


def _english_word(match: re.Match[str]) -> str:
    word = match[0]
    bare = word.rstrip(".")
    folded = _fold(bare)
    if folded in _FRENCH_MONTHS:
        return f" {_FRENCH_MONTHS[folded]} "
    if folded in _FRENCH_WEEKDAYS or _ENGLISH.weekday(bare) is not None:
        return " "
    filler = _FRENCH_FILLERS.get(bare.casefold())
    if filler is not None:
        return f" {filler} "
    return word


def _zone_offset(name: str | None, offset: int | None) -> int | None:
    """dateutil ``tzinfos`` hook: accept numeric offsets and UTC, refuse zone names.

    Without this hook dateutil resolves names through the machine's local zone and only warns
    about names it cannot place, so results would depend on where the tool runs.
    """
    if offset is not None:
        return offset
    if name is None:
        return None  # no zone given: the caller takes the time as UTC
    raise _Unreadable(f"unknown time zone {name!r}; give an offset such as +01:00")


def _parse_absolute(text: str, *, dayfirst: bool) -> ParsedDate:
    prepared = _to_english(text)
    # dateutil's dayfirst would turn 2025-01-02 into 1 February; ISO order must not move.
    dayfirst = dayfirst and not _YEAR_FIRST.match(prepared)
    try:
        first = parse(prepared, default=_DEFAULT_A, dayfirst=dayfirst, tzinfos=_zone_offset)
        second = parse(prepared, default=_DEFAULT_B, dayfirst=dayfirst, tzinfos=_zone_offset)
    except _Unreadable:
        raise  # from _zone_offset, already worded for the user; it is a ValueError too
    except ValueError as exc:
        raise _Unreadable(_reason(exc)) from None

    has_year = first.year == second.year
    has_month = first.month == second.month
    has_day = first.day == second.day
    has_time = any(
        getattr(first, field) == getattr(second, field)
        for field in ("hour", "minute", "second", "microsecond")
    )
    if not has_year:
        raise _Unreadable("no year given")
    if (has_day and not has_month) or (has_time and not has_day):
        raise _Unreadable(_GENERIC)

    if has_time:
        return ParsedDate(_as_utc(first), DatePrecision.INSTANT)
    precision = (
        DatePrecision.DAY if has_day else DatePrecision.MONTH if has_month else DatePrecision.YEAR
    )
    # Any offset given with a bare date is ignored: a calendar day has no time to convert.
    return ParsedDate(_start_of(first, precision), precision)


def _reason(exc: ValueError) -> str:
    """The user-facing part of a dateutil failure."""
    cause = exc.__cause__
    if isinstance(exc, ParserError) and isinstance(cause, ValueError):
        # The text had the shape of a date but not a real one; datetime's own words say why
        # ("day is out of range for month", "year 10000 is out of range").
        return str(cause)
    return _GENERIC
