"""Listings that stream (`claim list`, `claim queue`): every row for programs, a page for people.

A table is read by a person: it stops at a page (``--limit``, ``--page``) and says on stderr
where that page stands ("50 of 1,234 — --page 2", "page 9 is past the end: 1,234 claims,
25 pages"). json, jsonl, csv, tsv and ids feed programs and files: they carry every matching
row, streamed as it is read (as `claim report` does), unless ``--limit`` or ``--page`` is
given on the command line; then they give that page, and say where it stands too.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sqlalchemy.orm import Session

    from claimtracker.app import App

T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """The rows a listing shows: ``limit`` from ``offset`` (None: every row)."""

    limit: int | None
    offset: int
    page: int
    size: int


def window(ctx: click.Context, fmt: str, *, limit: int, page: int) -> Window:
    """A page in a table, or where --limit/--page were given; else every row."""
    from click.core import ParameterSource

    given = any(
        ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)
        for name in ("limit", "page")
    )
    if fmt == "table" or given:
        return Window(limit, (page - 1) * limit, page, limit)
    return Window(None, 0, 1, limit)


class Counted:
    """Rows passed through as they are written, counted on the way."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, rows: Iterable[T]) -> Iterator[T]:
        for row in rows:
            self.count += 1
            yield row


def page_note(win: Window, shown: int, total: Callable[[], int], noun: str) -> str | None:
    """Where a page stands in the whole listing; None when it shows everything (or nothing).

    ``total`` counts the matching rows; it is called only when the page cannot tell (a full
    page, or an empty one past the first), so a short first page costs no count.
    """
    if win.limit is None:
        return None
    # A short page is the last one: it tells the total without counting.
    full = shown == win.size or (shown == 0 and win.page > 1)
    matching = total() if full else win.offset + shown
    if shown == 0:
        if matching == 0:
            return None
        pages = -(-matching // win.size)
        return (
            f"page {win.page} is past the end: {matching:,} {noun}, "
            f"{pages:,} page{'' if pages == 1 else 's'}"
        )
    last = win.offset + shown
    if win.page == 1 and last >= matching:
        return None
    where = f"{shown:,}" if win.page == 1 else f"{win.offset + 1:,}–{last:,}"
    more = f" — --page {win.page + 1}" if last < matching else ""
    return f"{where} of {matching:,}{more}"


def say(note: str | None) -> None:
    """A listing's note, on stderr so that the rows on stdout stay data."""
    if note:
        click.echo(note, err=True)


@contextmanager
def reading(app: App) -> Iterator[Session]:
    """A session that only reads: on SQLite it takes no write lock (a listing of a million
    rows written to a slow pipe must not hold up every writer)."""
    from sqlalchemy.orm import Session

    with Session(app.ready_engine()) as session, session.begin():
        yield session
