"""One ``--format`` option for every command that prints records, and the writers behind it.

Data goes to stdout; messages go to stderr. Tables are the default on a terminal, tab-separated
values when the output is piped (easy to cut, sort and grep).

Services answer with frozen dataclasses; their fields, in order, are the keys written here
(:func:`record_dict`, :func:`emit_records`), so a field's name is part of the output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

# Already loaded by click at start-up, so free here; jsonable runs once per cell.
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import click

# csv, json, tabulate and dataclasses are imported where they are used: this module loads with
# every command module, so on every `claim COMMAND --help`.

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
# Listings of claims also print their ids alone, one a line, for `… | claim assign - --to bob`.
IDS = "ids"
F = TypeVar("F", bound=Callable[..., Any])
_PLAIN = (str, int, float, bool)


def format_option(default: str | None = None, *, ids: bool = False) -> Callable[[F], F]:
    """Add ``--format``; the value reaches the command as ``output_format``.

    ``ids`` offers ``--format ids`` too: the ``id`` column alone, one a line.
    """

    def decorator(func: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice((*FORMATS, IDS) if ids else FORMATS),
            default=default,
            show_default=default is not None,
            help="Output format (default: table on a terminal, tsv when piped)"
            + ("; ids: the ids alone, one a line, for a bulk command's ID…|-." if ids else "."),
        )(func)

    return decorator


def resolve_format(output_format: str | None) -> str:
    """The format to use when none was asked for."""
    if output_format:
        return output_format
    return "table" if sys.stdout.isatty() else "tsv"


def jsonable(value: Any) -> Any:
    """Values as JSON expects them: ISO dates, enum values."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if type(value).__name__ == "Decimal":
        # PostgreSQL gives averages and shares as Decimal; SQLite as float. Print them alike.
        return float(value)
    return value


# Cells of these types are written as they are: the csv module writes None as "" and numbers
# as str() does, and JSON takes them natively. Anything else goes through _cell or jsonable.
_AS_IS = frozenset({str, int, float, type(None)})


def _cell(value: Any) -> str:
    # Most cells are text, numbers or empty: answered before the general conversion, which
    # costs microseconds a cell (a million-row report has ten million cells).
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind is int or kind is float:
        return str(value)
    if kind is datetime:
        return value.isoformat()  # type: ignore[no-any-return]
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _screen_cell(value: Any) -> str:
    """A cell of a table, read by a person: a time in the zone of --tz/TZ, named."""
    if type(value) is datetime:
        from claimtracker.cli.times import shown

        return shown(value)
    return _cell(value)


def record_dict(record: Any) -> dict[str, Any]:
    """A dataclass record as a dict of its fields, in their order, one level deep.

    Not ``dataclasses.asdict``, which copies every nested value: nested records stay records
    here, and :func:`dump_json` converts them as it reaches them.
    """
    from dataclasses import fields

    return {f.name: getattr(record, f.name) for f in fields(record)}


def _json_default(value: Any) -> Any:
    from dataclasses import is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return record_dict(value)
    return jsonable(value)


def emit_records(records: Iterable[Any], output_format: str | None, columns: Sequence[str]) -> None:
    """Write records (dataclasses) in the chosen format: the fields named by ``columns``."""
    emit_tuples(([getattr(r, c) for c in columns] for r in records), output_format, columns)


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    output_format: str | None,
    columns: Sequence[str],
) -> None:
    """Write rows (dicts with snake_case keys) in the chosen format."""
    emit_tuples(([row.get(k) for k in columns] for row in rows), output_format, columns)


def emit_tuples(
    rows: Iterable[Sequence[Any]],
    output_format: str | None,
    columns: Sequence[str],
) -> None:
    """Write rows given as values in the order of ``columns``, in the chosen format.

    The path of large outputs (`claim report … --format csv` of a million rows): no dict per
    row for csv and tsv, and a cell is converted only when it is not already text, a number or
    empty.
    """
    import json

    fmt = resolve_format(output_format)
    out = sys.stdout
    as_is = _AS_IS
    if fmt in ("json", "jsonl"):
        indent = 2 if fmt == "json" else None
        items = (
            json.dumps(
                {
                    k: v if type(v) in as_is else jsonable(v)
                    for k, v in zip(columns, row, strict=True)
                },
                indent=indent,
                ensure_ascii=False,
            )
            for row in rows
        )
        if fmt == "jsonl":
            for item in items:
                out.write(item + "\n")
            return
        # One array, written item by item (rows may be streamed from a database), laid out
        # as json.dumps(rows, indent=2) would lay it out. JSON strings hold no raw newline.
        separator = "\n  "
        out.write("[")
        for item in items:
            out.write(separator + item.replace("\n", "\n  "))
            separator = ",\n  "
        out.write("]\n" if separator == "\n  " else "\n]\n")
    elif fmt == IDS:
        at = list(columns).index("id")
        for row in rows:
            out.write(f"{row[at]}\n")
    elif fmt in ("csv", "tsv"):
        import csv

        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        write = writer.writerow
        for row in rows:
            write([v if type(v) in as_is else _cell(v) for v in row])
    else:
        from tabulate import tabulate

        # Every cell as text: tabulate would otherwise format numbers its own way.
        table = [[_screen_cell(v) for v in row] for row in rows]
        out.write(tabulate(table, headers=list(columns), tablefmt="simple") + "\n")


def emit_record(record: Mapping[str, Any], output_format: str | None) -> None:
    """Write one record: ``key: value`` lines as a table, else like a one-row listing."""
    import json

    fmt = resolve_format(output_format)
    if fmt == "table":
        width = max(len(k) for k in record)
        for key, value in record.items():
            click.echo(f"{key.ljust(width)}  {_screen_cell(value)}")
    elif fmt == "json":
        click.echo(
            json.dumps({k: jsonable(v) for k, v in record.items()}, indent=2, ensure_ascii=False)
        )
    else:
        emit_rows([record], fmt, list(record))


def dump_json(data: Any, *, indent: int | None = 2) -> None:
    """Write one JSON document (records as objects, dates as ISO strings, enums as values)."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=False, default=_json_default)
    sys.stdout.write(text + "\n")
