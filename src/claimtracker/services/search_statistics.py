"""How many claims there are and how many hold each word, for the narrowing and the BM25
ranking of ``services/search.py`` on PostgreSQL: from the planner's statistics, or counted when
a table has none (a new database, never analysed).

SQLite's counts are read from the FTS5 index itself (``search._frequencies_sqlite``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Up to this many claims, ranking all the matches of any query stays around 0.1 s, and a
# query is never narrowed: the matcher keeps the ranking it was tuned with (narrowing the
# 10,375 claims of CheckThat! 2020 cost up to 2.7 points of MAP@5 on dev).
SMALL_DATABASE = 20_000
# A word in fewer claims than this is rare: ranking costs about 5 µs a matching claim on
# either backend at 1M claims (docs/performance.md; 60 µs on PostgreSQL with ts_rank_cd,
# before BM25), so 2,000 claims are a few milliseconds. Counts stop there.
RARE_CAP = 2_000


_PG_STATS = text(
    "WITH stats AS ("
    "  SELECT unnest(most_common_elems::text::text[]) AS lexeme,"
    "         unnest(most_common_elem_freqs) AS share"
    "  FROM pg_stats"
    "  WHERE schemaname = current_schema() AND tablename = 'claim_search'"
    "    AND attname = 'search_vector'"
    "), listed AS (SELECT * FROM stats WHERE lexeme IS NOT NULL), "
    "total AS ("
    "  SELECT greatest(c.reltuples, 0) AS claims, (SELECT min(share) FROM listed) AS least,"
    "         c.reltuples > 0 AS sized"
    "  FROM pg_class c WHERE c.oid = to_regclass('claim_search')"
    "), "
    # Each word's lexemes once, joined to the listed ones by equality: matching them with
    # ANY() recomputed to_tsvector for every (word, listed lexeme) pair, 30 words x 1,000
    # lexemes (duplicate check at 1M claims, `python -m benchmarks --runs 30 capture`:
    # 51.4 ms median before, 38.0 ms after).
    "terms AS ("
    "  SELECT t.term, tsvector_to_array(to_tsvector('english', t.term)) AS lexemes"
    "  FROM unnest(CAST(:terms AS text[])) AS t(term)"
    ") "
    "SELECT terms.term, max(cardinality(terms.lexemes)) AS lexemes,"
    "       max(listed.share) * max(total.claims) AS claims,"
    "       max(total.least) * max(total.claims) AS at_most, max(total.claims) AS all_claims,"
    "       bool_and(total.sized) AS sized "
    "FROM terms CROSS JOIN total "
    "LEFT JOIN LATERAL unnest(terms.lexemes) AS l(lexeme) ON true "
    "LEFT JOIN listed ON listed.lexeme = l.lexeme "
    "GROUP BY terms.term"
)


def frequencies_postgresql(session: Session, terms: list[str]) -> tuple[int, dict[str, int]]:
    """About how many claims there are, and how many hold each word, as the planner's
    statistics estimate them.

    ``ANALYZE`` keeps the most common lexemes of ``search_vector`` and their share of rows; a
    word outside that list is in fewer claims than the least common of them (about 0.2% of
    a million claims), so it counts as rare. Counting through the index instead would read
    the whole posting list of a common word (24 ms for ``vaccine`` at 1M). A word the
    English configuration drops (a stop word) matches nothing. A table that was never
    analysed (nor vacuumed, nor indexed) with claims in it has no size (``reltuples`` -1, or 0
    if it was analysed while empty): its claims are counted instead
    (:func:`_counted_postgresql`). With a size and no list (indexed, not yet analysed), every
    word counts as rare and nothing is narrowed.
    """
    found: dict[str, int] = {}
    claims = 0
    rows = session.execute(_PG_STATS, {"terms": terms}).all()
    if rows and not rows[0].sized:
        return _counted_postgresql(session, terms)
    for row in rows:
        claims = int(row.all_claims or 0)
        if not row.lexemes:
            found[row.term] = 0
        elif row.claims is not None:
            found[row.term] = max(1, int(row.claims))
        else:
            # Below the least common listed word: rare, whatever that bound is.
            found[row.term] = max(1, min(int(row.at_most or 0), RARE_CAP - 1))
    return claims, found


def _counted_postgresql(session: Session, terms: list[str]) -> tuple[int, dict[str, int]]:
    """:func:`frequencies_postgresql` counted, for a table without statistics: the claims up
    to :data:`COUNT_CAP`, and, when there are more than :data:`SMALL_DATABASE` of them (so
    the query may be narrowed), the claims of each word up to :data:`RARE_CAP`.

    Without this, BM25 took N from the matches alone and every word of a one-word search
    weighed nothing (its IDF floored at 1e-6). Counting is exact on a new or small database;
    a never-analysed table larger than the cap is rare (autovacuum analyses a table that
    grew; migration 0010 analyses it) and ranks with N at the cap.
    """
    claims = int(session.scalar(_PG_COUNT_CLAIMS, {"cap": COUNT_CAP}) or 0)
    found: dict[str, int] = {}
    for term in terms:
        if claims <= SMALL_DATABASE:
            found[term] = 1  # not narrowed: the ranking counts the matches exactly
        else:
            found[term] = int(session.scalar(_PG_COUNT_WORD, {"term": term, "cap": RARE_CAP}) or 0)
    return claims, found


# Counting 20,000 search documents takes about 17 ms, 200,000 about 250 ms (docs/performance.md):
# beyond this, a table without statistics ranks with N at the cap until autovacuum analyses it.
COUNT_CAP = 50_000
_PG_COUNT_CLAIMS = text("SELECT count(*) FROM (SELECT 1 FROM claim_search LIMIT :cap) AS c")
_PG_COUNT_WORD = text(
    "SELECT count(*) FROM (SELECT 1 FROM claim_search "
    "WHERE search_vector @@ plainto_tsquery('english', :term) LIMIT :cap) AS c"
)
