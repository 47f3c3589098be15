-- claimant_record (PostgreSQL): per claimant, claims by review status and by current verdict.
-- See docs/reports.md.
SELECT
    t.claimant_id AS claimant_id,
    t.claimant AS claimant,
    t.kind AS kind,
    t.claims AS claims,
    t.new AS new,
    t.in_review AS in_review,
    t.pending_approval AS pending_approval,
    t.published AS published,
    t.dismissed AS dismissed,
    t.rated_true AS rated_true,
    t.rated_false AS rated_false,
    t.rated_mixture AS rated_mixture,
    t.rated_other AS rated_other,
    t.false_or_misleading AS false_or_misleading,
    CASE
        WHEN t.rated = 0 THEN NULL
        ELSE round(CAST(t.false_or_misleading AS numeric) / t.rated, 3)
    END AS share_false_or_misleading
FROM (
    SELECT
        e.id AS claimant_id,
        e.name AS claimant,
        e.kind AS kind,
        count(*) AS claims,
        sum(CASE WHEN c.status = 'new' THEN 1 ELSE 0 END) AS new,
        sum(CASE WHEN c.status = 'in_review' THEN 1 ELSE 0 END) AS in_review,
        sum(CASE WHEN c.status = 'pending_approval' THEN 1 ELSE 0 END) AS pending_approval,
        sum(CASE WHEN c.status = 'published' THEN 1 ELSE 0 END) AS published,
        sum(CASE WHEN c.status = 'dismissed' THEN 1 ELSE 0 END) AS dismissed,
        sum(CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END) AS rated_true,
        sum(CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END) AS rated_false,
        sum(CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END) AS rated_mixture,
        sum(CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END) AS rated_other,
        sum(
            CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END
        ) AS false_or_misleading,
        -- Claims with a current (published) verdict: the base of the share. A claim reopened
        -- for a correction keeps its verdict, and counts here, while it is back in review.
        count(v.id) AS rated
    FROM claim AS c
    JOIN entity AS e ON e.id = c.claimant_id
    -- The current verdict: the published verdict published last (the newest id on a tie).
    LEFT JOIN verdict AS v ON v.id = (
        SELECT w.id
        FROM verdict AS w
        WHERE w.claim_id = c.id AND w.state = 'published'
        ORDER BY w.published_at DESC, w.id DESC
        LIMIT 1
    )
    LEFT JOIN rating_label AS l ON l.id = v.label_id
    GROUP BY e.id, e.name, e.kind
) AS t
