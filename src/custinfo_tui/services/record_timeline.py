"""The record's timeline (services/record_view.py, `timeline_of`): the customer's newest
audit events, and the entries that are not events: a call's notes and the customer's words,
a complaint's text (kept on the interaction and the complaint, never in the event stream;
a change of stage's note is said on the change's own row, as its why), and where an
imported record came from (kept by the import: `legacy_import_customers`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from custinfo_tui.domain.access_reasons import reason_given
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.merged_records import filed_under
from custinfo_tui.domain.records import HistoryEntry
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.timeline import describe, describe_masked
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services.operator_names import operator_names
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


#: A change of stage's note, by the complaint's id and the stage it moved to (a complaint
#: moves forward only, so reaches each stage once): the note as shown (masked in a call
#: until the caller may read it), and its entry of its own for a change whose event the
#: timeline no longer lists.
StageNotes = dict[tuple[int, str], tuple[str, HistoryEntry]]


def complaint_entries(
    uow: UnitOfWork, customer_id: int, names: Callable[[int | None], str], hidden: str | None
) -> tuple[tuple[HistoryEntry, ...], StageNotes]:
    """A customer's complaints in the handler's words, masked as a call's notes are: what the
    customer said when each was received, and the note of each change of stage (said on the
    change's own row, `with_stage_note`, where the timeline lists its event)."""
    complaints = uow.complaints.of_customer(customer_id)
    by_id = {complaint.id: complaint for complaint in complaints}

    def entry(when: datetime, operator_id: int | None, what: str, shown: str) -> HistoryEntry:
        return HistoryEntry(
            occurred_at=when,
            operator=names(operator_id),
            action=COMPLAINT_TEXT_ENTRY,
            what=f"{what}: {shown}",
            fields=(),
            reason=None,
            outcome="ok",
        )

    def shown(text: str) -> str:
        return f"hidden: {hidden}" if hidden is not None else text

    raised = tuple(
        entry(
            c.received_at,
            c.raised_by_id,
            f"Complaint ({c.category}), customer said",
            shown(c.customer_said),
        )
        for c in complaints
    )
    notes: StageNotes = {}
    for change in uow.complaints.stage_changes(list(by_id)):
        category = by_id[change.complaint_id].category
        what = f"Complaint {change.to_stage} ({category}), note"
        note = shown(change.note)
        notes[change.complaint_id, change.to_stage] = (
            note,
            entry(change.changed_at, change.operator_id, what, note),
        )
    return raised, notes


def with_stage_note(
    entry: HistoryEntry, details: Mapping[str, Any], notes: StageNotes
) -> HistoryEntry:
    """A change of stage's event with its note as the row's why: one row for one move ("Complaint
    acknowledged: Billing or charges; follow-up date changed", why "Rang back, will call on
    Friday"), where the event and the note had a row each, both saying the new stage. The
    note taken is removed from `notes`; the event is on the audit trail as it was recorded."""
    if entry.action != AuditAction.COMPLAINT_STAGE_CHANGED.value:
        return entry
    moved: tuple[int, str] = (details.get("complaint_id", 0), details.get("to_stage", ""))
    noted = notes.pop(moved, None)
    if noted is None:
        return entry
    return entry.model_copy(update={"reason": noted[0]})


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


#: The timeline's events that say what the customer agreed to or who may act for them
#: ("Consent recorded: service: contract; marketing: e-mail"), said by their name alone
#: while the caller may not hear that (`contacts_withheld`).
_CONTACTS_EVENTS = {
    AuditAction.CONSENT_RECORDED: "Consent recorded",
    AuditAction.CONSENT_WITHDRAWN: "Consent withdrawn",
    AuditAction.REPRESENTATIVE_ADDED: "Representative added",
    AuditAction.REPRESENTATIVE_WITHDRAWN: "Representative's authority withdrawn",
}

#: How many of the customer's events the record's timeline lists, newest first.
TIMELINE_EVENTS = 200


def timeline_of(
    uow: UnitOfWork, customer: Customer, notes_hidden: str | None, contacts_hidden: str | None
) -> tuple[tuple[HistoryEntry, ...], bool, Callable[[int | None], str]]:
    """The record's timeline, newest first: the customer's newest events (and those of the
    records merged into it), the calls' notes, the complaints' texts and where the record
    was imported from; whether the customer has older events than it lists; and the
    operators' names, those the events were read with already known."""
    # The records merged into this one keep their events (the stream is append-only):
    # each of theirs names the record it is filed under (`merged_records`).
    merged = {
        record: format_reference(reference)
        for record, reference in uow.merges.merged_references(customer.id).items()
    }
    read = uow.audit.timeline([customer.id, *merged], limit=TIMELINE_EVENTS + 1)
    names = operator_names(uow, known={e.operator_id: e.operator for e in read})
    # A caller who may not read the calls' notes does not hear what the calls were about
    # either: not the enquiry and outcome of each, nor why each thing was done.
    words = describe if notes_hidden is None else describe_masked
    # Nor, before they may hear them, what the customer agreed to or who may act for them.
    withheld = _CONTACTS_EVENTS if contacts_hidden is not None else {}
    said, stage_notes = complaint_entries(uow, customer.id, names, notes_hidden)
    events = tuple(
        with_stage_note(
            HistoryEntry(
                occurred_at=e.occurred_at,
                operator=e.operator,
                action=e.action.value,
                what=filed_under(
                    withheld.get(e.action)
                    or words(
                        e.action,
                        e.fields,
                        e.details,
                        e.outcome,
                        on_command_line=e.operator_id is None,
                    ),
                    e.action,
                    merged.get(e.customer_id) if e.customer_id is not None else None,
                ),
                fields=e.fields,
                reason=reason_given(e.action, e.details, e.reason)
                if notes_hidden is None or e.reason is None
                else f"hidden: {notes_hidden}",
                outcome=e.outcome,
            ),
            e.details,
            stage_notes,
        )
        for e in read[:TIMELINE_EVENTS]
    )
    # The notes of moves whose events are older than the timeline lists: a row each.
    older_notes = tuple(entry for _, entry in stage_notes.values())
    notes = tuple(
        entry
        for interaction in uow.interactions.with_notes(customer.id)
        for entry in notes_entries(interaction, names, notes_hidden)
    )
    history = sorted(
        (*events, *notes, *said, *older_notes, *imported_entry(uow, customer)),
        key=lambda e: e.occurred_at,
        reverse=True,
    )
    return tuple(history), len(read) > TIMELINE_EVENTS, names
