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
from claimtracker.cli.output import emit_records, format_option, resolve_format
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
@click.option(
    "--kind",
    type=click.Choice(SOURCE_KINDS),
    help="What sort of document (default: from the URL's host when well known, else other).",
)
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
    kind: str | None,
    language: str | None,
    published: str | None,
    archive_url: str | None,
    content: BinaryIO | None,
    dayfirst: bool,
) -> None:
    """Record a source at URL (or, without one, by --title); prints its id.

    Without --kind, the kind of a link to a well-known host is inferred (x.com/…/status/… is
    a social post, youtu.be a video, arxiv.org a paper, web.archive.org an archive: the table
    is src/claimtracker/source_kinds.py) and said on stderr; other links are "other".
    """
    from claimtracker.services.sources import SourceInput, add_source

    app = get_app(ctx)
    data = SourceInput(
        url=url,
        title=title,
        publisher=publisher,
        author=author,
        kind=SourceKind(kind) if kind else None,
        language=language,
        published=parse_date_option(published, dayfirst=dayfirst),
        archive_url=archive_url,
        content=content.read() if content else None,
    )
    with app.session() as session:
        source = add_source(session, data, actor=app.user)
        source_id, stored_kind = source.id, source.kind
    if kind is None and stored_kind != SourceKind.OTHER:
        click.echo(f"source #{source_id}: {stored_kind.replace('_', ' ')} (inferred)", err=True)
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
    from claimtracker.cli.entities import emit_record_with_lists, history_line
    from claimtracker.cli.render import source_record
    from claimtracker.services.sources import describe, get_source

    app = get_app(ctx)
    with app.session() as session:
        detail = describe(session, get_source(session, source_ref))
    record = source_record(detail)
    as_json = resolve_format(output_format) == "json"
    record["history"] = [history_line(h, as_json) for h in detail.history]
    emit_record_with_lists(record, output_format, ["history"])


@source_group.command("edit")
@click.argument("source_ref", metavar="ID|URL")
@click.option("--title", help='The right title ("" removes it, if the source has a URL).')
@click.option("--publisher", metavar="NAME", help='Publisher (found or created; "" removes it).')
@click.option("--author", metavar="NAME", help='Author (found or created; "" removes it).')
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="What sort of document it is.")
@language_option('Language of the document, a BCP 47 code ("" is refused: give the right one).')
@click.option("--published", metavar="DATE", help='Publication date ("" removes it).')
@click.option("--archive-url", metavar="URL", help='An archived copy ("" removes it).')
@click.option(
    "--url", metavar="URL", help='The document\'s URL ("" removes it, if it has a title).'
)
@click.option("--reason", help="Why (kept in the history).")
@dayfirst_option
@click.pass_context
def edit(
    ctx: click.Context,
    source_ref: str,
    title: str | None,
    publisher: str | None,
    author: str | None,
    kind: str | None,
    language: str | None,
    published: str | None,
    archive_url: str | None,
    url: str | None,
    reason: str | None,
    dayfirst: bool,
) -> None:
    """Correct a source: its title, publisher, author, kind, language, date or links.

    Prints the source's id; each change is told on stderr as before → after and recorded in
    its history (`claim source show`). A source keeps its kind unless --kind is given.

    \b
    claim source edit 3 --kind paper --published "26 Dec 2024"
    claim source edit 3 --archive-url https://web.archive.org/web/2025/https://example.org/
    """
    from claimtracker.services.history import describe_event
    from claimtracker.services.source_edit import SourceChanges, edit_source
    from claimtracker.services.sources import get_source

    changes = SourceChanges(
        url=url,
        title=title,
        publisher=publisher,
        author=author,
        kind=SourceKind(kind) if kind else None,
        language=language,
        published=parse_date_option(published, dayfirst=dayfirst) if published else None,
        clear_published=published == "",
        archive_url=archive_url,
    )
    if changes.is_empty():
        raise click.UsageError(
            "nothing to change: give --title, --publisher, --author, --kind, --lang, "
            "--published, --archive-url or --url"
        )
    app = get_app(ctx)
    with app.session() as session:
        source = get_source(session, source_ref)
        changed = edit_source(session, source, changes, actor=app.user, reason=reason)
        source_id = source.id
    if changed:
        words = describe_event("source.edited", {"changes": changed}, None)
        click.echo(f"source #{source_id}: {words}", err=True)
    else:
        click.echo(f"source #{source_id} already had these values: nothing changed", err=True)
    click.echo(source_id)
