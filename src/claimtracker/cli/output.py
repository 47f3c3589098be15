"""One ``--format`` option for every command that prints records, and the writers behind it.

Data goes to stdout; messages go to stderr. Tables are the default on a terminal, tab-separated
values when the output is piped (easy to cut, sort and grep).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

# Already loaded by click at start-up, so free here; jsonable runs once per cell.
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import click

# csv, json and tabulate are imported where they are used: this module loads on every start,
# including `claim --help`.

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
F = TypeVar("F", bound=Callable[..., Any])
_PLAIN = (str, int, float, bool)


def format_option(default: str | None = None) -> Callable[[F], F]:
    """Add ``--format``; the value reaches the command as ``output_format``."""

    def decorator(func: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(FORMATS),
            default=default,
            show_default=default is not None,
            help="Output format (default: table on a terminal, tsv when piped).",
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
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    output_format: str | None,
    columns: Sequence[str],
) -> None:
    """Write rows (dicts with snake_case keys) in the chosen format."""
    import json

    fmt = resolve_format(output_format)
    out = sys.stdout
    if fmt == "json":
        # One array, written item by item (rows may be streamed from a database), laid out
        # as json.dumps(rows, indent=2) would lay it out. JSON strings hold no raw newline.
        separator = "\n  "
        out.write("[")
        for row in rows:
            item = json.dumps(
                {k: jsonable(row.get(k)) for k in columns}, indent=2, ensure_ascii=False
            )
            out.write(separator + item.replace("\n", "\n  "))
            separator = ",\n  "
        out.write("]\n" if separator == "\n  " else "\n]\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(
                json.dumps({k: jsonable(row.get(k)) for k in columns}, ensure_ascii=False) + "\n"
            )
    elif fmt in ("csv", "tsv"):
        import csv

        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in columns])
    else:
        from tabulate import tabulate

        table = [[_cell(row.get(k)) for k in columns] for row in rows]
        out.write(tabulate(table, headers=list(columns), tablefmt="simple") + "\n")


def emit_record(record: Mapping[str, Any], output_format: str | None) -> None:
    """Write one record: ``key: value`` lines as a table, else like a one-row listing."""
    import json

    fmt = resolve_format(output_format)
    if fmt == "table":
        width = max(len(k) for k in record)
        for key, value in record.items():
            click.echo(f"{key.ljust(width)}  {_cell(value)}")
    elif fmt == "json":
        click.echo(
            json.dumps({k: jsonable(v) for k, v in record.items()}, indent=2, ensure_ascii=False)
        )
    else:
        emit_rows([record], fmt, list(record))


def dump_json(data: Any, *, indent: int | None = 2) -> None:
    """Write one JSON document (dates as ISO strings, enums as values)."""
    import json

    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False, default=jsonable) + "\n")
