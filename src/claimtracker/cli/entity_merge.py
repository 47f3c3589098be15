"""`claim entity merge|unmerge`: fold one entity into another after saying what moves; undo it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimtracker.cli import terminal
from claimtracker.cli.context import get_app

if TYPE_CHECKING:
    from claimtracker.services.entity_merge import FieldOutcome, MergePlan

# What a merge moves, as the plan names it (keys of entity_merge.REFERENCES).
_MOVES = {
    "claims": "claims",
    "published_sources": "sources it published",
    "authored_sources": "sources it wrote",
    "published_verdicts": "imported reviews it published",
}
_SHOWN_IDS = 10


def _ids(ids: list[int]) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:_SHOWN_IDS])
    return shown + (f" and {len(ids) - _SHOWN_IDS:,} more" if len(ids) > _SHOWN_IDS else "")


def _value(field: str, value: str | None) -> str:
    if field == "same_as":
        import json

        return f"{len(json.loads(value))} identifiers" if value else "(none)"
    if value is None:
        return "(none)"
    return value.replace("_", " ") if field == "kind" else repr(value)


def _field_line(outcome: FieldOutcome, merged_id: int) -> str | None:
    field, label = outcome.field, outcome.field.replace("_", " ")
    if outcome.survivor is None and outcome.merged is None:
        return None
    if outcome.taken:
        return f"{label}: {_value(field, outcome.result)}, taken from #{merged_id}"
    line = f"{label}: {_value(field, outcome.survivor)} kept"
    if outcome.lost:
        line += f"; #{merged_id}'s {_value(field, outcome.merged)} is dropped"
    return line


def render_plan(plan: MergePlan) -> str:
    """The merge as a person reads it before agreeing to it."""
    keep, gone = plan.survivor_id, plan.merged_id
    lines = [f"Merge #{gone} {plan.merged_name!r} into #{keep} {plan.survivor_name!r}:"]
    for name, words in _MOVES.items():
        ids = plan.moves.get(name, [])
        if ids or name == "claims":
            moved = f"{len(ids):,} move to #{keep}" + (f" ({_ids(ids)})" if ids else "")
            lines.append(f"  {words}: {moved if ids else 'none'}")
    if plan.new_aliases:
        names = ", ".join(repr(n) for n in plan.new_aliases)
        lines.append(f"  names #{keep} gains as aliases: {names}")
    lines.extend(f"  {line}" for o in plan.fields if (line := _field_line(o, gone)) is not None)
    lines.append(f"  #{gone} is then deleted; `claim entity unmerge EVENT_ID` undoes the merge.")
    return "\n".join(lines)


@click.command("merge")
@click.argument("keep_ref", metavar="KEEP")
@click.argument("other_ref", metavar="OTHER")
@click.option("--yes", "-y", is_flag=True, help="Merge without asking (needed without a terminal).")
@click.option("--dry-run", is_flag=True, help="Only show what the merge would do.")
@click.pass_context
def merge(ctx: click.Context, keep_ref: str, other_ref: str, yes: bool, dry_run: bool) -> None:
    """Merge entity OTHER into KEEP: its claims move, its names become aliases of KEEP.

    KEEP and OTHER are ids or names (a name two entities answer to is refused, naming their
    ids). The command first shows what will move: claims, sources and imported reviews,
    the names KEEP gains, and which kind, role, Wikidata id and site survive or are dropped;
    then asks (default no). --yes skips the question; without a terminal it is required.
    Prints KEEP's id; the merge event's id is told on stderr, for `claim entity unmerge`.

    \b
    claim entity merge DeepSeek "DeepSeek AI"
    """
    from claimtracker.services.entities import get_entity
    from claimtracker.services.entity_merge import merge as merge_entities
    from claimtracker.services.entity_merge import plan_merge

    app = get_app(ctx)
    with app.session() as session:
        plan = plan_merge(session, get_entity(session, keep_ref), get_entity(session, other_ref))
    if dry_run:
        click.echo(render_plan(plan))
        return
    if not yes and not terminal.stdin_is_terminal():
        raise click.ClickException(
            f"merging #{plan.merged_id} into #{plan.survivor_id} needs a yes: run it on a "
            "terminal to answer, or add --yes (--dry-run shows the plan)"
        )
    click.echo(render_plan(plan), err=True)
    if not yes:
        click.confirm("Merge?", default=False, abort=True, err=True)
    with app.session() as session:
        survivor = get_entity(session, f"#{plan.survivor_id}")
        merged = get_entity(session, f"#{plan.merged_id}")
        _, event_id = merge_entities(session, survivor, merged, actor=app.user, expected=plan)
    click.echo(
        f"merged #{plan.merged_id} into #{plan.survivor_id} (event #{event_id}; "
        f"undo: claim entity unmerge {event_id})",
        err=True,
    )
    click.echo(plan.survivor_id)


@click.command("unmerge")
@click.argument("event_ref", metavar="EVENT_ID")
@click.pass_context
def unmerge(ctx: click.Context, event_ref: str) -> None:
    """Undo the merge recorded by event EVENT_ID: the merged entity comes back with its claims.

    The entity is recreated under its old id with its name, kind, role, aliases and the rest;
    the claims, sources and reviews the merge moved go back to it, unless they were given to
    another entity since; claims given to the survivor after the merge stay with it. The
    survivor gives back the aliases and fields it took. A merge is undone once. Prints the
    restored entity's id. The merge event's id is in `claim entity show` / `history` of the
    survivor.
    """
    from claimtracker.services.entity_unmerge import unmerge as unmerge_event
    from claimtracker.services.refs import parse_id

    event_id = parse_id(event_ref)
    if event_id is None:
        raise click.BadParameter(f"{event_ref!r} is not an event id", param_hint="EVENT_ID")
    app = get_app(ctx)
    with app.session() as session:
        done = unmerge_event(session, event_id, actor=app.user)
    claims = len(done.moved_back["claims"])
    stayed = sum(len(ids) for ids in done.stayed.values())
    note = f"; {stayed} record(s) changed since stay where they are" if stayed else ""
    click.echo(
        f"restored #{done.restored_id} {done.restored_name!r} from #{done.survivor_id}: "
        f"{claims} claim(s) moved back{note} (event #{done.event_id})",
        err=True,
    )
    click.echo(done.restored_id)
