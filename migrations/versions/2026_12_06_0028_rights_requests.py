"""The register of requests holds every right a person may exercise, not only access: the
right each request exercises (`data_right`: access, erasure, rectification, restriction,
objection, portability; "access" for every request logged before), the call a handler
took it in (`interaction_id`, NULL for one the DPO logged from a letter or a form),
whether the caller was not verified when it was taken (`identity_to_verify`: the DPO
checks who they are first), and what the DPO did to answer it (`answer_note`)
(docs/data-protection.md, "Requests taken in a call").

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subject_access_requests") as table:
        table.add_column(
            sa.Column("data_right", sa.String(length=16), nullable=False, server_default="access")
        )
        table.add_column(sa.Column("interaction_id", sa.Integer(), nullable=True))
        table.add_column(
            sa.Column("identity_to_verify", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        table.add_column(sa.Column("answer_note", sa.String(length=300), nullable=True))
        table.create_foreign_key(
            table.f("fk_subject_access_requests_interaction_id_interactions"),
            "interactions",
            ["interaction_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("subject_access_requests") as table:
        table.drop_constraint(
            "fk_subject_access_requests_interaction_id_interactions", type_="foreignkey"
        )
        table.drop_column("answer_note")
        table.drop_column("identity_to_verify")
        table.drop_column("interaction_id")
        table.drop_column("data_right")
