"""A possible duplicate's items by the record they name: `queue_items (other_customer_id)`.

A possible-duplicate item is raised on the newer record and names the earlier one
(`other_customer_id`); while it is open both records' titles say "POSSIBLE DUPLICATE of"
the other (services/record_view.py). The earlier record's side asks the queue by the record
named, which without an index scanned every item on each opening of a record: an import of
a second export raises 200,000 of them. Merging and erasure, which look for the rows naming
a record, ask the same.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-08 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_queue_items_other_customer_id", "queue_items", ["other_customer_id"])


def downgrade() -> None:
    op.drop_index("ix_queue_items_other_customer_id", table_name="queue_items")
