"""Subject access requests (MP-16), processing restrictions (Art. 18), and the reads the
export pack needs that no other repository offers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.audit_rows import OLDEST_FIRST
from custinfo_tui.repository.orm import (
    Address,
    AuditEventRow,
    ContactPoint,
    Customer,
    DiscrepancyReportRow,
    Interaction,
    LegacyImportCustomer,
    LegacyImportRow,
    ProcessingRestrictionRow,
    SubjectAccessRequestRow,
)


class AccessEvent(NamedTuple):
    """One audit event about a customer, as the export pack lists it."""

    action: str
    operator_id: int | None
    reason: str | None
    fields: tuple[str, ...]
    details: dict[str, Any]
    occurred_at: datetime
    #: "ok", or what came of it instead ("refused"): what the pack says happened.
    outcome: str
    #: The record it is filed under: the customer's, or one merged into theirs.
    customer_id: int | None
    #: The event's own number, the call it was made in (if any) and the console session
    #: (one login) it came from: what ties a record's opening to a request recorded under
    #: it (services/pack_withheld.py).
    id: int = 0
    interaction_id: int | None = None
    console_session: str | None = None


class CallEnd(NamedTuple):
    """A call's `interaction.ended` event: why it ended and what it says of that (for one
    its own console never ended, `last_activity`)."""

    outcome: str
    details: dict[str, Any]


class SubjectAccessRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # -- Requests ---------------------------------------------------------------------------

    def add(self, request: SubjectAccessRequestRow) -> SubjectAccessRequestRow:
        self._session.add(request)
        self._session.flush()
        return request

    def get(self, request_id: int, *, for_update: bool = False) -> SubjectAccessRequestRow | None:
        """One request; `for_update` locks its row (PostgreSQL) while it is extended or
        answered."""
        query = select(SubjectAccessRequestRow).where(SubjectAccessRequestRow.id == request_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def listed(self, *, open_only: bool) -> Sequence[tuple[SubjectAccessRequestRow, str]]:
        """Requests with their customer's reference, soonest due first (open ones only
        unless `open_only` is False)."""
        query = select(SubjectAccessRequestRow, Customer.reference).join(
            Customer, Customer.id == SubjectAccessRequestRow.customer_id
        )
        if open_only:
            query = query.where(SubjectAccessRequestRow.answered_at.is_(None))
        query = query.order_by(SubjectAccessRequestRow.due_on, SubjectAccessRequestRow.id)
        return [(row[0], row[1]) for row in self._session.execute(query).all()]

    def of_customer(self, customer_id: int) -> Sequence[SubjectAccessRequestRow]:
        """A customer's own requests, oldest first (the pack lists them too)."""
        return self._session.scalars(
            select(SubjectAccessRequestRow)
            .where(SubjectAccessRequestRow.customer_id == customer_id)
            .order_by(SubjectAccessRequestRow.received_on, SubjectAccessRequestRow.id)
        ).all()

    # -- Restrictions -----------------------------------------------------------------------

    def add_restriction(self, restriction: ProcessingRestrictionRow) -> None:
        self._session.add(restriction)
        self._session.flush()

    def restriction_in_force(self, customer_id: int) -> ProcessingRestrictionRow | None:
        """The customer's restriction not yet lifted, if any."""
        return self._session.scalars(
            select(ProcessingRestrictionRow).where(
                ProcessingRestrictionRow.customer_id == customer_id,
                ProcessingRestrictionRow.lifted_at.is_(None),
            )
        ).first()

    def restricted_references(self, references: Collection[str]) -> set[str]:
        """Which of these customer references belong to records restricted now."""
        if not references:
            return set()
        return set(
            self._session.scalars(
                select(Customer.reference)
                .join(
                    ProcessingRestrictionRow,
                    ProcessingRestrictionRow.customer_id == Customer.id,
                )
                .where(
                    Customer.reference.in_(list(references)),
                    ProcessingRestrictionRow.lifted_at.is_(None),
                )
            )
        )

    def restrictions_in_force(self) -> Sequence[tuple[ProcessingRestrictionRow, str]]:
        """Every restriction not lifted, with its customer's reference, oldest first; not
        those of erased records, which hold nothing personal left to restrict."""
        query = (
            select(ProcessingRestrictionRow, Customer.reference)
            .join(Customer, Customer.id == ProcessingRestrictionRow.customer_id)
            .where(
                ProcessingRestrictionRow.lifted_at.is_(None),
                Customer.status != CustomerStatus.ERASED,
            )
            .order_by(ProcessingRestrictionRow.restricted_at, ProcessingRestrictionRow.id)
        )
        return [(row[0], row[1]) for row in self._session.execute(query).all()]

    def restrictions_of(self, customer_id: int) -> Sequence[ProcessingRestrictionRow]:
        """A customer's restrictions, lifted or not, oldest first."""
        return self._session.scalars(
            select(ProcessingRestrictionRow)
            .where(ProcessingRestrictionRow.customer_id == customer_id)
            .order_by(ProcessingRestrictionRow.restricted_at, ProcessingRestrictionRow.id)
        ).all()

    # -- What the export pack reads ---------------------------------------------------------

    def addresses_of(self, customer_id: int) -> Sequence[Address]:
        """Every address, current and past, oldest first."""
        return self._session.scalars(
            select(Address).where(Address.customer_id == customer_id).order_by(Address.id)
        ).all()

    def contact_points_of(self, customer_id: int) -> Sequence[ContactPoint]:
        """Every phone number and e-mail address, oldest first."""
        return self._session.scalars(
            select(ContactPoint)
            .where(ContactPoint.customer_id == customer_id)
            .order_by(ContactPoint.id)
        ).all()

    def interactions_of(self, customer_id: int) -> Sequence[Interaction]:
        """Every interaction about the customer, oldest first."""
        return self._session.scalars(
            select(Interaction)
            .where(Interaction.customer_id == customer_id)
            .order_by(Interaction.started_at, Interaction.id)
        ).all()

    def call_ends(self, interaction_ids: Sequence[int]) -> dict[int, CallEnd]:
        """Each of these calls' `interaction.ended` event, by call: the pack says from it
        why a call ended, as the record's timeline does. A call not ended has none."""
        ends: dict[int, CallEnd] = {}
        for start in range(0, len(interaction_ids), 1_000):  # bound parameters per query
            query = (
                select(AuditEventRow.interaction_id, AuditEventRow.outcome, AuditEventRow.details)
                .where(
                    AuditEventRow.interaction_id.in_(interaction_ids[start : start + 1_000]),
                    AuditEventRow.action == AuditAction.INTERACTION_ENDED.value,
                )
                .order_by(*OLDEST_FIRST)
            )
            for call, outcome, details in self._session.execute(query):
                if call is not None:
                    ends.setdefault(call, CallEnd(outcome, dict(details or {})))
        return ends

    def imported_at(self, customer_id: int) -> datetime | None:
        """When a legacy import brought the customer's record in, or None: where the data
        came from, for the pack (Art. 15(1)(g))."""
        run = self.import_of(customer_id)
        return run.started_at if run is not None else None

    def import_of(self, customer_id: int) -> LegacyImportRow | None:
        """The legacy import that brought the customer's record in, or None. Looked for
        import by import (a few), each a look-up of the pair's primary key: the table's
        key begins with the import, so asking by the customer alone read every row."""
        stored_by = (
            select(LegacyImportCustomer.import_id)
            .where(
                LegacyImportCustomer.import_id == LegacyImportRow.id,
                LegacyImportCustomer.customer_id == customer_id,
            )
            .exists()
        )
        return self._session.scalars(
            select(LegacyImportRow).where(stored_by).order_by(LegacyImportRow.id).limit(1)
        ).first()

    def discrepancy_reports_of(
        self, customer_ids: Collection[int]
    ) -> Sequence[DiscrepancyReportRow]:
        """Every discrepancy report about these customers (a record and those merged into
        it), oldest first."""
        return self._session.scalars(
            select(DiscrepancyReportRow)
            .where(DiscrepancyReportRow.customer_id.in_(customer_ids))
            .order_by(DiscrepancyReportRow.reported_at, DiscrepancyReportRow.id)
        ).all()

    def events_about(self, customer_ids: Collection[int]) -> Sequence[AccessEvent]:
        """Every audit event about these customers (a record and those merged into it),
        oldest first: who accessed the record and why. Events hold no personal values."""
        query = (
            select(
                AuditEventRow.action,
                AuditEventRow.operator_id,
                AuditEventRow.reason,
                AuditEventRow.fields,
                AuditEventRow.details,
                AuditEventRow.occurred_at,
                AuditEventRow.outcome,
                AuditEventRow.customer_id,
                AuditEventRow.id,
                AuditEventRow.interaction_id,
                AuditEventRow.console_session,
            )
            .where(AuditEventRow.customer_id.in_(list(customer_ids)))
            .order_by(*OLDEST_FIRST)
        )
        return [
            AccessEvent(
                row[0],
                row[1],
                row[2],
                tuple(row[3] or ()),
                dict(row[4] or {}),
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
            )
            for row in self._session.execute(query).all()
        ]
