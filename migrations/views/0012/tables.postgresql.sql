-- Revision 0012: the tables of 0008, unchanged; what changes is who is in them. A retracted
-- claim (claim.retracted_at set, `claim retract`) has no row in report_claim, report_evidence or
-- report_verdict, so the counts leave it by their deltas; restoring it computes its rows again.
-- Revision 0008: the summaries of 0006, changed for imported reviews (docs/reports.md):
-- a verdict imported without a date counts in the month 'unknown'; imported verdicts are not
-- reviewed here, so they have no capture-to-publication seconds and stay out of the review
-- turnaround; the current verdict is the newest dated one, an undated one only when no dated
-- one exists.
-- Report summaries (PostgreSQL): tables derived from the claims, verdicts and evidence, kept
-- up to date by the triggers of triggers.postgresql.sql, so that the reporting views read a
-- few rows per claim, per group or per month instead of aggregating a million claims on every
-- query. Nothing but those triggers writes here; the migration fills them once
-- (fill.postgresql.sql). Counts are bigint, the type of count() that the views gave before.
-- report_evidence keeps 0 in label_id for a claim without a current verdict, so that the
-- label can take part in sums and comparisons without NULL cases.

-- One row per claim: what claim_overview shows beyond the claim's own columns (its current
-- verdict, the source of its first appearance, counts, approvers), so that a row of the view
-- costs a lookup here instead of ten subqueries and lookups in five tables.
CREATE TABLE report_claim (
    claim_id integer PRIMARY KEY,
    claimant_id integer,
    status varchar(16) NOT NULL,
    verdict_id integer,
    label_id integer,
    verdict_original_rating varchar(200),
    verdict_published_at timestamp with time zone,
    reviewer varchar(100),
    approvers text,
    first_source_title text,
    first_source_url varchar(2048),
    first_appeared_at timestamp with time zone,
    appearances bigint NOT NULL,
    evidence_supports bigint NOT NULL,
    evidence_refutes bigint NOT NULL,
    evidence_contextualizes bigint NOT NULL,
    evidence_mentions bigint NOT NULL,
    rebuttals bigint NOT NULL
);

-- One row per published verdict: its month ('unknown' when the publisher gave no date), reviewer,
-- capture-to-publication seconds (NULL for a review imported from elsewhere), rating.
CREATE TABLE report_verdict (
    verdict_id integer PRIMARY KEY,
    month text NOT NULL,
    reviewer varchar(100) NOT NULL,
    seconds bigint,
    label_id integer NOT NULL,
    original_rating varchar(200)
);
-- min(seconds) and max(seconds) of one month and reviewer, in one index seek each.
CREATE INDEX ix_report_verdict_turnaround ON report_verdict (month, reviewer, seconds);

-- One row per claim and (publisher, source kind, stance) among its evidence.
CREATE TABLE report_evidence (
    claim_id integer NOT NULL,
    publisher varchar(300) NOT NULL,
    source_kind varchar(18) NOT NULL,
    stance varchar(14) NOT NULL,
    label_id integer NOT NULL,
    evidence integer NOT NULL,
    PRIMARY KEY (claim_id, publisher, source_kind, stance)
);

-- claimant_record: one row per claimant, its claims counted by status and by the normalised
-- value of their current verdicts (labels are mapped when counted; a change to a label
-- recounts everything, see triggers.postgresql.sql).
CREATE TABLE report_claimant_count (
    claimant_id integer PRIMARY KEY,
    claims bigint NOT NULL,
    new bigint NOT NULL,
    in_review bigint NOT NULL,
    pending_approval bigint NOT NULL,
    published bigint NOT NULL,
    dismissed bigint NOT NULL,
    rated_true bigint NOT NULL,
    rated_false bigint NOT NULL,
    rated_mixture bigint NOT NULL,
    rated_other bigint NOT NULL,
    false_or_misleading bigint NOT NULL,
    rated bigint NOT NULL
);

-- verdicts_by_month: published verdicts per month, label and original rating. rating_key
-- tells a NULL original rating ('') from any text ('=' || text) inside the primary key.
CREATE TABLE report_month_count (
    month text NOT NULL,
    label_id integer NOT NULL,
    rating_key varchar(201) NOT NULL,
    original_rating varchar(200),
    verdicts bigint NOT NULL,
    PRIMARY KEY (month, label_id, rating_key)
);

-- review_turnaround: published verdicts per month and reviewer, with their seconds.
CREATE TABLE report_turnaround_count (
    month text NOT NULL,
    reviewer varchar(100) NOT NULL,
    verdicts bigint NOT NULL,
    total_seconds bigint NOT NULL,
    min_seconds bigint NOT NULL,
    max_seconds bigint NOT NULL,
    PRIMARY KEY (month, reviewer)
);

-- evidence_sources: evidence and distinct claims per publisher, source kind, normalised
-- current verdict ('(none)' without one) and stance.
CREATE TABLE report_evidence_count (
    publisher varchar(300) NOT NULL,
    source_kind varchar(18) NOT NULL,
    verdict_normalised varchar(7) NOT NULL,
    stance varchar(14) NOT NULL,
    evidence bigint NOT NULL,
    claims bigint NOT NULL,
    PRIMARY KEY (publisher, source_kind, verdict_normalised, stance)
);
