-- claimant_record (SQLite): per claimant, claims by review status and by current verdict.
-- See docs/reports.md.
-- Reads report_claimant_count: one row per claimant with its claims already counted by
-- status and by current verdict (kept by triggers, migration 0006), instead of every claim.
-- `rated` there is the claims with a current (published) verdict: the base of the share. A
-- claim reopened for a correction keeps its verdict, and counts there, while back in review.
SELECT
    t.claimant_id AS claimant_id,
    e.name AS claimant,
    e.kind AS kind,
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
    -- Rounded half up in integer arithmetic: exact, so it equals PostgreSQL's round() on ties.
    CASE
        WHEN t.rated = 0 THEN NULL
        ELSE ((2000 * t.false_or_misleading + t.rated) / (2 * t.rated)) / 1000.0
    END AS share_false_or_misleading
FROM report_claimant_count AS t
JOIN entity AS e ON e.id = t.claimant_id
