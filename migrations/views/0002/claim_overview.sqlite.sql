-- claim_overview (SQLite): one row per claim with its claimant, first appearance, review
-- status, current verdict and counts. See docs/reports.md.
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
    fs.title AS first_source_title,
    fs.url AS first_source_url,
    COALESCE(fa.appeared_at, fs.published_at) AS first_appeared_at,
    c.status AS status,
    c.assignee AS assignee,
    v.id AS verdict_id,
    l.label AS verdict_label,
    l.normalised AS verdict_normalised,
    v.original_rating AS verdict_original_rating,
    v.published_at AS verdict_published_at,
    v.author AS reviewer,
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
    ) AS approvers,
    (SELECT count(*) FROM appearance AS a WHERE a.claim_id = c.id) AS appearances,
    (
        SELECT count(*) FROM evidence AS ev WHERE ev.claim_id = c.id AND ev.stance = 'supports'
    ) AS evidence_supports,
    (
        SELECT count(*) FROM evidence AS ev WHERE ev.claim_id = c.id AND ev.stance = 'refutes'
    ) AS evidence_refutes,
    (
        SELECT count(*) FROM evidence AS ev
        WHERE ev.claim_id = c.id AND ev.stance = 'contextualizes'
    ) AS evidence_contextualizes,
    (
        SELECT count(*) FROM evidence AS ev WHERE ev.claim_id = c.id AND ev.stance = 'mentions'
    ) AS evidence_mentions,
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
-- The current verdict: the published verdict published last (the newest id on a tie).
LEFT JOIN verdict AS v ON v.id = (
    SELECT w.id
    FROM verdict AS w
    WHERE w.claim_id = c.id AND w.state = 'published'
    ORDER BY w.published_at DESC, w.id DESC
    LIMIT 1
)
LEFT JOIN rating_label AS l ON l.id = v.label_id
