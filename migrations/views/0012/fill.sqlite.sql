-- Revision 0012: 0008's fill, without retracted claims: none has a row of its own, and a
-- retracted claim's rebuttals are not counted for the claim it rebutted (see tables.sqlite.sql).
-- Revision 0008: 0006's fill, changed for imported reviews (see tables.sqlite.sql).
-- Fill the report summaries (SQLite) from the tables, once, before their triggers exist.
-- Each derived row is computed exactly as the triggers compute it (triggers.sqlite.sql).

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
    -- group_concat() as a window function is the one documented way to concatenate in a
    -- chosen order (a plain group_concat over an ordered subquery has no guaranteed order).
    (
        SELECT group_concat(va.approver, ', ') OVER (
            ORDER BY va.approved_at, va.approver
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        )
        FROM verdict_approval AS va
        WHERE va.verdict_id = v.id
        LIMIT 1
    ),
    fs.title,
    fs.url,
    COALESCE(fa.appeared_at, fs.published_at),
    (SELECT count(*) FROM appearance AS a WHERE a.claim_id = c.id),
    (SELECT count(*) FROM evidence AS x WHERE x.claim_id = c.id AND x.stance = 'supports'),
    (SELECT count(*) FROM evidence AS x WHERE x.claim_id = c.id AND x.stance = 'refutes'),
    (
        SELECT count(*) FROM evidence AS x
        WHERE x.claim_id = c.id AND x.stance = 'contextualizes'
    ),
    (SELECT count(*) FROM evidence AS x WHERE x.claim_id = c.id AND x.stance = 'mentions'),
    (
        SELECT count(*) FROM claim_link AS r
        JOIN claim AS f ON f.id = r.from_claim_id
        WHERE r.to_claim_id = c.id AND r.link_type = 'rebuts' AND f.retracted_at IS NULL
    )
FROM claim AS c
-- The current verdict: the published verdict published last (the newest id on a tie).
LEFT JOIN verdict AS v ON v.id = (
    SELECT w.id
    FROM verdict AS w
    WHERE w.claim_id = c.id AND w.state = 'published'
    ORDER BY w.published_at DESC NULLS LAST, w.id DESC
    LIMIT 1
)
-- The first appearance: the one marked first, else the earliest known (its own date, else its
-- source's publication date), else the first recorded.
LEFT JOIN appearance AS fa ON fa.id = (
    SELECT a.id
    FROM appearance AS a
    JOIN source AS s ON s.id = a.source_id
    WHERE a.claim_id = c.id
    ORDER BY
        a.is_first DESC,
        COALESCE(a.appeared_at, s.published_at) IS NULL,
        COALESCE(a.appeared_at, s.published_at),
        a.id
    LIMIT 1
)
LEFT JOIN source AS fs ON fs.id = fa.source_id
WHERE c.retracted_at IS NULL;

INSERT INTO report_verdict (verdict_id, month, reviewer, seconds, label_id, original_rating)
SELECT
    v.id,
    COALESCE(strftime('%Y-%m', v.published_at), 'unknown'),
    v.author,
    CASE WHEN v.origin = 'workflow' THEN
        CAST(strftime('%s', v.published_at) AS INTEGER) - CAST(strftime('%s', c.created_at) AS INTEGER)
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

-- The same statement recounts everything when a rating label changes (triggers.sqlite.sql).
INSERT INTO report_claimant_count (
    claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
    rated_false, rated_mixture, rated_other, false_or_misleading, rated
)
SELECT
    rc.claimant_id,
    count(*),
    sum(CASE WHEN rc.status = 'new' THEN 1 ELSE 0 END),
    sum(CASE WHEN rc.status = 'in_review' THEN 1 ELSE 0 END),
    sum(CASE WHEN rc.status = 'pending_approval' THEN 1 ELSE 0 END),
    sum(CASE WHEN rc.status = 'published' THEN 1 ELSE 0 END),
    sum(CASE WHEN rc.status = 'dismissed' THEN 1 ELSE 0 END),
    sum(CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END),
    sum(CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END),
    sum(CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END),
    sum(CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END),
    sum(CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END),
    count(rc.label_id)
FROM report_claim AS rc
LEFT JOIN rating_label AS l ON l.id = rc.label_id
WHERE rc.claimant_id IS NOT NULL
GROUP BY rc.claimant_id;

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

-- One report_evidence row per claim in a group: count(*) counts distinct claims.
INSERT INTO report_evidence_count (
    publisher, source_kind, verdict_normalised, stance, evidence, claims
)
SELECT
    x.publisher,
    x.source_kind,
    COALESCE(l.normalised, '(none)'),
    x.stance,
    sum(x.evidence),
    count(*)
FROM report_evidence AS x
LEFT JOIN rating_label AS l ON l.id = x.label_id
GROUP BY x.publisher, x.source_kind, COALESCE(l.normalised, '(none)'), x.stance;
