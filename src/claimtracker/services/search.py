"""Full-text search over claims, ranked by BM25: SQLite FTS5, or PostgreSQL text search.

Both index ``claim_search.document``, the folded text of a claim, its quotes and the headlines
of its reviews. Queries are sets of words (OR), ranked, so a claim sharing more and rarer words
comes first — that suits both a person's search and the duplicate finder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, text
from sqlalchemy.orm import joinedload

from claimtracker.models import Appearance, Claim, ClaimSearch
from claimtracker.services import verdicts
from claimtracker.services.search_statistics import (
    RARE_CAP,
    SMALL_DATABASE,
    frequencies_postgresql,
)
from claimtracker.text import fold, search_terms

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

# Tweets and headlines have a few dozen words at most; this bounds pathological input.
MAX_QUERY_TERMS = 64
# Rare words a narrowed query keeps, rarest first: a tweet has a dozen or two content words.
MAX_RARE = 16
# Claims holding the kept rare words, together, at most (more costs time and, measured on
# the duplicate check at 1M claims, found no more originals: 12 of 15 at 8,000 as at no
# limit, 10 at 4,000).
RARE_BUDGET = 8_000
_MARKED = re.compile(r"\x02(.*?)\x03", re.S)


@dataclass(frozen=True)
class Hit:
    """A claim found by a search, its score (higher is better) and the words that matched."""

    claim_id: int
    score: float
    matched: tuple[str, ...]


def build_document(
    text: str, tags: Sequence[str], quotes: Sequence[str], headlines: Sequence[str]
) -> str:
    """The folded text a claim is indexed by: its words, quotes, tags (in tag order, as
    ``Claim.tags`` loads them) and review headlines."""
    parts = [text, *quotes, " ".join(sorted(tags)), *headlines]
    return fold("\n".join(p for p in parts if p))


def refresh(session: Session, claim: Claim) -> None:
    """Rebuild the search document of ``claim`` from what the database holds now.

    A retracted claim has none: it is found by no search and no duplicate check until it is
    restored (services/retraction.py), whatever changes meanwhile.
    """
    session.flush()
    if claim.retracted_at is not None:
        session.execute(delete(ClaimSearch).where(ClaimSearch.claim_id == claim.id))
        return
    quotes = [
        q
        for q in session.scalars(
            select(Appearance.quote).where(
                Appearance.claim_id == claim.id, Appearance.quote.is_not(None)
            )
        )
        if q
    ]
    headlines = verdicts.headlines(session, [claim.id]).get(claim.id, [])
    document = build_document(claim.text, [t.tag for t in claim.tags], quotes, headlines)
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
    words is what made a query slow at scale (seconds for a pasted sentence). In a large
    database, a query with a common word in it is narrowed to the claims that can rank first
    (:func:`_narrowed`). A small database's never is: there the ranking is the plain OR of
    the words, as the matcher was tuned on (docs/matching.md).
    """
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _search_sqlite(session, terms, limit)
    return _search_postgresql(session, terms, limit)


@dataclass(frozen=True)
class _Narrowing:
    """A query with common words in it, split by how common its words are."""

    rare: list[str]  # the rarest words, any of which a claim may have
    common: list[str]  # the others, rarest first, all of which a claim must have


def _narrowed(terms: list[str], frequency: dict[str, int], claims: int) -> _Narrowing | None:
    """How to narrow the query of ``terms``, or None when ranking all its matches is cheap.

    Ranking all the matches is cheap in a database of at most :data:`SMALL_DATABASE`
    ``claims``, and when every word is rare (in fewer than :data:`RARE_CAP` claims); words
    in no claim are left out (they match nothing). Otherwise the query keeps the claims
    with any of the rare words (the rarest, at most :data:`MAX_RARE` and in at most
    :data:`RARE_BUDGET` claims together) or with all the other words. A claim that says the
    same as the query has its rare words or all of the others: a near duplicate (a word
    dropped, a prefix added) keeps both. What is left out is a claim sharing some of the
    common words and none of the rare ones, which ranked below those sharing a rare word
    anyway (docs/performance.md has the measurements).
    """
    if claims <= SMALL_DATABASE:
        return None
    present = [t for t in terms if frequency.get(t, 0) > 0]
    by_rarity = sorted(present, key=lambda t: frequency[t])
    rare = [t for t in by_rarity if frequency[t] < RARE_CAP][:MAX_RARE]
    if len(rare) == len(present):
        return None
    # Every claim with a rare word is ranked: keep the rarest within the budget.
    spent = 0
    for kept, term in enumerate(rare):
        spent += frequency[term]
        if spent > RARE_BUDGET and kept > 0:
            rare = rare[:kept]
            break
    return _Narrowing(rare=rare, common=[t for t in by_rarity if t not in rare])


def _expressions(
    terms: list[str], narrowing: _Narrowing | None, any_of: str, all_of: str
) -> list[str]:
    """The full-text queries to try in turn, each with every word at most once.

    ``any_of`` and ``all_of`` are the engine's OR and AND between quoted words. Without a
    narrowing, the OR of all the words. With one, the OR of the rare words and of the AND of
    the others, so the engine ranks only the pool, and weighs each word once; when fewer
    claims than asked for have all the others, the next query asks for the rarer half of
    them, and so on.
    """
    if narrowing is None:
        return [any_of.join(terms)]
    expressions = []
    others = narrowing.common
    while True:
        parts = list(narrowing.rare)
        if others:
            parts.append(f"({all_of.join(others)})" if len(others) > 1 else others[0])
        expressions.append(any_of.join(parts))
        if len(others) <= 1:
            return expressions
        others = others[: (len(others) + 1) // 2]


def _matched(marked: str | None) -> tuple[str, ...]:
    if not marked:
        return ()
    words: dict[str, None] = {}
    for word in _MARKED.findall(marked):
        words.setdefault(word.strip(), None)
    return tuple(w for w in words if w)


# Ties in claim order, as on PostgreSQL.
_SQLITE_RANKED = text(
    "SELECT rowid, bm25(claim_fts) AS rank_value, "
    "highlight(claim_fts, 0, char(2), char(3)) AS marked "
    "FROM claim_fts WHERE claim_fts MATCH :match ORDER BY rank, rowid LIMIT :limit"
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
    # The largest id counts the claims exactly until some are deleted, in microseconds.
    claims = int(session.scalar(text("SELECT coalesce(max(id), 0) FROM claim")) or 0)
    narrowing = (
        None
        if claims <= SMALL_DATABASE
        else _narrowed(terms, _frequencies_sqlite(session, terms), claims)
    )
    # Each term is letters and digits only (search_terms), quoted as an FTS5 string; the
    # expression is still passed as a bound parameter.
    quoted = [f'"{t}"' for t in terms]
    if narrowing is not None:
        narrowing = _Narrowing(
            rare=[f'"{t}"' for t in narrowing.rare], common=[f'"{t}"' for t in narrowing.common]
        )
    hits: list[Hit] = []
    for match in _expressions(quoted, narrowing, " OR ", " AND "):
        rows = session.execute(_SQLITE_RANKED, {"match": match, "limit": limit})
        hits = [Hit(row.rowid, -row.rank_value, _matched(row.marked)) for row in rows]
        if len(hits) >= limit:
            break
    return hits


# BM25 as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, IDF floored at 1e-6), over the claims
# the query matches. ``ts_rank_cd`` has no IDF (a word in half the claims weighs as much as a
# name in three), which cost 8 points of MAP@5 against FTS5 on CheckThat! (docs/matching.md).
# - tf: the positions of a query lexeme in the claim's vector; the vector is cut to the query's
#   lexemes first (``setweight`` + ``ts_filter``, in C) so only those are unnested.
# - document length: the claim's distinct lexemes; the average is the matched claims'.
# - df: matched claims holding the lexeme, exact for the words of a plain OR; a narrowed query
#   (common words ANDed) passes the statistics' estimate of its common words (:claims).
# - N: the statistics' count of claims, or the matches when there are none yet.
_PG_RANKED = text(
    "WITH q AS (SELECT to_tsquery('english', :tsquery) AS query), "
    "known AS ("
    "  SELECT l.lexeme, max(k.claims) AS claims"
    "  FROM unnest(CAST(:terms AS text[]), CAST(:claims AS bigint[])) AS k(term, claims)"
    "  CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', k.term))) AS l(lexeme)"
    "  GROUP BY l.lexeme"
    "), "
    "lexemes AS (SELECT array_agg(lexeme) AS list FROM known), "
    "pool AS ("
    "  SELECT s.claim_id, CAST(length(s.search_vector) AS float8) AS dl,"
    "         ts_filter(setweight(s.search_vector, 'A', lexemes.list), '{a}') AS hits"
    "  FROM claim_search s, q, lexemes WHERE s.search_vector @@ q.query"
    "), "
    "postings AS ("
    "  SELECT pool.claim_id, pool.dl, u.lexeme, CAST(cardinality(u.positions) AS float8) AS tf"
    "  FROM pool CROSS JOIN LATERAL unnest(pool.hits) AS u"
    "), "
    "sizes AS ("
    "  SELECT CAST(greatest(CAST(:all_claims AS bigint), count(*)) AS float8) AS n,"
    "         avg(dl) AS avgdl FROM pool"
    "), "
    # Double precision throughout: numeric arithmetic made the sums the slowest step.
    "df AS ("
    "  SELECT postings.lexeme, CAST(greatest(count(*), max(known.claims)) AS float8) AS claims"
    "  FROM postings JOIN known ON known.lexeme = postings.lexeme GROUP BY postings.lexeme"
    "), "
    "weights AS ("
    "  SELECT df.lexeme,"
    "         greatest(ln((sizes.n - df.claims + 0.5) / (df.claims + 0.5)), 1e-6) AS idf"
    "  FROM df CROSS JOIN sizes"
    "), "
    "top AS ("
    "  SELECT postings.claim_id,"
    "         sum(weights.idf * postings.tf * 2.2"
    "             / (postings.tf + 1.2 * (0.25 + 0.75 * postings.dl / sizes.avgdl))) AS score"
    "  FROM postings JOIN weights ON weights.lexeme = postings.lexeme CROSS JOIN sizes"
    "  GROUP BY postings.claim_id ORDER BY score DESC, postings.claim_id LIMIT :limit"
    ") "
    "SELECT top.claim_id, top.score, ts_headline('english', s.document, q.query, "
    "'StartSel=\x02, StopSel=\x03, HighlightAll=true') AS marked "
    "FROM top JOIN claim_search s ON s.claim_id = top.claim_id, q "
    "ORDER BY top.score DESC, top.claim_id"
)


def _search_postgresql(session: Session, terms: list[str], limit: int) -> list[Hit]:
    claims, frequency = frequencies_postgresql(session, terms)
    narrowing = _narrowed(terms, frequency, claims)
    # Only the common words of a narrowed query can be in claims outside the matches.
    common = set(narrowing.common) if narrowing is not None else set()
    estimates = [frequency.get(t, 0) if t in common else 0 for t in terms]
    hits: list[Hit] = []
    for tsquery in _expressions(terms, narrowing, " | ", " & "):
        rows = session.execute(
            _PG_RANKED,
            {
                "tsquery": tsquery,
                "terms": terms,
                "claims": estimates,
                "all_claims": claims,
                "limit": limit,
            },
        )
        hits = [Hit(row.claim_id, float(row.score), _matched(row.marked)) for row in rows]
        if len(hits) >= limit:
            break
    return hits


@dataclass(frozen=True)
class SearchRow:
    """A search hit with its claim, as `claim search` lists it."""

    id: int
    score: float  # rounded to 3 decimals
    status: str
    claimant: str | None
    matched: list[str]
    text: str


def search_rows(session: Session, query: str, *, limit: int = 20) -> list[SearchRow]:
    """Search hits with their claims, as listing rows (one query for all the claims)."""
    hits = search(session, query, limit=limit)
    claims = {
        c.id: c
        for c in session.scalars(
            select(Claim)
            .options(joinedload(Claim.claimant))
            .where(Claim.id.in_([h.claim_id for h in hits]))
        )
    }
    return [
        SearchRow(
            id=hit.claim_id,
            score=round(hit.score, 3),
            status=claim.status.value,
            claimant=claim.claimant.name if claim.claimant else None,
            matched=list(hit.matched),
            text=claim.text,
        )
        for hit in hits
        if (claim := claims.get(hit.claim_id)) is not None
    ]
