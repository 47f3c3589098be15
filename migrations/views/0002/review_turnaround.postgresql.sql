-- review_turnaround (PostgreSQL): per month of publication (UTC) and reviewer, days from a
-- claim's creation to the publication of its verdict. See docs/reports.md.
SELECT
    t.month AS month,
    t.reviewer AS reviewer,
    count(*) AS verdicts,
    round(CAST(sum(t.seconds) AS numeric) / (86400 * count(*)), 2) AS avg_days,
    round(CAST(min(t.seconds) AS numeric) / 86400, 2) AS min_days,
    round(CAST(max(t.seconds) AS numeric) / 86400, 2) AS max_days
FROM (
    SELECT
        to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
        v.author AS reviewer,
        -- Whole seconds as SQLite counts them (strftime('%s') rounds to the millisecond,
        -- then drops it), so both backends give the same days.
        CAST(floor(EXTRACT(EPOCH FROM v.published_at) * 1000 + 0.5) AS bigint) / 1000
        - CAST(floor(EXTRACT(EPOCH FROM c.created_at) * 1000 + 0.5) AS bigint) / 1000
            AS seconds
    FROM verdict AS v
    JOIN claim AS c ON c.id = v.claim_id
    WHERE v.state = 'published'
) AS t
GROUP BY t.month, t.reviewer
