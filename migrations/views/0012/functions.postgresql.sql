-- Revision 0012: 0008's functions, and retracted claims (claim.retracted_at, `claim retract`):
-- report_claim_retracted takes a claim out of the summaries, report_claim_restored computes it
-- again; a retracted claim's rebuttals are not counted, and its verdicts get no row. While it
-- is retracted nothing recomputes its rows: each report_claim_* updates its report_claim row
-- (or, for evidence, inserts rows joined to it), so without that row it does nothing.
-- Revision 0008: 0006's functions, changed for imported reviews (see tables.postgresql.sql).
-- Functions that compute the report summaries (PostgreSQL); triggers.postgresql.sql calls them.
--
-- Two layers, as on SQLite. report_claim_* recompute one part of a claim's derived rows, and
-- report_refresh_verdict a verdict's row, from the tables; recomputing is idempotent, so a
-- claim recomputed twice, or after its rows are gone, ends the same, whatever order a
-- statement's row triggers fire in. The count
-- tables then follow the derived rows by deltas (report_count_*): +1 for a derived row
-- inserted, -1 for one deleted, which add up the same in any order. Minimum and maximum are
-- recomputed from report_verdict's index when a row leaves, as they cannot be decremented.

-- The current verdict: the published verdict published last (the newest id on a tie; one
-- imported without a date only when none has a date), and
-- its approvers in the order they approved (COLLATE "C" orders names by code point, as
-- SQLite's BINARY collation does).
CREATE FUNCTION report_claim_verdict(target integer) RETURNS void
LANGUAGE sql AS $$
    UPDATE report_claim AS rc SET (
        verdict_id, label_id, verdict_original_rating, verdict_published_at, reviewer, approvers
    ) = (
        SELECT
            v.id,
            v.label_id,
            v.original_rating,
            v.published_at,
            v.author,
            (
                SELECT string_agg(
                    va.approver, ', ' ORDER BY va.approved_at, va.approver COLLATE "C"
                )
                FROM verdict_approval AS va
                WHERE va.verdict_id = v.id
            )
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT w.id, w.label_id, w.original_rating, w.published_at, w.author
            FROM verdict AS w
            WHERE w.claim_id = target AND w.state = 'published'
            ORDER BY w.published_at DESC NULLS LAST, w.id DESC
            LIMIT 1
        ) AS v ON true
    )
    WHERE rc.claim_id = target;
$$;

CREATE FUNCTION report_claim_approvers(target integer) RETURNS void
LANGUAGE sql AS $$
    UPDATE report_claim AS rc SET approvers = (
        SELECT string_agg(va.approver, ', ' ORDER BY va.approved_at, va.approver COLLATE "C")
        FROM verdict_approval AS va
        WHERE va.verdict_id = rc.verdict_id
    )
    WHERE rc.claim_id = target;
$$;

-- The first appearance: the one marked first, else the earliest known (its own date, else
-- its source's publication date), else the first recorded; and the number of appearances.
CREATE FUNCTION report_claim_appearances(target integer) RETURNS void
LANGUAGE sql AS $$
    UPDATE report_claim AS rc SET (
        first_source_title, first_source_url, first_appeared_at, appearances
    ) = (
        SELECT
            fa.title,
            fa.url,
            fa.appeared_at,
            (SELECT count(*) FROM appearance AS a WHERE a.claim_id = target)
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT s.title, s.url, COALESCE(a.appeared_at, s.published_at) AS appeared_at
            FROM appearance AS a
            JOIN source AS s ON s.id = a.source_id
            WHERE a.claim_id = target
            ORDER BY
                a.is_first DESC,
                COALESCE(a.appeared_at, s.published_at) IS NULL,
                COALESCE(a.appeared_at, s.published_at),
                a.id
            LIMIT 1
        ) AS fa ON true
    )
    WHERE rc.claim_id = target;
$$;

-- The evidence counts, and the claim's rows in report_evidence (its evidence grouped by
-- publisher name, source kind and stance, under its current label).
CREATE FUNCTION report_claim_evidence(target integer) RETURNS void
LANGUAGE sql AS $$
    UPDATE report_claim AS rc SET (
        evidence_supports, evidence_refutes, evidence_contextualizes, evidence_mentions
    ) = (
        SELECT
            count(*) FILTER (WHERE x.stance = 'supports'),
            count(*) FILTER (WHERE x.stance = 'refutes'),
            count(*) FILTER (WHERE x.stance = 'contextualizes'),
            count(*) FILTER (WHERE x.stance = 'mentions')
        FROM evidence AS x
        WHERE x.claim_id = target
    )
    WHERE rc.claim_id = target;
    DELETE FROM report_evidence WHERE claim_id = target;
    INSERT INTO report_evidence (claim_id, publisher, source_kind, stance, label_id, evidence)
    SELECT
        x.claim_id,
        COALESCE(p.name, '(none)'),
        s.kind,
        x.stance,
        COALESCE(rc.label_id, 0),
        count(*)
    FROM evidence AS x
    JOIN report_claim AS rc ON rc.claim_id = x.claim_id
    JOIN source AS s ON s.id = x.source_id
    LEFT JOIN entity AS p ON p.id = s.publisher_id
    WHERE x.claim_id = target
    GROUP BY x.claim_id, COALESCE(p.name, '(none)'), s.kind, x.stance, COALESCE(rc.label_id, 0);
$$;

CREATE FUNCTION report_claim_rebuttals(target integer) RETURNS void
LANGUAGE sql AS $$
    -- A retracted claim's rebuttal is not counted.
    UPDATE report_claim AS rc SET rebuttals = (
        SELECT count(*) FROM claim_link AS r
        JOIN claim AS f ON f.id = r.from_claim_id
        WHERE r.to_claim_id = target AND r.link_type = 'rebuts' AND f.retracted_at IS NULL
    )
    WHERE rc.claim_id = target;
$$;

CREATE FUNCTION report_refresh_verdict(target integer) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM report_verdict WHERE verdict_id = target;
    INSERT INTO report_verdict (verdict_id, month, reviewer, seconds, label_id, original_rating)
    SELECT
        v.id,
        COALESCE(to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM'), 'unknown'),
        v.author,
        -- Whole seconds as SQLite counts them (strftime('%s') rounds to the millisecond, then
        -- drops it), so both backends give the same days; none for a review imported from elsewhere.
        CASE WHEN v.origin = 'workflow' THEN
            CAST(floor(EXTRACT(EPOCH FROM v.published_at) * 1000 + 0.5) AS bigint) / 1000
            - CAST(floor(EXTRACT(EPOCH FROM c.created_at) * 1000 + 0.5) AS bigint) / 1000
        END,
        v.label_id,
        v.original_rating
    FROM verdict AS v
    JOIN claim AS c ON c.id = v.claim_id
    WHERE v.id = target AND v.state = 'published' AND c.retracted_at IS NULL;
$$;

-- A retracted claim leaves the summaries: its rows go, and the counts follow by deltas (the
-- triggers on the summary tables). The claims it rebutted are rebutted once less. PL/pgSQL:
-- PERFORM runs a query to its last row, where a LANGUAGE sql function may stop at the first.
CREATE FUNCTION report_claim_retracted(target integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_evidence WHERE claim_id = target;
    DELETE FROM report_claim WHERE claim_id = target;
    DELETE FROM report_verdict
    WHERE verdict_id IN (SELECT w.id FROM verdict AS w WHERE w.claim_id = target);
    PERFORM report_claim_rebuttals(k.to_claim_id)
    FROM (
        SELECT DISTINCT to_claim_id FROM claim_link
        WHERE from_claim_id = target AND link_type = 'rebuts'
    ) AS k;
END
$$;

-- A restored claim is computed again, every part, as if it had just been filled in.
CREATE FUNCTION report_claim_restored(target integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_claim AS rc (
        claim_id, claimant_id, status, appearances, evidence_supports, evidence_refutes,
        evidence_contextualizes, evidence_mentions, rebuttals
    )
    SELECT c.id, c.claimant_id, c.status, 0, 0, 0, 0, 0, 0 FROM claim AS c WHERE c.id = target
    ON CONFLICT (claim_id) DO UPDATE SET
        claimant_id = EXCLUDED.claimant_id,
        status = EXCLUDED.status;
    PERFORM report_claim_verdict(target);
    PERFORM report_claim_appearances(target);
    PERFORM report_claim_evidence(target);
    PERFORM report_claim_rebuttals(target);
    PERFORM report_refresh_verdict(w.id)
    FROM verdict AS w
    WHERE w.claim_id = target AND w.state = 'published';
    PERFORM report_claim_rebuttals(k.to_claim_id)
    FROM (
        SELECT DISTINCT to_claim_id FROM claim_link
        WHERE from_claim_id = target AND link_type = 'rebuts'
    ) AS k;
END
$$;

-- ---------------------------------------------------------------------------------- counts

-- Adds (delta 1) or takes away (delta -1) one claim of report_claim to its claimant's counts.
CREATE FUNCTION report_count_claimant(r report_claim, delta integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_claimant_count AS t (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        r.claimant_id,
        delta,
        delta * CASE WHEN r.status = 'new' THEN 1 ELSE 0 END,
        delta * CASE WHEN r.status = 'in_review' THEN 1 ELSE 0 END,
        delta * CASE WHEN r.status = 'pending_approval' THEN 1 ELSE 0 END,
        delta * CASE WHEN r.status = 'published' THEN 1 ELSE 0 END,
        delta * CASE WHEN r.status = 'dismissed' THEN 1 ELSE 0 END,
        delta * CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END,
        delta * CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END,
        delta * CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END,
        delta * CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END,
        delta * CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END,
        delta * CASE WHEN r.label_id IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = r.label_id
    WHERE r.claimant_id IS NOT NULL
    ON CONFLICT (claimant_id) DO UPDATE SET
        claims = t.claims + EXCLUDED.claims,
        new = t.new + EXCLUDED.new,
        in_review = t.in_review + EXCLUDED.in_review,
        pending_approval = t.pending_approval + EXCLUDED.pending_approval,
        published = t.published + EXCLUDED.published,
        dismissed = t.dismissed + EXCLUDED.dismissed,
        rated_true = t.rated_true + EXCLUDED.rated_true,
        rated_false = t.rated_false + EXCLUDED.rated_false,
        rated_mixture = t.rated_mixture + EXCLUDED.rated_mixture,
        rated_other = t.rated_other + EXCLUDED.rated_other,
        false_or_misleading = t.false_or_misleading + EXCLUDED.false_or_misleading,
        rated = t.rated + EXCLUDED.rated;
    DELETE FROM report_claimant_count WHERE claimant_id = r.claimant_id AND claims = 0;
$$;

-- Adds or takes away one report_verdict row: its month's count and its turnaround.
CREATE FUNCTION report_count_verdict(r report_verdict, delta integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_month_count AS t (month, label_id, rating_key, original_rating, verdicts)
    VALUES (r.month, r.label_id, COALESCE('=' || r.original_rating, ''), r.original_rating, delta)
    ON CONFLICT (month, label_id, rating_key) DO UPDATE SET verdicts = t.verdicts + delta;
    DELETE FROM report_month_count
    WHERE month = r.month
        AND label_id = r.label_id
        AND rating_key = COALESCE('=' || r.original_rating, '')
        AND verdicts = 0;
    INSERT INTO report_turnaround_count AS t (
        month, reviewer, verdicts, total_seconds, min_seconds, max_seconds
    )
    SELECT r.month, r.reviewer, 1, r.seconds, r.seconds, r.seconds
    -- Only verdicts reviewed here have a turnaround (imported ones have no seconds).
    WHERE delta > 0 AND r.seconds IS NOT NULL
    ON CONFLICT (month, reviewer) DO UPDATE SET
        verdicts = t.verdicts + 1,
        total_seconds = t.total_seconds + EXCLUDED.total_seconds,
        min_seconds = LEAST(t.min_seconds, EXCLUDED.min_seconds),
        max_seconds = GREATEST(t.max_seconds, EXCLUDED.max_seconds);
    UPDATE report_turnaround_count AS t SET
        verdicts = t.verdicts - 1,
        total_seconds = t.total_seconds - r.seconds,
        min_seconds = COALESCE(
            (
                SELECT min(v.seconds) FROM report_verdict AS v
                WHERE v.month = r.month AND v.reviewer = r.reviewer
            ),
            0
        ),
        max_seconds = COALESCE(
            (
                SELECT max(v.seconds) FROM report_verdict AS v
                WHERE v.month = r.month AND v.reviewer = r.reviewer
            ),
            0
        )
    WHERE delta < 0 AND r.seconds IS NOT NULL AND t.month = r.month AND t.reviewer = r.reviewer;
    DELETE FROM report_turnaround_count
    WHERE month = r.month AND reviewer = r.reviewer AND verdicts = 0;
$$;

-- Adds or takes away one report_evidence row (one claim in its group).
CREATE FUNCTION report_count_evidence(r report_evidence, delta integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO report_evidence_count AS t (
        publisher, source_kind, verdict_normalised, stance, evidence, claims
    )
    SELECT
        r.publisher,
        r.source_kind,
        COALESCE(l.normalised, '(none)'),
        r.stance,
        delta * r.evidence,
        delta
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = r.label_id
    ON CONFLICT (publisher, source_kind, verdict_normalised, stance) DO UPDATE SET
        evidence = t.evidence + EXCLUDED.evidence,
        claims = t.claims + EXCLUDED.claims;
    DELETE FROM report_evidence_count
    WHERE publisher = r.publisher
        AND source_kind = r.source_kind
        AND stance = r.stance
        AND claims = 0;
$$;

-- Everything counted again from the derived rows: once when the migration fills the tables,
-- and when a rating label is edited by hand (the application never edits one), since the
-- counts map labels to normalised values.
CREATE FUNCTION report_recount_labels() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM report_claimant_count;
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        rc.claimant_id,
        count(*),
        count(*) FILTER (WHERE rc.status = 'new'),
        count(*) FILTER (WHERE rc.status = 'in_review'),
        count(*) FILTER (WHERE rc.status = 'pending_approval'),
        count(*) FILTER (WHERE rc.status = 'published'),
        count(*) FILTER (WHERE rc.status = 'dismissed'),
        count(*) FILTER (WHERE l.normalised = 'TRUE'),
        count(*) FILTER (WHERE l.normalised = 'FALSE'),
        count(*) FILTER (WHERE l.normalised = 'MIXTURE'),
        count(*) FILTER (WHERE l.normalised = 'OTHER'),
        count(*) FILTER (WHERE l.normalised = 'FALSE' OR l.label = 'misleading'),
        count(rc.label_id)
    FROM report_claim AS rc
    LEFT JOIN rating_label AS l ON l.id = rc.label_id
    WHERE rc.claimant_id IS NOT NULL
    GROUP BY rc.claimant_id;
    DELETE FROM report_evidence_count;
    -- One report_evidence row per claim in a group: count(*) counts distinct claims.
    INSERT INTO report_evidence_count (
        publisher, source_kind, verdict_normalised, stance, evidence, claims
    )
    SELECT
        x.publisher,
        x.source_kind,
        COALESCE(l.normalised, '(none)'),
        x.stance,
        sum(x.evidence),
        count(*)
    FROM report_evidence AS x
    LEFT JOIN rating_label AS l ON l.id = x.label_id
    GROUP BY x.publisher, x.source_kind, COALESCE(l.normalised, '(none)'), x.stance;
$$;
