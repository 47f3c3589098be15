"""The search documents of a restored database, rebuilt from the tables they are derived from.

``claim_search`` is never dumped (``dump.DERIVED_TABLES``): a restore writes every claim's
document again, exactly as ``services.search`` would, in id ranges so memory stays flat.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from claimtracker.db import bulk
from claimtracker.db.base import Base
from claimtracker.services import verdicts
from claimtracker.services.search import build_document
from claimtracker.transfer.dump import connection_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

# Claims per range: each range costs one query per table it reads.
SEARCH_BATCH = 2_000


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for key, value in rows:
        if value:
            out[key].append(value)
    return out


def rebuild_search(bind: Connection | Session) -> int:
    """Rewrite the search document of every claim not retracted; returns how many were written.

    Works through claims in id ranges, reading each range's tags, quotes and review headlines
    in one query each, so memory stays flat and the documents are exactly those
    ``search.refresh`` writes (quotes in appearance order, headlines in verdict order).
    """
    connection = connection_of(bind)
    tables = Base.metadata.tables
    claim, tag, appearance = tables["claim"], tables["claim_tag"], tables["appearance"]
    search = tables["claim_search"]
    connection.execute(delete(search))
    written = 0
    last = 0
    while True:
        claims = connection.execute(
            select(claim.c.id, claim.c.text)
            # A retracted claim has no document (services/retraction.py).
            .where(claim.c.id > last, claim.c.retracted_at.is_(None))
            .order_by(claim.c.id)
            .limit(SEARCH_BATCH)
        ).all()
        if not claims:
            return written
        low, high = claims[0].id, claims[-1].id
        tags = _grouped(
            connection.execute(
                select(tag.c.claim_id, tag.c.tag).where(tag.c.claim_id.between(low, high))
            )
        )
        quotes = _grouped(
            connection.execute(
                select(appearance.c.claim_id, appearance.c.quote)
                .where(appearance.c.claim_id.between(low, high), appearance.c.quote.is_not(None))
                .order_by(appearance.c.claim_id, appearance.c.id)
            )
        )
        headlines = verdicts.headlines_between(connection, low, high)
        documents = [
            {
                "claim_id": row.id,
                "document": build_document(
                    row.text,
                    tags.get(row.id, []),
                    quotes.get(row.id, []),
                    headlines.get(row.id, []),
                ),
            }
            for row in claims
        ]
        bulk.insert_records(connection, search, documents)
        written += len(documents)
        last = high


__all__ = ["SEARCH_BATCH", "rebuild_search"]
