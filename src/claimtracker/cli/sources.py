"""`claim source …`: add, list and show sources."""

from __future__ import annotations

from typing import BinaryIO

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.options import (
    dayfirst_option,
    language_option,
    paging_options,
    parse_date_option,
    truncate,
)
from claimtracker.cli.output import emit_record, emit_records, format_option, resolve_format
from claimtracker.enums import SourceKind

SOURCE_KINDS = [k.value for k in SourceKind]
COLUMNS = ["id", "kind", "publisher", "published", "appearances", "evidence", "title", "url"]


@click.group("source", cls=CommandGroup)
def source_group() -> None:
    """Documents where claims appear and against which they are checked."""


@source_group.command("add")
@click.argument("url", required=False)
@click.option("--title", help="Title (required when there is no URL).")
@click.option("--publisher", metavar="NAME", help="Publisher (found or created).")
@click.option("--author", metavar="NAME", help="Author (found or created).")
@click.option("--kind", type=click.Choice(SOURCE_KINDS), default="other", show_default=True)
@language_option("Language of the document, a BCP 47 code (fr, en, pt-BR …).")
@click.option("--published", metavar="DATE", help="Publication date.")
@click.option(
    "--archive-url", metavar="URL", help="An archived copy (Wayback Machine, archive.today)."
)
@click.option(
    "--content", type=click.File("rb"), help="The document's file, to record its SHA-256."
)
@dayfirst_option
@click.pass_context
def add(
    ctx: click.Context,
    url: str | None,
    title: str | None,
    publisher: str | None,
    author: str | None,
    kind: str,
    language: str | None,
    published: str | None,
    archive_url: str | None,
    content: BinaryIO | None,
    dayfirst: bool,
) -> None:
    """Record a source at URL (or, without one, by --title); prints its id."""
    from claimtracker.services.sources import SourceInput, add_source

    app = get_app(ctx)
    data = SourceInput(
        url=url,
        title=title,
        publisher=publisher,
        author=author,
        kind=SourceKind(kind),
        language=language,
        published=parse_date_option(published, dayfirst=dayfirst),
        archive_url=archive_url,
        content=content.read() if content else None,
    )
    with app.session() as session:
        source_id = add_source(session, data, actor=app.user).id
    click.echo(source_id)


@source_group.command("list")
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="Only sources of this kind.")
@click.option("--publisher", metavar="NAME", help="Only sources from this publisher.")
@paging_options
@format_option()
@click.pass_context
def list_(
    ctx: click.Context,
    kind: str | None,
    publisher: str | None,
    limit: int,
    page: int,
    output_format: str | None,
) -> None:
    """List sources, newest first."""
    from claimtracker.services.sources import list_sources

    app = get_app(ctx)
    with app.session() as session:
        rows = list_sources(
            session,
            kind=SourceKind(kind) if kind else None,
            publisher=publisher,
            limit=limit,
            offset=(page - 1) * limit,
        )
    if resolve_format(output_format) == "table":
        from dataclasses import replace

        rows = [replace(r, title=truncate(r.title, 50)) for r in rows]
    emit_records(rows, output_format, COLUMNS)


@source_group.command("show")
@click.argument("source_ref", metavar="ID|URL")
@format_option()
@click.pass_context
def show(ctx: click.Context, source_ref: str, output_format: str | None) -> None:
    """Show a source and the claims that appear in it or use it as evidence."""
    from claimtracker.cli.render import source_record
    from claimtracker.services.sources import describe, get_source

    app = get_app(ctx)
    with app.session() as session:
        detail = describe(session, get_source(session, source_ref))
    emit_record(source_record(detail), output_format)
