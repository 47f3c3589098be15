"""Review workflow commands: assign, start, unassign, verify, approve, send-back, dismiss,
reopen, queue, history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimtracker.cli.bulk import (
    claim_refs_argument,
    dry_run_option,
    moved,
    read_refs,
    say_dry_run,
    unit_of_work,
)
from claimtracker.cli.context import get_app
from claimtracker.cli.options import paging_options, truncate
from claimtracker.cli.output import emit_records, format_option, resolve_format
from claimtracker.enums import DismissalReason
from claimtracker.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _claim_id(session: Session, ref: str) -> int:
    from claimtracker.services.claims import get_claim

    return get_claim(session, ref).id


def read_long_text(value: str, what: str) -> str:
    """``@path`` reads the text from a file (UTF-8); anything else is the text itself."""
    if not value.startswith("@"):
        return value
    path = Path(value[1:])
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{what} file {path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{what} file {path} is not UTF-8 (offset {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} file {path}: {exc.strerror}") from None


@click.command("assign")
@claim_refs_argument
@click.option("--to", "assignee", required=True, metavar="USER", help="Who reviews the claims.")
@dry_run_option
@click.pass_context
def assign(ctx: click.Context, claim_refs: tuple[str, ...], assignee: str, dry_run: bool) -> None:
    """Assign claims (ID…, or - to read ids from stdin) to a reviewer; new claims go into review.

    All or nothing: if one claim cannot be assigned (unknown, published, dismissed …) none is,
    and every refused claim is named. Prints the id of each claim assigned.
    """
    from claimtracker.services import bulk, review

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session, refs, lambda claim: review.assign(session, claim.id, assignee, actor=app.user)
        )
    if dry_run:
        say_dry_run([f"assign #{d.claim_id} to {assignee} ({moved(d)})" for d in done])
        return
    for item in done:
        click.echo(item.claim_id)


@click.command("start")
@click.argument("claim_ref", metavar="ID")
@click.pass_context
def start(ctx: click.Context, claim_ref: str) -> None:
    """Take claim ID yourself and start reviewing it."""
    from claimtracker.services import review

    app = get_app(ctx)
    with app.session() as session:
        claim_id = review.assign(
            session, _claim_id(session, claim_ref), app.user, actor=app.user
        ).id
    click.echo(claim_id)


@click.command("unassign")
@click.argument("claim_ref", metavar="ID")
@click.option("--reason", help="Why.")
@click.pass_context
def unassign(ctx: click.Context, claim_ref: str, reason: str | None) -> None:
    """Return claim ID from review to the pool of new claims."""
    from claimtracker.services import review

    app = get_app(ctx)
    with app.session() as session:
        claim_id = review.unassign(
            session, _claim_id(session, claim_ref), actor=app.user, reason=reason
        ).id
    click.echo(claim_id)


@click.command("verify")
@click.argument("claim_ref", metavar="ID")
@click.option("--rating", required=True, help="A label of the rating scale (`claim scale show`).")
@click.option(
    "--rationale",
    required=True,
    metavar="TEXT|@FILE",
    help="Why: the text, or @path to read it from a file.",
)
@click.option(
    "--evidence",
    "evidence_refs",
    multiple=True,
    metavar="SOURCE_ID|URL",
    help="A source the verdict rests on (repeat; at least one).",
)
@click.option("--correction-reason", help="For a correction: why the published verdict changes.")
@click.pass_context
def verify(
    ctx: click.Context,
    claim_ref: str,
    rating: str,
    rationale: str,
    evidence_refs: tuple[str, ...],
    correction_reason: str | None,
) -> None:
    """Propose a verdict for claim ID; prints the verdict id.

    The claim then waits for approval by someone else (or is published at once when the
    database needs no approval: `claim config set review.approvals 0`).
    """
    from claimtracker.services import review, sources

    app = get_app(ctx)
    text = read_long_text(rationale, "rationale")
    with app.session() as session:
        claim_id = _claim_id(session, claim_ref)
        found = [
            sources.resolve(session, ref, sources.SourceInput(), actor=app.user)
            for ref in evidence_refs
        ]
        result = review.verify(
            session,
            claim_id,
            rating=rating,
            rationale=text,
            evidence=found,
            actor=app.user,
            correction_reason=correction_reason,
        )
        verdict_id, published = result.verdict.id, result.published
    click.echo(
        f"claim #{claim_id}: verdict #{verdict_id} "
        + ("published" if published else "awaits approval"),
        err=True,
    )
    click.echo(verdict_id)


@click.command("approve")
@click.argument("claim_ref", metavar="ID")
@click.pass_context
def approve(ctx: click.Context, claim_ref: str) -> None:
    """Approve the verdict proposed for claim ID (not your own); publishes it when enough
    people approved."""
    from claimtracker.services import review

    app = get_app(ctx)
    with app.session() as session:
        claim_id = _claim_id(session, claim_ref)
        result = review.approve(session, claim_id, actor=app.user)
        verdict_id = result.verdict.id
        state = (
            "published"
            if result.published
            else f"{result.approvals} of {result.required} approvals"
        )
    click.echo(f"claim #{claim_id}: verdict #{verdict_id} {state}", err=True)
    click.echo(verdict_id)


@click.command("send-back")
@click.argument("claim_ref", metavar="ID")
@click.option("--reason", required=True, help="What the reviewer must do.")
@click.pass_context
def send_back(ctx: click.Context, claim_ref: str, reason: str) -> None:
    """Send claim ID back from approval to review, with a reason."""
    from claimtracker.services import review

    app = get_app(ctx)
    with app.session() as session:
        claim_id = review.send_back(
            session, _claim_id(session, claim_ref), reason=reason, actor=app.user
        ).id
    click.echo(claim_id)


@click.command("dismiss")
@click.argument("claim_ref", metavar="ID")
@click.option(
    "--reason",
    required=True,
    type=click.Choice([r.value.replace("_", "-") for r in DismissalReason]),
    help="Why the claim gets no verdict.",
)
@click.option(
    "--of", "duplicate_ref", metavar="ID", help="With --reason duplicate: of which claim."
)
@click.option("--note", help="A word of explanation.")
@click.pass_context
def dismiss(
    ctx: click.Context, claim_ref: str, reason: str, duplicate_ref: str | None, note: str | None
) -> None:
    """Dismiss claim ID without a verdict (opinion, not checkable, duplicate, out of scope)."""
    from claimtracker.services import review
    from claimtracker.services.claims import get_claim

    app = get_app(ctx)
    with app.session() as session:
        claim_id = _claim_id(session, claim_ref)
        duplicate = get_claim(session, duplicate_ref) if duplicate_ref else None
        review.dismiss(
            session,
            claim_id,
            reason=DismissalReason(reason.replace("-", "_")),
            actor=app.user,
            duplicate_of=duplicate,
            note=note,
        )
    click.echo(claim_id)


@click.command("reopen")
@click.argument("claim_ref", metavar="ID")
@click.option("--reason", required=True, help="Why (a correction, new evidence …).")
@click.pass_context
def reopen(ctx: click.Context, claim_ref: str, reason: str) -> None:
    """Reopen claim ID: a published claim goes back to review (its verdict stays current until
    a correction is approved); a dismissed claim becomes new."""
    from claimtracker.services import review

    app = get_app(ctx)
    with app.session() as session:
        claim_id = review.reopen(
            session, _claim_id(session, claim_ref), reason=reason, actor=app.user
        ).id
    click.echo(claim_id)


QUEUE_COLUMNS = [
    "id",
    "status",
    "assignee",
    "age_days",
    "idle_days",
    "last_event",
    "claimant",
    "text",
]


@click.command("queue")
@click.option("--mine", is_flag=True, help="Only claims assigned to you.")
@click.option("--unassigned", is_flag=True, help="Only claims nobody has taken.")
@click.option("--awaiting-approval", is_flag=True, help="Only verdicts waiting for approval.")
@click.option(
    "--stale",
    "stale_days",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Only claims with no workflow step for DAYS days.",
)
@paging_options
@format_option()
@click.pass_context
def queue(
    ctx: click.Context,
    mine: bool,
    unassigned: bool,
    awaiting_approval: bool,
    stale_days: int | None,
    limit: int,
    page: int,
    output_format: str | None,
) -> None:
    """What needs doing: open claims, oldest first, with age and assignee."""
    from claimtracker.services.queue import QueueFilter
    from claimtracker.services.queue import queue as open_claims

    if mine and unassigned:
        raise click.UsageError("--mine and --unassigned exclude each other")
    app = get_app(ctx)
    filters = QueueFilter(
        assignee=app.user if mine else None,
        unassigned=unassigned,
        awaiting_approval=awaiting_approval,
        stale_days=stale_days,
    )
    with app.session() as session:
        rows = open_claims(session, filters, limit=limit, offset=(page - 1) * limit)
    if resolve_format(output_format) == "table":
        from dataclasses import replace

        rows = [replace(r, text=truncate(r.text, 60)) for r in rows]
    emit_records(rows, output_format, QUEUE_COLUMNS)


@click.command("history")
@click.argument("claim_ref", metavar="ID")
@format_option()
@click.pass_context
def history(ctx: click.Context, claim_ref: str, output_format: str | None) -> None:
    """Every event of claim ID, in order, in words."""
    from claimtracker.services.claims import get_claim
    from claimtracker.services.history import history as claim_history

    app = get_app(ctx)
    with app.session() as session:
        rows = claim_history(session, get_claim(session, claim_ref))
    if resolve_format(output_format) == "table":
        for row in rows:
            click.echo(f"{row.at:%Y-%m-%d %H:%M:%S}  {row.actor:<12} {row.description}")
        return
    emit_records(rows, output_format, ["event_id", "at", "actor", "action", "description"])
