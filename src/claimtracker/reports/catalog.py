"""The named reports: each reads one documented view, with optional filters.

Kept free of SQLAlchemy so `claim report` can list them without opening a database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    """A named report over one view."""

    name: str
    view: str
    description: str
    columns: tuple[str, ...]
    # ORDER BY clause, in the view's columns (fixed text, never user input).
    order_by: str
    # Column that --since/--until filter on (a timestamp or a 'YYYY-MM' month), if any.
    date_column: str | None = None
    # True when date_column holds 'YYYY-MM' month text rather than a timestamp.
    date_is_month: bool = False
    # What --since/--until compare, in words (`claim report` lists it; docs/reports.md too).
    dates: str | None = None
    # Column that --claimant filters on (a claimant's name), if any.
    claimant_column: str | None = None
    # The claimant's id beside that name, if the view has it: --claimant then finds the
    # entities by name and the claims by their indexed claimant_id, instead of comparing the
    # name of every row (`claim report claim-overview --claimant NAME` at 1M claims on
    # SQLite: 2.6 s to 0.27 s for the whole command).
    claimant_id_column: str | None = None
    # For --chart: the column that labels a bar and the column that gives its length.
    chart_label: str | None = None
    chart_value: str | None = None


# The month of a verdict whose date is unknown (a review imported without one), in the views
# that count by month (migration 0008).
UNKNOWN_MONTH = "unknown"

# One report per view of migration 0002, named after its view; see docs/reports.md for every
# column. Timestamps are UTC; ``month`` columns are 'YYYY-MM' text.
_VIEW_REPORTS: tuple[Report, ...] = (
    Report(
        name="claim-overview",
        view="claim_overview",
        description="Every claim with its claimant, first source, status, current "
        "verdict and counts.",
        columns=(
            "claim_id",
            "public_id",
            "text",
            "language",
            "kind",
            "claimant_id",
            "claimant",
            "claimant_role",
            "claimed_at",
            "claimed_precision",
            "first_source_title",
            "first_source_url",
            "first_appeared_at",
            "status",
            "assignee",
            "verdict_id",
            "verdict_label",
            "verdict_normalised",
            "verdict_original_rating",
            "verdict_published_at",
            "verdict_published_precision",
            "verdict_origin",
            "verdict_publisher",
            "verdict_review_url",
            "verdict_review_title",
            "reviewer",
            "approvers",
            "appearances",
            "evidence_supports",
            "evidence_refutes",
            "evidence_contextualizes",
            "evidence_mentions",
            "rebuttals",
            "created_at",
            "updated_at",
        ),
        order_by="claim_id",
        date_column="created_at",
        dates="the day the claim was captured (created_at, UTC)",
        claimant_column="claimant",
        claimant_id_column="claimant_id",
    ),
    Report(
        name="review-queue",
        view="review_queue",
        description="Claims waiting for review or approval, oldest first, with their "
        "age and last action.",
        columns=(
            "claim_id",
            "text",
            "claimant",
            "status",
            "assignee",
            "created_at",
            "age_days",
            "last_event_at",
            "last_event_action",
            "proposed_verdict_label",
        ),
        order_by="created_at, claim_id",
        date_column="created_at",
        dates="the day the claim was captured (created_at, UTC)",
        claimant_column="claimant",
    ),
    Report(
        name="verdicts-by-month",
        view="verdicts_by_month",
        description="Published verdicts counted by month of publication and rating.",
        columns=("month", "scale", "label", "normalised", "original_rating", "verdicts"),
        order_by="month, scale, label, original_rating",
        date_column="month",
        date_is_month=True,
        dates="the month the verdict was published (month; undated reviews left out)",
        chart_label="month",
        chart_value="verdicts",
    ),
    Report(
        name="claimant-record",
        view="claimant_record",
        description="Each claimant's claims by review status and current verdict, "
        "with the share rated false or misleading.",
        columns=(
            "claimant_id",
            "claimant",
            "kind",
            "claims",
            "new",
            "in_review",
            "pending_approval",
            "published",
            "dismissed",
            "rated_true",
            "rated_false",
            "rated_mixture",
            "rated_other",
            "false_or_misleading",
            "share_false_or_misleading",
        ),
        order_by="false_or_misleading DESC, claims DESC, claimant_id",
        claimant_column="claimant",
        claimant_id_column="claimant_id",
        chart_label="claimant",
        chart_value="false_or_misleading",
    ),
    Report(
        name="rebuttal-map",
        view="rebuttal_map",
        description="Claims that rebut, support or contextualize each claim, with "
        "the sources they appear in.",
        columns=(
            "claim_id",
            "claim_text",
            "claimant",
            "link_type",
            "responding_claim_id",
            "responding_text",
            "responding_claimant",
            "responding_status",
            "responding_verdict_label",
            "appears_in_source_id",
            "appears_in_title",
            "appears_in_url",
            "appears_in_kind",
        ),
        order_by="claim_id, link_type, responding_claim_id, appears_in_source_id",
        claimant_column="claimant",
    ),
    Report(
        name="review-turnaround",
        view="review_turnaround",
        description="Days from capture to published verdict, by month and reviewer.",
        columns=("month", "reviewer", "verdicts", "avg_days", "min_days", "max_days"),
        order_by="month, reviewer",
        date_column="month",
        date_is_month=True,
        dates="the month the verdict was published (month)",
    ),
    Report(
        name="evidence-sources",
        view="evidence_sources",
        description="Evidence counted by publisher, kind of source, verdict and stance.",
        columns=(
            "publisher",
            "source_kind",
            "verdict_normalised",
            "stance",
            "evidence",
            "claims",
        ),
        order_by="evidence DESC, publisher, source_kind, verdict_normalised, stance",
        chart_label="publisher",
        chart_value="evidence",
    ),
)

REPORTS: dict[str, Report] = {report.name: report for report in _VIEW_REPORTS}
