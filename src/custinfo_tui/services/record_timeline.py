"""The record's timeline entries that are not audit events (services/record_view.py): a
call's notes and the customer's words, a complaint's text and its stages' notes (kept on the
interaction and the complaint, never in the event stream), and where an imported record
came from (kept by the import: `legacy_import_customers`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.records import HistoryEntry
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services.unit_of_work import UnitOfWork

#: The timeline entry of a call's notes or customer's words (not an event: the text is kept
#: on the interaction, never in the audit stream).
NOTES_ENTRY = "interaction.notes"
#: The timeline entry of a complaint's text or a stage's note (kept on the complaint only).
COMPLAINT_TEXT_ENTRY = "complaint.text"
#: The timeline entry of where an imported record came from: read from the import's own
#: tables (`legacy_import_customers`), not an event (one a customer would cost a million).
IMPORTED_ENTRY = "customer.imported_from"


def notes_entries(
    interaction: Interaction, names: Callable[[int | None], str], hidden: str | None
) -> tuple[HistoryEntry, ...]:
    """A call's notes and the customer's words as timeline entries, at the time the call was
    wrapped up (or, before that, started); their text only where `hidden` is None."""
    when = interaction.wrapped_up_at or interaction.started_at
    channel = Channel(interaction.channel).label
    entries = []
    for key, text in (("notes", interaction.notes), ("customer_words", interaction.customer_words)):
        if text is None:
            continue
        shown = f"hidden: {hidden}" if hidden is not None else text
        entries.append(
            HistoryEntry(
                occurred_at=when,
                operator=names(interaction.operator_id),
                action=NOTES_ENTRY,
                what=f"{FIELDS[key].label} ({channel}): {shown}",
                fields=(key,),
                reason=None,
                outcome="ok",
            )
        )
    return tuple(entries)


def complaint_entries(
    uow: UnitOfWork, customer_id: int, names: Callable[[int | None], str], hidden: str | None
) -> tuple[HistoryEntry, ...]:
    """A customer's complaints in the handler's words, masked as a call's notes are: what the
    customer said when it was received, and the note of each change of stage."""
    complaints = uow.complaints.of_customer(customer_id)
    by_id = {complaint.id: complaint for complaint in complaints}

    def entry(when: datetime, operator_id: int | None, what: str, text: str) -> HistoryEntry:
        shown = f"hidden: {hidden}" if hidden is not None else text
        return HistoryEntry(
            occurred_at=when,
            operator=names(operator_id),
            action=COMPLAINT_TEXT_ENTRY,
            what=f"{what}: {shown}",
            fields=(),
            reason=None,
            outcome="ok",
        )

    raised = [
        entry(
            c.received_at,
            c.raised_by_id,
            f"Complaint ({c.category}), customer said",
            c.customer_said,
        )
        for c in complaints
    ]
    changes = [
        entry(
            change.changed_at,
            change.operator_id,
            f"Complaint {change.to_stage} ({by_id[change.complaint_id].category}), note",
            change.note,
        )
        for change in uow.complaints.stage_changes(list(by_id))
    ]
    return (*raised, *changes)


def imported_entry(uow: UnitOfWork, customer: Customer) -> tuple[HistoryEntry, ...]:
    """Where the record began, for a customer a legacy import stored: the file and the
    import, on the day its batch was stored (the record's creation). None for the others."""
    run = uow.subject_access.import_of(customer.id)
    if run is None:
        return ()
    return (
        HistoryEntry(
            occurred_at=customer.created_at,
            operator="system",
            action=IMPORTED_ENTRY,
            what=(
                f"Imported from a legacy system ({run.file_name}, import {run.id}) on "
                f"{customer.created_at:%d %b %Y}"
            ),
            fields=(),
            reason=None,
            outcome="ok",
        ),
    )
