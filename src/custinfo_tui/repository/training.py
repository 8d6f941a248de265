"""Training runs and their notes (live database), and a sandbox's marker and customer keys
(a run's sandbox database only). Reached through the unit of work as `uow.training`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import (
    SANDBOX_MARKER_ID,
    Customer,
    TrainingNoteRow,
    TrainingRun,
    TrainingSandbox,
    TrainingSandboxCustomer,
)

#: The largest id a run can have on each database: the id is an `integer`, 32-bit on
#: PostgreSQL and 64-bit on SQLite. Asked for a larger one, PostgreSQL refuses the query
#: (out of range) and SQLite's driver cannot even bind it (OverflowError), where the only
#: question was whether such a run exists.
LARGEST_ID: Mapping[str, int] = MappingProxyType({"postgresql": 2**31 - 1, "sqlite": 2**63 - 1})


class TrainingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- the live database: runs and notes ---------------------------------------------

    def add_run(self, run: TrainingRun) -> TrainingRun:
        self._session.add(run)
        self._session.flush()
        return run

    def get_run(self, run_id: int, *, for_update: bool = False) -> TrainingRun | None:
        """The run with this id; None when there is none, as for a number no row can have
        (`custinfo train report 99999999999999999999`)."""
        if not 0 < run_id <= LARGEST_ID.get(self._session.get_bind().dialect.name, 2**31 - 1):
            return None
        return self._session.get(TrainingRun, run_id, with_for_update=for_update)

    def runs(self, *, trainee_id: int | None = None) -> Sequence[TrainingRun]:
        """Runs newest first; only one trainee's when `trainee_id` is given."""
        query = select(TrainingRun).order_by(TrainingRun.started_at.desc(), TrainingRun.id.desc())
        if trainee_id is not None:
            query = query.where(TrainingRun.trainee_id == trainee_id)
        return self._session.scalars(query).all()

    def notes_of(self, run_id: int) -> Sequence[TrainingNoteRow]:
        return self._session.scalars(
            select(TrainingNoteRow)
            .where(TrainingNoteRow.run_id == run_id)
            .order_by(TrainingNoteRow.marking_point)
        ).all()

    def note(self, run_id: int, marking_point: str) -> TrainingNoteRow | None:
        return self._session.scalars(
            select(TrainingNoteRow).where(
                TrainingNoteRow.run_id == run_id, TrainingNoteRow.marking_point == marking_point
            )
        ).one_or_none()

    def add_note(self, note: TrainingNoteRow) -> TrainingNoteRow:
        self._session.add(note)
        self._session.flush()
        return note

    # --- a sandbox database: its marker and its customers' keys -------------------------

    def sandbox_marker(self) -> TrainingSandbox | None:
        """The marker row: present only in a run's sandbox."""
        return self._session.get(TrainingSandbox, SANDBOX_MARKER_ID, populate_existing=True)

    def mark_as_sandbox(self, marker: TrainingSandbox) -> None:
        marker.id = SANDBOX_MARKER_ID
        self._session.add(marker)
        self._session.flush()

    def add_customer_key(self, scenario_key: str, customer_id: int) -> None:
        self._session.add(
            TrainingSandboxCustomer(scenario_key=scenario_key, customer_id=customer_id)
        )
        self._session.flush()

    def all_customers(self) -> Sequence[Customer]:
        """Every customer, by id: a sandbox holds only a scenario's few."""
        return self._session.scalars(select(Customer).order_by(Customer.id)).all()

    def customer_keys(self) -> dict[str, int]:
        """The scenario's customer keys to their ids in this sandbox."""
        rows = self._session.execute(
            select(TrainingSandboxCustomer.scenario_key, TrainingSandboxCustomer.customer_id)
        ).all()
        return {str(key): int(customer_id) for key, customer_id in rows}
