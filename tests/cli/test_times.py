"""Times shown to people name their zone: UTC unless --tz or TZ."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click
import pytest

from claimtracker.cli import times
from claimtracker.cli.options import OptionError

if TYPE_CHECKING:
    from tests.conftest import Claim


def _in(ctx_zone: str | None, moment: datetime) -> str:
    command = click.Command("probe")
    with click.Context(command) as ctx:
        if ctx_zone is not None:
            times.zone_option(ctx, click.Option(["--tz"]), ctx_zone)
        return times.shown(moment)


def test_utc_by_default_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    assert _in(None, datetime(2026, 12, 2, 16, 45, 20)) == "2026-12-02 16:45:20 UTC"


def test_tz_option_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    winter = datetime(2026, 12, 2, 16, 45, 20)
    summer = datetime(2026, 7, 2, 16, 45, 20, tzinfo=UTC)
    assert _in("Europe/Paris", winter) == "2026-12-02 17:45:20 CET"
    assert _in("Europe/Paris", summer) == "2026-07-02 18:45:20 CEST"
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert _in(None, winter) == "2026-12-02 22:15:20 IST"
    # --tz wins over TZ.
    assert _in("UTC", winter) == "2026-12-02 16:45:20 UTC"


def test_an_unknown_zone_is_refused_naming_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(OptionError, match="--tz: 'Mars/Olympus' is not a time zone"):
        _in("Mars/Olympus", datetime(2026, 1, 1))
    monkeypatch.setenv("TZ", "Nowhere/Land")
    with pytest.raises(OptionError, match="the TZ variable: 'Nowhere/Land'"):
        _in(None, datetime(2026, 1, 1))


def test_history_names_the_zone_of_its_times(claim: Claim, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    claim_id = claim("add", "Paris is the capital of France").stdout.strip()
    utc_line = claim("history", claim_id, "--format", "table").stdout.splitlines()[0]
    assert utc_line.split()[2] == "UTC"
    paris = claim("history", claim_id, "--format", "table", "--tz", "Europe/Paris").stdout
    assert paris.splitlines()[0].split()[2] in ("CET", "CEST")
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert claim("history", claim_id, "--format", "table").stdout.split()[2] == "IST"
    # Programs get UTC whatever the zone.
    rows = json.loads(claim("history", claim_id, "--format", "json", "--tz", "Asia/Tokyo").stdout)
    at = datetime.fromisoformat(rows[0]["at"])
    assert abs(at.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
