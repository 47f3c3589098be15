"""The claimant's role when the claim was made, kept with the claim.

``claim.claimant_role`` is the role its claimant had when they said it ("CEO of Curai"), as
the person capturing the claim gave it. The entity's own ``role`` stays what it is now: a
claim of 2019 added today must not rewrite who the claimant is today, and two claims by one
person at different times keep a role each.

Existing claims get NULL: what role their claimant had then is unknown, and the entity's
current role is not copied into them, since it may have changed since.

On SQLite the column is added by ``ALTER TABLE … ADD COLUMN`` (batch mode does not rebuild a
table to add a nullable column); the downgrade drops it with a plain ``DROP COLUMN``, never a
batch rebuild, which would delete every tag, appearance and evidence row of every claim
through their ON DELETE CASCADE.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The length of an entity's role (models/entity.py), which it describes.
ROLE_LENGTH = 300


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("claimant_role", sa.String(ROLE_LENGTH), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE claim DROP COLUMN claimant_role")
