"""`claim export jsonl`, `claim import jsonl` and `claim db copy`: full-fidelity dump, restore
and copy between databases (SQLite to PostgreSQL, or any other way round)."""

from __future__ import annotations

import os
import secrets
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from claimtracker.cli.context import get_app
from claimtracker.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimtracker.transfer.restore import RestoreReport

STDIO = Path("-")


@contextmanager
def _output(path: Path | None) -> Iterator[IO[bytes]]:
    """Where the dump goes: stdout, or a file that appears only once it is complete.

    Writing to a temporary file in the same folder and renaming it at the end means an
    interrupted export never leaves a file that looks like a dump.
    """
    if path is None or path == STDIO:
        # Bytes, not text: a dump is UTF-8 whatever the locale says stdout's encoding is.
        sys.stdout.flush()
        yield sys.stdout.buffer
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        # Mode 0o666 less the umask, like any file the user creates (mkstemp would make it
        # private to the owner).
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@click.command("jsonl")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path, allow_dash=True),
    help="File to write (default: standard output).",
)
@click.option(
    "--no-timestamp",
    is_flag=True,
    help="Write exported_at as null in the header, so equal databases give identical files.",
)
@click.pass_context
def jsonl_export_command(ctx: click.Context, output: Path | None, no_timestamp: bool) -> None:
    """Dump the whole database as JSON Lines: every record of every table, ids kept.

    A header line names the format and the schema revision; then one {"table", "row"} object
    per record, tables in dependency order, rows by primary key; a trailer counts the records.
    `claim import jsonl` restores it into an empty database.
    """
    from datetime import UTC, datetime

    from claimtracker.transfer import dump

    app = get_app(ctx)
    exported_at = None if no_timestamp else datetime.now(UTC)
    lines = 0
    with dump.snapshot(app.ready_engine()) as connection, _output(output) as out:
        for line in dump.dump_lines(connection, exported_at=exported_at):
            out.write(line.encode("utf-8"))
            lines += 1
        out.flush()
    where = "standard output" if output is None or output == STDIO else str(output)
    # Header and trailer are not records.
    click.echo(f"exported {lines - 2} records from {app.target.display} to {where}", err=True)


@click.command("jsonl")
@click.argument(
    "file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), metavar="FILE"
)
@click.option(
    "--accept-broken-audit",
    is_flag=True,
    help="Restore even if the dump's audit chain is broken (an edited or missing event); an "
    "audit.accepted_broken event records that you did and the first bad event.",
)
@click.pass_context
def jsonl_import_command(ctx: click.Context, file: Path, accept_broken_audit: bool) -> None:
    """Restore a dump made by `claim export jsonl` into an empty database (FILE or - for stdin).

    Ids are kept. The database must be at the dump's schema revision and hold nothing yet but
    what `claim db upgrade` creates. Everything is restored in one transaction: a bad line is
    reported as FILE:LINE and nothing is written. The restored audit chain is verified before
    the transaction commits, and must end at the head the dump's trailer names: a broken one
    is refused naming the first bad event (FILE:LINE), unless --accept-broken-audit. The
    search index is rebuilt.
    """
    from claimtracker.errors import DumpFormatError
    from claimtracker.importers.jsonl import DumpReader
    from claimtracker.transfer.restore import restore
    from claimtracker.transfer.restore_audit import BrokenAuditChain

    app = get_app(ctx)
    with _input(file) as (stream, name):
        reader = DumpReader(stream, name)
        try:
            with app.session() as session:
                report = restore(
                    session, reader, accept_broken_audit=accept_broken_audit, actor=app.user
                )
        except BrokenAuditChain as exc:
            raise DumpFormatError(
                exc.name,
                exc.line,
                f"{exc.reason} (restore it anyway with --accept-broken-audit, which records "
                "that you did)",
            ) from None
    _print_counts(report)
    if report.audit_break is not None:
        click.echo(
            f"warning: {name}:{report.audit_break.line}: {report.audit_break.describe()}; "
            f"restored anyway, recorded as event #{report.accepted_event_id}",
            err=True,
        )
    click.echo(
        f"restored {report.total} records into {app.target.display} "
        f"({report.search_documents} claims indexed for search)",
        err=True,
    )


@contextmanager
def _input(path: Path) -> Iterator[tuple[IO[bytes], str]]:
    if path == STDIO:
        yield sys.stdin.buffer, "<stdin>"
        return
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    with stream:
        yield stream, str(path)


def _print_counts(report: RestoreReport) -> None:
    for table, count in report.records.items():
        click.echo(f"{table}\t{count}")


@click.command("copy")
@click.option(
    "--to",
    "to_url",
    required=True,
    metavar="URL|PATH",
    help="The database to copy into: a postgresql:// URL or a SQLite file path.",
)
@click.option(
    "--force",
    "replace",
    is_flag=True,
    help="Replace whatever the target holds (its data is deleted first).",
)
@click.pass_context
def db_copy_command(ctx: click.Context, to_url: str, replace: bool) -> None:
    """Copy this database into another one, record for record, ids kept.

    The usual move is from the embedded SQLite file to PostgreSQL. An empty target is given
    the schema first; a target with data is refused unless --force. The copy is one
    transaction on the target and reads one consistent state of the source. Prints the
    records copied per table.
    """
    from claimtracker.db.url import resolve
    from claimtracker.transfer.copy import copy_database

    app = get_app(ctx)
    source_engine = app.ready_engine()
    target = resolve(to_url)
    report = copy_database(
        source_engine,
        source=app.target,
        target=target,
        replace=replace,
        on_schema_created=lambda: click.echo(f"created the schema in {target.display}", err=True),
    )
    _print_counts(report)
    click.echo(
        f"copied {report.total} records from {app.target.display} to {target.display}",
        err=True,
    )


__all__ = ["db_copy_command", "jsonl_export_command", "jsonl_import_command"]
