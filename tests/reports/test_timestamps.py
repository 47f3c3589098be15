"""Timestamp cells of reports: read as UTC datetimes, or written straight as ISO text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from claimtracker.reports.runner import _as_iso_text, _as_timestamp

CELLS = [
    "2025-01-27 10:00:00.123456",  # SQLite's stored form
    "2025-01-27 10:00:00.000000",  # ... on the second: isoformat leaves the zeros out
    "2025-01-27 10:00:00",  # computed by SQL without a fraction
    "2025-01-27",  # a day alone
    "2025-01-27T10:00:00+02:00",  # with an offset
    "not a time",
    "２０２５-01-27 10:00:00.000000",  # fullwidth digits are not a stored timestamp
    datetime(2025, 1, 27, 10, 0, tzinfo=UTC),  # PostgreSQL
    datetime(2025, 1, 27, 11, 0, tzinfo=timezone(timedelta(hours=1))),
    date(2025, 1, 27),
    42,
]


@pytest.mark.parametrize("cell", CELLS, ids=repr)
def test_iso_text_is_what_the_datetime_would_print(cell: object) -> None:
    # Every output format prints a timestamp as its isoformat(): the direct rewrite of
    # SQLite's text must give exactly that, and anything else goes the long way.
    read = _as_timestamp(cell)
    expected = read.isoformat() if isinstance(read, datetime) else read
    assert _as_iso_text(cell) == expected
