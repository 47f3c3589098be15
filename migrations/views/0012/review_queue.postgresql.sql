-- review_queue (PostgreSQL): the open claims (new, in review, pending approval).
-- See docs/reports.md.
-- Revision 0012: a retracted claim is left out (the index is still read in queue order).
SELECT
    c.id AS claim_id,
    c.text AS text,
    e.name AS claimant,
    c.status AS status,
    c.assignee AS assignee,
    c.created_at AS created_at,
    -- Whole days between created_at and the current time, counted in whole seconds as
    -- SQLite counts them (strftime('%s') rounds to the millisecond, then drops it).
    CAST(
        (
            CAST(floor(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 + 0.5) AS bigint) / 1000
            - CAST(floor(EXTRACT(EPOCH FROM c.created_at) * 1000 + 0.5) AS bigint) / 1000
        ) / 86400
        AS integer
    ) AS age_days,
    le.occurred_at AS last_event_at,
    le.action AS last_event_action,
    pl.label AS proposed_verdict_label
FROM claim AS c
LEFT JOIN entity AS e ON e.id = c.claimant_id
-- LATERAL lookups run once per open claim through the indexes on (claim_id, id) and
-- (claim_id, state); joining on a max() subquery made PostgreSQL hash the whole verdict table.
LEFT JOIN LATERAL (
    SELECT x.occurred_at, x.action
    FROM event AS x
    WHERE x.claim_id = c.id
    ORDER BY x.id DESC
    LIMIT 1
) AS le ON true
LEFT JOIN LATERAL (
    SELECT w.label_id
    FROM verdict AS w
    WHERE w.claim_id = c.id AND w.state = 'proposed'
    ORDER BY w.id DESC
    LIMIT 1
) AS pv ON true
LEFT JOIN rating_label AS pl ON pl.id = pv.label_id
WHERE c.status IN ('new', 'in_review', 'pending_approval') AND c.retracted_at IS NULL
