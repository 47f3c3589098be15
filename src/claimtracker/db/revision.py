"""Schema revisions known to this version of the package.

Checked on every command without importing Alembic (which costs ~0.4 s): the database's
``alembic_version`` row is compared with these constants. A test keeps them equal to the
revisions in ``migrations/versions``.
"""

from __future__ import annotations

# Oldest first. Append a revision id here whenever a migration is added.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
)
HEAD_REVISION: str = KNOWN_REVISIONS[-1]
