"""Reading the ids people type: "12", "#12", or a claim's public id."""

from __future__ import annotations

import re

_NUMERIC = re.compile(r"#?(\d{1,18})")


def parse_id(ref: str) -> int | None:
    """The integer id in ``ref`` ("12" or "#12"), or None if it is not an id."""
    match = _NUMERIC.fullmatch(ref.strip())
    return int(match.group(1)) if match else None
