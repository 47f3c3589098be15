"""`claim entity edit|alias|history`: correcting claimants, publishers and authors."""

from __future__ import annotations

from typing import Any

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.output import emit_records, format_option, resolve_format
from claimtracker.enums import EntityKind, EventAction

ENTITY_KINDS = [k.value for k in EntityKind]


def _changed_line(entity_id: int, action: EventAction, payload: dict[str, Any]) -> str:
    from claimtracker.services.history import describe_event

    return f"entity #{entity_id}: {describe_event(action, payload, None)}"


@click.command("edit")
@click.argument("entity_ref", metavar="ID|NAME")
@click.option("--name", help="The right name; the old one stays an alias (see --no-keep-alias).")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="What sort of actor it is.")
@click.option("--role", help='What they are ("CEO of Curai"); "" removes it.')
@click.option(
    "--wikidata", "wikidata_id", metavar="QID", help='Wikidata item (Q42 or its URL); "".'
)
@click.option("--url", metavar="URL", help='Its own site; "" removes it.')
@click.option("--description", help='A line about who this is; "" removes it.')
@click.option(
    "--keep-alias/--no-keep-alias",
    default=True,
    show_default=True,
    help="On a rename, keep the old name as an alias so that it still finds the entity.",
)
@click.option("--allow-same-name", is_flag=True, help="Rename even if another entity has the name.")
@click.option("--reason", help="Why (kept in the history).")
@click.pass_context
def edit(
    ctx: click.Context,
    entity_ref: str,
    name: str | None,
    kind: str | None,
    role: str | None,
    wikidata_id: str | None,
    url: str | None,
    description: str | None,
    keep_alias: bool,
    allow_same_name: bool,
    reason: str | None,
) -> None:
    """Correct an entity: its name, kind, role, Wikidata id, site or description.

    Prints the entity's id; each change is told on stderr as before → after, and recorded in
    its history (`claim entity history`). A renamed entity keeps answering to its old name
    (an alias) unless --no-keep-alias: claims and imports that spell it the old way still
    find it. An empty value ("") removes an optional field.

    \b
    claim entity edit Deepseek --name DeepSeek --kind organisation
    claim entity edit 12 --wikidata Q123456 --url https://www.deepseek.com/
    """
    from claimtracker.services.entities import get_entity
    from claimtracker.services.entity_edit import EntityChanges, edit_entity

    changes = EntityChanges(
        name=name,
        kind=EntityKind(kind) if kind else None,
        role=role,
        wikidata_id=wikidata_id,
        url=url,
        description=description,
        keep_alias=keep_alias,
        allow_same_name=allow_same_name,
    )
    if changes.is_empty():
        raise click.UsageError(
            "nothing to change: give --name, --kind, --role, --wikidata, --url or --description"
        )
    app = get_app(ctx)
    with app.session() as session:
        entity = get_entity(session, entity_ref)
        changed = edit_entity(session, entity, changes, actor=app.user, reason=reason)
        entity_id = entity.id
    if changed:
        line = _changed_line(entity_id, EventAction.ENTITY_EDITED, {"changes": changed})
    else:
        line = f"entity #{entity_id} already had these values: nothing changed"
    click.echo(line, err=True)
    click.echo(entity_id)


@click.group("alias", cls=CommandGroup)
def alias_group() -> None:
    """Other names an entity answers to."""


@alias_group.command("add")
@click.argument("entity_ref", metavar="ID|NAME")
@click.argument("aliases", metavar="ALIAS…", nargs=-1, required=True)
@click.pass_context
def alias_add(ctx: click.Context, entity_ref: str, aliases: tuple[str, ...]) -> None:
    """Give an entity other names (a handle, a spelling, a name in another script).

    A name that already leads to another entity is refused, naming it: merge the two if they
    are one. Names the entity already answers to are skipped. Prints the entity's id.
    """
    from claimtracker.services.entities import get_entity
    from claimtracker.services.entity_edit import add_aliases

    app = get_app(ctx)
    with app.session() as session:
        entity = get_entity(session, entity_ref)
        added = add_aliases(session, entity, list(aliases), actor=app.user)
        entity_id = entity.id
    if added:
        line = _changed_line(entity_id, EventAction.ENTITY_ALIAS_ADDED, {"added": added})
    else:
        line = f"entity #{entity_id} already answers to these names: nothing changed"
    click.echo(line, err=True)
    click.echo(entity_id)


@alias_group.command("remove")
@click.argument("entity_ref", metavar="ID|NAME")
@click.argument("aliases", metavar="ALIAS…", nargs=-1, required=True)
@click.pass_context
def alias_remove(ctx: click.Context, entity_ref: str, aliases: tuple[str, ...]) -> None:
    """Take aliases away from an entity (all of them, or none if one is not its alias).

    Prints the entity's id.
    """
    from claimtracker.services.entities import get_entity
    from claimtracker.services.entity_edit import remove_aliases

    app = get_app(ctx)
    with app.session() as session:
        entity = get_entity(session, entity_ref)
        removed = remove_aliases(session, entity, list(aliases), actor=app.user)
        entity_id = entity.id
    click.echo(
        _changed_line(entity_id, EventAction.ENTITY_ALIAS_REMOVED, {"removed": removed}), err=True
    )
    click.echo(entity_id)


@click.command("history")
@click.argument("entity_ref", metavar="ID|NAME")
@format_option()
@click.pass_context
def history(ctx: click.Context, entity_ref: str, output_format: str | None) -> None:
    """Every event of an entity, in order, in words (edits, aliases, merges).

    Each line starts with the event's id: a merge is undone with `claim entity unmerge ID`.
    """
    from claimtracker.services.entities import get_entity
    from claimtracker.services.record_history import entity_history

    app = get_app(ctx)
    with app.session() as session:
        rows = entity_history(session, get_entity(session, entity_ref).id)
    if resolve_format(output_format) == "table":
        from claimtracker.cli.times import shown

        for row in rows:
            click.echo(f"#{row.event_id:<5} {shown(row.at)}  {row.actor:<12} {row.description}")
        return
    emit_records(rows, output_format, ["event_id", "at", "actor", "action", "description"])
