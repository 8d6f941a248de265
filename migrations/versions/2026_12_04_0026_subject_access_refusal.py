"""A subject access request can be refused (UK GDPR Art. 12(5)): the reason it was refused.

A request that is manifestly unfounded or excessive may be refused; the person must then be
told why, and that they may complain to the ICO and seek a court's remedy (Art. 12(4)). A
refused request is closed as an answered one is (`answered_at`, `answered_by_id`), with the
reason the person was given in `refusal_reason`; NULL for a request answered with its pack.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04 09:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subject_access_requests") as table:
        table.add_column(sa.Column("refusal_reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subject_access_requests") as table:
        table.drop_column("refusal_reason")
