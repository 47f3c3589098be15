-- rebuttal_map (SQLite and PostgreSQL, the same text): the claims that rebut, support or
-- contextualize each claim, one row per source the responding claim appears in. See docs/reports.md.
-- Revision 0012: links from or to a retracted claim are left out.
-- The responding claim's current verdict comes from report_claim (kept by triggers, migration
-- 0006): a primary-key lookup instead of a sorted subquery per row.
-- The ids come from the link and the appearance themselves (migration 0007): the report's
-- order (claim, link type, responding claim, source) is then the order of the index
-- ix_claim_link_to_claim_id_link_type_from_claim_id followed by the appearance's unique key,
-- so the first rows come without sorting every link.
SELECT
    k.to_claim_id AS claim_id,
    t.text AS claim_text,
    te.name AS claimant,
    k.link_type AS link_type,
    k.from_claim_id AS responding_claim_id,
    r.text AS responding_text,
    re.name AS responding_claimant,
    r.status AS responding_status,
    rl.label AS responding_verdict_label,
    a.source_id AS appears_in_source_id,
    s.title AS appears_in_title,
    s.url AS appears_in_url,
    s.kind AS appears_in_kind
FROM claim_link AS k
JOIN claim AS t ON t.id = k.to_claim_id
JOIN claim AS r ON r.id = k.from_claim_id
LEFT JOIN entity AS te ON te.id = t.claimant_id
LEFT JOIN entity AS re ON re.id = r.claimant_id
LEFT JOIN report_claim AS rr ON rr.claim_id = r.id
LEFT JOIN rating_label AS rl ON rl.id = rr.label_id
LEFT JOIN appearance AS a ON a.claim_id = r.id
LEFT JOIN source AS s ON s.id = a.source_id
WHERE k.link_type IN ('rebuts', 'supports', 'contextualizes')
    AND t.retracted_at IS NULL
    AND r.retracted_at IS NULL
