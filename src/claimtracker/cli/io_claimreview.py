"""`claim export claimreview`, `claim import claimreview` and `claim scale alias …`.

schema.org ClaimReview JSON-LD out (the verdicts published through this database's workflow,
and with --include-imported other fact-checkers' under their own authors, as fact-checkers
publish it and Google's Fact Check tools read it) and in (other fact-checkers' reviews, their
original rating kept beside the label it maps to through the alias table).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.options import dayfirst_option, parse_date_option
from claimtracker.cli.output import emit_rows, format_option
from claimtracker.formats.schema_org import URN_UUID, Type

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from claimtracker.exporters.claimreview import ReviewData
    from claimtracker.importers.claimreview import ParsedFile

_BASE_URL_SCHEMES = ("http://", "https://", "urn:")


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.startswith(_BASE_URL_SCHEMES):
        raise click.BadParameter("give an http(s):// address (or a urn: prefix)")
    return value


@click.command("claimreview")
@click.option("--claim", "claim_ref", metavar="ID", help="Only the reviews of this claim.")
@click.option("--since", metavar="DATE", help="Only verdicts published on or after DATE.")
@click.option(
    "--all-versions",
    is_flag=True,
    help="Also verdicts superseded by a correction (marked with `expires`, the time of the "
    "correction).",
)
@click.option(
    "--include-imported",
    is_flag=True,
    help="Also the reviews imported from other fact-checkers, each under its own author "
    "(never --publisher), with its own date, wording and scale.",
)
@click.option("--feed", is_flag=True, help="Wrap the reviews in a schema.org DataFeed.")
@click.option(
    "--base-url",
    default=URN_UUID,
    show_default=True,
    metavar="URL",
    callback=_check_base_url,
    help="Address of a verdict's page when it has no review page of its own: the verdict's "
    "public id is appended, or replaces {id}. Google shows only reviews whose url is a page "
    "of your site.",
)
@click.option(
    "--publisher",
    metavar="NAME",
    help="Organization named as author of the reviews made here (imported reviews keep their own).",
)
@click.option("--publisher-url", metavar="URL", help="Home page of --publisher.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@dayfirst_option
@click.pass_context
def claimreview_export_command(
    ctx: click.Context,
    claim_ref: str | None,
    since: str | None,
    all_versions: bool,
    include_imported: bool,
    feed: bool,
    base_url: str,
    publisher: str | None,
    publisher_url: str | None,
    output: Path | None,
    dayfirst: bool,
) -> None:
    """Export published verdicts as schema.org ClaimReview JSON-LD.

    One ClaimReview per verdict published through this database's workflow; reviews imported
    from other fact-checkers are theirs, left out unless --include-imported (then credited to
    their own organisation, never to --publisher). A verdict superseded by a correction is left
    out unless --all-versions. Without --feed the output is a JSON array of ClaimReview objects,
    each declaring the schema.org context; with --feed, one DataFeed whose dataFeedElement
    holds them.
    """
    if claim_ref is not None and since is not None:
        raise click.UsageError("give --claim or --since, not both")
    if publisher_url is not None and publisher is None:
        raise click.UsageError("--publisher-url needs --publisher")
    from claimtracker.exporters.claimreview import PartyData, document_text
    from claimtracker.services.claimreview import published_reviews

    app = get_app(ctx)
    since_date = parse_date_option(since, dayfirst=dayfirst)
    author = PartyData(publisher, Type.ORGANIZATION, publisher_url) if publisher else None
    notes = _ExportNotes(base_url)
    with app.session() as session:
        # Read while written, a batch at a time: nothing holds every review (see
        # services.claimreview.PublishedReviews). An unknown --claim fails here, before output.
        reviews = published_reviews(
            session,
            claim_ref=claim_ref,
            since=since_date,
            all_versions=all_versions,
            include_imported=include_imported,
        )
        chunks = document_text(
            notes.watch(reviews, has_publisher=publisher is not None),
            feed=feed,
            base_url=base_url,
            publisher=author,
            newest=reviews.newest,
        )
        _write_text(chunks, output)
    notes.imported_left_out = reviews.imported_left_out
    for line in notes.lines(publisher):
        click.echo(line, err=True)


def _write_text(chunks: Iterable[str], output: Path | None) -> None:
    if output is None or str(output) == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    # Written beside the target and renamed, so a failed export never leaves half a file.
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as file:
            for chunk in chunks:
                file.write(chunk)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class _ExportNotes:
    """Counts, as the reviews stream past, what the messages after an export report."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.exported = self.off_web = self.untyped = self.anonymous = 0
        self.imported_left_out = 0

    def watch(self, reviews: Iterable[ReviewData], *, has_publisher: bool) -> Iterator[ReviewData]:
        """``reviews`` unchanged, counted on the way."""
        from claimtracker.exporters.claimreview import review_url

        for review in reviews:
            self.exported += 1
            self.off_web += not review_url(review, self.base_url).startswith(
                ("http://", "https://")
            )
            self.untyped += review.claimant is not None and review.claimant.schema_type is None
            # An imported review without an author stays so: --publisher is not its author.
            self.anonymous += review.author is None and (review.imported or not has_publisher)
            yield review

    def lines(self, publisher: str | None) -> list[str]:
        """The summary line and the notes on what Google would not show or would miss."""
        lines = [f"exported {self.exported} ClaimReview(s)"]
        if self.imported_left_out:
            lines.append(
                f"left out {self.imported_left_out} review(s) imported from other "
                "fact-checkers (--include-imported exports them under their own authors)"
            )
        if self.off_web:
            lines.append(
                f"note: {self.off_web} review(s) have no web page as url; Google shows only "
                "reviews whose url is a page of your site (give --base-url)"
            )
        if self.untyped:
            lines.append(
                f"note: {self.untyped} claimant(s) are of unknown kind, so their author has no "
                "@type; Google recommends Person or Organization"
            )
        if self.anonymous:
            hint = " (give --publisher NAME)" if publisher is None else ""
            lines.append(
                f"note: {self.anonymous} review(s) have no author; Google recommends one{hint}"
            )
        return lines


@click.command("claimreview")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="FILE...",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid reviews and report the others (default: one bad review stops the "
    "import and nothing is written).",
)
@click.pass_context
def claimreview_import_command(
    ctx: click.Context, files: tuple[Path, ...], skip_invalid: bool
) -> None:
    """Import schema.org ClaimReview from FILE… (- reads standard input).

    Accepts ClaimReview JSON-LD (one object, an array, an @graph document or a DataFeed), HTML
    pages with embedded JSON-LD, and Google Fact Check Tools claims:search responses. Each
    review becomes a published verdict on its claim, by the reviewing organisation, with the
    original rating kept beside the label it maps to (`claim scale alias list`). Importing a
    file again changes nothing; a changed rating is recorded as a correction. Prints the ids
    of the claims given a verdict; counts go to standard error.
    """
    from claimtracker.errors import InvalidInput
    from claimtracker.services.claimreview import import_records

    parsed = [_read(path) for path in files]
    problems = [p for f in parsed for p in f.problems]
    if problems and not skip_invalid:
        more = (
            f" (and {len(problems) - 1} more; --skip-invalid imports the rest)"
            if len(problems) > 1
            else ""
        )
        raise InvalidInput(f"{problems[0]}{more}")
    app = get_app(ctx)
    with app.session() as session:
        report = import_records(
            session,
            [r for f in parsed for r in f.records],
            actor=app.user,
            rejected=len(problems),
            files=[f.name for f in parsed],
        )
    for problem in problems:
        click.echo(f"skipped {problem}", err=True)
    for wording, count in sorted(report.unmapped.items()):
        click.echo(
            f"unmapped rating {wording!r} ({count} review(s)) stored as unrated; map it with "
            f"`claim scale alias add {_shell_quote(wording)} LABEL` and import again",
            err=True,
        )
    if report.undated:
        click.echo(
            f"{report.undated} review(s) had no date: stored as date unknown (not the date of "
            "the import)",
            err=True,
        )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for page in parsed:
        if page.next_page_token:
            click.echo(
                f"note: {page.name} is one page of a longer Fact Check Tools result; the next "
                f"page is fetched with pageToken={page.next_page_token}",
                err=True,
            )
    click.echo(
        f"claimreview: {report.inserted} inserted, {report.corrected} corrected, "
        f"{report.unchanged} unchanged, {report.rejected} rejected",
        err=True,
    )
    for claim_id in report.claim_ids:
        click.echo(claim_id)


def _read(path: Path) -> ParsedFile:
    from claimtracker.importers.claimreview import parse_bytes, read_path

    if str(path) == "-":
        stdin = sys.stdin
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        return parse_bytes(data, name="<stdin>")
    return read_path(path)


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@click.group("alias", cls=CommandGroup)
def rating_alias_group() -> None:
    """Ratings worded by other fact-checkers ("Pants on Fire", "Faux") and their labels."""


@rating_alias_group.command("add")
@click.argument("text")
@click.argument("label")
@click.option("--scale", "scale_name", help="Scale of LABEL (default scale unless given).")
@click.option("--replace", is_flag=True, help="Change the label of a wording already mapped.")
@click.pass_context
def alias_add(
    ctx: click.Context, text: str, label: str, scale_name: str | None, replace: bool
) -> None:
    """Map the rating TEXT to LABEL; prints the alias as stored (folded)."""
    from claimtracker.services import rating_aliases

    app = get_app(ctx)
    with app.session() as session:
        alias = rating_aliases.add_alias(
            session, text, label, actor=app.user, scale_name=scale_name, replace=replace
        )
        key = alias.alias_key
    click.echo(key)


@rating_alias_group.command("list")
@click.option("--label", metavar="LABEL", help="Only the aliases of LABEL.")
@click.option("--scale", "scale_name", help="Only this scale's labels.")
@format_option()
@click.pass_context
def alias_list(
    ctx: click.Context, label: str | None, scale_name: str | None, output_format: str | None
) -> None:
    """List rating aliases by label."""
    from claimtracker.services import rating_aliases

    app = get_app(ctx)
    with app.session() as session:
        rows = rating_aliases.list_aliases(session, label=label, scale_name=scale_name)
    emit_rows(
        [r.as_dict() for r in rows],
        output_format,
        ["alias", "label", "name", "normalised", "scale"],
    )


@rating_alias_group.command("remove")
@click.argument("text")
@click.pass_context
def alias_remove(ctx: click.Context, text: str) -> None:
    """Forget the rating TEXT; prints the alias removed."""
    from claimtracker.services import rating_aliases

    app = get_app(ctx)
    with app.session() as session:
        key = rating_aliases.remove_alias(session, text, actor=app.user)
    click.echo(key)


__all__ = ["claimreview_export_command", "claimreview_import_command", "rating_alias_group"]
