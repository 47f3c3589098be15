"""Reading typed dates: formats, precision, UTC conversion, French, relative dates, errors."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from claimtracker.dates import ParsedDate, parse_date
from claimtracker.enums import DatePrecision
from claimtracker.errors import InvalidInput

DAY = DatePrecision.DAY
MONTH = DatePrecision.MONTH
YEAR = DatePrecision.YEAR
INSTANT = DatePrecision.INSTANT

# A fixed "now" late in a 31-day month, so month arithmetic has to clamp (31 March -> February).
NOW = datetime(2025, 3, 31, 15, 45, tzinfo=UTC)
# A source's publication date, far from NOW so a test can tell which one was used.
BASE = datetime(2024, 7, 10, 8, 0, tzinfo=UTC)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


def assert_invalid(text: str, *, dayfirst: bool = False) -> str:
    """Parse ``text`` expecting InvalidInput; check the one-line message quotes the input."""
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, now=NOW, dayfirst=dayfirst)
    message = str(caught.value)
    assert message.startswith(f"cannot read date {text!r}: ")
    assert "\n" not in message
    return message


# -- ISO 8601 and precision --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2025-01-27", utc(2025, 1, 27), DAY),
        ("2025-01", utc(2025, 1, 1), MONTH),
        ("2025", utc(2025, 1, 1), YEAR),
        ("20250127", utc(2025, 1, 27), DAY),
        ("2025/01/27", utc(2025, 1, 27), DAY),
        ("  2025-01-27  ", utc(2025, 1, 27), DAY),
        ("0001-01-01", utc(1, 1, 1), DAY),
        ("9999-12-31", utc(9999, 12, 31), DAY),
    ],
)
def test_iso_dates(text: str, value: datetime, precision: DatePrecision) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(value, precision)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2025-01-27T10:30:00Z", utc(2025, 1, 27, 10, 30)),
        ("2025-01-27 10:30+01:00", utc(2025, 1, 27, 9, 30)),
        ("2025-01-27T23:30:00-05:00", utc(2025, 1, 28, 4, 30)),  # crosses midnight into UTC
        ("2025-01-27 10:30:15.250000+0000", utc(2025, 1, 27, 10, 30, 15, 250000)),
        ("2025-01-27 10:30 UTC", utc(2025, 1, 27, 10, 30)),
        # Naive times are taken as UTC, not as the machine's local time.
        ("2025-01-27T10:30", utc(2025, 1, 27, 10, 30)),
        ("2025-01-27 10:30:00", utc(2025, 1, 27, 10, 30)),
        # UTC+1 means one hour ahead of UTC, as people write it (not dateutil's POSIX sign).
        ("2025-01-27 10:30 UTC+1", utc(2025, 1, 27, 9, 30)),
        ("2025-01-27 10:30 GMT-05:30", utc(2025, 1, 27, 16, 0)),
    ],
)
def test_instants_are_converted_to_utc(text: str, value: datetime) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed.precision == INSTANT
    assert parsed.value == value
    assert parsed.value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        # First-of-period values must not be mistaken for a coarser precision...
        ("2025-01-01", DAY),
        ("1 January 2025", DAY),
        ("1er janvier 2025", DAY),
        ("2025-01-01T00:00:00Z", INSTANT),
        ("2025-01-01 00:00", INSTANT),
        # ...nor coarse input for a finer one.
        ("January 2025", MONTH),
        ("2025-01", MONTH),
        ("2025", YEAR),
    ],
)
def test_precision_comes_from_the_text_not_the_value(text: str, precision: DatePrecision) -> None:
    assert parse_date(text, now=NOW).precision == precision


@pytest.mark.parametrize("text", ["2025-02", "February 2025", "2025", "2025-02-15", "15 Feb 2025"])
def test_absolute_dates_do_not_depend_on_now(text: str) -> None:
    # dateutil fills missing fields from a default; none of that may leak from "now".
    assert parse_date(text, now=NOW) == parse_date(text, now=utc(2031, 12, 31, 23, 59))


# -- written dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("27 Jan 2025", utc(2025, 1, 27), DAY),
        ("Jan 27, 2025", utc(2025, 1, 27), DAY),
        ("27 January 2025", utc(2025, 1, 27), DAY),
        ("27 JANUARY 2025", utc(2025, 1, 27), DAY),
        ("1st February 2025", utc(2025, 2, 1), DAY),
        ("27 Dec. 2024", utc(2024, 12, 27), DAY),
        ("Monday, January 27, 2025", utc(2025, 1, 27), DAY),
        ("January 2025", utc(2025, 1, 1), MONTH),
        ("Jan 2025", utc(2025, 1, 1), MONTH),
        # A weekday without a day of the month says nothing more precise than the month.
        ("Monday January 2025", utc(2025, 1, 1), MONTH),
    ],
)
def test_english_written_dates(text: str, value: datetime, precision: DatePrecision) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(value, precision)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("27 janvier 2025", utc(2025, 1, 27), DAY),
        ("27 Janvier 2025", utc(2025, 1, 27), DAY),
        ("1er février 2025", utc(2025, 2, 1), DAY),
        ("1er fevrier 2025", utc(2025, 2, 1), DAY),
        ("1ER FÉVRIER 2025", utc(2025, 2, 1), DAY),
        ("1re mars 2025", utc(2025, 3, 1), DAY),
        ("fevrier 2025", utc(2025, 2, 1), MONTH),
        ("février 2025", utc(2025, 2, 1), MONTH),
        ("15 août 2025", utc(2025, 8, 15), DAY),
        ("15 aout 2025", utc(2025, 8, 15), DAY),
        ("15 AOÛT 2025", utc(2025, 8, 15), DAY),
        ("décembre 2024", utc(2024, 12, 1), MONTH),
        ("decembre 2024", utc(2024, 12, 1), MONTH),
        ("avril 2025", utc(2025, 4, 1), MONTH),
        ("mai 2025", utc(2025, 5, 1), MONTH),
        ("juin 2025", utc(2025, 6, 1), MONTH),
        ("juillet 2025", utc(2025, 7, 1), MONTH),
        ("septembre 2025", utc(2025, 9, 1), MONTH),
        ("octobre 2025", utc(2025, 10, 1), MONTH),
        ("novembre 2025", utc(2025, 11, 1), MONTH),
        ("27 janv. 2025", utc(2025, 1, 27), DAY),
        ("3 févr. 2025", utc(2025, 2, 3), DAY),
        ("3 fevr 2025", utc(2025, 2, 3), DAY),
        ("25 déc. 2024", utc(2024, 12, 25), DAY),
        ("4 juil. 2025", utc(2025, 7, 4), DAY),
        ("lundi 27 janvier 2025", utc(2025, 1, 27), DAY),
        ("Lundi, 27 janvier 2025", utc(2025, 1, 27), DAY),
        ("le 1er mai 2025", utc(2025, 5, 1), DAY),
        ("en janvier 2025", utc(2025, 1, 1), MONTH),
        ("le 27 janvier 2025 à 10h30", utc(2025, 1, 27, 10, 30), INSTANT),
    ],
)
def test_french_dates(text: str, value: datetime, precision: DatePrecision) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(value, precision)


# -- ambiguous numeric order ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "value"),
    [
        ("03/04/2025", False, utc(2025, 3, 4)),
        ("03/04/2025", True, utc(2025, 4, 3)),
        # An impossible month forces the other reading whatever dayfirst says.
        ("27/01/2025", False, utc(2025, 1, 27)),
        ("27/01/2025", True, utc(2025, 1, 27)),
        ("01/27/2025", True, utc(2025, 1, 27)),
        # ISO year-first forms are always year-month-day.
        ("2025-01-02", True, utc(2025, 1, 2)),
        ("2025/01/02", True, utc(2025, 1, 2)),
        ("2025.01.02", True, utc(2025, 1, 2)),
    ],
)
def test_day_month_order(text: str, dayfirst: bool, value: datetime) -> None:
    assert parse_date(text, now=NOW, dayfirst=dayfirst) == ParsedDate(value, DAY)


def test_dayfirst_keeps_iso_instants_year_month_day() -> None:
    parsed = parse_date("2025-01-02T10:00:00Z", now=NOW, dayfirst=True)
    assert parsed == ParsedDate(utc(2025, 1, 2, 10), INSTANT)


# -- relative dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("today", utc(2025, 3, 31), DAY),
        ("Today", utc(2025, 3, 31), DAY),
        ("yesterday", utc(2025, 3, 30), DAY),
        ("3 days ago", utc(2025, 3, 28), DAY),
        ("1 day ago", utc(2025, 3, 30), DAY),
        ("a day ago", utc(2025, 3, 30), DAY),
        ("2 weeks ago", utc(2025, 3, 17), DAY),
        ("1 month ago", utc(2025, 2, 1), MONTH),  # 31 March minus a month clamps into February
        ("3 months ago", utc(2024, 12, 1), MONTH),
        ("a year ago", utc(2024, 1, 1), YEAR),
        ("2 years ago", utc(2023, 1, 1), YEAR),
        ("aujourd'hui", utc(2025, 3, 31), DAY),
        ("aujourd\u2019hui", utc(2025, 3, 31), DAY),  # typographic apostrophe
        ("Aujourd'hui", utc(2025, 3, 31), DAY),
        ("hier", utc(2025, 3, 30), DAY),
        ("avant-hier", utc(2025, 3, 29), DAY),
        ("il y a 3 jours", utc(2025, 3, 28), DAY),
        ("Il y a 3 jours", utc(2025, 3, 28), DAY),
        ("il y a 2 semaines", utc(2025, 3, 17), DAY),
        ("il y a une semaine", utc(2025, 3, 24), DAY),
        ("il y a un mois", utc(2025, 2, 1), MONTH),
        ("il y a 2 mois", utc(2025, 1, 1), MONTH),
        ("il y a un an", utc(2024, 1, 1), YEAR),
        ("il y a 2 années", utc(2023, 1, 1), YEAR),
        ("il y a 2 annees", utc(2023, 1, 1), YEAR),
    ],
)
def test_relative_dates_count_back_from_now(
    text: str, value: datetime, precision: DatePrecision
) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(value, precision)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("today", utc(2024, 7, 10)),
        ("hier", utc(2024, 7, 9)),
        ("3 days ago", utc(2024, 7, 7)),
        ("il y a un mois", utc(2024, 6, 1)),
        ("a year ago", utc(2023, 1, 1)),
    ],
)
def test_base_wins_over_now(text: str, value: datetime) -> None:
    assert parse_date(text, now=NOW, base=BASE).value == value
    assert parse_date(text, base=BASE).value == value


def test_relative_dates_use_the_utc_date_of_the_reference() -> None:
    # 20:30 at UTC-5 is already the next day in UTC.
    evening = datetime(2025, 1, 1, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_date("today", now=evening).value == utc(2025, 1, 2)


def test_naive_reference_is_taken_as_utc() -> None:
    assert parse_date("yesterday", base=datetime(2025, 1, 1, 23, 30)).value == utc(2024, 12, 31)


def test_relative_dates_default_to_the_current_time() -> None:
    before = datetime.now(UTC)
    parsed = parse_date("today")
    after = datetime.now(UTC)
    assert parsed.precision == DAY
    assert parsed.value.date() in {before.date(), after.date()}


def test_relative_dates_ignore_dayfirst() -> None:
    assert parse_date("hier", now=NOW, dayfirst=True).value == utc(2025, 3, 30)


# -- display -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parsed", "shown"),
    [
        (ParsedDate(utc(2025, 1, 27), DAY), "2025-01-27"),
        (ParsedDate(utc(2025, 1, 1), MONTH), "2025-01"),
        (ParsedDate(utc(2025, 1, 1), YEAR), "2025"),
        (ParsedDate(utc(2025, 1, 27, 10, 30), INSTANT), "2025-01-27T10:30:00Z"),
        (ParsedDate(utc(2025, 1, 27, 10, 30, 0, 500000), INSTANT), "2025-01-27T10:30:00.500000Z"),
        (ParsedDate(utc(999, 1, 1), YEAR), "0999"),
    ],
)
def test_display(parsed: ParsedDate, shown: str) -> None:
    assert parsed.display() == shown


@pytest.mark.parametrize(
    "text", ["2025-01-27", "février 2025", "2025", "2025-01-27 10:30:15+02:00", "hier"]
)
def test_display_reads_back_to_the_same_date(text: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert parse_date(parsed.display(), now=NOW) == parsed


def test_parsed_date_is_frozen() -> None:
    parsed = ParsedDate(utc(2025, 1, 27), DAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.precision = YEAR  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (datetime(2025, 1, 27), DAY),  # naive
        (datetime(2025, 1, 27, tzinfo=timezone(timedelta(hours=1))), DAY),  # not UTC
        (utc(2025, 1, 27, 10), DAY),  # DAY must be midnight
        (utc(2025, 1, 27), MONTH),  # MONTH must be the 1st
        (utc(2025, 2, 1), YEAR),  # YEAR must be 1 January
    ],
)
def test_parsed_date_rejects_values_that_break_its_invariant(
    value: datetime, precision: DatePrecision
) -> None:
    with pytest.raises(ValueError, match="ParsedDate"):
        ParsedDate(value, precision)


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "next blursday",
        "lundi",  # a weekday alone
        "il y a trois jours",  # number words beyond one are not understood
        "3 hours ago",
        "2025-02-30",
        "31 février 2025",
        "13/13/2025",
        "2025-13",
        "2025-01-27 10:30\nrm -rf",
    ],
)
@pytest.mark.parametrize("dayfirst", [False, True])
def test_unreadable_input_is_refused(text: str, dayfirst: bool) -> None:
    assert_invalid(text, dayfirst=dayfirst)


def test_unreadable_message_suggests_formats() -> None:
    assert "2025-01-27" in assert_invalid("next blursday")


def test_out_of_range_day_says_why() -> None:
    assert "day is out of range" in assert_invalid("2025-02-30")


@pytest.mark.parametrize("text", ["27 janvier", "Jan 27", "janvier", "10:30"])
def test_a_year_is_required(text: str) -> None:
    assert assert_invalid(text).endswith("no year given")


@pytest.mark.parametrize(
    "text",
    [
        "0000-01-01",
        "10000",
        "10000-01-01",
        "99999999999999999999999",
        "9" * 5000,
        "9999-12-31T23:00:00-05:00",  # UTC is already year 10000
        "0001-01-01T00:30:00+01:00",  # UTC is still year 0
        "10000 years ago",
        "il y a 130000 mois",
        "99999999999 days ago",
        "9" * 5000 + " days ago",
    ],
)
def test_years_outside_1_to_9999_are_refused(text: str) -> None:
    assert "out of range" in assert_invalid(text)


@pytest.mark.parametrize("text", ["2025-01-27 10:30 CET", "2025-06-15 10:00 EST"])
def test_time_zone_names_are_refused_not_guessed(text: str) -> None:
    assert "unknown time zone" in assert_invalid(text)
