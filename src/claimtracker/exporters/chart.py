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
    """One line per row: label, bar, value."""
    if not rows:
        return "(no rows)\n"
    labels = [
        " · ".join(str(r.get(c) if r.get(c) is not None else "—") for c in label_columns)
        for r in rows
    ]
    values = [float(r.get(value_column) or 0) for r in rows]
    label_width = min(max(len(x) for x in labels), 40)
    maximum = max(values)
    lines = []
    for label, value in zip(labels, values, strict=True):
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        number = f"{value:g}"
        lines.append(
            f"{shown.ljust(label_width)}  {bar(value, maximum, width).ljust(width)} {number}"
        )
    return "\n".join(lines) + "\n"
