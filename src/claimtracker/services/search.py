"""Full-text search over claims: SQLite FTS5 (BM25) or PostgreSQL text search.

Both index ``claim_search.document``, the folded text of a claim, its quotes and the headlines
of its reviews. Queries are sets of words (OR), ranked, so a claim sharing more and rarer words
comes first — that suits both a person's search and the duplicate finder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, text

from claimtracker.models import Appearance, ClaimSearch, Source, Verdict
from claimtracker.text import fold, search_terms

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.models import Claim

# Tweets and headlines have a few dozen words at most; this bounds pathological input.
MAX_QUERY_TERMS = 64
_MARKED = re.compile(r"\x02(.*?)\x03", re.S)


@dataclass(frozen=True)
class Hit:
    """A claim found by a search, its score (higher is better) and the words that matched."""

    claim_id: int
    score: float
    matched: tuple[str, ...]


def build_document(claim: Claim, quotes: list[str], headlines: list[str]) -> str:
    """The folded text a claim is indexed by: its words, quotes, tags and review headlines."""
    parts = [claim.text, *quotes, " ".join(t.tag for t in claim.tags), *headlines]
    return fold("\n".join(p for p in parts if p))


def refresh(session: Session, claim: Claim) -> None:
    """Rebuild the search document of ``claim`` from what the database holds now."""
    session.flush()
    quotes = [
        q
        for q in session.scalars(
            select(Appearance.quote).where(
                Appearance.claim_id == claim.id, Appearance.quote.is_not(None)
            )
        )
        if q
    ]
    headlines = [
        h
        for h in session.scalars(
            select(Source.title)
            .join(Verdict, Verdict.review_source_id == Source.id)
            .where(Verdict.claim_id == claim.id, Source.title.is_not(None))
        )
        if h
    ]
    document = build_document(claim, quotes, headlines)
    session.execute(delete(ClaimSearch).where(ClaimSearch.claim_id == claim.id))
    session.add(ClaimSearch(claim_id=claim.id, document=document))
    session.flush()


def query_terms(query: str) -> list[str]:
    """Distinct folded words of ``query``, in order."""
    seen: dict[str, None] = {}
    for term in search_terms(query):
        seen.setdefault(term, None)
    return list(seen)[:MAX_QUERY_TERMS]


def search(session: Session, query: str, *, limit: int = 20) -> list[Hit]:
    """Claims ranked by how well they match the words of ``query``."""
    terms = query_terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _search_sqlite(session, terms, limit)
    return _search_postgresql(session, terms, limit)


def _matched(marked: str | None) -> tuple[str, ...]:
    if not marked:
        return ()
    words: dict[str, None] = {}
    for word in _MARKED.findall(marked):
        words.setdefault(word.strip(), None)
    return tuple(w for w in words if w)


def _search_sqlite(session: Session, terms: list[str], limit: int) -> list[Hit]:
    # Each term is letters and digits only (search_terms), quoted as an FTS5 string; the
    # whole expression is still passed as a bound parameter.
    match = " OR ".join(f'"{t}"' for t in terms)
    rows = session.execute(
        text(
            "SELECT rowid, bm25(claim_fts) AS rank_value, "
            "highlight(claim_fts, 0, char(2), char(3)) AS marked "
            "FROM claim_fts WHERE claim_fts MATCH :match ORDER BY rank LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [Hit(row.rowid, -row.rank_value, _matched(row.marked)) for row in rows]


def _search_postgresql(session: Session, terms: list[str], limit: int) -> list[Hit]:
    tsquery = " | ".join(terms)
    rows = session.execute(
        text(
            "WITH q AS (SELECT to_tsquery('english', :tsquery) AS query), "
            "top AS (SELECT s.claim_id, s.document, ts_rank_cd(s.search_vector, q.query) AS score "
            "        FROM claim_search s, q WHERE s.search_vector @@ q.query "
            "        ORDER BY score DESC, s.claim_id LIMIT :limit) "
            "SELECT top.claim_id, top.score, ts_headline('english', top.document, q.query, "
            "'StartSel=\x02, StopSel=\x03, HighlightAll=true') AS marked "
            "FROM top, q ORDER BY top.score DESC, top.claim_id"
        ),
        {"tsquery": tsquery, "limit": limit},
    )
    return [Hit(row.claim_id, float(row.score), _matched(row.marked)) for row in rows]


def search_rows(session: Session, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Search hits with their claims, as listing rows (one query for all the claims)."""
    from sqlalchemy.orm import joinedload

    from claimtracker.models import Claim

    hits = search(session, query, limit=limit)
    claims = {
        c.id: c
        for c in session.scalars(
            select(Claim)
            .options(joinedload(Claim.claimant))
            .where(Claim.id.in_([h.claim_id for h in hits]))
        )
    }
    rows = []
    for hit in hits:
        claim = claims.get(hit.claim_id)
        if claim is None:
            continue
        rows.append(
            {
                "id": hit.claim_id,
                "score": round(hit.score, 3),
                "status": claim.status.value,
                "claimant": claim.claimant.name if claim.claimant else None,
                "matched": list(hit.matched),
                "text": claim.text,
            }
        )
    return rows
