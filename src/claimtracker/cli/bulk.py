"""Commands that act on several claims: their ID… argument, ``-`` for standard input, and
``--dry-run``.

``claim list --tag psyop --format ids | claim assign - --to bob`` is the everyday pipeline: ids
are read from standard input when the only argument is ``-``. The work itself is all or nothing
(services/bulk.py); a dry run does it all, says what it did, and rolls it back, so what it
says is exactly what the real run would do.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimtracker.cli.options import OptionError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtracker.app import App
    from claimtracker.services.bulk import Done

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def claim_refs_argument(function: F) -> F:
    """The ``ID…`` argument: one or more claims, or ``-`` to read their ids from stdin."""
    return click.argument("claim_refs", metavar="ID...|-", nargs=-1, required=True)(function)


def dry_run_option(function: F) -> F:
    """``--dry-run``: do everything, say what changed, then roll it all back."""
    return click.option(
        "--dry-run", is_flag=True, help="Say what would change, and change nothing."
    )(function)


def read_refs(refs: tuple[str, ...]) -> list[str]:
    """The claims named on the command line; ``-`` reads them from standard input.

    Ids on standard input are separated by white space or commas (one per line, as
    ``claim list --format ids`` prints them); lines starting with ``#`` and a space are
    comments. Reading nothing there is a usage error (exit 2, one line), not a command that
    does nothing.
    """
    if "-" not in refs:
        return list(refs)
    if refs != ("-",):
        raise OptionError("give claim ids, or - alone to read them from standard input")
    found: list[str] = []
    for line in sys.stdin:
        if line.startswith("# "):
            continue
        found.extend(part for part in line.replace(",", " ").split() if part)
    if not found:
        raise OptionError("no claim id on standard input")
    return found


class _RolledBack(Exception):
    """Ends a dry run's unit of work so that it rolls back."""


@contextmanager
def unit_of_work(app: App, *, dry_run: bool) -> Iterator[Session]:
    """``app.session()``, rolled back at the end instead of committed when ``dry_run``."""
    try:
        with app.session() as session:
            yield session
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        pass


def say_dry_run(lines: list[str]) -> None:
    """A dry run's account: what each claim would become, then that nothing was written."""
    for line in lines:
        click.echo(f"would {line}")
    click.echo(f"dry run: {len(lines)} claim(s) would change; nothing was written", err=True)


def finish(
    done: Sequence[Done[T]],
    *,
    dry_run: bool,
    would: Callable[[Done[T]], str],
    note: Callable[[Done[T]], str | None] | None = None,
    printed: Callable[[Done[T]], object] | None = None,
) -> None:
    """A bulk command's account of what it did, once its unit of work is over.

    A dry run says what each claim ``would`` become; a real run prints one id a line on
    stdout, so that the next command of a pipeline can read them (the claim's, or what
    ``printed`` gives: verify prints its verdicts), and each claim's ``note``, if any, on
    stderr.
    """
    if dry_run:
        say_dry_run([would(item) for item in done])
        return
    for item in done:
        words = note(item) if note else None
        if words:
            click.echo(words, err=True)
        click.echo(printed(item) if printed else item.claim_id)


def moved(done: Done[Any]) -> str:
    """A claim's step in words: "new → in review", or "stays in review"."""
    before = done.status_before.value.replace("_", " ")
    after = done.status_after.value.replace("_", " ")
    return f"stays {after}" if before == after else f"{before} → {after}"
