"""Times shown to people: in a named zone, UTC unless ``--tz`` or ``TZ`` says otherwise.

The database keeps UTC. A table, a dossier or a history is read by a person in some place,
and "16:45" means nothing unless it says where: every time printed for people carries its
zone's name ("2026-12-02 17:45:20 CET"). Formats for programs (JSON, CSV, TSV) keep ISO 8601
UTC with its offset, whatever the zone.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo

import click

from claimtracker.cli.options import OptionError

ZONE_KEY = "claimtracker.zone"
ENV_VAR = "TZ"


def parse_zone(name: str, *, where: str) -> tzinfo:
    """The IANA time zone called ``name`` ("Europe/Paris", "UTC"); refuses anything else."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    # POSIX lets TZ start with ":" before a zone name (":Europe/Paris").
    key = name.strip().removeprefix(":")
    if key.upper() in ("UTC", "Z", ""):
        return UTC
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise OptionError(
            f"{where}: {name!r} is not a time zone (give an IANA name such as Europe/Paris or UTC)"
        ) from None


def zone_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--tz ZONE``: the zone of the times this command prints."""
    if value is not None:
        ctx.meta[ZONE_KEY] = parse_zone(value, where="--tz")


def current_zone() -> tzinfo:
    """The zone chosen by ``--tz``, else by ``TZ``, else UTC."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ZONE_KEY in ctx.meta:
        zone: tzinfo = ctx.meta[ZONE_KEY]
        return zone
    name = os.environ.get(ENV_VAR)
    found = parse_zone(name, where=f"the {ENV_VAR} variable") if name else UTC
    if ctx is not None:
        ctx.meta[ZONE_KEY] = found
    return found


def shown(moment: datetime, *, seconds: bool = True) -> str:
    """A stored time (naive UTC, or aware) as a person reads it: "2026-12-02 17:45:20 CET"."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone(current_zone())
    clock = "%H:%M:%S" if seconds else "%H:%M"
    return local.strftime(f"%Y-%m-%d {clock} %Z")
