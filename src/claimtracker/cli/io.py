"""`claim import …` and `claim export …`: data in and out, one module per format."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup
from claimtracker.cli.io_claimreview import (
    claimreview_export_command,
    claimreview_import_command,
)
from claimtracker.cli.io_community_notes import community_notes_command
from claimtracker.cli.io_jsonl import jsonl_export_command, jsonl_import_command


@click.group("import", cls=CommandGroup)
def import_group() -> None:
    """Bring data in: Community Notes files, ClaimReview JSON-LD, JSON Lines dumps."""


@click.group("export", cls=CommandGroup)
def export_group() -> None:
    """Send data out: ClaimReview JSON-LD, JSON Lines dumps."""


import_group.add_command(community_notes_command)
import_group.add_command(claimreview_import_command)
import_group.add_command(jsonl_import_command)
export_group.add_command(claimreview_export_command)
export_group.add_command(jsonl_export_command)
