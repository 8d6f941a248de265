"""Every stored column that can hold a customer's personal value, and what erasure does to it.

`ERASED_COLUMNS` lists each such column with what it becomes and the data category it
belongs to; `KEPT_COLUMNS` lists the columns of those tables that are kept, and why;
`OTHER_TABLES` the tables that hold no customer's value, or are handled apart.
`tests/unit/test_erasure_columns.py` fails until a new column is placed in one or the
other, so a new personal column cannot be forgotten. The anonymising itself is
`ErasureRepository` (repository/erasure.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.fields import FIELDS, fields_in
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
    ProcessingRestrictionRow,
    QueueItemRow,
    Representative,
    SubjectAccessRequestRow,
    VerificationLock,
)

Ids = Collection[int]


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


def history_of(category: DataCategory) -> ColumnElement[bool]:
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

#: A request still open keeps who asked and how they were checked through erasure: the DPO
#: answers it to them (`KEPT_UNTIL_CLOSED`); they are erased as it is closed.
_CLOSED_REQUEST = SubjectAccessRequestRow.answered_at.is_not(None)

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
    ErasedColumn(FieldChange.old_value, None, E, history_of(E)),
    ErasedColumn(FieldChange.new_value, None, E, history_of(E)),
    ErasedColumn(FieldChange.old_value, None, S, history_of(S)),
    ErasedColumn(FieldChange.new_value, None, S, history_of(S)),
    ErasedColumn(FieldChange.reason, X, P),
    # Typed about the customer when their data was asked for, restricted or disclosed.
    ErasedColumn(SubjectAccessRequestRow.requested_by, X, P, _CLOSED_REQUEST),
    ErasedColumn(SubjectAccessRequestRow.identity_check, X, P, _CLOSED_REQUEST),
    ErasedColumn(SubjectAccessRequestRow.extension_reason, None, P),
    # The placeholder, not nothing: a refusal's reason is what says the request was refused.
    ErasedColumn(SubjectAccessRequestRow.refusal_reason, X, P),
    ErasedColumn(SubjectAccessRequestRow.answer_note, None, P),
    ErasedColumn(ProcessingRestrictionRow.reason, X, P),
    ErasedColumn(ProcessingRestrictionRow.lift_reason, None, P),
    ErasedColumn(DisclosureRow.asked_for, X, P),
    ErasedColumn(DisclosureRow.decision_reason, None, P),
)

#: What an erased record's open request keeps until it is closed (services/subject_access.py
#: `close_request` erases them then).
KEPT_UNTIL_CLOSED: tuple[ErasedColumn, ...] = tuple(
    column for column in ERASED_COLUMNS if column.only_where is _CLOSED_REQUEST
)

#: What erasure replaces on a request, open or closed.
REQUEST_COLUMNS: tuple[ErasedColumn, ...] = tuple(
    column for column in ERASED_COLUMNS if column.attribute.class_ is SubjectAccessRequestRow
)


def erase_request_texts(row: SubjectAccessRequestRow) -> None:
    """On a request of a record already erased, replace what erasure replaces on one: on a
    request still open, all but who asked and how they were checked (the DPO answers it to
    them, `KEPT_UNTIL_CLOSED`); on a closed one, those too. So text typed on it after the
    erasure (an answer note, a refusal's or an extension's reason) is not kept, as it would
    not have been had it been typed before (services/subject_access.py)."""
    for column in REQUEST_COLUMNS:
        if column.only_where is _CLOSED_REQUEST and row.answered_at is None:
            continue
        if getattr(row, column.attribute.key) is not None:
            setattr(row, column.attribute.key, column.becomes)


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
        DiscrepancyReportRow.reported_on_id,
        QueueItemRow.id,
        QueueItemRow.customer_id,
        QueueItemRow.other_customer_id,
        QueueItemRow.interaction_id,
        VerificationLock.id,
        VerificationLock.customer_id,
        VerificationLock.queue_item_id,
        VerificationLock.folded_into_id,
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
        QueueItemRow.said_same_person,
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
        SubjectAccessRequestRow.interaction_id,
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
        DisclosureRow.interaction_id,
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
        SubjectAccessRequestRow.data_right,
        SubjectAccessRequestRow.identity_to_verify,
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
        DisclosureRow.approved_fields,
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
    "legacy_imports": (
        "an import's counts, its file's name and hash (and of the part of it read), its "
        "rejects file's path and hash; no customer's value"
    ),
    "legacy_import_customers": "which customers an import stored: ids only",
    "alembic_version": "the schema's revision",
}


def rows_of(model: type[Base], ids: Ids) -> ColumnElement[bool]:
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


def holding(column: ErasedColumn, ids: Ids) -> ColumnElement[bool]:
    """Rows of these customers whose column still holds something to erase."""
    model = cast("type[Base]", column.attribute.class_)
    condition = rows_of(model, ids) & column.attribute.is_not(None)
    if column.becomes is not None:
        condition = condition & (column.attribute != column.becomes)
    if column.only_where is not None:
        condition = condition & column.only_where
    return condition
