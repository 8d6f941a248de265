"""The subject access pack's sections on what came of the customer's contacts with us
(MP-16): each call, visit, e-mail or letter with its notes, complaints and their stages,
discrepancy reports and disclosures to third parties (MP-17).

Section builders of `subject_access_pack.PACK_SECTIONS`, kept apart as the pack's list
grew (as `pack_breaches`); the list there says their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from custinfo_tui.domain.call_words import last_activity_of
from custinfo_tui.domain.data_protection.moved_by_merge import MadeAbout, made_about
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.disclosures import DisclosureStatus
from custinfo_tui.domain.discrepancies import DiscrepancyStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, ENDED_WITH_ITS_SESSION
from custinfo_tui.services.disclosures_in_pack import disclosures_for_customer
from custinfo_tui.services.merging_protection import moved_here
from custinfo_tui.services.pack_cells import plain, said, section, text

if TYPE_CHECKING:
    from custinfo_tui.repository.subject_access import CallEnd
    from custinfo_tui.services.subject_access_pack import PackSource


def interaction_section(source: PackSource) -> Iterable[PackSection]:
    """Every call, visit, e-mail and letter, with the handler's notes and the customer's
    own words; not a call a withheld third-party request was taken in (pack_withheld)."""
    rows = source.contacts()
    ends = source.uow.subject_access.call_ends([i.id for i in rows])
    yield section(
        "interactions",
        "Interactions and notes",
        "Every contact with us: when, how, what it was about, the outcome and the notes.",
        (
            "Started",
            "Ended",
            "Channel",
            "Enquiry type",
            "Outcome",
            "Caller",
            "Notes",
            "Your words",
            "Follow-up",
            "Handler",
        ),
        (
            (
                i.started_at,
                ended(i.ended_at, ends.get(i.id)),
                said(Channel, i.channel),
                i.enquiry_type,
                plain(i.outcome),
                plain(i.caller_kind),
                i.notes,
                i.customer_words,
                i.follow_up_on,
                source.operator(i.operator_id),
            )
            for i in rows
        ),
        typed=("Notes", "Your words"),
    )


def ended(at: datetime | None, end: CallEnd | None) -> str | None:
    """When a call ended, and why where the time alone would mislead, as the record's
    timeline says it (domain/timeline.py). A call the console it was taken on never ended
    (stopped mid-call, or left at a desk) is stored as ended when a supervisor closed it
    or its handler finished it from another console, perhaps hours after the caller rang
    off: the pack says so, with the call's last action, rather than an end at that time
    (Art. 15: what happened, truly). A call ended with its handler's session says how."""
    if at is None:
        return None  # not ended yet
    when = text(at)
    if end is None:  # no `interaction.ended` on the trail: the time is all there is
        return when
    if (with_its_session := ENDED_WITH_ITS_SESSION.get(end.outcome)) is not None:
        return f"{when}, {with_its_session}"
    by_supervisor = end.outcome == CLOSED_BY_SUPERVISOR
    last = last_activity_of(end.details)
    if last is None and not by_supervisor:
        return when
    not_ended = "Not ended at the desk it was taken at"
    if last is not None:
        not_ended += f" (its last action there: {text(last)})"
    by = "a supervisor" if by_supervisor else "its handler, at another desk"
    return f"{not_ended}; closed at {when} by {by}"


def complaint_sections(source: PackSource) -> Iterable[PackSection]:
    """Complaints, and each move from one stage to the next with its note."""
    complaints = source.uow.complaints.of_customer(source.customer.id)
    yield section(
        "complaints",
        "Complaints",
        "Each complaint: what was said, the apology, the solution and where it stands.",
        ("Number", "Received", "Category", "Stage", "You said", "Apology", "Solution", "Closed"),
        (
            (
                c.id,
                c.received_at,
                c.category,
                plain(c.stage),
                c.customer_said,
                c.apology,
                c.solution,
                c.closed_at,
            )
            for c in complaints
        ),
        typed=("You said", "Apology", "Solution"),
    )
    changes = source.uow.complaints.stage_changes([c.id for c in complaints])
    yield section(
        "complaint-stages",
        "Complaint stages",
        "Each change of a complaint's stage, with the handler's note.",
        ("Complaint", "When", "From", "To", "Note", "By"),
        (
            (
                s.complaint_id,
                s.changed_at,
                plain(s.from_stage),
                plain(s.to_stage),
                s.note,
                source.operator(s.operator_id),
            )
            for s in changes
        ),
        typed=("Note",),
    )


def discrepancy_section(source: PackSource) -> Iterable[PackSection]:
    """Reports that a detail on file was wrong, and what was decided: on this record and on
    the records merged into it (a report decided before the merge stays on the record it
    was made on; an open one moved here, naming where it was made), each saying which."""
    merged = {r.id: format_reference(r.reference) for r in source.merged_records()}
    rows = source.uow.subject_access.discrepancy_reports_of([source.customer.id, *merged])

    def made_on(record: int) -> str:
        return made_about(MadeAbout(merged[record]) if record in merged else None)

    yield section(
        "discrepancy-reports",
        "Discrepancy reports",
        "Reports that a detail held was wrong, the value given, the decision, and which of "
        "your records it was made on.",
        (
            "Reported",
            "Field",
            "Value given",
            "Why",
            "Status",
            "Decision reason",
            "Decided",
            "About",
        ),
        (
            (
                r.reported_at,
                FIELDS[r.field].label if r.field in FIELDS else r.field,
                r.claimed_value,
                r.why,
                said(DiscrepancyStatus, r.status),
                r.outcome_reason,
                r.decided_at,
                made_on(r.reported_on_id if r.reported_on_id is not None else r.customer_id),
            )
            for r in rows
        ),
        typed=("Why", "Decision reason"),
    )


def disclosure_section(source: PackSource) -> Iterable[PackSection]:
    """Every request from a third party for the customer's data (MP-17), with what was
    decided and shared: the fields asked for and those approved by name, never their
    values; and which record it was about, one merged into this record naming it by
    reference."""
    rows = [
        d
        for d in disclosures_for_customer(source.uow, source.customer.id)
        if d.id not in source.withheld
    ]
    moved = moved_here(source.uow, source.customer.id, AuditAction.DISCLOSURE_MOVED_BY_MERGE)
    yield section(
        "disclosures",
        "Disclosures to third parties",
        "Who outside asked for your data, on what basis, what was decided, which details "
        "were asked for and which approved to share, how, and which of your records it was "
        "about.",
        (
            "Requested",
            "By",
            "Organisation",
            "Basis",
            "Details asked",
            "How",
            "Decision",
            "Details approved",
            "Approved by",
            "Sent",
            "About",
        ),
        (
            (
                d.requested_at,
                d.requester,
                d.organisation,
                d.lawful_basis,
                ", ".join(d.field_labels),
                d.channel,
                said(DisclosureStatus, d.status),
                ", ".join(d.approved_labels) or None,
                d.approved_by,
                d.released_at,
                made_about(moved.get(d.id)),
            )
            for d in rows
        ),
        typed=("By",),  # the requester: someone else's name, as typed
    )
