-- review_turnaround (SQLite): per month of publication (UTC) and reviewer, days from a claim's
-- creation to the publication of its verdict. See docs/reports.md.
-- Reads report_turnaround_count (count, sum, minimum and maximum of the seconds of each month
-- and reviewer, kept by triggers, migration 0006) instead of every published verdict.
SELECT
    t.month AS month,
    t.reviewer AS reviewer,
    t.verdicts AS verdicts,
    -- Days rounded to 2 places, half away from zero, in integer arithmetic: exact, so the
    -- results equal PostgreSQL's round(numeric, 2) on ties too, whatever SQLite's
    -- floating-point round() does with them in a given version.
    CASE WHEN t.total_seconds < 0 THEN -1 ELSE 1 END
        * ((200 * abs(t.total_seconds) + 86400 * t.verdicts) / (172800 * t.verdicts))
        / 100.0 AS avg_days,
    CASE WHEN t.min_seconds < 0 THEN -1 ELSE 1 END
        * ((200 * abs(t.min_seconds) + 86400) / 172800)
        / 100.0 AS min_days,
    CASE WHEN t.max_seconds < 0 THEN -1 ELSE 1 END
        * ((200 * abs(t.max_seconds) + 86400) / 172800)
        / 100.0 AS max_days
FROM report_turnaround_count AS t
