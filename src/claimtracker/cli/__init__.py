"""The `claim` command line: a thin layer that parses, calls services and prints.

Only click is imported at start-up; each command imports what it needs when it runs, so
``claim --help`` opens no database and imports no SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

import click

from claimtracker import __version__, collector
from claimtracker.cli import admin, claims, review
from claimtracker.cli.context import ClaimGroup
from claimtracker.cli.db import db_group
from claimtracker.cli.entities import entity_group
from claimtracker.cli.io import export_group, import_group
from claimtracker.cli.report import report as report_command  # cli.report stays the module
from claimtracker.cli.seed import seed_group
from claimtracker.cli.sources import source_group

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=ClaimGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    "db_option",
    metavar="PATH|URL",
    help="SQLite file path or database URL (default: $CLAIM_DB, else a file in the user's "
    "data directory).",
)
@click.option("--user", metavar="NAME", help="Who is acting (default: $CLAIM_USER, else login).")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(__version__, prog_name="claimtracker")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, user: str | None, debug: bool) -> None:
    """Track fact claims, their claimants, sources, links and verification."""
    from claimtracker.app import App

    app = App(db_option=db_option)
    if user:
        app.user = user
    ctx.obj = app
    ctx.meta["debug"] = debug
    ctx.call_on_close(app.close)


for command in [*claims.COMMANDS, *review.COMMANDS, report_command]:
    cli.add_command(command)
for group in (
    source_group,
    entity_group,
    *admin.GROUPS,
    import_group,
    export_group,
    seed_group,
    db_group,
):
    cli.add_command(group)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    collector.pause()  # resumed once the command creates its database engine (App.engine)
    try:
        return cli.main(args=argv, prog_name="claim")
    finally:
        collector.resume()


__all__ = ["cli", "main"]
