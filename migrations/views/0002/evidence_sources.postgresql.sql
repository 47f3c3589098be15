-- evidence_sources (PostgreSQL): evidence counted by publisher, kind of source, current verdict
-- of the claim and stance. See docs/reports.md.
SELECT
    COALESCE(p.name, '(none)') AS publisher,
    s.kind AS source_kind,
    COALESCE(l.normalised, '(none)') AS verdict_normalised,
    ev.stance AS stance,
    count(*) AS evidence,
    count(DISTINCT ev.claim_id) AS claims
FROM evidence AS ev
JOIN source AS s ON s.id = ev.source_id
LEFT JOIN entity AS p ON p.id = s.publisher_id
-- The claim's current verdict: its published verdict published last.
LEFT JOIN verdict AS v ON v.id = (
    SELECT w.id
    FROM verdict AS w
    WHERE w.claim_id = ev.claim_id AND w.state = 'published'
    ORDER BY w.published_at DESC, w.id DESC
    LIMIT 1
)
LEFT JOIN rating_label AS l ON l.id = v.label_id
GROUP BY COALESCE(p.name, '(none)'), s.kind, COALESCE(l.normalised, '(none)'), ev.stance
