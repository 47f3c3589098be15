"""Correcting the record: retract, restore, tag — each on several claims, all or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtracker.cli.bulk import (
    claim_refs_argument,
    dry_run_option,
    read_refs,
    say_dry_run,
    unit_of_work,
)
from claimtracker.cli.context import get_app

if TYPE_CHECKING:
    from claimtracker.services.tags import TagChange


@click.command("retract")
@claim_refs_argument
@click.option("--reason", required=True, help="Why the claims were captured by mistake.")
@dry_run_option
@click.pass_context
def retract(ctx: click.Context, claim_refs: tuple[str, ...], reason: str, dry_run: bool) -> None:
    """Retract claims captured by mistake (ID…, or - to read ids from stdin), with a reason.

    A retracted claim leaves every listing, search, queue, report and export; it stays in the
    database with its history (`claim show` says who retracted it, when and why; `claim
    history` lists it) and in the JSON Lines dump, and takes no workflow step or change until
    `claim restore`. A claim with a published verdict is corrected, not retracted (`claim
    reopen`). All or nothing: one refused claim and none is retracted, every refusal named.
    Prints the id of each claim retracted.
    """
    from claimtracker.services import bulk, retraction

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: retraction.retract(session, claim.id, reason=reason, actor=app.user),
        )
    if dry_run:
        say_dry_run([f"retract #{d.claim_id}" for d in done])
        return
    for item in done:
        click.echo(item.claim_id)


@click.command("restore")
@claim_refs_argument
@click.option("--reason", help="Why the claims come back.")
@dry_run_option
@click.pass_context
def restore(
    ctx: click.Context, claim_refs: tuple[str, ...], reason: str | None, dry_run: bool
) -> None:
    """Restore retracted claims (ID…, or - to read ids from stdin): back everywhere, as they were.

    All or nothing: a claim that is not retracted is refused and none is restored. Prints the
    id of each claim restored.
    """
    from claimtracker.services import bulk, retraction

    app = get_app(ctx)
    refs = read_refs(claim_refs)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: retraction.restore(session, claim.id, reason=reason, actor=app.user),
        )
    if dry_run:
        say_dry_run([f"restore #{d.claim_id}" for d in done])
        return
    for item in done:
        click.echo(item.claim_id)


@click.command("tag")
@claim_refs_argument
@click.option("--add", "added", multiple=True, metavar="TAG", help="A tag to add (repeat).")
@click.option("--remove", "removed", multiple=True, metavar="TAG", help="A tag to remove (repeat).")
@dry_run_option
@click.pass_context
def tag(
    ctx: click.Context,
    claim_refs: tuple[str, ...],
    added: tuple[str, ...],
    removed: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Add and remove tags of claims (ID…, or - to read ids from stdin).

    `claim tag 10 11 --add psyop --add ai --remove china`. Tags are cleaned as `claim add`
    cleans them (lower case, single spaces). A claim that already has a tag to add, or lacks
    one to remove, has nothing to do for it, and the command says so. All or nothing: an
    unknown or retracted claim is refused and no claim changes. Prints the id of each claim
    whose tags changed.
    """
    from claimtracker.services import bulk, tags

    if not added and not removed:
        raise click.UsageError("give at least one --add TAG or --remove TAG")
    app = get_app(ctx)
    refs = read_refs(claim_refs)
    to_add, to_remove = tags.cleaned_tags(added, removed)
    with unit_of_work(app, dry_run=dry_run) as session:
        done = bulk.for_each_claim(
            session,
            refs,
            lambda claim: tags.tag_claim(
                session, claim.id, add=to_add, remove=to_remove, actor=app.user
            ),
        )
    for item in done:
        change = item.value
        if not change.changed:
            click.echo(f"claim #{item.claim_id}: nothing to do ({_unchanged(change)})", err=True)
        elif change.already or change.absent:
            click.echo(f"claim #{item.claim_id}: {_unchanged(change)}", err=True)
    changed = [d for d in done if d.value.changed]
    if dry_run:
        say_dry_run([f"tag #{d.claim_id}: {_words(d.value)}" for d in changed])
        return
    for item in changed:
        click.echo(item.claim_id)


def _words(change: TagChange) -> str:
    """ "+psyop −ai": what the claim gains and loses."""
    return " ".join([f"+{t}" for t in change.added] + [f"\u2212{t}" for t in change.removed])


def _unchanged(change: TagChange) -> str:
    parts = []
    if change.already:
        parts.append("already tagged " + ", ".join(change.already))
    if change.absent:
        parts.append("not tagged " + ", ".join(change.absent))
    return "; ".join(parts)
