"""The new records a note brings, as rows in driver form (see ``Run.insert``): sources, found
by URL or created, claims with their first appearance, and their search documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from claimtracker.db import bulk
from claimtracker.enums import DatePrecision
from claimtracker.models import Source
from claimtracker.services import claim_values

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Table

    from claimtracker.enums import ClaimKind, SourceKind
    from claimtracker.services.community_notes.run import Run

_SOURCE = cast("Table", Source.__table__)

# The files give times to the millisecond: a time they give is an instant.
_INSTANT = DatePrecision.INSTANT.value

# URLs looked up per query: a power of two (see db.bulk.among), well under SQLite's 32,766
# bound parameters.
_LOOKUP_SIZE = 8_192


def source_ids(run: Run, wanted: dict[str, tuple[SourceKind, datetime | None]]) -> dict[str, int]:
    """The id of the source at each URL of ``wanted``, creating those that are missing
    with the given kind and publication time."""
    if not wanted:
        return {}
    found: dict[str, int] = {}
    urls = list(wanted)
    # A batch's notes usually cite a few thousand URLs, but nothing bounds how many one
    # note may hold: look them up in slices.
    for start in range(0, len(urls), _LOOKUP_SIZE):
        found.update(
            run.conn.execute(
                select(_SOURCE.c.url, _SOURCE.c.id).where(
                    bulk.among(run.conn, _SOURCE.c.url, urls[start : start + _LOOKUP_SIZE])
                )
            ).all()
        )
    missing = [url for url in wanted if url not in found]
    rows = []
    reserved = bulk.reserve_ids(run.conn, _SOURCE, len(missing))
    for url, source_id in zip(missing, reserved, strict=True):
        kind, published = wanted[url]
        rows.append(
            {
                "id": source_id,
                "url": url,
                "kind": kind.value,
                "published_at": run.when(published),
                "published_precision": _INSTANT if published else None,
                "created_at": run.now,
                "created_by": run.actor,
            }
        )
        found[url] = source_id
    run.insert(_SOURCE, rows)
    return found


def claim_row(
    run: Run,
    claim_id: int,
    body: str,
    *,
    kind: ClaimKind,
    claimant_id: int | None,
    claimed_at: datetime | None,
) -> dict[str, Any]:
    """A new claim as ``claim_values.new_claim`` says, with its id, in driver form."""
    row = claim_values.new_claim(body, kind=kind, actor=run.actor)
    # What the import knows, set in driver form one column at a time: converting the row by
    # testing the type of each value showed in an import's profile.
    row["id"] = claim_id
    row["claimant_id"] = claimant_id
    row["claimed_at"] = run.when(claimed_at)
    row["claimed_precision"] = _INSTANT if claimed_at else None
    row["kind"] = kind.value
    row["status"] = row["status"].value
    row["created_at"] = row["updated_at"] = run.now
    return row


def appearance_row(
    run: Run, claim_id: int, source_id: int, quote: str | None, appeared_at: datetime | None
) -> dict[str, Any]:
    """The first appearance of a new claim (``claim_values.new_appearance``), in driver form."""
    row = claim_values.new_appearance(
        claim_id, source_id, quote=quote, is_first=True, actor=run.actor
    )
    row["appeared_at"] = run.when(appeared_at)
    row["appeared_precision"] = _INSTANT if appeared_at else None
    row["created_at"] = run.now
    return row


def search_document(*folded: str) -> str:
    """``search.build_document`` of a claim from parts already passed through ``fold``.

    ``build_document`` folds its parts joined by line breaks. Folding works character by
    character and collapses whitespace, so joining the folded parts with one space gives the
    same text (the tests compare the two on real notes) while each note's text, which is also
    its quote, is folded once instead of twice: folding is the slowest step of an import.
    """
    return " ".join(part for part in folded if part)
