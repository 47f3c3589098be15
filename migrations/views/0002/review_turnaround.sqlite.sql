-- review_turnaround (SQLite): per month of publication (UTC) and reviewer, days from a claim's
-- creation to the publication of its verdict. See docs/reports.md.
SELECT
    t.month AS month,
    t.reviewer AS reviewer,
    count(*) AS verdicts,
    -- Days rounded to 2 places, half away from zero, in integer arithmetic: exact, so the
    -- results equal PostgreSQL's round(numeric, 2) on ties too, whatever SQLite's
    -- floating-point round() does with them in a given version.
    CASE WHEN sum(t.seconds) < 0 THEN -1 ELSE 1 END
        * ((200 * abs(sum(t.seconds)) + 86400 * count(*)) / (172800 * count(*)))
        / 100.0 AS avg_days,
    CASE WHEN min(t.seconds) < 0 THEN -1 ELSE 1 END
        * ((200 * abs(min(t.seconds)) + 86400) / 172800)
        / 100.0 AS min_days,
    CASE WHEN max(t.seconds) < 0 THEN -1 ELSE 1 END
        * ((200 * abs(max(t.seconds)) + 86400) / 172800)
        / 100.0 AS max_days
FROM (
    SELECT
        strftime('%Y-%m', v.published_at) AS month,
        v.author AS reviewer,
        CAST(strftime('%s', v.published_at) AS INTEGER)
        - CAST(strftime('%s', c.created_at) AS INTEGER) AS seconds
    FROM verdict AS v
    JOIN claim AS c ON c.id = v.claim_id
    WHERE v.state = 'published'
) AS t
GROUP BY t.month, t.reviewer
