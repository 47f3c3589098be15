-- Revision 0012: 0008's triggers, and retracted claims (claim.retracted_at, `claim retract`).
-- Retracting a claim deletes its rows in report_claim, report_evidence and report_verdict (the
-- counts follow by their deltas) and recounts the rebuttals of the claims it rebutted; restoring
-- it computes them all again. While it is retracted nothing recomputes them: every recomputation
-- of a claim's part updates its report_claim row, or (evidence) inserts rows joined to it, so
-- without that row it does nothing; a verdict's row is computed only for a claim not retracted,
-- and a new claim gets a row only when it is not retracted (a restore of a dump).
-- Revision 0008: 0006's triggers, changed for imported reviews (see tables.sqlite.sql).
-- Triggers that keep the report summaries (SQLite) equal to what the tables say.
--
-- Two layers. A change to a table recomputes the part of the derived rows it can affect (a
-- claim's current verdict, its approvers, its appearances, its evidence, its rebuttals, or a
-- verdict's row), from the tables, by inserting the claim or verdict into a report_refresh_*
-- queue whose trigger does the work. Recomputing is idempotent: a claim recomputed twice, or
-- after its rows are gone, ends the same. The count tables then follow the derived rows by
-- deltas: +1 for a derived row inserted, -1 for one deleted, which add up the same in any
-- order. Minimum and maximum are recomputed from report_verdict's index when a row leaves, as
-- they cannot be decremented.

-- ------------------------------------------------------------------ recomputations (queues)

CREATE TRIGGER report_refresh_verdict_of_claim AFTER INSERT ON report_refresh_claim
WHEN new.part = 'verdict'
BEGIN
    -- The current verdict: the published verdict published last (the newest id on a tie).
    UPDATE report_claim SET (
        verdict_id, label_id, verdict_original_rating, verdict_published_at, reviewer, approvers
    ) = (
        SELECT
            v.id,
            v.label_id,
            v.original_rating,
            v.published_at,
            v.author,
            -- group_concat() as a window function is the one documented way to concatenate
            -- in a chosen order (over an ordered subquery the order is not guaranteed).
            (
            SELECT group_concat(va.approver, ', ') OVER (
                ORDER BY va.approved_at, va.approver
                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            )
            FROM verdict_approval AS va
            WHERE va.verdict_id = v.id
            LIMIT 1
        )
        FROM (SELECT 1) AS one
        LEFT JOIN verdict AS v ON v.id = (
            SELECT w.id
            FROM verdict AS w
            WHERE w.claim_id = new.claim_id AND w.state = 'published'
            ORDER BY w.published_at DESC NULLS LAST, w.id DESC
            LIMIT 1
        )
    )
    WHERE claim_id = new.claim_id;
    DELETE FROM report_refresh_claim WHERE rowid = new.rowid;
END;

CREATE TRIGGER report_refresh_approvers AFTER INSERT ON report_refresh_claim
WHEN new.part = 'approvers'
BEGIN
    UPDATE report_claim SET approvers = (
        SELECT group_concat(va.approver, ', ') OVER (
            ORDER BY va.approved_at, va.approver
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        )
        FROM verdict_approval AS va
        WHERE va.verdict_id = report_claim.verdict_id
        LIMIT 1
    )
    WHERE claim_id = new.claim_id;
    DELETE FROM report_refresh_claim WHERE rowid = new.rowid;
END;

CREATE TRIGGER report_refresh_appearances AFTER INSERT ON report_refresh_claim
WHEN new.part = 'appearances'
BEGIN
    -- The first appearance: the one marked first, else the earliest known (its own date,
    -- else its source's publication date), else the first recorded.
    UPDATE report_claim SET (
        first_source_title, first_source_url, first_appeared_at, appearances
    ) = (
        SELECT
            fs.title,
            fs.url,
            COALESCE(fa.appeared_at, fs.published_at),
            (SELECT count(*) FROM appearance AS a WHERE a.claim_id = new.claim_id)
        FROM (SELECT 1) AS one
        LEFT JOIN appearance AS fa ON fa.id = (
            SELECT a.id
            FROM appearance AS a
            JOIN source AS s ON s.id = a.source_id
            WHERE a.claim_id = new.claim_id
            ORDER BY
                a.is_first DESC,
                COALESCE(a.appeared_at, s.published_at) IS NULL,
                COALESCE(a.appeared_at, s.published_at),
                a.id
            LIMIT 1
        )
        LEFT JOIN source AS fs ON fs.id = fa.source_id
    )
    WHERE claim_id = new.claim_id;
    DELETE FROM report_refresh_claim WHERE rowid = new.rowid;
END;

-- The evidence counts, and the claim's rows in report_evidence (its evidence grouped by
-- publisher name, source kind and stance, under its current label).
CREATE TRIGGER report_refresh_evidence AFTER INSERT ON report_refresh_claim
WHEN new.part = 'evidence'
BEGIN
    UPDATE report_claim SET (
        evidence_supports, evidence_refutes, evidence_contextualizes, evidence_mentions
    ) = (
        SELECT
            count(CASE WHEN x.stance = 'supports' THEN 1 END),
            count(CASE WHEN x.stance = 'refutes' THEN 1 END),
            count(CASE WHEN x.stance = 'contextualizes' THEN 1 END),
            count(CASE WHEN x.stance = 'mentions' THEN 1 END)
        FROM evidence AS x
        WHERE x.claim_id = new.claim_id
    )
    WHERE claim_id = new.claim_id;
    DELETE FROM report_evidence WHERE claim_id = new.claim_id;
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
    WHERE x.claim_id = new.claim_id
    GROUP BY x.claim_id, COALESCE(p.name, '(none)'), s.kind, x.stance, COALESCE(rc.label_id, 0);
    DELETE FROM report_refresh_claim WHERE rowid = new.rowid;
END;

CREATE TRIGGER report_refresh_rebuttals AFTER INSERT ON report_refresh_claim
WHEN new.part = 'rebuttals'
BEGIN
    -- A retracted claim's rebuttal is not counted.
    UPDATE report_claim SET rebuttals = (
        SELECT count(*) FROM claim_link AS r
        JOIN claim AS f ON f.id = r.from_claim_id
        WHERE r.to_claim_id = new.claim_id AND r.link_type = 'rebuts' AND f.retracted_at IS NULL
    )
    WHERE claim_id = new.claim_id;
    DELETE FROM report_refresh_claim WHERE rowid = new.rowid;
END;

CREATE TRIGGER report_refresh_verdict_run AFTER INSERT ON report_refresh_verdict
BEGIN
    DELETE FROM report_verdict WHERE verdict_id = new.verdict_id;
    INSERT INTO report_verdict (verdict_id, month, reviewer, seconds, label_id, original_rating)
    SELECT
        v.id,
        COALESCE(strftime('%Y-%m', v.published_at), 'unknown'),
        v.author,
        CASE WHEN v.origin = 'workflow' THEN
            CAST(strftime('%s', v.published_at) AS INTEGER)
            - CAST(strftime('%s', c.created_at) AS INTEGER)
        END,
        v.label_id,
        v.original_rating
    FROM verdict AS v
    JOIN claim AS c ON c.id = v.claim_id
    WHERE v.id = new.verdict_id AND v.state = 'published' AND c.retracted_at IS NULL;
    DELETE FROM report_refresh_verdict WHERE rowid = new.rowid;
END;

-- ----------------------------------------------------------------- counts follow derived rows

CREATE TRIGGER report_claim_counted AFTER INSERT ON report_claim
BEGIN
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        new.claimant_id,
        1,
        CASE WHEN new.status = 'new' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'in_review' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'pending_approval' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'published' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'dismissed' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END,
        CASE WHEN new.label_id IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = new.label_id
    WHERE new.claimant_id IS NOT NULL
    ON CONFLICT (claimant_id) DO UPDATE SET
        claims = claims + excluded.claims,
        new = new + excluded.new,
        in_review = in_review + excluded.in_review,
        pending_approval = pending_approval + excluded.pending_approval,
        published = published + excluded.published,
        dismissed = dismissed + excluded.dismissed,
        rated_true = rated_true + excluded.rated_true,
        rated_false = rated_false + excluded.rated_false,
        rated_mixture = rated_mixture + excluded.rated_mixture,
        rated_other = rated_other + excluded.rated_other,
        false_or_misleading = false_or_misleading + excluded.false_or_misleading,
        rated = rated + excluded.rated;
END;

CREATE TRIGGER report_claim_uncounted AFTER DELETE ON report_claim
BEGIN
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        old.claimant_id,
        -1,
        -CASE WHEN old.status = 'new' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'in_review' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'pending_approval' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'published' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'dismissed' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END,
        -CASE WHEN old.label_id IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = old.label_id
    WHERE old.claimant_id IS NOT NULL
    ON CONFLICT (claimant_id) DO UPDATE SET
        claims = claims + excluded.claims,
        new = new + excluded.new,
        in_review = in_review + excluded.in_review,
        pending_approval = pending_approval + excluded.pending_approval,
        published = published + excluded.published,
        dismissed = dismissed + excluded.dismissed,
        rated_true = rated_true + excluded.rated_true,
        rated_false = rated_false + excluded.rated_false,
        rated_mixture = rated_mixture + excluded.rated_mixture,
        rated_other = rated_other + excluded.rated_other,
        false_or_misleading = false_or_misleading + excluded.false_or_misleading,
        rated = rated + excluded.rated;
    DELETE FROM report_claimant_count WHERE claimant_id = old.claimant_id AND claims = 0;
END;

CREATE TRIGGER report_claim_recounted AFTER UPDATE OF claimant_id, status, label_id ON report_claim
WHEN old.claimant_id IS NOT new.claimant_id
    OR old.status IS NOT new.status
    OR old.label_id IS NOT new.label_id
BEGIN
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        old.claimant_id,
        -1,
        -CASE WHEN old.status = 'new' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'in_review' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'pending_approval' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'published' THEN 1 ELSE 0 END,
        -CASE WHEN old.status = 'dismissed' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END,
        -CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END,
        -CASE WHEN old.label_id IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = old.label_id
    WHERE old.claimant_id IS NOT NULL
    ON CONFLICT (claimant_id) DO UPDATE SET
        claims = claims + excluded.claims,
        new = new + excluded.new,
        in_review = in_review + excluded.in_review,
        pending_approval = pending_approval + excluded.pending_approval,
        published = published + excluded.published,
        dismissed = dismissed + excluded.dismissed,
        rated_true = rated_true + excluded.rated_true,
        rated_false = rated_false + excluded.rated_false,
        rated_mixture = rated_mixture + excluded.rated_mixture,
        rated_other = rated_other + excluded.rated_other,
        false_or_misleading = false_or_misleading + excluded.false_or_misleading,
        rated = rated + excluded.rated;
    DELETE FROM report_claimant_count WHERE claimant_id = old.claimant_id AND claims = 0;
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        new.claimant_id,
        1,
        CASE WHEN new.status = 'new' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'in_review' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'pending_approval' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'published' THEN 1 ELSE 0 END,
        CASE WHEN new.status = 'dismissed' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END,
        CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END,
        CASE WHEN new.label_id IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = new.label_id
    WHERE new.claimant_id IS NOT NULL
    ON CONFLICT (claimant_id) DO UPDATE SET
        claims = claims + excluded.claims,
        new = new + excluded.new,
        in_review = in_review + excluded.in_review,
        pending_approval = pending_approval + excluded.pending_approval,
        published = published + excluded.published,
        dismissed = dismissed + excluded.dismissed,
        rated_true = rated_true + excluded.rated_true,
        rated_false = rated_false + excluded.rated_false,
        rated_mixture = rated_mixture + excluded.rated_mixture,
        rated_other = rated_other + excluded.rated_other,
        false_or_misleading = false_or_misleading + excluded.false_or_misleading,
        rated = rated + excluded.rated;
END;

-- A claim's evidence is counted under its current label.
CREATE TRIGGER report_claim_relabelled AFTER UPDATE OF label_id ON report_claim
WHEN old.label_id IS NOT new.label_id
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'evidence');
END;

CREATE TRIGGER report_verdict_counted AFTER INSERT ON report_verdict
BEGIN
    INSERT INTO report_month_count (month, label_id, rating_key, original_rating, verdicts)
    VALUES (
        new.month, new.label_id, COALESCE('=' || new.original_rating, ''), new.original_rating, 1
    )
    ON CONFLICT (month, label_id, rating_key) DO UPDATE SET verdicts = verdicts + 1;
    -- Only verdicts reviewed here have a turnaround (imported ones have no seconds).
    INSERT INTO report_turnaround_count (
        month, reviewer, verdicts, total_seconds, min_seconds, max_seconds
    )
    SELECT new.month, new.reviewer, 1, new.seconds, new.seconds, new.seconds
    WHERE new.seconds IS NOT NULL
    ON CONFLICT (month, reviewer) DO UPDATE SET
        verdicts = verdicts + 1,
        total_seconds = total_seconds + excluded.total_seconds,
        min_seconds = min(min_seconds, excluded.min_seconds),
        max_seconds = max(max_seconds, excluded.max_seconds);
END;

CREATE TRIGGER report_verdict_uncounted AFTER DELETE ON report_verdict
BEGIN
    UPDATE report_month_count SET verdicts = verdicts - 1
    WHERE month = old.month
        AND label_id = old.label_id
        AND rating_key = COALESCE('=' || old.original_rating, '');
    DELETE FROM report_month_count
    WHERE month = old.month
        AND label_id = old.label_id
        AND rating_key = COALESCE('=' || old.original_rating, '')
        AND verdicts = 0;
    UPDATE report_turnaround_count SET
        verdicts = verdicts - 1,
        total_seconds = total_seconds - old.seconds,
        min_seconds = COALESCE(
            (
                SELECT min(r.seconds) FROM report_verdict AS r
                WHERE r.month = old.month AND r.reviewer = old.reviewer
            ),
            0
        ),
        max_seconds = COALESCE(
            (
                SELECT max(r.seconds) FROM report_verdict AS r
                WHERE r.month = old.month AND r.reviewer = old.reviewer
            ),
            0
        )
    WHERE month = old.month AND reviewer = old.reviewer AND old.seconds IS NOT NULL;
    DELETE FROM report_turnaround_count
    WHERE month = old.month AND reviewer = old.reviewer AND verdicts = 0;
END;

CREATE TRIGGER report_evidence_counted AFTER INSERT ON report_evidence
BEGIN
    INSERT INTO report_evidence_count (
        publisher, source_kind, verdict_normalised, stance, evidence, claims
    )
    SELECT
        new.publisher, new.source_kind, COALESCE(l.normalised, '(none)'), new.stance,
        new.evidence, 1
    FROM (SELECT 1) AS one
    LEFT JOIN rating_label AS l ON l.id = new.label_id
    WHERE true
    ON CONFLICT (publisher, source_kind, verdict_normalised, stance) DO UPDATE SET
        evidence = evidence + excluded.evidence,
        claims = claims + 1;
END;

CREATE TRIGGER report_evidence_uncounted AFTER DELETE ON report_evidence
BEGIN
    UPDATE report_evidence_count SET evidence = evidence - old.evidence, claims = claims - 1
    WHERE publisher = old.publisher
        AND source_kind = old.source_kind
        AND verdict_normalised = COALESCE(
            (SELECT l.normalised FROM rating_label AS l WHERE l.id = old.label_id), '(none)'
        )
        AND stance = old.stance;
    DELETE FROM report_evidence_count
    WHERE publisher = old.publisher
        AND source_kind = old.source_kind
        AND verdict_normalised = COALESCE(
            (SELECT l.normalised FROM rating_label AS l WHERE l.id = old.label_id), '(none)'
        )
        AND stance = old.stance
        AND claims = 0;
END;

-- ------------------------------------------------------------- the tables ask for recomputing

-- A new claim has nothing attached yet: its row starts with zero counts. A claim restored
-- from a dump already retracted gets none.
CREATE TRIGGER report_on_claim_insert AFTER INSERT ON claim
WHEN new.retracted_at IS NULL
BEGIN
    INSERT INTO report_claim (
        claim_id, claimant_id, status, appearances, evidence_supports, evidence_refutes,
        evidence_contextualizes, evidence_mentions, rebuttals
    )
    VALUES (new.id, new.claimant_id, new.status, 0, 0, 0, 0, 0, 0)
    ON CONFLICT (claim_id) DO UPDATE SET
        claimant_id = excluded.claimant_id,
        status = excluded.status;
END;

CREATE TRIGGER report_on_claim_update AFTER UPDATE OF claimant_id, status ON claim
WHEN old.claimant_id IS NOT new.claimant_id OR old.status IS NOT new.status
BEGIN
    UPDATE report_claim SET claimant_id = new.claimant_id, status = new.status
    WHERE claim_id = new.id;
END;

-- A retracted claim leaves the summaries: its rows go, and the counts follow by deltas. The
-- claims it rebutted are rebutted once less.
CREATE TRIGGER report_on_claim_retracted AFTER UPDATE OF retracted_at ON claim
WHEN old.retracted_at IS NULL AND new.retracted_at IS NOT NULL
BEGIN
    DELETE FROM report_evidence WHERE claim_id = new.id;
    DELETE FROM report_claim WHERE claim_id = new.id;
    DELETE FROM report_verdict
    WHERE verdict_id IN (SELECT w.id FROM verdict AS w WHERE w.claim_id = new.id);
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT DISTINCT k.to_claim_id, 'rebuttals' FROM claim_link AS k
    WHERE k.from_claim_id = new.id AND k.link_type = 'rebuts';
END;

-- A restored claim is computed again, every part, as if it had just been filled in.
CREATE TRIGGER report_on_claim_restored AFTER UPDATE OF retracted_at ON claim
WHEN old.retracted_at IS NOT NULL AND new.retracted_at IS NULL
BEGIN
    INSERT INTO report_claim (
        claim_id, claimant_id, status, appearances, evidence_supports, evidence_refutes,
        evidence_contextualizes, evidence_mentions, rebuttals
    )
    VALUES (new.id, new.claimant_id, new.status, 0, 0, 0, 0, 0, 0)
    ON CONFLICT (claim_id) DO UPDATE SET
        claimant_id = excluded.claimant_id,
        status = excluded.status;
    INSERT INTO report_refresh_claim (claim_id, part)
    VALUES (new.id, 'verdict'), (new.id, 'appearances'), (new.id, 'evidence'),
        (new.id, 'rebuttals');
    INSERT INTO report_refresh_verdict (verdict_id)
    SELECT w.id FROM verdict AS w WHERE w.claim_id = new.id AND w.state = 'published';
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT DISTINCT k.to_claim_id, 'rebuttals' FROM claim_link AS k
    WHERE k.from_claim_id = new.id AND k.link_type = 'rebuts';
END;

-- Turnaround is measured from the claim's capture.
CREATE TRIGGER report_on_claim_recapture AFTER UPDATE OF created_at ON claim
WHEN old.created_at IS NOT new.created_at
BEGIN
    INSERT INTO report_refresh_verdict (verdict_id)
    SELECT w.id FROM verdict AS w WHERE w.claim_id = new.id AND w.state = 'published';
END;

CREATE TRIGGER report_on_claim_delete AFTER DELETE ON claim
BEGIN
    DELETE FROM report_claim WHERE claim_id = old.id;
    DELETE FROM report_evidence WHERE claim_id = old.id;
END;

-- Only published verdicts are current or counted: proposals and their approvals change
-- nothing here until they are published.
CREATE TRIGGER report_on_verdict_insert AFTER INSERT ON verdict
WHEN new.state = 'published'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'verdict');
    INSERT INTO report_refresh_verdict (verdict_id) VALUES (new.id);
END;

CREATE TRIGGER report_on_verdict_update AFTER UPDATE ON verdict
WHEN old.state = 'published' OR new.state = 'published'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'verdict');
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT old.claim_id, 'verdict' WHERE old.claim_id IS NOT new.claim_id;
    INSERT INTO report_refresh_verdict (verdict_id) VALUES (new.id);
    INSERT INTO report_refresh_verdict (verdict_id) SELECT old.id WHERE old.id IS NOT new.id;
END;

CREATE TRIGGER report_on_verdict_delete AFTER DELETE ON verdict
WHEN old.state = 'published'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (old.claim_id, 'verdict');
    INSERT INTO report_refresh_verdict (verdict_id) VALUES (old.id);
END;

-- Approvers are shown for the current verdict only.
CREATE TRIGGER report_on_approval_insert AFTER INSERT ON verdict_approval
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT rc.claim_id, 'approvers' FROM report_claim AS rc
    WHERE rc.verdict_id = new.verdict_id
        AND rc.claim_id = (SELECT w.claim_id FROM verdict AS w WHERE w.id = new.verdict_id);
END;

CREATE TRIGGER report_on_approval_update AFTER UPDATE ON verdict_approval
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT rc.claim_id, 'approvers' FROM verdict AS w
    JOIN report_claim AS rc ON rc.claim_id = w.claim_id AND rc.verdict_id = w.id
    WHERE w.id IN (old.verdict_id, new.verdict_id);
END;

CREATE TRIGGER report_on_approval_delete AFTER DELETE ON verdict_approval
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT rc.claim_id, 'approvers' FROM report_claim AS rc
    WHERE rc.verdict_id = old.verdict_id
        AND rc.claim_id = (SELECT w.claim_id FROM verdict AS w WHERE w.id = old.verdict_id);
END;

CREATE TRIGGER report_on_appearance_insert AFTER INSERT ON appearance
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'appearances');
END;

CREATE TRIGGER report_on_appearance_update AFTER UPDATE ON appearance
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'appearances');
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT old.claim_id, 'appearances' WHERE old.claim_id IS NOT new.claim_id;
END;

CREATE TRIGGER report_on_appearance_delete AFTER DELETE ON appearance
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (old.claim_id, 'appearances');
END;

CREATE TRIGGER report_on_evidence_insert AFTER INSERT ON evidence
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'evidence');
END;

CREATE TRIGGER report_on_evidence_update AFTER UPDATE ON evidence
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.claim_id, 'evidence');
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT old.claim_id, 'evidence' WHERE old.claim_id IS NOT new.claim_id;
END;

CREATE TRIGGER report_on_evidence_delete AFTER DELETE ON evidence
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (old.claim_id, 'evidence');
END;

CREATE TRIGGER report_on_link_insert AFTER INSERT ON claim_link
WHEN new.link_type = 'rebuts'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.to_claim_id, 'rebuttals');
END;

CREATE TRIGGER report_on_link_update AFTER UPDATE ON claim_link
WHEN old.link_type = 'rebuts' OR new.link_type = 'rebuts'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (new.to_claim_id, 'rebuttals');
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT old.to_claim_id, 'rebuttals' WHERE old.to_claim_id IS NOT new.to_claim_id;
END;

CREATE TRIGGER report_on_link_delete AFTER DELETE ON claim_link
WHEN old.link_type = 'rebuts'
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part) VALUES (old.to_claim_id, 'rebuttals');
END;

-- A source's date orders first appearances, and its title and URL are shown for them; its
-- publisher and kind group evidence.
CREATE TRIGGER report_on_source_shown AFTER UPDATE OF published_at, title, url ON source
WHEN old.published_at IS NOT new.published_at
    OR old.title IS NOT new.title
    OR old.url IS NOT new.url
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT DISTINCT a.claim_id, 'appearances' FROM appearance AS a WHERE a.source_id = new.id;
END;

CREATE TRIGGER report_on_source_regrouped AFTER UPDATE OF publisher_id, kind ON source
WHEN old.publisher_id IS NOT new.publisher_id OR old.kind IS NOT new.kind
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT DISTINCT x.claim_id, 'evidence' FROM evidence AS x WHERE x.source_id = new.id;
END;

-- Evidence is grouped by the publisher's name.
CREATE TRIGGER report_on_entity_renamed AFTER UPDATE OF name ON entity
WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO report_refresh_claim (claim_id, part)
    SELECT DISTINCT x.claim_id, 'evidence'
    FROM source AS s
    JOIN evidence AS x ON x.source_id = s.id
    WHERE s.publisher_id = new.id;
END;

-- The counts map labels to normalised values when they count. Labels are not edited by the
-- application; if one is edited by hand, everything is counted again (a few seconds at a
-- million claims).
CREATE TRIGGER report_on_label_update AFTER UPDATE OF label, normalised ON rating_label
WHEN old.label IS NOT new.label OR old.normalised IS NOT new.normalised
BEGIN
    DELETE FROM report_claimant_count;
    INSERT INTO report_claimant_count (
        claimant_id, claims, new, in_review, pending_approval, published, dismissed, rated_true,
        rated_false, rated_mixture, rated_other, false_or_misleading, rated
    )
    SELECT
        rc.claimant_id,
        count(*),
        sum(CASE WHEN rc.status = 'new' THEN 1 ELSE 0 END),
        sum(CASE WHEN rc.status = 'in_review' THEN 1 ELSE 0 END),
        sum(CASE WHEN rc.status = 'pending_approval' THEN 1 ELSE 0 END),
        sum(CASE WHEN rc.status = 'published' THEN 1 ELSE 0 END),
        sum(CASE WHEN rc.status = 'dismissed' THEN 1 ELSE 0 END),
        sum(CASE WHEN l.normalised = 'TRUE' THEN 1 ELSE 0 END),
        sum(CASE WHEN l.normalised = 'FALSE' THEN 1 ELSE 0 END),
        sum(CASE WHEN l.normalised = 'MIXTURE' THEN 1 ELSE 0 END),
        sum(CASE WHEN l.normalised = 'OTHER' THEN 1 ELSE 0 END),
        sum(CASE WHEN l.normalised = 'FALSE' OR l.label = 'misleading' THEN 1 ELSE 0 END),
        count(rc.label_id)
    FROM report_claim AS rc
    LEFT JOIN rating_label AS l ON l.id = rc.label_id
    WHERE rc.claimant_id IS NOT NULL
    GROUP BY rc.claimant_id;
    DELETE FROM report_evidence_count;
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
END;
