"""Role-play training: runs and trainers' notes in the live database, and the marker
rows that make a database a run's sandbox (docs/training.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from custinfo_tui.repository.orm.base import Base


class TrainingRun(Base):
    """A trainee's role-play on a sandbox database (docs/training.md). Kept in the live
    database with its scorecard; the sandbox's customers and events stay in the sandbox."""

    __tablename__ = "training_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(64))
    scenario_title: Mapped[str] = mapped_column(String(200))
    #: The trainee's own operator account (they log in to the sandbox as themselves).
    trainee_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    #: The trainer who started it; NULL for `custinfo train start` (the system).
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    #: domain.training.runs.TrainingRunStatus: running, finished, abandoned or not played.
    status: Mapped[str] = mapped_column(String(16))
    sandbox_path: Mapped[str] = mapped_column(String(1000))
    #: The `Scorecard` as JSON, once the run is scored (for a run not played, why, and no
    #: results).
    scorecard: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TrainingNoteRow(Base):
    """A trainer's observation on one marking point of a run: free text, one per point."""

    __tablename__ = "training_notes"
    __table_args__ = (
        Index("ix_training_notes_run_id_marking_point", "run_id", "marking_point", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("training_runs.id"))
    marking_point: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    written_at: Mapped[datetime]


#: The one row of `training_sandbox`.
SANDBOX_MARKER_ID = 1


class TrainingSandbox(Base):
    """Filled only in a run's sandbox database: the console in normal mode refuses a database
    holding it, and a training console refuses one without it (docs/training.md)."""

    __tablename__ = "training_sandbox"
    __table_args__ = (CheckConstraint(f"id = {SANDBOX_MARKER_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The run's id in the live database (no foreign key: the run is not in this database).
    run_id: Mapped[int] = mapped_column(Integer)
    scenario_id: Mapped[str] = mapped_column(String(64))
    trainee_operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    #: The last event of the set-up: the trainee's events are the ones after it.
    set_up_last_event_id: Mapped[int] = mapped_column(Integer)


class TrainingSandboxCustomer(Base):
    """A sandbox customer's key in the scenario ("john"), for the run's transcript."""

    __tablename__ = "training_sandbox_customers"

    scenario_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), unique=True)
