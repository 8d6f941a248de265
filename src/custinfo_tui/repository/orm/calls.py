"""What happens in and after calls: interactions, the supervisors' queue and verification
locks, complaints and discrepancy reports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.repository.orm.base import Base


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
    #: Indexed: that record's title names the new one while the item is open (migration 0032).
    other_customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    #: A possible duplicate a handler raised saying the two are one person (asking for the
    #: merge, services/same_person.py), not one saved as a different person at capture:
    #: the records' titles say "POSSIBLE DUPLICATE of", not "not the same person as".
    said_same_person: Mapped[bool] = mapped_column(Boolean, default=False)
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
    #: When it stopped standing, and who ended it: lifted by a supervisor, or folded into
    #: another lock on the same record at a merge (`folded_into_id`).
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    lift_reason: Mapped[str | None] = mapped_column(String(500))
    #: The lock this one was folded into when its record and that lock's were merged (one
    #: person, one lock): it no longer stands, yet no one lifted it, so the failures before
    #: it are not spent as a lift's are (services/merging_locks.py).
    folded_into_id: Mapped[int | None] = mapped_column(ForeignKey("verification_locks.id"))


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
    #: The record the report was made on, when a merge has moved it since to the record kept
    #: (`customer_id`), open, for a supervisor to decide there; None: made on `customer_id`.
    reported_on_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
