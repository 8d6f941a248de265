"""What erasure keeps (docs/data-protection.md, "Erasure"): `KEPT_COLUMNS`, the columns of
the tables holding customers' rows that are not erased, each with why; `OTHER_TABLES`, the
tables that hold no customer's value or are handled apart. With `ERASED_COLUMNS`
(repository/erased_columns.py) they place every column: `tests/unit/test_erasure_columns.py`
fails until a new one is placed, so a new personal column cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from custinfo_tui.repository.orm import (
    Address,
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
