"""`claim appearance …`: the same claim seen again elsewhere, or an appearance taken back."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.options import dayfirst_option, parse_date_option, truncate
from claimtracker.cli.output import emit_records, format_option, resolve_format
from claimtracker.enums import SourceKind

SOURCE_KINDS = [k.value for k in SourceKind]
COLUMNS = ["id", "source_id", "first", "appeared", "url", "title", "quote"]


@click.group("appearance", cls=CommandGroup)
def appearance_group() -> None:
    """Where a claim was made or repeated: add, remove and list its appearances.

    `claim show ID` lists a claim's appearances with their ids.
    """


@appearance_group.command("add")
@click.argument("claim_ref", metavar="ID")
@click.argument("source_ref", metavar="URL|SOURCE_ID")
@click.option("--quote", help="The claim verbatim as it appears in the source.")
@click.option(
    "--first",
    is_flag=True,
    help="This is where the claim was first made (the appearance marked so before loses it).",
)
@click.option("--at", "appeared_at", metavar="DATE", help='When it appeared there ("28 Jan 2025").')
@click.option("--title", help="Title of the source, when it is new.")
@click.option("--publisher", metavar="NAME", help="Publisher of the source, when it is new.")
@click.option("--source-kind", type=click.Choice(SOURCE_KINDS), help="Kind of source, when new.")
@dayfirst_option
@click.pass_context
def add(
    ctx: click.Context,
    claim_ref: str,
    source_ref: str,
    quote: str | None,
    first: bool,
    appeared_at: str | None,
    title: str | None,
    publisher: str | None,
    source_kind: str | None,
    dayfirst: bool,
) -> None:
    """Record that claim ID appears in a source too; prints the appearance id.

    The source is a source id, or a URL found or created as `claim add --source` does. A
    claim appears in a source once.
    """
    from claimtracker.services import sources
    from claimtracker.services.appearances import add_appearance
    from claimtracker.services.claims import get_claim

    appeared = parse_date_option(appeared_at, dayfirst=dayfirst)
    app = get_app(ctx)
    with app.session() as session:
        claim = get_claim(session, claim_ref)
        source = sources.resolve(
            session,
            source_ref,
            sources.SourceInput(
                title=title,
                publisher=publisher,
                kind=SourceKind(source_kind) if source_kind else None,
            ),
            actor=app.user,
        )
        item = add_appearance(
            session, claim, source, actor=app.user, quote=quote, first=first, appeared=appeared
        )
        item_id, source_id, claim_id = item.id, source.id, claim.id
    first_words = ", the first" if first else ""
    click.echo(
        f"appearance #{item_id}: claim #{claim_id} in source #{source_id}{first_words}", err=True
    )
    click.echo(item_id)


@appearance_group.command("remove")
@click.argument("appearance_ref", metavar="APPEARANCE_ID")
@click.option("--reason", help="Why it is removed (kept in the history).")
@click.pass_context
def remove(ctx: click.Context, appearance_ref: str, reason: str | None) -> None:
    """Remove appearance APPEARANCE_ID, recorded by mistake; prints its id.

    The claim's history keeps what it was.
    """
    from claimtracker.services.appearances import get_appearance, remove_appearance

    app = get_app(ctx)
    with app.session() as session:
        item = get_appearance(session, appearance_ref, for_update=True)
        item_id = item.id
        remove_appearance(session, item, actor=app.user, reason=reason)
    click.echo(item_id)


@appearance_group.command("list")
@click.argument("claim_ref", metavar="ID")
@format_option()
@click.pass_context
def list_(ctx: click.Context, claim_ref: str, output_format: str | None) -> None:
    """List the appearances of claim ID, in the order they were recorded."""
    from claimtracker.services.appearances import list_appearances
    from claimtracker.services.claims import get_claim

    app = get_app(ctx)
    with app.session() as session:
        rows = list_appearances(session, get_claim(session, claim_ref))
    if resolve_format(output_format) == "table":
        from dataclasses import replace

        rows = [replace(r, title=truncate(r.title, 40), quote=truncate(r.quote, 50)) for r in rows]
    emit_records(rows, output_format, COLUMNS)
