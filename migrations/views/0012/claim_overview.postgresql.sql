-- claim_overview (PostgreSQL): one row per claim with its claimant, first appearance, review
-- status, current verdict and counts. See docs/reports.md.
-- Revision 0012: a retracted claim is left out (it has no report_claim row either).
-- Revision 0008: the current verdict's date precision and origin, and for a review imported from
-- another fact-checker its publisher and page (verdict_publisher, verdict_review_url, _title).
-- Everything but the claim's own columns, its claimant and its verdict's label comes from
-- report_claim (one row per claim, kept by triggers, migration 0006): a row costs a lookup or
-- two instead of ten correlated subqueries and lookups in five tables.
SELECT
    c.id AS claim_id,
    c.public_id AS public_id,
    c.text AS text,
    c.language AS language,
    c.kind AS kind,
    c.claimant_id AS claimant_id,
    e.name AS claimant,
    e.role AS claimant_role,
    c.claimed_at AS claimed_at,
    c.claimed_precision AS claimed_precision,
    rc.first_source_title AS first_source_title,
    rc.first_source_url AS first_source_url,
    rc.first_appeared_at AS first_appeared_at,
    c.status AS status,
    c.assignee AS assignee,
    rc.verdict_id AS verdict_id,
    l.label AS verdict_label,
    l.normalised AS verdict_normalised,
    rc.verdict_original_rating AS verdict_original_rating,
    rc.verdict_published_at AS verdict_published_at,
    v.published_precision AS verdict_published_precision,
    v.origin AS verdict_origin,
    vp.name AS verdict_publisher,
    vs.url AS verdict_review_url,
    vs.title AS verdict_review_title,
    rc.reviewer AS reviewer,
    rc.approvers AS approvers,
    rc.appearances AS appearances,
    rc.evidence_supports AS evidence_supports,
    rc.evidence_refutes AS evidence_refutes,
    rc.evidence_contextualizes AS evidence_contextualizes,
    rc.evidence_mentions AS evidence_mentions,
    rc.rebuttals AS rebuttals,
    c.created_at AS created_at,
    c.updated_at AS updated_at
FROM claim AS c
JOIN report_claim AS rc ON rc.claim_id = c.id
LEFT JOIN entity AS e ON e.id = c.claimant_id
LEFT JOIN rating_label AS l ON l.id = rc.label_id
LEFT JOIN verdict AS v ON v.id = rc.verdict_id
LEFT JOIN entity AS vp ON vp.id = v.publisher_id
LEFT JOIN source AS vs ON vs.id = v.review_source_id
WHERE c.retracted_at IS NULL
