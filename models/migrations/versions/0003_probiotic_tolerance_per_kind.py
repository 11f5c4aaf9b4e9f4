"""how each fermented food sat (per-kind tolerance)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("day_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("probiotic_tolerance", sa.JSON(), server_default="{}", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("day_entries", schema=None) as batch_op:
        batch_op.drop_column("probiotic_tolerance")
