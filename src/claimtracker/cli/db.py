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


@db_group.command("whoami")
@format_option()
@click.pass_context
def whoami(ctx: click.Context, output_format: str | None) -> None:
    """Who the database takes you for, and what it lets you do.

    PostgreSQL: the login role, whether it is a superuser, may create roles, read the
    tables or write, as the server says. SQLite: the name given by --user, CLAIM_USER or
    the login, which nothing checks.
    """
    from claimtracker.services.whoami import whoami as who

    app = get_app(ctx)
    emit_record(who(app.ready_engine(), app.target, app.user), output_format)


@db_group.command("grant-reader")
@click.argument("role")
@click.option("--login", is_flag=True, help="A new role may log in (set its password yourself).")
@click.option("--yes", is_flag=True, help="Take rights away from an existing role without asking.")
@click.pass_context
def grant_reader(ctx: click.Context, role: str, login: bool, yes: bool) -> None:
    """PostgreSQL: create or update ROLE so it can read the reporting views and nothing else
    (no tables, no writes), for BI tools.

    An existing role is shown what it would gain and lose, and asked before it loses anything
    (--yes answers); its SUPERUSER, LOGIN, CREATEDB and CREATEROLE attributes are never
    changed. A superuser, the role that owns the tables and the role you are connected as
    are refused.
    """
    from claimtracker.cli.terminal import stdin_is_terminal
    from claimtracker.services import reader_role

    app = get_app(ctx)
    engine = app.ready_engine()
    plan = reader_role.plan_reader(engine, app.target, role)
    if plan.exists and login:
        click.echo(f"note: {role} exists: its LOGIN attribute is left as it is", err=True)
    if plan.exists and plan.losses:
        if not yes and not stdin_is_terminal():
            raise click.ClickException(
                f"{role} exists and would lose rights ({'; '.join(plan.losses)}): run it on a "
                "terminal to answer, or add --yes"
            )
        click.echo(f"{role} exists. It would gain:", err=True)
        for line in plan.gains:
            click.echo(f"  + {line}", err=True)
        click.echo("and lose:", err=True)
        for line in plan.losses:
            click.echo(f"  - {line}", err=True)
        if not yes:
            click.confirm(f"Make {role} a reader?", default=False, abort=True, err=True)
    reader_role.grant_reader(engine, app.target, plan, login=login, confirmed=True)
    views = plan.views
    click.echo(f"{role} can read {len(views)} views: {', '.join(views)}")
