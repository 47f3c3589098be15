"""`claim import community-notes FILE…`: Community Notes public data files in.

The command object is :data:`community_notes_command`; the ``claim import`` group adds it.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimtracker.cli.context import get_app

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from claimtracker.importers.community_notes import BadRow
    from claimtracker.services.community_notes import Counts, ImportResult


@click.command("community-notes")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first bad row, importing nothing (default: report it and skip it).",
)
@click.pass_context
def community_notes_command(ctx: click.Context, files: tuple[Path, ...], strict: bool) -> None:
    """Import Community Notes data: notes, noteStatusHistory and ratings TSV files.

    Give the files of one download together, in any order: each file's kind is read from its
    header (every published layout is understood). Each note becomes a claim by "Community
    Notes contributors" that rebuts (misleading) or supports (not misleading) the claim of the
    post it is on; the URLs it cites become evidence on the post's claim; statuses and rating
    counts are kept beside it. Importing the same files again changes nothing.

    Bad rows are reported as FILE:LINE: reason on stderr and skipped. The whole run is one
    transaction: if it fails, nothing is imported. Counts are printed on stderr at the end.
    """
    from claimtracker.importers.community_notes import open_file
    from claimtracker.services.community_notes import import_files

    app = get_app(ctx)
    # Every header is checked before the database is opened: a wrong file costs nothing.
    opened = [open_file(path) for path in files]

    def rejected(bad: BadRow) -> None:
        click.echo(str(bad), err=True)

    total = sum(f.size for f in opened)
    with _progress(total) as advance, app.session() as session:
        result = import_files(
            session,
            opened,
            actor=app.user,
            strict=strict,
            on_rejected=rejected,
            on_progress=advance,
        )
    for line in summary_lines(result):
        click.echo(line, err=True)


def _progress(total: int) -> AbstractContextManager[Callable[[int], None] | None]:
    """A progress bar on stderr, only when stderr is a terminal (never in logs or pipes)."""
    if not sys.stderr.isatty():
        return nullcontext(None)
    return _Bar(total)


class _Bar:
    """click's progress bar over the bytes of input, as a callback."""

    def __init__(self, total: int) -> None:
        self.bar: Any = click.progressbar(
            length=total, label="Importing", file=sys.stderr, show_eta=True
        )

    def __enter__(self) -> Callable[[int], None]:
        self.bar.__enter__()
        update: Callable[[int], None] = self.bar.update
        return update

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)


def summary_lines(result: ImportResult) -> list[str]:
    """One line per kind of file given, then the total."""
    given = {f.kind for f in result.files}
    lines = [_line(str(kind), counts) for kind, counts in result.counts.items() if kind in given]
    lines.append(_line("total", result.total))
    return lines


def _line(label: str, counts: Counts) -> str:
    text = (
        f"{label}: {counts.rows:,} rows, {counts.inserted:,} inserted, "
        f"{counts.updated:,} updated, {counts.unchanged:,} unchanged, "
        f"{counts.rejected:,} rejected"
    )
    if counts.skipped:
        text += f", {counts.skipped:,} skipped (note not imported)"
    return text
