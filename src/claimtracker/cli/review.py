"""Review workflow commands: assign, start, unassign, verify, approve, send-back, dismiss,
reopen, queue, history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimtracker.cli.bulk import (
    claim_refs_argument,
    dry_run_option,
    finish,
    moved,
    read_refs,
    unit_of_work,
)
from claimtracker.cli.context import get_app
from claimtracker.cli.options import paging_options, truncate
from claimtracker.cli.output import emit_records, format_option, resolve_format
from claimtracker.enums import DismissalReason
from claimtracker.errors import InvalidInput

if TYPE_CHECKING:
    from claimtracker.models import Claim


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
    and every refused claim is named. A claim someone else reviews is handed over (its
    history says instead of whom). Prints the id of each claim assigned.
    """
    from claimtracker.services import assignment, bulk, users

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    to = assignment.user_name(assignee)
    with unit_of_work(app, dry_run=dry_run) as session:
        to = users.admit(session, to, inputs=("to",))
        done = bulk.for_each_claim(
            session, refs, lambda claim: assignment.assign(session, claim.id, to, actor=app.user)
        )
    finish(done, dry_run=dry_run, would=lambda d: f"assign #{d.claim_id} to {to} ({moved(d)})")


@click.command("start")
@claim_refs_argument
@click.option(
    "--take-over",
    is_flag=True,
    help="Take claims that someone else is reviewing (their history says from whom).",
)
@dry_run_option
@click.pass_context
def start(ctx: click.Context, claim_refs: tuple[str, ...], take_over: bool, dry_run: bool) -> None:
    """Take claims (ID…, or - to read ids from stdin) yourself and start reviewing them.

    A claim assigned to someone else is refused (nothing changes) unless --take-over. All or
    nothing, as `claim assign`. Prints the id of each claim started.
    """
    from claimtracker.services import assignment, bulk

    app = get_app(ctx)
    refs = read_refs(claim_refs)

    def step(claim: Claim) -> str | None:
        started = assignment.start(session, claim.id, actor=app.user, take_over=take_over)
        return started.taken_over_from

    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(session, refs, step)
    finish(
        done,
        dry_run=dry_run,
        would=lambda d: (
            f"start #{d.claim_id} ({moved(d)})"
            + (f", taking it over from {d.value}" if d.value else "")
        ),
        note=lambda d: f"claim #{d.claim_id}: taken over from {d.value}" if d.value else None,
    )


@click.command("unassign")
@claim_refs_argument
@click.option("--reason", help="Why.")
@dry_run_option
@click.pass_context
def unassign(
    ctx: click.Context, claim_refs: tuple[str, ...], reason: str | None, dry_run: bool
) -> None:
    """Return claims (ID…, or - to read ids from stdin) from review to the pool of new claims.

    Anyone may give a claim back (a desk redistributes the work of someone away); when it is
    neither its reviewer nor the one who assigned it, the command says whose claim it was
    ("claim #12 was bob's (assigned by ann)") and its history records it. All or nothing.
    """
    from claimtracker.services import assignment, bulk

    app = get_app(ctx)
    refs = read_refs(claim_refs)

    def step(claim: Claim) -> str | None:
        result = assignment.unassign(session, claim.id, actor=app.user, reason=reason)
        if not result.by_someone_else:
            return None
        by = result.assigned_by
        return f"{result.assignee}'s" + (
            f" (assigned by {by})" if by and by != result.assignee else ""
        )

    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(session, refs, step)
    finish(
        done,
        dry_run=dry_run,
        would=lambda d: (
            f"unassign #{d.claim_id} ({moved(d)})" + (f": it was {d.value}" if d.value else "")
        ),
        note=lambda d: f"claim #{d.claim_id} was {d.value}" if d.value else None,
    )


@click.command("send-back")
@claim_refs_argument
@click.option("--reason", required=True, help="What the reviewer must do.")
@dry_run_option
@click.pass_context
def send_back(ctx: click.Context, claim_refs: tuple[str, ...], reason: str, dry_run: bool) -> None:
    """Send claims (ID…, or - to read ids from stdin) back from approval to review, with a
    reason.

    All or nothing. Prints the id of each claim sent back.
    """
    from claimtracker.services import bulk, review

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    why = review.clean_reason(reason)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: review.send_back(session, claim.id, reason=why, actor=app.user).id,
        )
    finish(done, dry_run=dry_run, would=lambda d: f"send back #{d.claim_id} ({moved(d)})")


@click.command("dismiss")
@claim_refs_argument
@click.option(
    "--reason",
    required=True,
    type=click.Choice([r.value.replace("_", "-") for r in DismissalReason]),
    help="Why the claims get no verdict.",
)
@click.option(
    "--of", "duplicate_ref", metavar="ID", help="With --reason duplicate: of which claim."
)
@click.option("--note", help="A word of explanation.")
@dry_run_option
@click.pass_context
def dismiss(
    ctx: click.Context,
    claim_refs: tuple[str, ...],
    reason: str,
    duplicate_ref: str | None,
    note: str | None,
    dry_run: bool,
) -> None:
    """Dismiss claims (ID…, or - to read ids from stdin) without a verdict (opinion, not
    checkable, duplicate, out of scope).

    `claim dismiss 31 32 33 --reason duplicate --of 12` dismisses three copies of one hoax.
    All or nothing. Prints the id of each claim dismissed.
    """
    from claimtracker.services import bulk, review
    from claimtracker.services.claims import get_claim

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    why = DismissalReason(reason.replace("-", "_"))
    with unit_of_work(app, dry_run=dry_run) as session:
        duplicate = get_claim(session, duplicate_ref) if duplicate_ref else None
        review.check_dismissal(why, duplicate)
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: (
                review.dismiss(
                    session, claim.id, reason=why, actor=app.user, duplicate_of=duplicate, note=note
                ).id
            ),
        )
        as_what = f"a duplicate of #{duplicate.id}" if duplicate else reason
    finish(
        done, dry_run=dry_run, would=lambda d: f"dismiss #{d.claim_id} as {as_what} ({moved(d)})"
    )


@click.command("reopen")
@claim_refs_argument
@click.option("--reason", required=True, help="Why (a correction, new evidence …).")
@dry_run_option
@click.pass_context
def reopen(ctx: click.Context, claim_refs: tuple[str, ...], reason: str, dry_run: bool) -> None:
    """Reopen claims (ID…, or - to read ids from stdin): a published claim goes back to review
    (its verdict stays current until a correction is approved); a dismissed claim becomes new.

    All or nothing. Prints the id of each claim reopened.
    """
    from claimtracker.services import bulk, review

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    why = review.clean_reason(reason)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: review.reopen(session, claim.id, reason=why, actor=app.user).id,
        )
    finish(done, dry_run=dry_run, would=lambda d: f"reopen #{d.claim_id} ({moved(d)})")


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
@format_option(ids=True)
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
    """What needs doing: open claims, oldest first, with age and assignee.

    A table shows one page and says on stderr where it stands; json, jsonl, csv, tsv and ids
    carry every open claim the filters select, unless --limit or --page is given
    (`claim queue --unassigned --format ids | claim assign - --to bob`).
    """
    from claimtracker.cli.listing import Counted, page_note, reading, say, window
    from claimtracker.services.queue import QueueFilter, count_queue, iter_queue

    if mine and unassigned:
        raise click.UsageError("--mine and --unassigned exclude each other")
    app = get_app(ctx)
    filters = QueueFilter(
        assignee=app.user if mine else None,
        unassigned=unassigned,
        awaiting_approval=awaiting_approval,
        stale_days=stale_days,
    )
    fmt = resolve_format(output_format)
    win = window(ctx, fmt, limit=limit, page=page)
    counted = Counted()
    with reading(app) as session:
        rows = iter_queue(session, filters, limit=win.limit, offset=win.offset)
        if fmt == "table":
            from dataclasses import replace

            rows = iter([replace(r, text=truncate(r.text, 60)) for r in rows])
        emit_records(counted(rows), fmt, QUEUE_COLUMNS)
        say(page_note(win, counted.count, lambda: count_queue(session, filters), "open claims"))


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
        from claimtracker.cli.times import shown

        for row in rows:
            click.echo(f"{shown(row.at)}  {row.actor:<12} {row.description}")
        return
    emit_records(rows, output_format, ["event_id", "at", "actor", "action", "description"])
