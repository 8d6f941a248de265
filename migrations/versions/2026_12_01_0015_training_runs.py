"""Training runs (docs/training.md): runs with their scorecards and the trainer's notes, kept
in the live database; and the marker a run's sandbox database holds, with its customers'
scenario keys, so the console can tell a sandbox from the live database.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 23:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("scenario_title", sa.String(length=200), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sandbox_path", sa.String(length=1000), nullable=False),
        sa.Column("scorecard", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["operators.id"], name=op.f("fk_training_runs_trainee_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["operators.id"],
            name=op.f("fk_training_runs_started_by_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_runs")),
    )
    op.create_index(op.f("ix_training_runs_trainee_id"), "training_runs", ["trainee_id"])
    op.create_table(
        "training_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("marking_point", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["training_runs.id"], name=op.f("fk_training_notes_run_id_training_runs")
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"],
            ["operators.id"],
            name=op.f("fk_training_notes_written_by_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_notes")),
    )
    op.create_index(
        "ix_training_notes_run_id_marking_point",
        "training_notes",
        ["run_id", "marking_point"],
        unique=True,
    )
    op.create_table(
        "training_sandbox",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("trainee_operator_id", sa.Integer(), nullable=False),
        sa.Column("set_up_last_event_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_training_sandbox_single_row")),
        sa.ForeignKeyConstraint(
            ["trainee_operator_id"],
            ["operators.id"],
            name=op.f("fk_training_sandbox_trainee_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sandbox")),
    )
    op.create_table(
        "training_sandbox_customers",
        sa.Column("scenario_key", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_training_sandbox_customers_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("scenario_key", name=op.f("pk_training_sandbox_customers")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_training_sandbox_customers_customer_id")),
    )


def downgrade() -> None:
    op.drop_table("training_sandbox_customers")
    op.drop_table("training_sandbox")
    op.drop_index("ix_training_notes_run_id_marking_point", table_name="training_notes")
    op.drop_table("training_notes")
    op.drop_index(op.f("ix_training_runs_trainee_id"), table_name="training_runs")
    op.drop_table("training_runs")
