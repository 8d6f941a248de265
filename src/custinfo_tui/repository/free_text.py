"""Every stored column of free text, in one list, and reading and rewriting their values.

Free text is what a handler typed in their own words: reasons, notes, support needs, a
representative's relationship. Card numbers are taken out of it before it is stored
(domain.text.clean_free_text), but text stored before that rule, or by another route,
may still hold one: `custinfo redact-cards` (services/card_numbers.py) sweeps these
columns. `tests/integration/test_redact_card_numbers.py` checks that every text column
long enough to hold a card number is either here or in `NOT_FREE_TEXT`, so a new column
has to be placed in one or the other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from custinfo_tui.domain.fields import FREE_TEXT_FIELDS
from custinfo_tui.repository.orm import (
    Address,
    AuditChainHead,
    AuditEventRow,
    AuditSealRow,
    Base,
    BreachRow,
    Complaint,
    ComplaintStageChange,
    Consent,
    ContactPoint,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    FieldChange,
    Interaction,
    LegacyImportRow,
    LegalHoldRow,
    NameIndexKey,
    Operator,
    ProcessingRestrictionRow,
    QueueItemRow,
    Representative,
    SubjectAccessRequestRow,
    TrainingNoteRow,
    TrainingRun,
    TrainingSandbox,
    TrainingSandboxCustomer,
    VerificationLock,
)


@dataclass(frozen=True)
class FreeTextColumn:
    """A column holding free text, and which of its rows do (None: all of them)."""

    attribute: InstrumentedAttribute[Any]
    only_where: ColumnElement[bool] | None = None

    @property
    def model(self) -> type[Base]:
        """The model class whose table holds the column."""
        return cast("type[Base]", self.attribute.class_)

    @property
    def length(self) -> int | None:
        """The most characters the column holds (None: no limit)."""
        length = getattr(self.attribute.property.columns[0].type, "length", None)
        return length if isinstance(length, int) else None

    @property
    def name(self) -> str:
        """The column as reports name it: `table.column`."""
        column = self.attribute.property.columns[0]
        return f"{column.table.name}.{column.name}"


#: Every column of free text. `field_history` keeps every field's old and new values, and
#: only the free-text fields' (domain.fields.FREE_TEXT_FIELDS) are free text: a phone
#: number's history is a phone number, whatever digits it has.
FREE_TEXT_COLUMNS: tuple[FreeTextColumn, ...] = (
    FreeTextColumn(Customer.security_question),
    FreeTextColumn(Customer.accessibility_needs),
    FreeTextColumn(Representative.relationship),
    FreeTextColumn(Representative.security_question),
    FreeTextColumn(QueueItemRow.summary),
    FreeTextColumn(QueueItemRow.resolution),
    FreeTextColumn(VerificationLock.lift_reason),
    FreeTextColumn(Interaction.notes),
    FreeTextColumn(Interaction.customer_words),
    FreeTextColumn(FieldChange.old_value, FieldChange.field.in_(FREE_TEXT_FIELDS)),
    FreeTextColumn(FieldChange.new_value, FieldChange.field.in_(FREE_TEXT_FIELDS)),
    FreeTextColumn(FieldChange.reason),
    FreeTextColumn(Complaint.customer_said),
    FreeTextColumn(Complaint.apology),
    FreeTextColumn(Complaint.solution),
    FreeTextColumn(ComplaintStageChange.note),
    FreeTextColumn(DiscrepancyReportRow.claimed_value),
    FreeTextColumn(DiscrepancyReportRow.why),
    FreeTextColumn(DiscrepancyReportRow.outcome_reason),
    FreeTextColumn(DisclosureRow.requester),
    FreeTextColumn(DisclosureRow.organisation),
    FreeTextColumn(DisclosureRow.identity_check),
    FreeTextColumn(DisclosureRow.asked_for),
    FreeTextColumn(DisclosureRow.decision_reason),
    FreeTextColumn(TrainingNoteRow.text),
    FreeTextColumn(SubjectAccessRequestRow.requested_by),
    FreeTextColumn(SubjectAccessRequestRow.identity_check),
    FreeTextColumn(SubjectAccessRequestRow.extension_reason),
    FreeTextColumn(SubjectAccessRequestRow.refusal_reason),
    FreeTextColumn(SubjectAccessRequestRow.answer_note),
    FreeTextColumn(ProcessingRestrictionRow.reason),
    FreeTextColumn(ProcessingRestrictionRow.lift_reason),
    FreeTextColumn(LegalHoldRow.reason),
    FreeTextColumn(LegalHoldRow.lift_reason),
    FreeTextColumn(BreachRow.what_happened),
    FreeTextColumn(BreachRow.likely_consequences),
    FreeTextColumn(BreachRow.measures),
    FreeTextColumn(BreachRow.ico_reference),
    FreeTextColumn(BreachRow.ico_reason),
    FreeTextColumn(BreachRow.individuals_reason),
    FreeTextColumn(BreachRow.summary),
)

#: Text columns long enough for a card number that are not free text, and why.
NOT_FREE_TEXT: Mapping[str, tuple[InstrumentedAttribute[Any], ...]] = {
    "checked by their field's normaliser: names, contact details, addresses": (
        Operator.display_name,
        Customer.given_name,
        Customer.family_name,
        ContactPoint.value,
        Address.line1,
        Address.line2,
        Address.town,
        Address.postcode,
        Representative.given_name,
        Representative.family_name,
        Representative.address_line1,
        Representative.postcode,
        Representative.phone,
    ),
    "search keys folded from those values": (
        Customer.given_key,
        Customer.family_key,
        NameIndexKey.key,
        NameIndexKey.term,
        Address.town_key,
    ),
    "written by the application: logins, codes, configured choices": (
        Operator.username,
        Operator.role,
        Customer.status,
        ContactPoint.label,
        Representative.authority,
        QueueItemRow.kind,
        QueueItemRow.status,
        Consent.purpose,
        Consent.channel,
        Consent.lawful_basis,
        Consent.condition,
        Consent.wording_version,
        LegalHoldRow.kind,
        Interaction.channel,
        Interaction.caller_kind,
        SubjectAccessRequestRow.data_right,
        Interaction.enquiry_type,
        Interaction.outcome,
        Complaint.category,
        Complaint.stage,
        ComplaintStageChange.from_stage,
        ComplaintStageChange.to_stage,
        FieldChange.field,
        DiscrepancyReportRow.field,
        DiscrepancyReportRow.status,
        DisclosureRow.lawful_basis,
        DisclosureRow.channel,
        DisclosureRow.status,
        AuditEventRow.action,
        AuditEventRow.console_session,
        AuditEventRow.outcome,
        BreachRow.risk,
        BreachRow.ico,
        BreachRow.individuals,
    ),
    "a training run's facts, from the scenario file and the application": (
        TrainingRun.scenario_id,
        TrainingRun.scenario_title,
        TrainingRun.status,
        TrainingRun.sandbox_path,
        TrainingSandbox.scenario_id,
        TrainingSandboxCustomer.scenario_key,
    ),
    "hashes": (
        Operator.password_hash,
        Customer.security_answer_hash,
        Representative.security_answer_hash,
        AuditEventRow.prev_hash,
        AuditEventRow.hash,
        AuditChainHead.last_hash,
        AuditSealRow.prev_hash,
        AuditSealRow.hash,
        LegacyImportRow.file_sha256,
        LegacyImportRow.mapping_sha256,
        LegacyImportRow.rejects_sha256,
        LegacyImportRow.source_sha256,
    ),
    # The names an administrator gave the files `custinfo import` read and wrote: the
    # file imported, and where its refused rows are listed (docs/import.md).
    "an import's file names": (LegacyImportRow.file_name, LegacyImportRow.rejects_path),
    # Free text, but append-only and hash-chained: reported by id, never changed
    # (docs/security.md, "Card numbers").
    "the audit trail's reasons": (AuditEventRow.reason,),
}


class FreeTextRepository:
    """Reads free-text values a page at a time, and rewrites single values through the ORM
    (so a customer's version moves on, and another desk's stale edit fails)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def values(
        self, column: FreeTextColumn, *, batch_size: int = 2_000
    ) -> Iterator[tuple[int, str]]:
        """(row id, value) of every row with a value, in id order, `batch_size` per query."""
        row_id = column.attribute.class_.id
        after: int | None = None
        while True:
            query = (
                select(row_id, column.attribute)
                .where(column.attribute.is_not(None))
                .order_by(row_id)
                .limit(batch_size)
            )
            if column.only_where is not None:
                query = query.where(column.only_where)
            if after is not None:
                query = query.where(row_id > after)
            rows = self._session.execute(query).all()
            yield from ((int(row[0]), str(row[1])) for row in rows)
            if len(rows) < batch_size:
                return
            after = int(rows[-1][0])

    def replace(self, column: FreeTextColumn, row_id: int, value: str) -> None:
        """Store `value` in one row's column."""
        row = self._session.get(column.model, row_id)
        if row is None:
            raise LookupError(f"{column.name}: no row {row_id}")
        setattr(row, column.attribute.key, value)
        self._session.flush()

    def audit_reasons(self, *, batch_size: int = 2_000) -> Iterator[tuple[int, str]]:
        """(event id, reason) of every audit event with a reason, in id order."""
        return self.values(FreeTextColumn(AuditEventRow.reason), batch_size=batch_size)
