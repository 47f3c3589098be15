"""`claim import …` and `claim export …`: data in and out, one module per format."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup
from claimtracker.cli.lazy import Lazy

IMPORTS = {
    "community-notes": Lazy(
        "claimtracker.cli.io_community_notes:community_notes_command",
        "Import Community Notes data: notes, noteStatusHistory and ratings TSV files.",
    ),
    "claimreview": Lazy(
        "claimtracker.cli.io_claimreview:claimreview_import_command",
        "Import schema.org ClaimReview from FILE… (- reads standard input).",
    ),
    "jsonl": Lazy(
        "claimtracker.cli.io_jsonl:jsonl_import_command",
        "Restore a dump made by `claim export jsonl` into an empty database (FILE or - for stdin).",
    ),
}
EXPORTS = {
    "claimreview": Lazy(
        "claimtracker.cli.io_claimreview:claimreview_export_command",
        "Export published verdicts as schema.org ClaimReview JSON-LD.",
    ),
    "jsonl": Lazy(
        "claimtracker.cli.io_jsonl:jsonl_export_command",
        "Dump the whole database as JSON Lines: every record of every table, ids kept.",
    ),
}


@click.group("import", cls=CommandGroup, lazy=IMPORTS)
def import_group() -> None:
    """Bring data in: Community Notes files, ClaimReview JSON-LD, JSON Lines dumps."""


@click.group("export", cls=CommandGroup, lazy=EXPORTS)
def export_group() -> None:
    """Send data out: ClaimReview JSON-LD, JSON Lines dumps."""
