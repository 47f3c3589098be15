-- evidence_sources (PostgreSQL): evidence counted by publisher, kind of source, current verdict
-- of the claim and stance. See docs/reports.md.
-- Reads report_evidence_count: the evidence and distinct claims of each group, kept by
-- triggers (migration 0006), instead of every piece of evidence.
SELECT
    t.publisher AS publisher,
    t.source_kind AS source_kind,
    t.verdict_normalised AS verdict_normalised,
    t.stance AS stance,
    t.evidence AS evidence,
    t.claims AS claims
FROM report_evidence_count AS t
