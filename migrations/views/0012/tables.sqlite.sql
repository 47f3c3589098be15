-- Revision 0012: the tables of 0008, unchanged; what changes is who is in them. A retracted
-- claim (claim.retracted_at set, `claim retract`) has no row in report_claim, report_evidence or
-- report_verdict, so the counts leave it by their deltas; restoring it computes its rows again.
-- Revision 0008: the summaries of 0006, changed for imported reviews (docs/reports.md):
-- a verdict imported without a date counts in the month 'unknown'; imported verdicts are not
-- reviewed here, so they have no capture-to-publication seconds and stay out of the review
-- turnaround; the current verdict is the newest dated one, an undated one only when no dated
-- one exists.
-- Report summaries (SQLite): tables derived from the claims, verdicts and evidence, kept up to
-- date by the triggers of triggers.sqlite.sql, so that the reporting views read a few rows per
-- claim, per group or per month instead of aggregating a million claims on every query.
-- Nothing but those triggers writes here; the migration fills them once (fill.sqlite.sql).
-- report_evidence keeps 0 in label_id for a claim without a current verdict, so that the
-- label can take part in sums and comparisons without NULL cases.

-- One row per claim: what claim_overview shows beyond the claim's own columns (its current
-- verdict, the source of its first appearance, counts, approvers), so that a row of the view
-- costs a lookup here instead of ten subqueries and lookups in five tables.
CREATE TABLE report_claim (
    claim_id INTEGER PRIMARY KEY,
    claimant_id INTEGER,
    status VARCHAR(16) NOT NULL,
    verdict_id INTEGER,
    label_id INTEGER,
    verdict_original_rating VARCHAR(200),
    verdict_published_at DATETIME,
    reviewer VARCHAR(100),
    approvers TEXT,
    first_source_title TEXT,
    first_source_url VARCHAR(2048),
    first_appeared_at DATETIME,
    appearances INTEGER NOT NULL,
    evidence_supports INTEGER NOT NULL,
    evidence_refutes INTEGER NOT NULL,
    evidence_contextualizes INTEGER NOT NULL,
    evidence_mentions INTEGER NOT NULL,
    rebuttals INTEGER NOT NULL
);

-- One row per published verdict: its month ('unknown' when the publisher gave no date), reviewer,
-- capture-to-publication seconds (NULL for a review imported from elsewhere), rating.
CREATE TABLE report_verdict (
    verdict_id INTEGER PRIMARY KEY,
    month VARCHAR(7) NOT NULL,
    reviewer VARCHAR(100) NOT NULL,
    seconds INTEGER,
    label_id INTEGER NOT NULL,
    original_rating VARCHAR(200)
);
-- min(seconds) and max(seconds) of one month and reviewer, in one index seek each.
CREATE INDEX ix_report_verdict_turnaround ON report_verdict (month, reviewer, seconds);

-- One row per claim and (publisher, source kind, stance) among its evidence.
CREATE TABLE report_evidence (
    claim_id INTEGER NOT NULL,
    publisher VARCHAR(300) NOT NULL,
    source_kind VARCHAR(18) NOT NULL,
    stance VARCHAR(14) NOT NULL,
    label_id INTEGER NOT NULL,
    evidence INTEGER NOT NULL,
    PRIMARY KEY (claim_id, publisher, source_kind, stance)
);

-- claimant_record: one row per claimant, its claims counted by status and by the normalised
-- value of their current verdicts (labels are mapped when counted; a change to a label
-- recounts everything, see triggers.sqlite.sql).
CREATE TABLE report_claimant_count (
    claimant_id INTEGER PRIMARY KEY,
    claims INTEGER NOT NULL,
    new INTEGER NOT NULL,
    in_review INTEGER NOT NULL,
    pending_approval INTEGER NOT NULL,
    published INTEGER NOT NULL,
    dismissed INTEGER NOT NULL,
    rated_true INTEGER NOT NULL,
    rated_false INTEGER NOT NULL,
    rated_mixture INTEGER NOT NULL,
    rated_other INTEGER NOT NULL,
    false_or_misleading INTEGER NOT NULL,
    rated INTEGER NOT NULL
);

-- verdicts_by_month: published verdicts per month, label and original rating. rating_key
-- tells a NULL original rating ('') from any text ('=' || text) inside the primary key.
CREATE TABLE report_month_count (
    month VARCHAR(7) NOT NULL,
    label_id INTEGER NOT NULL,
    rating_key VARCHAR(201) NOT NULL,
    original_rating VARCHAR(200),
    verdicts INTEGER NOT NULL,
    PRIMARY KEY (month, label_id, rating_key)
);

-- review_turnaround: published verdicts per month and reviewer, with their seconds.
CREATE TABLE report_turnaround_count (
    month VARCHAR(7) NOT NULL,
    reviewer VARCHAR(100) NOT NULL,
    verdicts INTEGER NOT NULL,
    total_seconds INTEGER NOT NULL,
    min_seconds INTEGER NOT NULL,
    max_seconds INTEGER NOT NULL,
    PRIMARY KEY (month, reviewer)
);

-- evidence_sources: evidence and distinct claims per publisher, source kind, normalised
-- current verdict ('(none)' without one) and stance.
CREATE TABLE report_evidence_count (
    publisher VARCHAR(300) NOT NULL,
    source_kind VARCHAR(18) NOT NULL,
    verdict_normalised VARCHAR(7) NOT NULL,
    stance VARCHAR(14) NOT NULL,
    evidence INTEGER NOT NULL,
    claims INTEGER NOT NULL,
    PRIMARY KEY (publisher, source_kind, verdict_normalised, stance)
);

-- Work queues: a row inserted here makes a trigger recompute one part of a claim's derived
-- rows (part: 'verdict', 'approvers', 'appearances', 'evidence' or 'rebuttals'), or one
-- verdict's, then the row is deleted again. SQLite has no stored procedures; this keeps each
-- recomputation written once however many triggers ask for it.
CREATE TABLE report_refresh_claim (claim_id INTEGER NOT NULL, part VARCHAR(11) NOT NULL);
CREATE TABLE report_refresh_verdict (verdict_id INTEGER NOT NULL);
