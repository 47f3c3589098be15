-- claim_overview (PostgreSQL): one row per claim with its claimant, first appearance, review
-- status, current verdict and counts. See docs/reports.md.
-- LATERAL subqueries run once per claim and bring several columns each; a row filter on the
-- view (claim_id, claimant_id, status…) reaches them, so one claim costs a few index lookups.
SELECT
    c.id AS claim_id,
    c.public_id AS public_id,
    c.text AS text,
    c.language AS language,
    c.kind AS kind,
    c.claimant_id AS claimant_id,
    e.name AS claimant,
    e.role AS claimant_role,
    c.claimed_at AS claimed_at,
    c.claimed_precision AS claimed_precision,
    fa.title AS first_source_title,
    fa.url AS first_source_url,
    fa.appeared_at AS first_appeared_at,
    c.status AS status,
    c.assignee AS assignee,
    v.id AS verdict_id,
    l.label AS verdict_label,
    l.normalised AS verdict_normalised,
    v.original_rating AS verdict_original_rating,
    v.published_at AS verdict_published_at,
    v.author AS reviewer,
    -- COLLATE "C" orders names by code point, as SQLite's BINARY collation does.
    (
        SELECT string_agg(va.approver, ', ' ORDER BY va.approved_at, va.approver COLLATE "C")
        FROM verdict_approval AS va
        WHERE va.verdict_id = v.id
    ) AS approvers,
    (SELECT count(*) FROM appearance AS a WHERE a.claim_id = c.id) AS appearances,
    ev.supports AS evidence_supports,
    ev.refutes AS evidence_refutes,
    ev.contextualizes AS evidence_contextualizes,
    ev.mentions AS evidence_mentions,
    (
        SELECT count(*) FROM claim_link AS r
        WHERE r.to_claim_id = c.id AND r.link_type = 'rebuts'
    ) AS rebuttals,
    c.created_at AS created_at,
    c.updated_at AS updated_at
FROM claim AS c
LEFT JOIN entity AS e ON e.id = c.claimant_id
-- The first appearance: the one marked first, else the earliest known (its own date, else its
-- source's publication date), else the first recorded.
LEFT JOIN LATERAL (
    SELECT s.title, s.url, COALESCE(a.appeared_at, s.published_at) AS appeared_at
    FROM appearance AS a
    JOIN source AS s ON s.id = a.source_id
    WHERE a.claim_id = c.id
    ORDER BY
        a.is_first DESC,
        COALESCE(a.appeared_at, s.published_at) IS NULL,
        COALESCE(a.appeared_at, s.published_at),
        a.id
    LIMIT 1
) AS fa ON true
-- The current verdict: the published verdict published last (the newest id on a tie).
LEFT JOIN LATERAL (
    SELECT w.id, w.label_id, w.original_rating, w.published_at, w.author
    FROM verdict AS w
    WHERE w.claim_id = c.id AND w.state = 'published'
    ORDER BY w.published_at DESC, w.id DESC
    LIMIT 1
) AS v ON true
LEFT JOIN rating_label AS l ON l.id = v.label_id
-- Evidence counted by stance in one pass (an aggregate always gives one row, 0 when none).
CROSS JOIN LATERAL (
    SELECT
        count(*) FILTER (WHERE x.stance = 'supports') AS supports,
        count(*) FILTER (WHERE x.stance = 'refutes') AS refutes,
        count(*) FILTER (WHERE x.stance = 'contextualizes') AS contextualizes,
        count(*) FILTER (WHERE x.stance = 'mentions') AS mentions
    FROM evidence AS x
    WHERE x.claim_id = c.id
) AS ev
