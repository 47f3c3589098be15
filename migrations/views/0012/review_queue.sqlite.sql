-- review_queue (SQLite): the open claims (new, in review, pending approval). See docs/reports.md.
-- Revision 0012: a retracted claim is left out (the index is still read in queue order).
-- INDEXED BY: the partial index of migration 0004 holds only open claims, in queue order, so
-- the queue is read in order without sorting; without statistics SQLite would pick the
-- (status, created_at) index and sort 100,000 rows (3 times slower at a million claims). Its
-- WHERE text is the index's, word for word, which SQLite requires to use a partial index.
SELECT
    c.id AS claim_id,
    c.text AS text,
    e.name AS claimant,
    c.status AS status,
    c.assignee AS assignee,
    c.created_at AS created_at,
    -- Whole days between created_at and the current time, counted in whole seconds as
    -- PostgreSQL's copy of this view counts them.
    (
        CAST(strftime('%s', CURRENT_TIMESTAMP) AS INTEGER)
        - CAST(strftime('%s', c.created_at) AS INTEGER)
    ) / 86400 AS age_days,
    le.occurred_at AS last_event_at,
    le.action AS last_event_action,
    pl.label AS proposed_verdict_label
FROM claim AS c INDEXED BY ix_claim_open_by_age
LEFT JOIN entity AS e ON e.id = c.claimant_id
LEFT JOIN event AS le ON le.id = (SELECT max(x.id) FROM event AS x WHERE x.claim_id = c.id)
LEFT JOIN verdict AS pv ON pv.id = (
    SELECT max(w.id) FROM verdict AS w WHERE w.claim_id = c.id AND w.state = 'proposed'
)
LEFT JOIN rating_label AS pl ON pl.id = pv.label_id
WHERE c.status IN ('new', 'in_review', 'pending_approval') AND c.retracted_at IS NULL
