"""`claim db …`: create, upgrade, downgrade and describe the database."""

from __future__ import annotations

import click

from claimtracker.cli.context import CommandGroup, get_app
from claimtracker.cli.lazy import Lazy
from claimtracker.cli.output import emit_record, format_option

LAZY = {
    # `claim db copy` lives with the JSON Lines dump it streams through.
    "copy": Lazy(
        "claimtracker.cli.io_jsonl:db_copy_command",
        "Copy this database into another one, record for record, ids kept.",
    ),
    # `claim db embed`: the semantic matcher's vectors.
    "embed": Lazy(
        "claimtracker.cli.embed:db_embed_command",
        "Compute the semantic matcher's vectors of claims that have none or a stale one.",
    ),
}


@click.group("db", cls=CommandGroup, lazy=LAZY)
def db_group() -> None:
    """Create, upgrade and inspect the database."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def upgrade(ctx: click.Context, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest).

    Creates the schema in an empty database. Each revision runs in its own transaction:
    an interrupted upgrade leaves the database at its last complete revision.
    """
    from claimtracker.services import database

    app = get_app(ctx)
    before, after = database.upgrade(app.engine, app.target, revision)
    if before == after:
        click.echo(f"{app.target.display} is already at schema revision {after}")
    else:
        click.echo(f"upgraded {app.target.display} from {before or 'empty'} to {after}")


@db_group.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def downgrade(ctx: click.Context, revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION (`base` removes every table and all data)."""
    from claimtracker.services import database

    app = get_app(ctx)
    if not yes:
        click.confirm(
            f"Downgrade {app.target.display} to {revision}? Data in removed tables is lost",
            abort=True,
        )
    before, after = database.downgrade(app.engine, app.target, revision)
    click.echo(f"downgraded {app.target.display} from {before} to {after or 'empty'}")


@db_group.command("current")
@click.pass_context
def current(ctx: click.Context) -> None:
    """Print the database's schema revision and whether it is current."""
    from claimtracker.services import database

    app = get_app(ctx)
    database.require_existing(app.target)
    click.echo(database.schema_state(app.engine).describe())


@db_group.command("info")
@format_option(default="table")
@click.pass_context
def info(ctx: click.Context, output_format: str) -> None:
    """Describe the database: where it is, its schema revision and what it holds."""
    from claimtracker.services import database

    app = get_app(ctx)
    # Checked before the engine exists: opening it would create the default's folder.
    missing = database.describe_missing(app.target)
    described = missing if missing is not None else database.describe(app.engine, app.target)
    emit_record(described, output_format)


@db_group.command("grant-reader")
@click.argument("role")
@click.option("--login", is_flag=True, help="Let the role log in (set its password yourself).")
@click.pass_context
def grant_reader(ctx: click.Context, role: str, login: bool) -> None:
    """PostgreSQL: create or update ROLE so it can read the reporting views and nothing else
    (no tables, no writes), for BI tools."""
    from claimtracker.services import database

    app = get_app(ctx)
    views = database.grant_reader(app.ready_engine(), app.target, role, login=login)
    click.echo(f"{role} can read {len(views)} views: {', '.join(views)}")
