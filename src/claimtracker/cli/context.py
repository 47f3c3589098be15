"""What every command shares: the App object and the mapping of errors to exit statuses."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from claimtracker.cli.lazy import LazyCommands, format_commands
from claimtracker.errors import ClaimtrackerError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from claimtracker.app import App
    from claimtracker.cli.lazy import Lazy


def get_app(ctx: click.Context) -> App:
    """The App built by the root group."""
    app: App = ctx.find_root().obj
    return app


# Where the innermost command resolved so far is kept: ``ctx.meta`` is shared by every context
# of one invocation, so the root group can word an error for the command that raised it.
COMMAND_KEY = "claimtracker.command"


class CommandGroup(click.Group):
    """A group of commands; notes the command it resolves for :func:`describe_error`.

    ``lazy`` registers commands that are imported only when used (:mod:`claimtracker.cli.lazy`).
    """

    def __init__(self, *args: Any, lazy: Mapping[str, Lazy] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lazy:
            self.commands = LazyCommands(lazy, self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if isinstance(self.commands, LazyCommands):
            format_commands(self, ctx, formatter)
        else:
            super().format_commands(ctx, formatter)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[COMMAND_KEY] = command
        if command is not None and not isinstance(command, click.Group):
            _accept_global_options(command)
        return name, command, rest


# Marks a command that already accepts the global options after its name.
_GLOBAL_MARK = "claimtracker_global_options"


def _accept_global_options(command: click.Command) -> None:
    """Let ``claim list --db x.db`` mean ``claim --db x.db list`` (--user, --tz, --debug too).

    People put options where they think of them, and a command recalled from the shell's
    history is edited at its end. The root group's options are copied onto each command as it
    is resolved (commands load lazily, so there is no earlier moment), hidden from its help:
    they set the same App the root built. Eager, so that they are applied before any other
    option of the command reads the App.
    """
    if getattr(command, _GLOBAL_MARK, False):
        return
    setattr(command, _GLOBAL_MARK, True)
    for name, callback in _LATE_OPTIONS.items():
        command.params.append(
            click.Option(
                [name, "late_" + name[2:]],
                is_flag=name == "--debug",
                hidden=True,
                expose_value=False,
                is_eager=True,
                callback=callback,
            )
        )


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        get_app(ctx).use_database(value)


def _set_user(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        app = get_app(ctx)
        app.user = value
        app.user_given = True


def _set_zone(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        from claimtracker.cli.times import zone_option

        zone_option(ctx, param, value)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["debug"] = True


_LATE_OPTIONS: dict[str, Callable[[click.Context, click.Parameter, Any], None]] = {
    "--db": _set_db,
    "--user": _set_user,
    "--tz": _set_zone,
    "--debug": _set_debug,
}


class ClaimGroup(CommandGroup):
    """Root group: every error a user can cause becomes ``Error: …`` and exit status 1.

    Usage errors keep click's exit status 2. ``--debug`` lets the traceback through.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`claim report … | head`): stop quietly, as Unix tools do.
            _silence_stdout()
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if ctx.meta.get("debug"):
                raise
            raise click.ClickException(describe_error(exc, ctx)) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail a second time."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test runner's buffer): nothing will be flushed to a pipe
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def describe_error(exc: Exception, ctx: click.Context) -> str:
    """One line for ``exc``, naming the database (never its password) where it matters."""
    if isinstance(exc, ClaimtrackerError):
        from claimtracker.cli.wording import word

        return word(exc, ctx.meta.get(COMMAND_KEY))
    if "sqlalchemy" in sys.modules:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            from claimtracker.db.errors import translate

            return str(translate(exc, get_app(ctx).target.display))
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot access{where}: {exc.strerror or exc}"
    return f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)"
