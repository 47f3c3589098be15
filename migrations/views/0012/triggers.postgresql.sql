-- Revision 0012: 0008's triggers, and retracted claims: report_on_claim takes a claim out of the
-- summaries when it is retracted and computes it again when it is restored; a claim restored
-- from a dump already retracted gets no row (functions.postgresql.sql says why nothing else
-- needs to know).
-- Revision 0008: 0006's triggers, changed for imported reviews (see tables.postgresql.sql).
-- Triggers that keep the report summaries (PostgreSQL) equal to what the tables say; the work
-- is done by the functions of functions.postgresql.sql. Row triggers fire AFTER the statement
-- (all of its rows are visible to each); the recomputations read the tables as they are then,
-- so the result does not depend on the order the rows come in.

-- ----------------------------------------------------------------- counts follow derived rows

CREATE FUNCTION report_claim_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_count_claimant(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM report_count_claimant(NEW, 1);
        -- A claim's evidence is counted under its current label.
        IF TG_OP = 'UPDATE' AND OLD.label_id IS DISTINCT FROM NEW.label_id THEN
            PERFORM report_claim_evidence(NEW.claim_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_claim_counted AFTER INSERT OR DELETE ON report_claim
FOR EACH ROW EXECUTE FUNCTION report_claim_changed();

CREATE TRIGGER report_claim_recounted AFTER UPDATE OF claimant_id, status, label_id ON report_claim
FOR EACH ROW
WHEN (
    OLD.claimant_id IS DISTINCT FROM NEW.claimant_id
    OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.label_id IS DISTINCT FROM NEW.label_id
)
EXECUTE FUNCTION report_claim_changed();

CREATE FUNCTION report_verdict_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM report_count_verdict(OLD, -1);
    ELSE
        PERFORM report_count_verdict(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

-- report_verdict rows are only inserted and deleted (a recomputation replaces the row).
CREATE TRIGGER report_verdict_counted AFTER INSERT OR DELETE ON report_verdict
FOR EACH ROW EXECUTE FUNCTION report_verdict_changed();

CREATE FUNCTION report_evidence_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM report_count_evidence(OLD, -1);
    ELSE
        PERFORM report_count_evidence(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

-- report_evidence rows are only inserted and deleted (a recomputation replaces the rows).
CREATE TRIGGER report_evidence_counted AFTER INSERT OR DELETE ON report_evidence
FOR EACH ROW EXECUTE FUNCTION report_evidence_changed();

-- ------------------------------------------------------------- the tables ask for recomputing

CREATE FUNCTION report_on_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM report_claim WHERE claim_id = OLD.id;
        DELETE FROM report_evidence WHERE claim_id = OLD.id;
    ELSIF TG_OP = 'INSERT' THEN
        IF NEW.retracted_at IS NOT NULL THEN
            RETURN NULL;
        END IF;
        -- A new claim has nothing attached yet: its row starts with zero counts.
        INSERT INTO report_claim AS rc (
            claim_id, claimant_id, status, appearances, evidence_supports, evidence_refutes,
            evidence_contextualizes, evidence_mentions, rebuttals
        )
        VALUES (NEW.id, NEW.claimant_id, NEW.status, 0, 0, 0, 0, 0, 0)
        ON CONFLICT (claim_id) DO UPDATE SET
            claimant_id = EXCLUDED.claimant_id,
            status = EXCLUDED.status;
    ELSIF OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL THEN
        PERFORM report_claim_retracted(NEW.id);
    ELSIF OLD.retracted_at IS NOT NULL AND NEW.retracted_at IS NULL THEN
        PERFORM report_claim_restored(NEW.id);
    ELSIF (OLD.claimant_id, OLD.status) IS DISTINCT FROM (NEW.claimant_id, NEW.status) THEN
        UPDATE report_claim SET claimant_id = NEW.claimant_id, status = NEW.status
        WHERE claim_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_claim
AFTER INSERT OR DELETE OR UPDATE OF claimant_id, status, retracted_at ON claim
FOR EACH ROW EXECUTE FUNCTION report_on_claim();

-- Turnaround is measured from the claim's capture.
CREATE FUNCTION report_on_claim_recapture() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_refresh_verdict(w.id)
    FROM verdict AS w
    WHERE w.claim_id = NEW.id AND w.state = 'published';
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_claim_recapture AFTER UPDATE OF created_at ON claim
FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
EXECUTE FUNCTION report_on_claim_recapture();

-- Only published verdicts are current or counted: proposals and their approvals change
-- nothing here until they are published.
CREATE FUNCTION report_on_verdict() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_claim_verdict(OLD.claim_id);
        PERFORM report_refresh_verdict(OLD.id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id IS DISTINCT FROM OLD.claim_id) THEN
        PERFORM report_claim_verdict(NEW.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id) THEN
        PERFORM report_refresh_verdict(NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_verdict_insert AFTER INSERT ON verdict
FOR EACH ROW WHEN (NEW.state = 'published')
EXECUTE FUNCTION report_on_verdict();

CREATE TRIGGER report_on_verdict_update AFTER UPDATE ON verdict
FOR EACH ROW WHEN (OLD.state = 'published' OR NEW.state = 'published')
EXECUTE FUNCTION report_on_verdict();

CREATE TRIGGER report_on_verdict_delete AFTER DELETE ON verdict
FOR EACH ROW WHEN (OLD.state = 'published')
EXECUTE FUNCTION report_on_verdict();

-- Approvers are shown for the current verdict only.
CREATE FUNCTION report_on_approval() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_claim_approvers(rc.claim_id)
        FROM verdict AS w
        JOIN report_claim AS rc ON rc.claim_id = w.claim_id AND rc.verdict_id = w.id
        WHERE w.id = OLD.verdict_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM report_claim_approvers(rc.claim_id)
        FROM verdict AS w
        JOIN report_claim AS rc ON rc.claim_id = w.claim_id AND rc.verdict_id = w.id
        WHERE w.id = NEW.verdict_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_approval AFTER INSERT OR UPDATE OR DELETE ON verdict_approval
FOR EACH ROW EXECUTE FUNCTION report_on_approval();

-- Appearances (first appearance, count), evidence (counts, groups) and rebuttals: the part
-- of the claim's row that the table feeds, for the claim before and after the change.
CREATE FUNCTION report_on_claim_child() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_claim integer;
    new_claim integer;
BEGIN
    IF TG_TABLE_NAME = 'claim_link' THEN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.link_type = 'rebuts' THEN
            old_claim := OLD.to_claim_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.link_type = 'rebuts' THEN
            new_claim := NEW.to_claim_id;
        END IF;
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            old_claim := OLD.claim_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            new_claim := NEW.claim_id;
        END IF;
    END IF;
    IF new_claim IS NOT DISTINCT FROM old_claim THEN
        new_claim := NULL;
    END IF;
    IF TG_TABLE_NAME = 'appearance' THEN
        PERFORM report_claim_appearances(c) FROM unnest(ARRAY[old_claim, new_claim]) AS c
        WHERE c IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'evidence' THEN
        PERFORM report_claim_evidence(c) FROM unnest(ARRAY[old_claim, new_claim]) AS c
        WHERE c IS NOT NULL;
    ELSE
        PERFORM report_claim_rebuttals(c) FROM unnest(ARRAY[old_claim, new_claim]) AS c
        WHERE c IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_appearance AFTER INSERT OR UPDATE OR DELETE ON appearance
FOR EACH ROW EXECUTE FUNCTION report_on_claim_child();

CREATE TRIGGER report_on_evidence AFTER INSERT OR UPDATE OR DELETE ON evidence
FOR EACH ROW EXECUTE FUNCTION report_on_claim_child();

CREATE TRIGGER report_on_link AFTER INSERT OR UPDATE OR DELETE ON claim_link
FOR EACH ROW EXECUTE FUNCTION report_on_claim_child();

-- A source's date orders first appearances, and its title and URL are shown for them; its
-- publisher and kind group evidence.
CREATE FUNCTION report_on_source() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.published_at, OLD.title, OLD.url)
        IS DISTINCT FROM (NEW.published_at, NEW.title, NEW.url)
    THEN
        PERFORM report_claim_appearances(a.claim_id)
        FROM (SELECT DISTINCT claim_id FROM appearance WHERE source_id = NEW.id) AS a;
    END IF;
    IF (OLD.publisher_id, OLD.kind) IS DISTINCT FROM (NEW.publisher_id, NEW.kind) THEN
        PERFORM report_claim_evidence(x.claim_id)
        FROM (SELECT DISTINCT claim_id FROM evidence WHERE source_id = NEW.id) AS x;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_source
AFTER UPDATE OF published_at, title, url, publisher_id, kind ON source
FOR EACH ROW EXECUTE FUNCTION report_on_source();

-- Evidence is grouped by the publisher's name.
CREATE FUNCTION report_on_entity_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_claim_evidence(x.claim_id)
    FROM (
        SELECT DISTINCT e.claim_id
        FROM source AS s
        JOIN evidence AS e ON e.source_id = s.id
        WHERE s.publisher_id = NEW.id
    ) AS x;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_entity_renamed AFTER UPDATE OF name ON entity
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION report_on_entity_renamed();

-- The counts map labels to normalised values when they count: a label edited by hand (the
-- application never edits one) has everything counted again.
CREATE FUNCTION report_on_label() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_recount_labels();
    RETURN NULL;
END
$$;

CREATE TRIGGER report_on_label AFTER UPDATE OF label, normalised ON rating_label
FOR EACH ROW
WHEN (OLD.label IS DISTINCT FROM NEW.label OR OLD.normalised IS DISTINCT FROM NEW.normalised)
EXECUTE FUNCTION report_on_label();
