"""The named reports: each reads one documented view, with optional filters.

Kept free of SQLAlchemy so `claim report` can list them without opening a database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    """A named report over one view."""

    name: str
    view: str
    description: str
    columns: tuple[str, ...]
    # ORDER BY clause, in the view's columns (fixed text, never user input).
    order_by: str
    # Column that --since/--until filter on (a timestamp or a 'YYYY-MM' month), if any.
    date_column: str | None = None
    # True when date_column holds 'YYYY-MM' month text rather than a timestamp.
    date_is_month: bool = False
    # Column that --claimant filters on (a claimant's name), if any.
    claimant_column: str | None = None
    # For --chart: the column that labels a bar and the column that gives its length.
    chart_label: str | None = None
    chart_value: str | None = None


# Filled in with the views (migration 0002); see docs/reports.md for every column.
REPORTS: dict[str, Report] = {}
