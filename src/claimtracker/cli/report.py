"""`claim report`: named reports over the documented views, and read-only ad-hoc SQL."""

from __future__ import annotations

from contextlib import closing

import click

from claimtracker.cli.context import get_app
from claimtracker.cli.options import dayfirst_option, parse_date_option
from claimtracker.cli.output import emit_tuples, format_option, resolve_format

# A table (or chart) is read by a person: it shows this many rows unless --limit says otherwise.
# The other formats feed programs and files and carry every row, streamed.
SCREEN_ROWS = 1_000


@click.command("report")
@click.argument("name", required=False)
@click.option("--sql", metavar="SQL|@FILE", help="Run a read-only SQL query instead.")
@click.option(
    "--since",
    metavar="DATE",
    help="Only rows on or after DATE: the date each report filters is listed by `claim report`.",
)
@click.option(
    "--until", metavar="DATE", help="Only rows up to the end of DATE (the same date as --since)."
)
@click.option("--claimant", metavar="NAME", help="Only rows about this claimant.")
@click.option("--chart", is_flag=True, help="Draw a bar chart (count reports).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help=f"At most this many rows (default: {SCREEN_ROWS:,} in a table or chart, "
    "every row in the other formats).",
)
@dayfirst_option
@format_option()
@click.pass_context
def report(
    ctx: click.Context,
    name: str | None,
    sql: str | None,
    since: str | None,
    until: str | None,
    claimant: str | None,
    chart: bool,
    limit: int | None,
    dayfirst: bool,
    output_format: str | None,
) -> None:
    """Run report NAME; without a name, list the reports. --sql runs any query read-only.

    --since/--until filter the capture day in claim-overview and review-queue, the month of
    publication in verdicts-by-month and review-turnaround; the other reports have no date.

    The database itself refuses writes here (a read-only SQLite connection that cannot
    attach files, a read-only PostgreSQL transaction), so the views can be explored safely.
    One statement only.
    """
    if name is None and sql is None:
        _list_reports(output_format)
        return
    if name is not None and sql is not None:
        raise click.UsageError("give a report NAME or --sql, not both")
    from claimtracker.cli.review import read_long_text
    from claimtracker.reports import runner

    # Everything that can be wrong with the command line is checked before the database opens.
    chosen = None
    undated = 0
    if sql is not None:
        if since or until or claimant or chart:
            raise click.UsageError("--since, --until, --claimant and --chart go with a NAME")
        query = read_long_text(sql, "SQL")
    else:
        assert name is not None
        chosen = runner.get_report(name)
        if chart and not (chosen.chart_label and chosen.chart_value):
            raise click.UsageError(f"report {chosen.name!r} has no counts to chart")
        since_date = parse_date_option(since, dayfirst=dayfirst)
        until_date = parse_date_option(until, dayfirst=dayfirst)
    fmt = resolve_format(output_format)
    if limit is None and (chart or fmt == "table"):
        limit = SCREEN_ROWS
    app = get_app(ctx)
    # Rows go out as they are read, so the output is written inside the read-only transaction.
    with app.readonly() as connection:
        if chosen is None:
            table = runner.run_sql(connection, query, limit=limit)
        else:
            undated = runner.undated_rows_left_out(
                connection, chosen, since=since_date, until=until_date
            )
            table = runner.run_report(
                connection,
                chosen,
                since=since_date,
                until=until_date,
                claimant=claimant,
                limit=limit,
            )
        if chart:
            assert chosen is not None
            assert chosen.chart_label
            assert chosen.chart_value
            from claimtracker.exporters.chart import bar_chart

            click.echo(
                bar_chart(list(table), chosen.chart_label.split(","), chosen.chart_value),
                nl=False,
            )
        else:
            # Closed here, on error too, so its cursor is released while the connection is open.
            with closing(table.rows(stamps_as_text=True)) as rows:
                emit_tuples(rows, fmt, table.columns)
    _notes(truncated=table.truncated, limit=limit, fmt=fmt, undated=undated)


LISTING_COLUMNS = ["name", "view", "description", "dates", "claimant_filter", "chart", "columns"]


def _list_reports(output_format: str | None) -> None:
    """The catalogue: each report, what --since/--until filter in it, and its columns."""
    from claimtracker.reports.catalog import REPORTS

    fmt = resolve_format(output_format)
    if fmt == "table":
        for report_ in REPORTS.values():
            dates = f" [--since/--until: {report_.dates}]" if report_.dates else ""
            click.echo(f"{report_.name:<20} {report_.description}{dates}")
        return
    rows = [
        [
            r.name,
            r.view,
            r.description,
            r.dates,
            r.claimant_column is not None,
            r.chart_label is not None,
            # One cell in csv and tsv; a list in JSON.
            list(r.columns) if fmt in ("json", "jsonl") else " ".join(r.columns),
        ]
        for r in REPORTS.values()
    ]
    emit_tuples(rows, fmt, LISTING_COLUMNS)


def _notes(*, truncated: bool, limit: int | None, fmt: str, undated: int) -> None:
    """What the rows on stdout do not show: rows cut off, undated rows left out."""
    if truncated:
        assert limit is not None
        more = "--limit N shows more, --format csv every row" if fmt == "table" else "--limit"
        click.echo(f"(stopped at {limit:,} rows; {more})", err=True)
    if undated:
        click.echo(
            f"(left out {undated:,} row(s) of month 'unknown': reviews without a date cannot "
            "be placed inside --since/--until)",
            err=True,
        )
