"""Horizontal bar charts in the terminal, from plain rows (no plotting library needed)."""

from __future__ import annotations

from typing import Any

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of ``width`` cells at most, with eighth-cell resolution."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(value / maximum * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def bar_chart(
    rows: list[dict[str, Any]], label_columns: list[str], value_column: str, width: int = 40
) -> str:
    """One bar per label; rows sharing a label are summed (a month appears once per rating
    in verdicts-by-month, and its bar is the month's total)."""
    if not rows:
        return "(no rows)\n"
    totals: dict[str, float] = {}
    for row in rows:
        label = " · ".join(
            str(row.get(c)) if row.get(c) is not None else "—" for c in label_columns
        )
        totals[label] = totals.get(label, 0.0) + float(row.get(value_column) or 0)
    label_width = min(max(len(label) for label in totals), 40)
    maximum = max(totals.values())
    lines = []
    for label, value in totals.items():
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        lines.append(
            f"{shown.ljust(label_width)}  {bar(value, maximum, width).ljust(width)} {value:g}"
        )
    return "\n".join(lines) + "\n"
