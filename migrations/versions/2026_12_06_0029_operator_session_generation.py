"""An operator's session generation: moved on when an administrator disables them, changes
their role or resets their password, so a console session logged in before that is refused
at its next action and ended (docs/access-control.md, "Sessions an administrator ends").
Every operator starts at 0, as every session logged in before this revision does.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("operators") as table:
        table.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("operators") as table:
        table.drop_column("session_generation")
