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
# Ranking costs 2.5-17 µs a matching claim on SQLite (docs/performance.md): a query whose
# words are in at most this many claims, together, ranks all its matches directly.
MATCH_BUDGET = 4_000
# A word in fewer claims than this is rare; counts stop there (see _frequencies_sqlite).
RARE_CAP = 2_000
# Rare words whose claims are gathered, rarest first.
MAX_RARE = 8
# Claims gathered by each narrower query, then ranked by every word of the query.
POOL = 100
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
    """Claims ranked by how well they match the words of ``query``.

    Ranking scores every claim that matches, and a common word matches a good share of a
    large database (``vaccine``: 42,876 of a million claims), so ranking the OR of all the
    words is what makes a query slow at scale. When some word of the query is in more than
    :data:`RARE_CAP` claims, the claims that can rank first are gathered from a narrower
    query, then only those are ranked by all the words (:func:`_narrowed`); the scores are
    the ones ranking everything would give them.
    """
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _search_sqlite(session, terms, limit)
    return _search_postgresql(session, terms, limit)


@dataclass(frozen=True)
class _Narrowing:
    """The queries that gather a pool of claims for a query with common words in it."""

    rare: list[str]  # the rarest words: their OR, ranked
    common: list[str]  # the rest: their AND, ranked


def _narrowed(terms: list[str], frequency: dict[str, int]) -> _Narrowing | None:
    """How to gather the candidates of ``terms``, or None when ranking all matches is cheap.

    Ranking all the matches is cheap when, together, the words are in at most
    :data:`MATCH_BUDGET` claims; words in no claim are left out (they match nothing).
    Otherwise the pool is the best-ranked claims with any of the rarest words (as many as
    fit in the budget, each in fewer than :data:`RARE_CAP` claims), plus the best-ranked
    claims with all the other words. A claim that says the same as the query has its rare
    words or all of the others, so it is in the pool: a near duplicate (a word dropped, a
    prefix added) keeps both. What the pool can miss is a claim sharing some of the common
    words and none of the rare ones, which ranks below those sharing a rare word anyway.
    """
    present = [t for t in terms if frequency.get(t, 0) > 0]
    if sum(frequency[t] for t in present) <= MATCH_BUDGET:
        return None
    rare: list[str] = []
    spent = 0
    for term in sorted(present, key=lambda t: frequency[t]):
        count = frequency[term]
        if count >= RARE_CAP or len(rare) == MAX_RARE or spent + count > MATCH_BUDGET:
            break
        rare.append(term)
        spent += count
    return _Narrowing(rare=rare, common=[t for t in present if t not in rare])


def _matched(marked: str | None) -> tuple[str, ...]:
    if not marked:
        return ()
    words: dict[str, None] = {}
    for word in _MARKED.findall(marked):
        words.setdefault(word.strip(), None)
    return tuple(w for w in words if w)


def _fts_any(terms: list[str]) -> str:
    # Each term is letters and digits only (search_terms), quoted as an FTS5 string; the
    # expression is still passed as a bound parameter.
    return " OR ".join(f'"{t}"' for t in terms)


def _fts_all(terms: list[str]) -> str:
    return " AND ".join(f'"{t}"' for t in terms)


# Ties in claim order everywhere, so that a pool cut among equal scores keeps the claims
# ranking everything would list first.
_SQLITE_TOP = text(
    "SELECT rowid FROM claim_fts WHERE claim_fts MATCH :match ORDER BY rank, rowid LIMIT :limit"
)
_SQLITE_RANKED = text(
    "SELECT rowid, bm25(claim_fts) AS rank_value, "
    "highlight(claim_fts, 0, char(2), char(3)) AS marked "
    "FROM claim_fts WHERE claim_fts MATCH :match ORDER BY rank, rowid LIMIT :limit"
)
# One claim, for the whole query: FTS5 seeks each word's list to that rowid, so this costs
# the same however common the words are.
_SQLITE_SCORE = text(
    "SELECT bm25(claim_fts) FROM claim_fts WHERE claim_fts MATCH :match AND rowid = :rowid"
)
_SQLITE_MARK = text(
    "SELECT highlight(claim_fts, 0, char(2), char(3)) "
    "FROM claim_fts WHERE claim_fts MATCH :match AND rowid = :rowid"
)


def _frequencies_sqlite(session: Session, terms: list[str]) -> dict[str, int]:
    """How many claims hold each word, counted up to RARE_CAP (one statement).

    FTS5 walks a word's list in rowid order and stops at the LIMIT: a fraction of a
    millisecond for the most common word of a million claims.
    """
    probes = ", ".join(
        f"(SELECT count(*) FROM (SELECT 1 FROM claim_fts WHERE claim_fts MATCH :w{i} "
        f"LIMIT {RARE_CAP}))"
        for i in range(len(terms))
    )
    row = session.execute(
        text(f"SELECT {probes}"), {f"w{i}": f'"{t}"' for i, t in enumerate(terms)}
    ).one()
    return {t: int(row[i]) for i, t in enumerate(terms)}


def _search_sqlite(session: Session, terms: list[str], limit: int) -> list[Hit]:
    match = _fts_any(terms)
    narrowing = _narrowed(terms, _frequencies_sqlite(session, terms))
    if narrowing is None:
        rows = session.execute(_SQLITE_RANKED, {"match": match, "limit": limit})
        return [Hit(row.rowid, -row.rank_value, _matched(row.marked)) for row in rows]
    pool: dict[int, None] = {}
    size = max(POOL, limit)
    if narrowing.rare:
        gathered = session.scalars(_SQLITE_TOP, {"match": _fts_any(narrowing.rare), "limit": size})
        pool.update(dict.fromkeys(gathered))
    if narrowing.common:
        gathered = session.scalars(
            _SQLITE_TOP, {"match": _fts_all(narrowing.common), "limit": size}
        )
        pool.update(dict.fromkeys(gathered))
    scores = {
        rowid: -float(session.execute(_SQLITE_SCORE, {"match": match, "rowid": rowid}).scalar_one())
        for rowid in pool
    }
    # Best first, ties in claim order.
    best = sorted(scores, key=lambda rowid: (-scores[rowid], rowid))[:limit]
    return [
        Hit(
            rowid,
            scores[rowid],
            _matched(session.execute(_SQLITE_MARK, {"match": match, "rowid": rowid}).scalar()),
        )
        for rowid in best
    ]


_PG_STATS = text(
    "WITH stats AS ("
    "  SELECT unnest(most_common_elems::text::text[]) AS lexeme,"
    "         unnest(most_common_elem_freqs) AS share"
    "  FROM pg_stats"
    "  WHERE schemaname = current_schema() AND tablename = 'claim_search'"
    "    AND attname = 'search_vector'"
    "), listed AS (SELECT * FROM stats WHERE lexeme IS NOT NULL), "
    "total AS ("
    "  SELECT greatest(c.reltuples, 0) AS claims, (SELECT min(share) FROM listed) AS least"
    "  FROM pg_class c WHERE c.oid = to_regclass('claim_search')"
    ") "
    "SELECT t.term, cardinality(tsvector_to_array(to_tsvector('english', t.term))) AS lexemes,"
    "       max(listed.share) * max(total.claims) AS claims,"
    "       max(total.least) * max(total.claims) AS at_most "
    "FROM unnest(CAST(:terms AS text[])) AS t(term) "
    "CROSS JOIN total "
    "LEFT JOIN listed ON listed.lexeme = ANY (tsvector_to_array(to_tsvector('english', t.term))) "
    "GROUP BY t.term"
)


def _frequencies_postgresql(session: Session, terms: list[str]) -> dict[str, int]:
    """How many claims hold each word, as the planner's statistics estimate it.

    ``ANALYZE`` keeps the most common lexemes of ``search_vector`` and their share of rows; a
    word outside that list is in fewer claims than the least common of them, which is taken
    as its count. Counting through the index instead would read the whole posting list of a
    common word (24 ms for ``vaccine`` at 1M). A word the English configuration drops (a stop
    word) matches nothing. Without statistics (a new database) every word counts as one
    claim, and the query ranks all its matches, as it should on a small database.
    """
    found: dict[str, int] = {}
    for row in session.execute(_PG_STATS, {"terms": terms}):
        if not row.lexemes:
            found[row.term] = 0
        elif row.claims is not None:
            found[row.term] = max(1, int(row.claims))
        else:
            found[row.term] = max(1, int(row.at_most or 0))
    return found


def _search_postgresql(session: Session, terms: list[str], limit: int) -> list[Hit]:
    narrowing = _narrowed(terms, _frequencies_postgresql(session, terms))
    params: dict[str, Any] = {"tsquery": " | ".join(terms), "limit": limit}
    if narrowing is None:
        candidates = (
            "SELECT s.claim_id, s.search_vector, s.document FROM claim_search s, q "
            "WHERE s.search_vector @@ q.query"
        )
    else:
        gathered = []
        if narrowing.rare:
            params["rare"] = " | ".join(narrowing.rare)
            gathered.append(
                "(SELECT s.claim_id FROM claim_search s, to_tsquery('english', :rare) r "
                " WHERE s.search_vector @@ r "
                " ORDER BY ts_rank_cd(s.search_vector, r) DESC, s.claim_id LIMIT :pool)"
            )
        if narrowing.common:
            params["common"] = " & ".join(narrowing.common)
            gathered.append(
                "(SELECT s.claim_id FROM claim_search s, to_tsquery('english', :common) c "
                " WHERE s.search_vector @@ c "
                " ORDER BY ts_rank_cd(s.search_vector, c) DESC, s.claim_id LIMIT :pool)"
            )
        params["pool"] = max(POOL, limit)
        candidates = (
            "SELECT s.claim_id, s.search_vector, s.document FROM claim_search s "
            f"JOIN ({' UNION '.join(gathered)}) pool ON pool.claim_id = s.claim_id"
        )
    rows = session.execute(
        text(
            "WITH q AS (SELECT to_tsquery('english', :tsquery) AS query), "
            "candidate AS (" + candidates + "), "
            "top AS (SELECT c.claim_id, c.document, ts_rank_cd(c.search_vector, q.query) AS score "
            "        FROM candidate c, q ORDER BY score DESC, c.claim_id LIMIT :limit) "
            "SELECT top.claim_id, top.score, ts_headline('english', top.document, q.query, "
            "'StartSel=\x02, StopSel=\x03, HighlightAll=true') AS marked "
            "FROM top, q ORDER BY top.score DESC, top.claim_id"
        ),
        params,
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
