"""Anonymising customers (erasure, retention runs) and their legal holds.

`ERASED_COLUMNS` lists every stored column that can hold a customer's personal value, with
what it becomes and the data category it belongs to; `KEPT_COLUMNS` lists the columns of
those tables that are kept, and why. `tests/unit/test_erasure_columns.py` fails until a new
column is placed in one or the other, so a new personal column cannot be forgotten.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, or_, select, text, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.fields import FIELDS, fields_in
from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.repository.orm import (
    Address,
    Base,
    BreachCustomer,
    Complaint,
    ComplaintStageChange,
    Consent,
    ContactPoint,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    FieldChange,
    Interaction,
    LegalHoldRow,
    NameIndexKey,
    ProcessingRestrictionRow,
    QueueItemRow,
    Representative,
    SubjectAccessRequestRow,
    VerificationLock,
)

Ids = Collection[int]

#: How often emptying the write-ahead log after an erasure is tried before giving up.
CHECKPOINT_ATTEMPTS = 20
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErasedColumn:
    """A column that can hold a customer's personal value: what the value becomes, and its
    data category (a retention run anonymises one category at a time)."""

    attribute: InstrumentedAttribute[Any]
    becomes: str | None
    category: DataCategory
    #: Only these rows hold such a value (field history: by the field's category).
    only_where: ColumnElement[bool] | None = None

    @property
    def name(self) -> str:
        column = self.attribute.property.columns[0]
        return f"{column.table.name}.{column.name}"


def _history_of(category: DataCategory) -> ColumnElement[bool]:
    keys = [spec.key for spec in fields_in(category)]
    return FieldChange.field.in_(keys)


#: Field history's personal rows: the personal fields, and anything not in the registry
#: (the security question, a representative's details) -- never left behind by mistake.
_PERSONAL_HISTORY = FieldChange.field.not_in(
    [
        key
        for key, spec in FIELDS.items()
        if spec.category in (DataCategory.ENQUIRY, DataCategory.SPECIAL_CATEGORY)
    ]
)

P, E, S = DataCategory.PERSONAL, DataCategory.ENQUIRY, DataCategory.SPECIAL_CATEGORY
X = ERASED_PLACEHOLDER

ERASED_COLUMNS: tuple[ErasedColumn, ...] = (
    ErasedColumn(Customer.given_name, X, P),
    ErasedColumn(Customer.family_name, X, P),
    ErasedColumn(Customer.given_key, "", P),
    ErasedColumn(Customer.family_key, "", P),
    ErasedColumn(Customer.date_of_birth, None, P),
    ErasedColumn(Customer.security_question, None, P),
    ErasedColumn(Customer.security_answer_hash, None, P),
    ErasedColumn(Customer.accessibility_needs, None, S),
    ErasedColumn(ContactPoint.value, "", P),
    ErasedColumn(Address.line1, "", P),
    ErasedColumn(Address.line2, None, P),
    ErasedColumn(Address.town, "", P),
    ErasedColumn(Address.town_key, "", P),
    ErasedColumn(Address.postcode, "", P),
    ErasedColumn(Address.country, "", P),
    ErasedColumn(Representative.given_name, X, P),
    ErasedColumn(Representative.family_name, X, P),
    ErasedColumn(Representative.relationship, X, P),
    ErasedColumn(Representative.date_of_birth, None, P),
    ErasedColumn(Representative.postcode, None, P),
    ErasedColumn(Representative.address_line1, None, P),
    ErasedColumn(Representative.phone, None, P),
    ErasedColumn(Representative.security_question, None, P),
    ErasedColumn(Representative.security_answer_hash, None, P),
    ErasedColumn(Interaction.notes, None, E),
    ErasedColumn(Interaction.customer_words, None, E),
    ErasedColumn(Complaint.customer_said, X, E),
    ErasedColumn(Complaint.apology, X, E),
    ErasedColumn(Complaint.solution, X, E),
    ErasedColumn(ComplaintStageChange.note, X, E),
    ErasedColumn(DiscrepancyReportRow.claimed_value, X, E),
    ErasedColumn(DiscrepancyReportRow.why, X, E),
    ErasedColumn(DiscrepancyReportRow.outcome_reason, None, E),
    ErasedColumn(QueueItemRow.resolution, None, E),
    ErasedColumn(VerificationLock.lift_reason, None, P),
    ErasedColumn(LegalHoldRow.lift_reason, None, P),
    ErasedColumn(FieldChange.old_value, None, P, _PERSONAL_HISTORY),
    ErasedColumn(FieldChange.new_value, None, P, _PERSONAL_HISTORY),
    ErasedColumn(FieldChange.old_value, None, E, _history_of(E)),
    ErasedColumn(FieldChange.new_value, None, E, _history_of(E)),
    ErasedColumn(FieldChange.old_value, None, S, _history_of(S)),
    ErasedColumn(FieldChange.new_value, None, S, _history_of(S)),
    ErasedColumn(FieldChange.reason, X, P),
    # Typed about the customer when their data was asked for, restricted or disclosed.
    ErasedColumn(SubjectAccessRequestRow.requested_by, X, P),
    ErasedColumn(SubjectAccessRequestRow.identity_check, X, P),
    ErasedColumn(SubjectAccessRequestRow.extension_reason, None, P),
    ErasedColumn(ProcessingRestrictionRow.reason, X, P),
    ErasedColumn(ProcessingRestrictionRow.lift_reason, None, P),
    ErasedColumn(DisclosureRow.asked_for, X, P),
    ErasedColumn(DisclosureRow.decision_reason, None, P),
)

#: The other columns of the tables that hold customers' rows, and why each is kept.
KEPT_COLUMNS: Mapping[str, tuple[InstrumentedAttribute[Any], ...]] = {
    "row ids and links between rows": (
        Customer.id,
        Customer.merged_into_id,
        ContactPoint.id,
        ContactPoint.customer_id,
        Address.id,
        Address.customer_id,
        Representative.id,
        Representative.customer_id,
        Interaction.id,
        Interaction.customer_id,
        Interaction.representative_id,
        Complaint.id,
        Complaint.customer_id,
        Complaint.interaction_id,
        ComplaintStageChange.id,
        ComplaintStageChange.complaint_id,
        DiscrepancyReportRow.id,
        DiscrepancyReportRow.customer_id,
        DiscrepancyReportRow.interaction_id,
        DiscrepancyReportRow.queue_item_id,
        QueueItemRow.id,
        QueueItemRow.customer_id,
        QueueItemRow.other_customer_id,
        QueueItemRow.interaction_id,
        VerificationLock.id,
        VerificationLock.customer_id,
        VerificationLock.queue_item_id,
        Consent.id,
        Consent.customer_id,
        Consent.interaction_id,
        FieldChange.id,
        FieldChange.customer_id,
        FieldChange.interaction_id,
        LegalHoldRow.id,
        LegalHoldRow.customer_id,
    ),
    "our own key for the record, kept as the anonymised record's key (transactional)": (
        Customer.reference,
        Customer.version,
    ),
    "dates and times, kept for statistics": (
        Customer.created_at,
        Customer.updated_at,
        Customer.merged_at,
        ContactPoint.created_at,
        Address.valid_from,
        Address.valid_to,
        Representative.created_at,
        Interaction.started_at,
        Interaction.ended_at,
        Interaction.follow_up_on,
        Interaction.wrapped_up_at,
        Complaint.received_at,
        Complaint.follow_up_on,
        Complaint.acknowledge_by,
        Complaint.final_response_by,
        Complaint.closed_at,
        ComplaintStageChange.changed_at,
        DiscrepancyReportRow.reported_at,
        DiscrepancyReportRow.decided_at,
        QueueItemRow.raised_at,
        QueueItemRow.closed_at,
        VerificationLock.locked_at,
        VerificationLock.lifted_at,
        Consent.recorded_at,
        Consent.withdrawn_at,
        FieldChange.changed_at,
        LegalHoldRow.set_at,
        LegalHoldRow.lifted_at,
    ),
    "codes and configured choices: channels, outcomes, categories, stages, kinds": (
        Customer.status,
        ContactPoint.kind,
        ContactPoint.label,
        ContactPoint.is_primary,
        Address.is_current,
        Representative.authority,
        Representative.scope,
        Representative.active,
        Interaction.channel,
        Interaction.enquiry_type,
        Interaction.outcome,
        Interaction.caller_kind,
        Complaint.category,
        Complaint.stage,
        ComplaintStageChange.from_stage,
        ComplaintStageChange.to_stage,
        DiscrepancyReportRow.field,
        DiscrepancyReportRow.status,
        QueueItemRow.kind,
        QueueItemRow.status,
        VerificationLock.channels,
        Consent.purpose,
        Consent.channel,
        Consent.lawful_basis,
        Consent.condition,
        Consent.granted,
        Consent.wording_version,
        FieldChange.field,
        LegalHoldRow.kind,
    ),
    "which operator acted: staff, not the customer": (
        Customer.merged_by_id,
        Representative.created_by_id,
        Interaction.operator_id,
        ComplaintStageChange.operator_id,
        Complaint.raised_by_id,
        DiscrepancyReportRow.reported_by_id,
        DiscrepancyReportRow.decided_by_id,
        QueueItemRow.raised_by_id,
        QueueItemRow.closed_by_id,
        VerificationLock.lifted_by_id,
        Consent.recorded_by_id,
        Consent.withdrawn_by_id,
        FieldChange.operator_id,
        LegalHoldRow.set_by_id,
        LegalHoldRow.lifted_by_id,
        SubjectAccessRequestRow.id,
        SubjectAccessRequestRow.customer_id,
        SubjectAccessRequestRow.logged_by_id,
        SubjectAccessRequestRow.answered_by_id,
        ProcessingRestrictionRow.id,
        ProcessingRestrictionRow.customer_id,
        ProcessingRestrictionRow.restricted_by_id,
        ProcessingRestrictionRow.lifted_by_id,
        DisclosureRow.id,
        DisclosureRow.customer_id,
        DisclosureRow.requested_by_id,
        DisclosureRow.decided_by_id,
        DisclosureRow.released_by_id,
        DisclosureRow.queue_item_id,
        BreachCustomer.breach_id,
        BreachCustomer.customer_id,
    ),
    # When the customer's rights were exercised and answered: the record that the law was
    # followed (Art. 5(2) accountability), with no personal value in it.
    "dates and states of requests about the customer, kept to show they were handled": (
        SubjectAccessRequestRow.received_on,
        SubjectAccessRequestRow.due_on,
        SubjectAccessRequestRow.extended_by_months,
        SubjectAccessRequestRow.logged_at,
        SubjectAccessRequestRow.answered_at,
        ProcessingRestrictionRow.restricted_at,
        ProcessingRestrictionRow.lifted_at,
        DisclosureRow.status,
        DisclosureRow.requested_at,
        DisclosureRow.decided_at,
        DisclosureRow.released_at,
    ),
    # The disclosure log says who outside asked, on what basis, for which fields and how
    # (MP-17): about the third party and the decision, not the customer's values.
    "the disclosure log's record of the third party and what was shared": (
        DisclosureRow.requester,
        DisclosureRow.organisation,
        DisclosureRow.identity_check,
        DisclosureRow.lawful_basis,
        DisclosureRow.fields,
        DisclosureRow.channel,
    ),
    "written by the application without personal values": (QueueItemRow.summary,),
    # A hold's reason says why the record is kept; an erased record had no hold in force
    # (holds block erasure), so only lifted holds' reasons remain, naming the claim.
    "why a hold was set: kept as the record of why erasure waited": (LegalHoldRow.reason,),
}


#: Tables whose rows are not a customer's, or are handled apart, and why.
OTHER_TABLES: Mapping[str, str] = {
    "operators": "staff accounts, not customers",
    "audit_events": (
        "append-only and hash-chained; events hold field names and counts, never values "
        "(typed reasons stay: docs/data-protection.md)"
    ),
    "audit_chain_head": "each audit chain's newest event id and hash",
    "audit_seals": "seals of the audit chains: event ids and hashes",
    "name_index_keys": "terms no other record holds are deleted on erasure",
    "training_runs": "role-play runs on fictitious sandbox customers",
    "training_notes": "a trainer's notes on a trainee",
    "training_sandbox": "only in a role-play's sandbox database",
    "training_sandbox_customers": "only in a role-play's sandbox database",
    "breaches": (
        "the breach register the organisation must keep (Art. 33(5)); it names customers "
        "only through breach_customers, links kept as ids"
    ),
    "legacy_imports": "an import's counts and its file's name and hash, no customer's value",
    "legacy_import_customers": "which customers an import stored: ids only",
    "alembic_version": "the schema's revision",
}


def _rows_of(model: type[Base], ids: Ids) -> ColumnElement[bool]:
    """The rows of `model` that belong to these customers."""
    scopes: dict[type[Base], Callable[[], ColumnElement[bool]]] = {
        Customer: lambda: Customer.id.in_(ids),
        ComplaintStageChange: lambda: ComplaintStageChange.complaint_id.in_(
            select(Complaint.id).where(Complaint.customer_id.in_(ids))
        ),
        QueueItemRow: lambda: or_(
            QueueItemRow.customer_id.in_(ids), QueueItemRow.other_customer_id.in_(ids)
        ),
    }
    scope = scopes.get(model)
    if scope is not None:
        return scope()
    return model.customer_id.in_(ids)  # type: ignore[attr-defined,no-any-return]


def _holding(column: ErasedColumn, ids: Ids) -> ColumnElement[bool]:
    """Rows of these customers whose column still holds something to erase."""
    model = cast("type[Base]", column.attribute.class_)
    condition = _rows_of(model, ids) & column.attribute.is_not(None)
    if column.becomes is not None:
        condition = condition & (column.attribute != column.becomes)
    if column.only_where is not None:
        condition = condition & column.only_where
    return condition


class ErasureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- anonymising -----------------------------------------------------------------

    def merged_into(self, customer_ids: Ids) -> list[int]:
        """Records merged into these (the same people), at any depth."""
        found: list[int] = []
        frontier = list(customer_ids)
        while frontier:
            frontier = list(
                self._session.scalars(
                    select(Customer.id).where(Customer.merged_into_id.in_(frontier))
                )
            )
            found += frontier
        return found

    def count_values(
        self, customer_ids: Ids, categories: Collection[DataCategory]
    ) -> dict[str, int]:
        """How many values of these categories the customers' rows hold, by `table.column`."""
        counts: dict[str, int] = {}
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            model = column.attribute.class_
            held = (
                self._session.scalar(
                    select(func.count()).select_from(model).where(_holding(column, customer_ids))
                )
                or 0
            )
            if held:
                counts[column.name] = counts.get(column.name, 0) + held
        return counts

    def customers_holding(
        self, customer_ids: Ids, categories: Collection[DataCategory]
    ) -> set[int]:
        """Those of these customers with at least one value of these categories."""
        found: set[int] = set()
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            model = cast("type[Base]", column.attribute.class_)
            owner: Any
            if model is Customer:
                owner = select(Customer.id)
            elif model is ComplaintStageChange:
                owner = select(Complaint.customer_id).join(
                    ComplaintStageChange, ComplaintStageChange.complaint_id == Complaint.id
                )
            elif model is QueueItemRow:
                owner = select(QueueItemRow.customer_id)
            else:
                owner = select(model.customer_id)  # type: ignore[attr-defined]
            found.update(
                owner_id
                for owner_id in self._session.scalars(
                    owner.where(_holding(column, customer_ids)).distinct()
                )
                if owner_id in customer_ids
            )
        return found

    def anonymise(
        self, customer_ids: Ids, categories: Collection[DataCategory], now: datetime
    ) -> dict[str, int]:
        """Replace these customers' values of these categories; how many, by `table.column`.

        With the personal category the records are erased as well: marked erased, their
        name-index entries that no one else holds removed, their open queue items closed
        (nothing is left to work on).
        """
        ids = list(customer_ids)
        if not ids:
            return {}
        counts = self.count_values(ids, categories)
        erasing = DataCategory.PERSONAL in categories
        old_terms = self._name_terms(ids) if erasing else []
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            values: dict[str, Any] = {column.attribute.key: column.becomes}
            if column.attribute.class_ is Customer:
                values["version"] = Customer.version + 1
            self._execute(update(column.attribute.class_).where(_holding(column, ids)), values)
        if erasing:
            self._execute(
                update(Customer).where(Customer.id.in_(ids)),
                {
                    "status": CustomerStatus.ERASED,
                    "updated_at": now,
                    "version": Customer.version + 1,
                },
            )
            self._execute(
                update(QueueItemRow).where(
                    _rows_of(QueueItemRow, ids), QueueItemRow.status == QueueItemStatus.OPEN
                ),
                {"status": QueueItemStatus.CLOSED, "closed_at": now},
            )
            self._drop_unheld_terms(old_terms)
        self._session.expire_all()
        return counts

    def _execute(self, statement: Any, values: dict[str, Any]) -> None:
        self._session.execute(statement.values(values).execution_options(synchronize_session=False))

    def _name_terms(self, ids: list[int]) -> list[tuple[str, str]]:
        names = self._session.execute(
            select(Customer.given_key, Customer.family_key).where(Customer.id.in_(ids))
        ).all()
        towns = self._session.scalars(
            select(Address.town_key).where(Address.customer_id.in_(ids))
        ).all()
        terms = {("given", given) for given, _ in names} | {("family", f) for _, f in names}
        terms |= {("town", town) for town in towns}
        return sorted((kind, term) for kind, term in terms if term)

    def _drop_unheld_terms(self, terms: Sequence[tuple[str, str]]) -> None:
        """Delete the name index's rows for terms no stored name or town holds any more."""
        holders = {
            "given": lambda term: select(Customer.id).where(Customer.given_key == term),
            "family": lambda term: select(Customer.id).where(Customer.family_key == term),
            "town": lambda term: select(Address.id).where(Address.town_key == term),
        }
        for kind, term in terms:
            if self._session.scalar(holders[kind](term).limit(1)) is not None:
                continue
            self._session.execute(
                delete(NameIndexKey).where(NameIndexKey.kind == kind, NameIndexKey.term == term)
            )

    def open_calls(self, customer_ids: Ids) -> int:
        """How many interactions about these customers have not ended."""
        return (
            self._session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(Interaction.customer_id.in_(customer_ids), Interaction.ended_at.is_(None))
            )
            or 0
        )

    def dispose_freed_space(self) -> None:
        """After the commit, on SQLite: rebuild the database file (VACUUM) and empty the
        write-ahead log, so no copy of an erased value is left anywhere in the file.

        `secure_delete` zeroes what is deleted, but when SQLite moves entries between pages
        (a page split while they were stored) it can leave stale copies in a page's unused
        gap, which no later delete touches; only a rebuild writes every page afresh. A
        desk's SQLite database is one desk's, so the moment it takes is the DPO's own.
        Nothing to do on PostgreSQL (docs/data-protection.md, "Secure disposal")."""
        bind = self._session.get_bind()
        if bind.dialect.name != "sqlite":
            return
        self._session.close()  # no snapshot of ours may hold the old pages back
        with bind.engine.connect() as connection:
            connection.exec_driver_sql("VACUUM")
        for attempt in range(CHECKPOINT_ATTEMPTS):
            with bind.engine.connect() as connection:
                busy, frames, moved = connection.execute(
                    text("PRAGMA wal_checkpoint(TRUNCATE)")
                ).one()
            if not busy and frames == moved:
                return
            # Another connection is reading an older snapshot: the log cannot be emptied
            # until it finishes, which takes a moment at most.
            time.sleep(0.05 * (attempt + 1))
        log.warning(
            "The write-ahead log could not be emptied after an erasure; it will be at the "
            "next checkpoint."
        )

    # --- retention ---------------------------------------------------------------------

    def last_contacts(self) -> list[tuple[int, datetime]]:
        """Every active customer's last contact: their newest interaction's start, or the
        record's creation when there is none (or it is newer)."""
        newest = (
            select(Interaction.customer_id, func.max(Interaction.started_at).label("newest"))
            .group_by(Interaction.customer_id)
            .subquery()
        )
        rows = self._session.execute(
            select(Customer.id, Customer.created_at, newest.c.newest)
            .outerjoin(newest, newest.c.customer_id == Customer.id)
            .where(Customer.status == CustomerStatus.ACTIVE)
            .order_by(Customer.id)
        ).all()
        return [
            (int(customer_id), max(created_at, newest_call or created_at))
            for customer_id, created_at, newest_call in rows
        ]

    def holding_special(self, customer_ids: Ids) -> set[int]:
        """Those of these customers who hold special-category data (on the record or in
        field history)."""
        ids = list(customer_ids)
        on_record = self._session.scalars(
            select(Customer.id).where(
                Customer.id.in_(ids), Customer.accessibility_needs.is_not(None)
            )
        )
        in_history = self._session.scalars(
            select(FieldChange.customer_id).where(
                FieldChange.customer_id.in_(ids),
                _history_of(S),
                or_(FieldChange.old_value.is_not(None), FieldChange.new_value.is_not(None)),
            )
        )
        return set(on_record) | set(in_history)

    # --- legal holds -------------------------------------------------------------------

    def add_hold(self, hold: LegalHoldRow) -> LegalHoldRow:
        self._session.add(hold)
        self._session.flush()
        return hold

    def get_hold(self, hold_id: int) -> LegalHoldRow | None:
        return self._session.get(LegalHoldRow, hold_id)

    def holds_in_force(self, customer_ids: Ids) -> Sequence[LegalHoldRow]:
        """The recorded holds not lifted, on these customers, oldest first."""
        return self._session.scalars(
            select(LegalHoldRow)
            .where(LegalHoldRow.customer_id.in_(customer_ids), LegalHoldRow.lifted_at.is_(None))
            .order_by(LegalHoldRow.id)
        ).all()

    def open_complaints(self, customer_ids: Ids) -> Sequence[Complaint]:
        """These customers' complaints not yet closed, oldest first."""
        return self._session.scalars(
            select(Complaint)
            .where(Complaint.customer_id.in_(customer_ids), Complaint.closed_at.is_(None))
            .order_by(Complaint.id)
        ).all()

    def held_customers(self) -> set[int]:
        """Every customer with a hold in force or an open complaint."""
        recorded = self._session.scalars(
            select(LegalHoldRow.customer_id).where(LegalHoldRow.lifted_at.is_(None))
        )
        complaints = self._session.scalars(
            select(Complaint.customer_id).where(Complaint.closed_at.is_(None))
        )
        return set(recorded) | set(complaints)
