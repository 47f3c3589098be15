"""The `claim` command line: a thin layer that parses, calls services and prints.

Only click is imported at start-up: the commands are listed in :data:`COMMANDS` and their
modules imported when one is used (:mod:`claimtracker.cli.lazy`), and each command imports
what it needs when it runs, so ``claim --help`` opens no database and imports no SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

import click

from claimtracker import __version__, collector
from claimtracker.cli.context import ClaimGroup
from claimtracker.cli.lazy import Lazy

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_CLI = "claimtracker.cli."
# Each command's short help is the first sentence of its docstring (tests/cli/test_lazy.py).
COMMANDS = {
    "add": Lazy(
        _CLI + "claims:add",
        "Capture a claim (TEXT, or - to read it from standard input); prints its id.",
    ),
    "show": Lazy(
        _CLI + "claims:show",
        "Show a claim's whole dossier: claimant, appearances, evidence, links, verdicts.",
    ),
    "list": Lazy(_CLI + "claims:list_", "List claims, newest first, with filters and paging."),
    "search": Lazy(
        _CLI + "claims:search",
        "Full-text search over claim texts and quotes, ranked, case- and accent-insensitive.",
    ),
    "edit": Lazy(
        _CLI + "edit:edit",
        "Correct claim ID: its text, claimant, role, language, kind or date; prints its id.",
    ),
    "link": Lazy(
        _CLI + "links:link",
        "Link claim ID to another: `claim link 7 --rebuts 3` records that #7 rebuts #3.",
    ),
    "unlink": Lazy(_CLI + "links:unlink", "Remove a link: `claim unlink 7 --rebuts 3`."),
    "evidence": Lazy(
        _CLI + "links:evidence",
        "Evidence for claim ID: attach a source or a passage of it, with its stance; edit or "
        "remove it.",
    ),
    "appearance": Lazy(
        _CLI + "appearances:appearance_group",
        "Where a claim was made or repeated: add, remove and list its appearances.",
    ),
    "graph": Lazy(
        _CLI + "links:graph",
        "Draw the web of links around claim ID as Mermaid or Graphviz DOT text.",
    ),
    "assign": Lazy(
        _CLI + "review:assign",
        "Assign claims (ID…, or - to read ids from stdin) to a reviewer; new claims go into "
        "review.",
    ),
    "start": Lazy(
        _CLI + "review:start",
        "Take claims (ID…, or - to read ids from stdin) yourself and start reviewing them.",
    ),
    "unassign": Lazy(
        _CLI + "review:unassign",
        "Return claims (ID…, or - to read ids from stdin) from review to the pool of new claims.",
    ),
    "verify": Lazy(
        _CLI + "verdicts:verify",
        "Propose a verdict for claims (ID…, or - to read ids from stdin); prints each verdict id.",
    ),
    "approve": Lazy(
        _CLI + "verdicts:approve",
        "Approve the verdicts proposed for claims (ID…, or - to read ids from stdin), not your "
        "own; each is published once enough people approved.",
    ),
    "send-back": Lazy(
        _CLI + "review:send_back",
        "Send claims (ID…, or - to read ids from stdin) back from approval to review, with a "
        "reason.",
    ),
    "dismiss": Lazy(
        _CLI + "review:dismiss",
        "Dismiss claims (ID…, or - to read ids from stdin) without a verdict (opinion, not "
        "checkable, duplicate, out of scope).",
    ),
    "reopen": Lazy(
        _CLI + "review:reopen",
        "Reopen claims (ID…, or - to read ids from stdin): a published claim goes back to "
        "review (its verdict stays current until a correction is approved); a dismissed claim "
        "becomes new.",
    ),
    "queue": Lazy(
        _CLI + "review:queue",
        "What needs doing: open claims, oldest first, with age and assignee.",
    ),
    "history": Lazy(_CLI + "review:history", "Every event of claim ID, in order, in words."),
    "retract": Lazy(
        _CLI + "retract:retract",
        "Retract claims captured by mistake (ID…, or - to read ids from stdin), with a reason.",
    ),
    "restore": Lazy(
        _CLI + "retract:restore",
        "Restore retracted claims (ID…, or - to read ids from stdin): back everywhere, as they "
        "were.",
    ),
    "tag": Lazy(
        _CLI + "retract:tag", "Add and remove tags of claims (ID…, or - to read ids from stdin)."
    ),
    "report": Lazy(_CLI + "report:report", "Run report NAME; without a name, list the reports."),
    "source": Lazy(
        _CLI + "sources:source_group",
        "Documents where claims appear and against which they are checked.",
    ),
    "entity": Lazy(
        _CLI + "entities:entity_group",
        "People, organisations, outlets, accounts and collectives that make claims.",
    ),
    "scale": Lazy(
        _CLI + "admin:scale_group",
        "Rating scales: labels, their order and their ClaimReview mapping.",
    ),
    "config": Lazy(_CLI + "admin:config_group", "Per-database settings."),
    "audit": Lazy(_CLI + "admin:audit_group", "The tamper-evident audit log."),
    "import": Lazy(
        _CLI + "io:import_group",
        "Bring data in: Community Notes files, ClaimReview JSON-LD, JSON Lines dumps.",
    ),
    "export": Lazy(
        _CLI + "io:export_group", "Send data out: ClaimReview JSON-LD, JSON Lines dumps."
    ),
    "seed": Lazy(_CLI + "seed:seed_group", "Example dossiers to start from."),
    "db": Lazy(_CLI + "db:db_group", "Create, upgrade and inspect the database."),
}


@click.group(cls=ClaimGroup, context_settings=CONTEXT_SETTINGS, lazy=COMMANDS)
@click.option(
    "--db",
    "db_option",
    metavar="PATH|URL",
    help="SQLite file path or database URL (default: $CLAIM_DB, else a file in the user's "
    "data directory).",
)
@click.option("--user", metavar="NAME", help="Who is acting (default: $CLAIM_USER, else login).")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.option(
    "--tz",
    metavar="ZONE",
    expose_value=False,
    callback=lambda ctx, param, value: _zone(ctx, param, value),
    help="Time zone of the times shown, an IANA name (default: $TZ, else UTC).",
)
@click.version_option(__version__, prog_name="claimtracker")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, user: str | None, debug: bool) -> None:
    """Track fact claims, their claimants, sources, links and verification.

    The options below may also follow the command: `claim list --db team.db`.
    """
    from claimtracker.app import App

    app = App(db_option=db_option)
    if user:
        app.user = user
        app.user_given = True
    ctx.obj = app
    ctx.meta["debug"] = debug
    ctx.call_on_close(app.close)


def _zone(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Imported only when --tz is given: `claim --help` stays free of it.
    if value is not None:
        from claimtracker.cli.times import zone_option

        zone_option(ctx, param, value)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    collector.pause()  # resumed once the command creates its database engine (App.engine)
    try:
        return cli.main(args=argv, prog_name="claim")
    finally:
        collector.resume()


__all__ = ["cli", "main"]
