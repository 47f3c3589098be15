-- review_turnaround (PostgreSQL): per month of publication (UTC) and reviewer, days from a claim's
-- creation to the publication of its verdict. See docs/reports.md.
-- Reads report_turnaround_count (count, sum, minimum and maximum of the seconds of each month
-- and reviewer, kept by triggers, migration 0006) instead of every published verdict.
SELECT
    t.month AS month,
    t.reviewer AS reviewer,
    t.verdicts AS verdicts,
    round(CAST(t.total_seconds AS numeric) / (86400 * t.verdicts), 2) AS avg_days,
    round(CAST(t.min_seconds AS numeric) / 86400, 2) AS min_days,
    round(CAST(t.max_seconds AS numeric) / 86400, 2) AS max_days
FROM report_turnaround_count AS t
