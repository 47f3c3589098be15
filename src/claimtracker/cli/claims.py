"""Capture commands: add, show, list, search."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import click

from claimtracker.cli.context import get_app
from claimtracker.cli.options import (
    capture_link_options,
    chosen_links,
    dayfirst_option,
    language_label,
    language_option,
    paging_options,
    parse_date_option,
    read_text_argument,
    truncate,
)
from claimtracker.cli.output import emit_records, format_option, resolve_format
from claimtracker.enums import ClaimKind, ReviewStatus, SourceKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from claimtracker.services.claim_rows import ClaimRow
    from claimtracker.services.matching import Match, Related
    from claimtracker.services.search import SearchRow

    Row = TypeVar("Row", ClaimRow, SearchRow)

KINDS = [k.value for k in ClaimKind]
SOURCE_KINDS = [k.value for k in SourceKind]


@click.command("add")
@click.argument("text")
@click.option("--by", "claimant", metavar="NAME|ID", help="Who made the claim (found or created).")
@click.option(
    "--role",
    help='The claimant\'s role when they said it ("CEO of Curai"), kept with this claim; it '
    "becomes the claimant's own role only if this command creates the claimant.",
)
@click.option("--at", "claimed_at", metavar="DATE", help='When it was said ("27 janvier 2025").')
@click.option("--source", "source_url", metavar="URL", help="Where it appeared (found or created).")
@click.option("--source-title", help="Title of the source (required when it has no URL).")
@click.option("--publisher", metavar="NAME", help="Publisher of the source.")
@click.option("--source-kind", type=click.Choice(SOURCE_KINDS), help="Kind of source.")
@click.option("--published", metavar="DATE", help="Publication date of the source.")
@click.option("--quote", help="The claim verbatim as it appears in the source.")
@click.option(
    "--first", "first_appearance", is_flag=True, help="The source is where it was first made."
)
@language_option(
    "Language of the claim, a BCP 47 code (fr, en, pt-BR …); without it, the language its "
    "script names if only one (Telugu, Greek …), marked as inferred."
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="factual",
    show_default=True,
    help="Check-worthiness: only factual claims get true/false verdicts.",
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--force", is_flag=True, help="Add even if a similar claim exists.")
@click.option(
    "--link-duplicate",
    is_flag=True,
    help="With --force: link the new claim as a duplicate of the closest one.",
)
@capture_link_options
@dayfirst_option
@click.pass_context
def add(
    ctx: click.Context,
    /,
    text: str,
    claimant: str | None,
    role: str | None,
    claimed_at: str | None,
    source_url: str | None,
    source_title: str | None,
    publisher: str | None,
    source_kind: str | None,
    published: str | None,
    quote: str | None,
    first_appearance: bool,
    language: str | None,
    kind: str,
    tags: tuple[str, ...],
    force: bool,
    link_duplicate: bool,
    dayfirst: bool,
    **link_refs: str | None,
) -> None:
    """Capture a claim (TEXT, or - to read it from standard input); prints its id.

    The claim is first compared with those already recorded: if it makes the same assertion
    as one of them the command stops and names it, unless --force. A claim that negates or
    doubts the new one, or that the new one negates or doubts, is named as related and does
    not stop it. --rebuts ID (or another link type) records the link with the claim, and
    claim ID is never taken for a duplicate.
    """
    from claimtracker.services.claims import ClaimInput, add_claim
    from claimtracker.services.sources import SourceInput

    app = get_app(ctx)
    body = read_text_argument(text)
    published_date = parse_date_option(published, dayfirst=dayfirst)
    source = None
    if source_url or source_title:
        source = SourceInput(
            url=source_url,
            title=source_title,
            publisher=publisher,
            kind=SourceKind(source_kind) if source_kind else None,  # None: from the host
            language=language,
            published=published_date,
        )
    data = ClaimInput(
        text=body,
        claimant=claimant,
        role=role,
        # Relative dates ("2 days ago") count back from the source's publication date.
        claimed=parse_date_option(claimed_at, dayfirst=dayfirst, base=published_date),
        language=language,
        kind=ClaimKind(kind),
        tags=list(tags),
        source=source,
        quote=quote,
        first_appearance=first_appearance,
        links=chosen_links(link_refs),
    )
    with app.session() as session:
        result = add_claim(
            session, data, actor=app.user, force=force, link_duplicate=link_duplicate
        )
        claim_id = result.claim.id
        similar = result.similar
        linked = [(str(link.link_type), link.to_claim_id, link.id) for link in result.links]
    _notes(similar, result.related, linked)
    if result.duplicate_of:
        click.echo(f"linked as a duplicate of #{result.duplicate_of}", err=True)
    click.echo(claim_id)


def _notes(
    similar: Sequence[Match], related: Sequence[Related], linked: Sequence[tuple[str, int, int]]
) -> None:
    """What `claim add` says on stderr besides the id: similar, related and linked claims."""
    for match in similar:
        click.echo(f"note: similar to #{match.claim_id}{match.describe_outcome()}", err=True)
    for item in related:
        found = item.match
        click.echo(
            f"related: #{found.claim_id}{found.describe_outcome()}: {found.excerpt()!r}"
            f" ({item.relation})",
            err=True,
        )
    for link_type, other, link_id in linked:
        click.echo(f"linked: {link_type.replace('_', ' ')} #{other} (link #{link_id})", err=True)


@click.command("show")
@click.argument("claim_ref", metavar="ID")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Also give the status, current verdict, text, claimant, role and kind as they stood "
    "at DATE.",
)
@format_option()
@click.pass_context
def show(ctx: click.Context, claim_ref: str, as_of: str | None, output_format: str | None) -> None:
    """Show a claim's whole dossier: claimant, appearances, evidence, links, verdicts."""
    from claimtracker.cli import render
    from claimtracker.services import dossier
    from claimtracker.services.claims import get_claim

    app = get_app(ctx)
    moment = parse_date_option(as_of)
    past = None
    with app.session() as session:
        claim = get_claim(session, claim_ref)
        data = dossier.gather(session, claim)
        if moment is not None:
            from claimtracker.services.history import state_as_of

            past = state_as_of(session, claim, moment)
    fmt = resolve_format(output_format)
    if fmt in ("json", "jsonl"):
        from claimtracker.cli.output import dump_json, record_dict

        document = record_dict(data)
        if past is not None:
            document["as_of"] = render.as_of_record(past)
        dump_json(document, indent=2 if fmt == "json" else None)
        return
    click.echo(render.render_dossier(data, past))


LIST_COLUMNS = ["id", "status", "kind", "claimant", "claimed", "verdict", "language", "text"]


@click.command("list")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice([s.value for s in ReviewStatus]),
    help="Only claims in this review status (repeat for several).",
)
@click.option("--by", "claimant", metavar="NAME|ID", help="Only claims by this claimant.")
@click.option("--tag", multiple=True, help="Only claims with this tag (repeat: all of them).")
@click.option("--kind", multiple=True, type=click.Choice(KINDS), help="Only claims of this kind.")
@language_option("Only claims in this language (a BCP 47 code).")
@click.option("--assignee", metavar="USER", help="Only claims assigned to USER.")
@click.option(
    "--retracted", is_flag=True, help="Only retracted claims (hidden from every other listing)."
)
@click.option("--since", metavar="DATE", help="Claimed on or after DATE.")
@click.option("--until", metavar="DATE", help="Claimed on or before DATE (whole period).")
@click.option(
    "--sort",
    type=click.Choice(["newest", "oldest", "claimed", "id"]),
    default="newest",
    show_default=True,
)
@paging_options
@dayfirst_option
@format_option(ids=True)
@click.pass_context
def list_(
    ctx: click.Context,
    status: tuple[str, ...],
    claimant: str | None,
    tag: tuple[str, ...],
    kind: tuple[str, ...],
    language: str | None,
    assignee: str | None,
    retracted: bool,
    since: str | None,
    until: str | None,
    sort: str,
    limit: int,
    page: int,
    dayfirst: bool,
    output_format: str | None,
) -> None:
    """List claims, newest first, with filters and paging.

    A table shows one page (--limit rows, --page N) and says on stderr where it stands ("50
    of 1,234 — --page 2"). json, jsonl, csv, tsv and ids carry every matching claim, streamed,
    unless --limit or --page is given: then that page. --format ids prints the ids alone, one
    a line, for a bulk command: `claim list --tag psyop --format ids | claim assign - --to bob`.
    """
    from claimtracker.cli.listing import Counted, page_note, reading, say, window
    from claimtracker.services.claims import ClaimFilter, count_claims, has_claims, iter_claims

    app = get_app(ctx)
    filters = ClaimFilter(
        status=[ReviewStatus(s) for s in status],
        claimant=claimant,
        tag=list(tag),
        kind=[ClaimKind(k) for k in kind],
        language=language,
        assignee=assignee,
        retracted=retracted,
        since=parse_date_option(since, dayfirst=dayfirst),
        until=parse_date_option(until, dayfirst=dayfirst),
    )
    fmt = resolve_format(output_format)
    win = window(ctx, fmt, limit=limit, page=page)
    counted = Counted()
    # Rows go out as they are read, so they are written inside the reading transaction.
    with reading(app) as session:
        rows = iter_claims(session, filters, sort=sort, limit=win.limit, offset=win.offset)
        if fmt == "table":
            from dataclasses import replace

            # The table marks an inferred language; JSON and CSV have their own column for it.
            shown = [
                replace(r, language=language_label(r.language, r.language_inferred)) for r in rows
            ]
            _emit_claims(counted(shown), fmt, LIST_COLUMNS)
        else:
            emit_records(counted(rows), fmt, LIST_COLUMNS)
        say(page_note(win, counted.count, lambda: count_claims(session, filters), "claims"))
        if counted.count == 0 and win.page == 1:
            say(
                "no claim matches these filters"
                if has_claims(session)
                else "no claims yet: `claim seed load` loads an example dossier, "
                "`claim add TEXT` captures a claim"
            )


def _emit_claims(rows: Iterable[Row], output_format: str | None, columns: list[str]) -> None:
    if resolve_format(output_format) == "table":
        from dataclasses import replace

        rows = [replace(r, text=truncate(r.text, 70)) for r in rows]
    emit_records(rows, output_format, columns)


SEARCH_COLUMNS = ["id", "score", "status", "claimant", "matched", "text"]


@click.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option()
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, output_format: str | None) -> None:
    """Full-text search over claim texts and quotes, ranked, case- and accent-insensitive."""
    from claimtracker.text import search_terms

    # An empty query would list nothing and exit 0, which reads as "no claim matches".
    if not search_terms(query):
        raise click.UsageError(f"the query {query!r} has no word to search for")
    from claimtracker.services import search as search_service

    app = get_app(ctx)
    with app.session() as session:
        rows = search_service.search_rows(session, query, limit=limit)
    _emit_claims(rows, output_format, SEARCH_COLUMNS)
