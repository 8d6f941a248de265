"""The data protection officer's records: third-party disclosures, subject access
requests, restrictions of processing, legal holds and breaches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from custinfo_tui.repository.orm.base import Base


class DisclosureRow(Base):
    """A third party's request for some of a customer's data (MP-17), the decision on it and
    its release. `requester`, `organisation`, `identity_check`, `asked_for` and
    `decision_reason` are free text (cleaned of card numbers); `fields` and
    `approved_fields` hold registry keys, never values."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    requester: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    identity_check: Mapped[str] = mapped_column(Text)
    #: One of domain.disclosures.LAWFUL_BASES.
    lawful_basis: Mapped[str] = mapped_column(String(200))
    asked_for: Mapped[str] = mapped_column(Text)
    #: Record field keys (domain.fields) asked for.
    fields: Mapped[list[str]] = mapped_column(JSON)
    #: Those of `fields` the approver released (all, or fewer: the least that answers);
    #: NULL until approved, and for a request not approved.
    approved_fields: Mapped[list[str] | None] = mapped_column(JSON)
    #: One of domain.disclosures.CHANNELS.
    channel: Mapped[str] = mapped_column(String(200))
    #: domain.disclosures.DisclosureStatus: pending, approved, refused or released.
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_at: Mapped[datetime]
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    queue_item_id: Mapped[int | None] = mapped_column(ForeignKey("queue_items.id"), index=True)
    #: The call it was recorded in (migration 0039); NULL: recorded outside a call, or
    #: before the request named its call.
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))


class SubjectAccessRequestRow(Base):
    """A data subject's request (MP-16), of access or another right (`data_right`): who
    asked, how their identity was checked, when it was received and is due, any extension
    with its reason, and when it was answered, or refused with the reason the person was
    given (Art. 12(5)). `requested_by`, `identity_check`, `extension_reason`,
    `refusal_reason` and `answer_note` are free text (cleaned of card numbers)."""

    __tablename__ = "subject_access_requests"
    __table_args__ = (
        # The open list: requests not answered, soonest due first.
        Index("ix_subject_access_requests_answered_at_due_on", "answered_at", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    requested_by: Mapped[str] = mapped_column(String(300))
    identity_check: Mapped[str] = mapped_column(String(300))
    received_on: Mapped[date] = mapped_column(Date)
    #: One calendar month after `received_on`, plus any extension (domain.subject_access).
    due_on: Mapped[date] = mapped_column(Date)
    extended_by_months: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(String(300))
    logged_at: Mapped[datetime]
    #: NULL: logged from the command line (the system).
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    #: Set when the request was refused as manifestly unfounded or excessive (Art. 12(5)):
    #: the reason the person was told. Such a request is closed (`answered_at`) all the same.
    refusal_reason: Mapped[str | None] = mapped_column(String(300))
    #: The right the request exercises (domain.data_protection.rights.DataRight): "access"
    #: for a subject access request, or erasure, rectification, restriction, objection,
    #: portability. One register, one clock, for all of them.
    data_right: Mapped[str] = mapped_column(String(16), default="access")
    #: The call it was taken in, when a handler took it from a caller (NULL: logged by the
    #: DPO from a letter, an e-mail, a form).
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    #: The caller was not verified as the customer or an authorised representative when it
    #: was taken: the clock runs all the same, and the DPO verifies their identity first.
    identity_to_verify: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What the DPO did to answer it (a request other than access: what was corrected, the
    #: answer to an objection), free text cleaned of card numbers.
    answer_note: Mapped[str | None] = mapped_column(String(300))


class ProcessingRestrictionRow(Base):
    """Processing of a customer's record restricted (UK GDPR Art. 18) by the DPO, with a
    reason, until lifted with a reason. While a row has no `lifted_at`, ordinary handlers
    neither find nor open the record (services/restriction.py)."""

    __tablename__ = "processing_restrictions"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    restricted_at: Mapped[datetime]
    restricted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lift_reason: Mapped[str | None] = mapped_column(String(300))


class LegalHoldRow(Base):
    """A hold the DPO recorded on a customer's data -- a legal claim or a regulatory
    retention, with the reason -- which blocks erasure and retention runs until it is
    lifted (domain.data_protection.erasure). `reason` and `lift_reason` are free text."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    #: domain.data_protection.erasure.HoldKind (a recorded one).
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime]
    #: NULL: set from the command line (the system).
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text)


class BreachRow(Base):
    """A suspected personal-data breach (MP-20) and the DPO's handling of it. The texts are
    free text (cleaned of card numbers); `categories` holds data category names."""

    __tablename__ = "breaches"
    __table_args__ = (
        # The desk and the login check: open breaches by their deadline.
        Index("ix_breaches_closed_at_deadline", "closed_at", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    reported_at: Mapped[datetime]
    discovered_at: Mapped[datetime]
    #: 72 hours after discovery: when the ICO must have been told.
    deadline: Mapped[datetime]
    what_happened: Mapped[str] = mapped_column(Text)
    #: domain.categories.DataCategory values, as a JSON list.
    categories: Mapped[list[str]] = mapped_column(JSON)
    people_affected: Mapped[int | None] = mapped_column(Integer)
    #: domain.breaches.BreachRisk; NULL until assessed.
    risk: Mapped[str | None] = mapped_column(String(16))
    #: The facts of Art. 33(3) the assessment adds (migration 0037): roughly how many
    #: records, the likely consequences, the measures taken or proposed; NULL until given.
    records_affected: Mapped[int | None] = mapped_column(Integer)
    likely_consequences: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    #: domain.breaches.Told for the ICO; NULL until decided.
    ico: Mapped[str | None] = mapped_column(String(16))
    ico_told_at: Mapped[datetime | None]
    #: The ICO's case reference, once told (migration 0037).
    ico_reference: Mapped[str | None] = mapped_column(String(40))
    ico_reason: Mapped[str | None] = mapped_column(Text)
    #: domain.breaches.Told for the individuals; NULL until decided.
    individuals: Mapped[str | None] = mapped_column(String(16))
    individuals_told_at: Mapped[datetime | None]
    individuals_reason: Mapped[str | None] = mapped_column(Text)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    assessed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    closed_at: Mapped[datetime | None]
    summary: Mapped[str | None] = mapped_column(Text)


class BreachCustomer(Base):
    """A customer named as affected by a breach."""

    __tablename__ = "breach_customers"

    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id"), primary_key=True, index=True
    )
