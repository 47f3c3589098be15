-- verdicts_by_month (SQLite): published verdicts counted by month of publication (UTC) and
-- rating. See docs/reports.md.
-- Reads report_month_count (the counts, kept by triggers, migration 0006): one row per month
-- and rating instead of every published verdict.
SELECT
    t.month AS month,
    sc.name AS scale,
    l.label AS label,
    l.normalised AS normalised,
    t.original_rating AS original_rating,
    t.verdicts AS verdicts
FROM report_month_count AS t
JOIN rating_label AS l ON l.id = t.label_id
JOIN rating_scale AS sc ON sc.id = l.scale_id
