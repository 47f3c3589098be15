-- Revision 0012: 0008's fill, without retracted claims: none has a row of its own, and a
-- retracted claim's rebuttals are not counted for the claim it rebutted (see tables.postgresql.sql).
-- Revision 0008: 0006's fill, changed for imported reviews (see tables.postgresql.sql).
-- Fill the report summaries (PostgreSQL) from the tables, once, before their triggers exist.
-- Each derived row equals what the triggers compute (triggers.postgresql.sql); here each child
-- table is aggregated once and joined, which takes seconds where a lookup per claim would take
-- minutes at a million claims.

INSERT INTO report_claim (
    claim_id, claimant_id, status, verdict_id, label_id, verdict_original_rating,
    verdict_published_at, reviewer, approvers, first_source_title, first_source_url,
    first_appeared_at, appearances, evidence_supports, evidence_refutes,
    evidence_contextualizes, evidence_mentions, rebuttals
)
SELECT
    c.id,
    c.claimant_id,
    c.status,
    v.id,
    v.label_id,
    v.original_rating,
    v.published_at,
    v.author,
    va.approvers,
    fa.title,
    fa.url,
    fa.appeared_at,
    COALESCE(ap.appearances, 0),
    COALESCE(ev.supports, 0),
    COALESCE(ev.refutes, 0),
    COALESCE(ev.contextualizes, 0),
    COALESCE(ev.mentions, 0),
    COALESCE(rb.rebuttals, 0)
FROM claim AS c
-- The current verdict: the published verdict published last (the newest id on a tie).
LEFT JOIN (
    SELECT DISTINCT ON (w.claim_id)
        w.claim_id, w.id, w.label_id, w.original_rating, w.published_at, w.author
    FROM verdict AS w
    WHERE w.state = 'published'
    ORDER BY w.claim_id, w.published_at DESC NULLS LAST, w.id DESC
) AS v ON v.claim_id = c.id
-- The first appearance: the one marked first, else the earliest known (its own date, else its
-- source's publication date), else the first recorded.
LEFT JOIN (
    SELECT DISTINCT ON (a.claim_id)
        a.claim_id, s.title, s.url, COALESCE(a.appeared_at, s.published_at) AS appeared_at
    FROM appearance AS a
    JOIN source AS s ON s.id = a.source_id
    ORDER BY
        a.claim_id,
        a.is_first DESC,
        COALESCE(a.appeared_at, s.published_at) IS NULL,
        COALESCE(a.appeared_at, s.published_at),
        a.id
) AS fa ON fa.claim_id = c.id
LEFT JOIN (
    SELECT a.claim_id, count(*) AS appearances FROM appearance AS a GROUP BY a.claim_id
) AS ap ON ap.claim_id = c.id
LEFT JOIN (
    SELECT
        x.claim_id,
        count(*) FILTER (WHERE x.stance = 'supports') AS supports,
        count(*) FILTER (WHERE x.stance = 'refutes') AS refutes,
        count(*) FILTER (WHERE x.stance = 'contextualizes') AS contextualizes,
        count(*) FILTER (WHERE x.stance = 'mentions') AS mentions
    FROM evidence AS x
    GROUP BY x.claim_id
) AS ev ON ev.claim_id = c.id
LEFT JOIN (
    SELECT r.to_claim_id, count(*) AS rebuttals
    FROM claim_link AS r
    JOIN claim AS f ON f.id = r.from_claim_id
    WHERE r.link_type = 'rebuts' AND f.retracted_at IS NULL
    GROUP BY r.to_claim_id
) AS rb ON rb.to_claim_id = c.id
-- COLLATE "C" orders names by code point, as SQLite's BINARY collation does.
LEFT JOIN (
    SELECT
        a.verdict_id,
        string_agg(a.approver, ', ' ORDER BY a.approved_at, a.approver COLLATE "C") AS approvers
    FROM verdict_approval AS a
    GROUP BY a.verdict_id
) AS va ON va.verdict_id = v.id
WHERE c.retracted_at IS NULL;

INSERT INTO report_verdict (verdict_id, month, reviewer, seconds, label_id, original_rating)
SELECT
    v.id,
    COALESCE(to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM'), 'unknown'),
    v.author,
    -- Whole seconds as SQLite counts them (strftime('%s') rounds to the millisecond, then
    -- drops it), so both backends give the same days; none for a review imported from elsewhere.
    CASE WHEN v.origin = 'workflow' THEN
        CAST(floor(EXTRACT(EPOCH FROM v.published_at) * 1000 + 0.5) AS bigint) / 1000
        - CAST(floor(EXTRACT(EPOCH FROM c.created_at) * 1000 + 0.5) AS bigint) / 1000
    END,
    v.label_id,
    v.original_rating
FROM verdict AS v
JOIN claim AS c ON c.id = v.claim_id
WHERE v.state = 'published' AND c.retracted_at IS NULL;

INSERT INTO report_evidence (claim_id, publisher, source_kind, stance, label_id, evidence)
SELECT
    x.claim_id,
    COALESCE(p.name, '(none)'),
    s.kind,
    x.stance,
    COALESCE(rc.label_id, 0),
    count(*)
FROM evidence AS x
JOIN report_claim AS rc ON rc.claim_id = x.claim_id
JOIN source AS s ON s.id = x.source_id
LEFT JOIN entity AS p ON p.id = s.publisher_id
GROUP BY x.claim_id, COALESCE(p.name, '(none)'), s.kind, x.stance, COALESCE(rc.label_id, 0);

SELECT report_recount_labels();

INSERT INTO report_month_count (month, label_id, rating_key, original_rating, verdicts)
SELECT month, label_id, COALESCE('=' || original_rating, ''), original_rating, count(*)
FROM report_verdict
GROUP BY month, label_id, COALESCE('=' || original_rating, ''), original_rating;

INSERT INTO report_turnaround_count (
    month, reviewer, verdicts, total_seconds, min_seconds, max_seconds
)
SELECT month, reviewer, count(*), sum(seconds), min(seconds), max(seconds)
FROM report_verdict
WHERE seconds IS NOT NULL
GROUP BY month, reviewer;

ANALYZE report_claim;
ANALYZE report_verdict;
ANALYZE report_evidence;
ANALYZE report_claimant_count;
ANALYZE report_month_count;
ANALYZE report_turnaround_count;
ANALYZE report_evidence_count;
