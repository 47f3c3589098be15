"""Language tags: the stored language codes of claims and sources in BCP 47 canonical form.

From this revision every code typed or imported is normalised (``claimtracker.languages``):
``EN`` is stored as ``en``, ``pt_BR`` as ``pt-BR``. This revision brings the codes stored
before it to the same form, with the same function, so that ``claim list --lang en`` finds a
claim typed ``--lang EN`` last year.

A stored code that is not a language code ("english", "xx-!!") is kept as it is: dropping it
would lose what its user wrote, and guessing which code it meant is not normalising. Nothing is
reported; such codes can be found with ``claim report --sql "SELECT id, language FROM claim"``
and corrected by hand.

Downgrade changes nothing: the canonical codes are valid at every earlier revision, and the
forms they replaced ("EN", "pt_BR" for the same languages) cannot be told apart any more.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from claimtracker.languages import stored_language

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column that holds a language code.
LANGUAGE_COLUMNS = (("claim", "language"), ("source", "language"))


def upgrade() -> None:
    conn = op.get_bind()
    for table_name, column_name in LANGUAGE_COLUMNS:
        table = sa.table(table_name, sa.column(column_name, sa.String))
        column = table.c[column_name]
        stored = conn.execute(sa.select(column).where(column.is_not(None)).distinct()).scalars()
        for code in list(stored):
            canonical = stored_language(code)
            if canonical != code:
                conn.execute(
                    sa.update(table).where(column == code).values({column_name: canonical})
                )


def downgrade() -> None:
    # Nothing to undo: see the module's docstring.
    pass
