-- verdicts_by_month (SQLite): published verdicts counted by month of publication (UTC) and
-- rating. See docs/reports.md.
SELECT
    strftime('%Y-%m', v.published_at) AS month,
    sc.name AS scale,
    l.label AS label,
    l.normalised AS normalised,
    v.original_rating AS original_rating,
    count(*) AS verdicts
FROM verdict AS v
JOIN rating_label AS l ON l.id = v.label_id
JOIN rating_scale AS sc ON sc.id = l.scale_id
WHERE v.state = 'published'
GROUP BY strftime('%Y-%m', v.published_at), sc.name, l.label, l.normalised, v.original_rating
