"""The typed SQLAlchemy models. The Alembic migrations must produce exactly this schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.repository.types import UTCDateTime, search_key_type

# Named constraints so Alembic can alter them on SQLite (batch mode) and names match everywhere.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class Operator(Base):
    """A person who logs in to the console: call-handler, supervisor, trainer, DPO or admin."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class Customer(Base):
    """One person we hold data about. Never deleted: erasure is to anonymise
    (services/erasure.py, status "erased") and merging to link (`merged_into_id`,
    services/merging.py)."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_family_key_given_key", "family_key", "given_key"),
        # A first name alone ("zoe") is searched too.
        Index("ix_customers_given_key", "given_key"),
        # The duplicate check: a surname (or one a slip away) with the date of birth.
        Index("ix_customers_family_key_date_of_birth", "family_key", "date_of_birth"),
        # The records merged into one, asked each time a record opens: few are merged.
        Index(
            "ix_customers_merged_into_id",
            "merged_into_id",
            postgresql_where=text("merged_into_id IS NOT NULL"),
            sqlite_where=text("merged_into_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    # The names as the lookup searches them (domain.names.name_key): accent-free, case-folded,
    # no spaces, apostrophes, hyphens or full stops ("O'Neill-Ní Bhriain" -> "oneillnibhriain").
    given_key: Mapped[str] = mapped_column(search_key_type(100))
    family_key: Mapped[str] = mapped_column(search_key_type(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=CustomerStatus.ACTIVE)
    #: A merged record (status "merged") points at the record it was merged into (MP-13).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    merged_at: Mapped[datetime | None]
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The customer's own security question, and the argon2id hash of the normalised answer
    #: (domain.verification.normalise_security_answer). The answer itself is never stored.
    security_question: Mapped[str | None] = mapped_column(String(200))
    security_answer_hash: Mapped[str | None] = mapped_column(String(255))
    #: Special-category data: held only while a consent row records its Article 9 condition.
    accessibility_needs: Mapped[str | None] = mapped_column(Text)

    contact_points: Mapped[list[ContactPoint]] = relationship(
        back_populates="customer", order_by="ContactPoint.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="customer", order_by="Address.id"
    )

    # Optimistic locking: an UPDATE whose version no longer matches raises StaleDataError,
    # which the editing service turns into a side-by-side choice for the handler.
    __mapper_args__ = {"version_id_col": version}


class NameIndexKey(Base):
    """The typo-tolerant name index: each distinct folded name key under its deletion keys.

    A typed word's own deletion keys meet a stored key's in this table exactly when the two
    are within one edit (domain.search.deletion_keys), so candidates come from an index
    lookup, never a scan of names. Rows are added as names are stored; a term no customer
    holds any more only yields a candidate that then matches nobody.
    """

    __tablename__ = "name_index_keys"
    __table_args__ = (
        # PostgreSQL: a pg_trgm GIN index, for `term % word` similarity; elsewhere a plain one.
        Index(
            "ix_name_index_keys_term",
            "term",
            postgresql_using="gin",
            postgresql_ops={"term": "gin_trgm_ops"},
        ),
    )

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # family | given | town
    key: Mapped[str] = mapped_column(search_key_type(100), primary_key=True)
    term: Mapped[str] = mapped_column(search_key_type(100), primary_key=True)


# Each distinct term once (every term is stored under itself), by kind and length: where
# PostgreSQL's search asks pg_trgm while the name index is small (repository/search_backend).
Index(
    "ix_name_index_keys_terms_by_length",
    NameIndexKey.kind,
    func.length(NameIndexKey.term),
    postgresql_where=NameIndexKey.key == NameIndexKey.term,
    sqlite_where=NameIndexKey.key == NameIndexKey.term,
)


class ContactPoint(Base):
    """A phone number or e-mail address, stored normalised (E.164, lower-cased e-mail)."""

    __tablename__ = "contact_points"
    __table_args__ = (Index("ix_contact_points_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "phone" | "email"
    label: Mapped[str] = mapped_column(String(20), default="main")
    value: Mapped[str] = mapped_column(search_key_type(254))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship(back_populates="contact_points")


class Address(Base):
    """A postal address; a move keeps the old one with `valid_to` set."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    line1: Mapped[str] = mapped_column(String(120))
    line2: Mapped[str | None] = mapped_column(String(120))
    town: Mapped[str] = mapped_column(String(80))
    #: The town folded for search ("smith leeds"), like the customers' name keys.
    town_key: Mapped[str] = mapped_column(search_key_type(80), default="")
    postcode: Mapped[str] = mapped_column(search_key_type(16), index=True)
    country: Mapped[str] = mapped_column(String(2), default="GB")
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime | None]

    customer: Mapped[Customer] = relationship(back_populates="addresses")


class Representative(Base):
    """Someone authorised to act for a customer (MP-08), with a scope and their own answers.

    Their verification answers are their own (date of birth, postcode, phone, security
    answer), so verifying them never tests knowledge of the customer's details.
    """

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    relationship: Mapped[str] = mapped_column(String(60))
    authority: Mapped[str] = mapped_column(String(32))
    #: Actions they may take: "read:contact", "change:address", ... (domain.verification).
    scope: Mapped[list[str]] = mapped_column(JSON)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str | None] = mapped_column(String(16))
    address_line1: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(32))
    security_question: Mapped[str | None] = mapped_column(String(200))
    security_answer_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class QueueItemRow(Base):
    """An item for supervisors, of a `QueueKind`: possible fraud, a discrepancy report..."""

    __tablename__ = "queue_items"
    __table_args__ = (Index("ix_queue_items_status_raised_at", "status", "raised_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=QueueItemStatus.OPEN)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    #: A possible duplicate's other record: the one the new record may be the same person as.
    other_customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    #: What happened, in words without personal values ("3 failed checks in 24 hours").
    summary: Mapped[str] = mapped_column(String(500))
    raised_at: Mapped[datetime]
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    resolution: Mapped[str | None] = mapped_column(String(500))


class VerificationLock(Base):
    """Verification refused for a customer on some channels until a supervisor lifts it."""

    __tablename__ = "verification_locks"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    channels: Mapped[list[str]] = mapped_column(JSON)
    locked_at: Mapped[datetime]
    queue_item_id: Mapped[int | None] = mapped_column(ForeignKey("queue_items.id"))
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lift_reason: Mapped[str | None] = mapped_column(String(500))


class Consent(Base):
    """One purpose (and, for marketing, one channel): dated, versioned and withdrawable."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "service" | "marketing"
    channel: Mapped[str | None] = mapped_column(String(16))  # email/sms/phone/post
    lawful_basis: Mapped[str] = mapped_column(String(32))
    #: For special-category data: the Article 9 condition (domain.consent).
    condition: Mapped[str | None] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    wording_version: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class Interaction(Base):
    """One call, visit, e-mail, chat or letter (MP-18); verification is per interaction."""

    __tablename__ = "interactions"
    __table_args__ = (
        # Calls to finish: an operator's interactions not wrapped up, and the supervisors' count.
        Index("ix_interactions_operator_id_wrapped_up_at", "operator_id", "wrapped_up_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    channel: Mapped[str] = mapped_column(String(16))
    enquiry_type: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(64))
    #: Free text: the handler's notes (wrap-up, and notes added during the call) and the
    #: customer's own words. Personal data, cleaned of card numbers (domain.text).
    notes: Mapped[str | None] = mapped_column(Text)
    customer_words: Mapped[str | None] = mapped_column(Text)
    #: For an outcome that needs one: when the follow-up is due.
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    #: When the handler wrapped the interaction up; NULL means it is still to finish
    #: ("calls to finish" at their next login, docs/after-the-call.md).
    wrapped_up_at: Mapped[datetime | None]
    #: Who is on the line: "customer", "representative" or "no_authority". Verification
    #: passes count for the current caller only (see services.verification_state).
    caller_kind: Mapped[str] = mapped_column(String(16), default="customer")
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("representatives.id"))


class Complaint(Base):
    """A complaint (MP-19): the customer's words, the apology, the proposed solution, its
    stage and the two dates its answers are due. The texts are free text (personal data,
    cleaned of card numbers)."""

    __tablename__ = "complaints"
    __table_args__ = (
        # The due list: open complaints by how soon their answers are due.
        Index("ix_complaints_closed_at_final_response_by", "closed_at", "final_response_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    category: Mapped[str] = mapped_column(String(64))
    customer_said: Mapped[str] = mapped_column(Text)
    apology: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    acknowledge_by: Mapped[date] = mapped_column(Date)
    final_response_by: Mapped[date] = mapped_column(Date)
    #: When it reached the last stage.
    closed_at: Mapped[datetime | None]


class ComplaintStageChange(Base):
    """A complaint moving forward one or more stages, with the handler's note."""

    __tablename__ = "complaint_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    from_stage: Mapped[str] = mapped_column(String(32))
    to_stage: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    changed_at: Mapped[datetime]


class DiscrepancyReportRow(Base):
    """A handler's report that a field on file is wrong (MP-14), and the supervisor's
    decision. `claimed_value`, `why` and `outcome_reason` are free text (personal data,
    cleaned of card numbers); the report's queue item carries no value."""

    __tablename__ = "discrepancy_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    #: A record field's key (domain.fields).
    field: Mapped[str] = mapped_column(String(64))
    claimed_value: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)
    #: The reporter's own list reads by this.
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    reported_at: Mapped[datetime]
    #: domain.discrepancies.DiscrepancyStatus: open, corrected or rejected.
    status: Mapped[str] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None]
    queue_item_id: Mapped[int | None] = mapped_column(ForeignKey("queue_items.id"), index=True)


class DisclosureRow(Base):
    """A third party's request for some of a customer's data (MP-17), the decision on it and
    its release. `requester`, `organisation`, `identity_check`, `asked_for` and
    `decision_reason` are free text (cleaned of card numbers); `fields` holds registry keys,
    never values."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    requester: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    identity_check: Mapped[str] = mapped_column(Text)
    #: One of domain.disclosures.LAWFUL_BASES.
    lawful_basis: Mapped[str] = mapped_column(String(200))
    asked_for: Mapped[str] = mapped_column(Text)
    #: Record field keys (domain.fields) to be shared.
    fields: Mapped[list[str]] = mapped_column(JSON)
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
    #: domain.training.runs.TrainingRunStatus: running, finished or abandoned.
    status: Mapped[str] = mapped_column(String(16))
    sandbox_path: Mapped[str] = mapped_column(String(1000))
    #: The `Scorecard` as JSON, once the run is scored.
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


class SubjectAccessRequestRow(Base):
    """A subject access request (MP-16): who asked, how their identity was checked, when it
    was received and is due, any extension with its reason, and when it was answered.
    `requested_by`, `identity_check` and `extension_reason` are free text (cleaned of card
    numbers)."""

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
    #: domain.breaches.Told for the ICO; NULL until decided.
    ico: Mapped[str | None] = mapped_column(String(16))
    ico_told_at: Mapped[datetime | None]
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


class LegacyImportRow(Base):
    """One legacy import (`custinfo import`) and its checkpoint: how far into the file it
    has got, moved forward in the same transaction as each batch of customers it stores, so
    re-running the same command after an interruption continues from here without storing
    a row twice. Counts and the file's name and hash only: no customer's value."""

    __tablename__ = "legacy_imports"
    __table_args__ = (
        Index("ix_legacy_imports_file_sha256_mapping_sha256", "file_sha256", "mapping_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the CSV file's bytes and of the mapping's: the same command resumes.
    file_sha256: Mapped[str] = mapped_column(String(64))
    mapping_sha256: Mapped[str] = mapped_column(String(64))
    #: Data rows consumed so far (stored, rejected or skipped): the checkpoint.
    rows_read: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    #: The rejects file's length when this checkpoint was written: it is cut back to this on
    #: resume, so a row refused in a batch that never committed is not listed twice.
    rejects_bytes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class LegacyImportCustomer(Base):
    """A customer a legacy import stored: where the record came from, and the set the import
    looks for possible duplicates in once all its rows are stored. Ids only."""

    __tablename__ = "legacy_import_customers"

    import_id: Mapped[int] = mapped_column(ForeignKey("legacy_imports.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)


class FieldChange(Base):
    """Old and new value of one field: the only place old personal values live (MP-10)."""

    __tablename__ = "field_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(255))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    changed_at: Mapped[datetime]


class AuditEventRow(Base):
    """One entry of the append-only event stream. Holds field *names*, never their values."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_customer_id_occurred_at", "customer_id", "occurred_at"),
        Index("ix_audit_events_operator_id_occurred_at", "operator_id", "occurred_at"),
        Index("ix_audit_events_action_occurred_at", "action", "occurred_at"),
        # An interaction's events, oldest first: read on every check, reveal and save.
        Index("ix_audit_events_interaction_id_id", "interaction_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(48))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"))
    console_session: Mapped[str | None] = mapped_column(String(36), index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The hash chains (domain.audit_chain). Unique prev_hash: two events can never claim the
    # same predecessor, so even a failed lock could not fork a chain silently.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
    #: Which of the chains the event was appended to (its head row's id).
    chain: Mapped[int] = mapped_column(SmallInteger, server_default="1")


class AuditChainHead(Base):
    """The newest event of one of the audit trail's hash chains: a row per chain.

    An append locks one chain's row (one no other desk holds, on PostgreSQL) until it
    commits, so a chain never forks; and verification compares each head with its chain's
    newest stored event, so deleting the newest events does not go unnoticed.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_event_id: Mapped[int | None] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditSealRow(Base):
    """A seal: how far the chains that moved had got, hash-chained to the seal before.

    Append-only like the events (migration 0020's triggers). Its hash, kept outside the
    database, is an anchor for everything it covers (docs/architecture.md).
    """

    __tablename__ = "audit_seals"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sealed_at: Mapped[datetime]
    #: [[chain, event id, event hash], ...] for the chains that moved, in chain order.
    heads: Mapped[list[list[Any]]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
