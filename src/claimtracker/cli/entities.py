"""`claim entity …`: claimants, publishers and authors."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.options import paging_options
from claimtracker.cli.output import emit_record, emit_records, format_option
from claimtracker.enums import EntityKind

ENTITY_KINDS = [k.value for k in EntityKind]
COLUMNS = ["id", "name", "kind", "role", "wikidata_id", "aliases", "claims"]


@click.group("entity", cls=CommandGroup)
def entity_group() -> None:
    """People, organisations, outlets, accounts and collectives that make claims."""


@entity_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), default="unknown", show_default=True)
@click.option("--role", help='What they are ("CEO of Curai").')
@click.option("--wikidata", "wikidata_id", metavar="QID", help="Wikidata item id (Q42) or URL.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat for several).")
@click.option("--description", help="A line about who this is.")
@click.option("--allow-same-name", is_flag=True, help="Add even if an entity has this name.")
@click.pass_context
def add(
    ctx: click.Context,
    name: str,
    kind: str,
    role: str | None,
    wikidata_id: str | None,
    aliases: tuple[str, ...],
    description: str | None,
    allow_same_name: bool,
) -> None:
    """Record an entity; prints its id."""
    from claimtracker.services.entities import add_entity

    app = get_app(ctx)
    with app.session() as session:
        entity = add_entity(
            session,
            name,
            actor=app.user,
            kind=EntityKind(kind),
            role=role,
            wikidata_id=wikidata_id,
            aliases=list(aliases),
            description=description,
            allow_same_name=allow_same_name,
        )
        entity_id = entity.id
    click.echo(entity_id)


@entity_group.command("list")
@click.argument("query", required=False)
@click.option("--kind", type=click.Choice(ENTITY_KINDS), help="Only entities of this kind.")
@paging_options
@format_option()
@click.pass_context
def list_(
    ctx: click.Context,
    query: str | None,
    kind: str | None,
    limit: int,
    page: int,
    output_format: str | None,
) -> None:
    """List entities by name (QUERY filters names and aliases), with their claim counts."""
    from claimtracker.services.entities import list_entities

    app = get_app(ctx)
    with app.session() as session:
        rows = list_entities(
            session,
            query=query,
            kind=EntityKind(kind) if kind else None,
            limit=limit,
            offset=(page - 1) * limit,
        )
    emit_records(rows, output_format, COLUMNS)


@entity_group.command("show")
@click.argument("entity_ref", metavar="ID|NAME")
@format_option()
@click.pass_context
def show(ctx: click.Context, entity_ref: str, output_format: str | None) -> None:
    """Show an entity, its aliases and the claims it made."""
    from claimtracker.cli.render import entity_record
    from claimtracker.services.entities import describe, get_entity

    app = get_app(ctx)
    with app.session() as session:
        detail = describe(session, get_entity(session, entity_ref))
    emit_record(entity_record(detail), output_format)


@entity_group.command("merge")
@click.argument("keep_ref", metavar="KEEP")
@click.argument("other_ref", metavar="OTHER")
@click.pass_context
def merge(ctx: click.Context, keep_ref: str, other_ref: str) -> None:
    """Merge entity OTHER into KEEP: its claims move, its names become aliases of KEEP."""
    from claimtracker.services.entities import get_entity, merge_entities

    app = get_app(ctx)
    with app.session() as session:
        kept = merge_entities(
            session, get_entity(session, keep_ref), get_entity(session, other_ref), actor=app.user
        )
        kept_id = kept.id
    click.echo(kept_id)
