"""The customer's history as one timeline (MP-12): every event of the stream, in words.

The record screen's timeline is the audit/event stream about the customer, newest first:
calls and visits, verification steps, what was disclosed to whom, changes and their
reasons, consents, who opened the record and why. This module turns an event into the
line a handler reads; it never has personal values to show, because events carry none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custinfo_tui.domain.call_words import caller_in_words, disclosed_to, ended_in_words
from custinfo_tui.domain.call_words import channel_in_words as _channel
from custinfo_tui.domain.complaint_follow_up import stage_changed_words
from custinfo_tui.domain.consent_words import consents_in_words, purpose_in_words
from custinfo_tui.domain.data_protection.moved_by_merge import MOVED_BY_MERGE, moved_step
from custinfo_tui.domain.data_protection.recipients_told import recipient_told_step
from custinfo_tui.domain.data_protection.request_steps import REQUEST_STEPS, request_step
from custinfo_tui.domain.data_protection.retention import retention_step
from custinfo_tui.domain.disclosure_fields import disclosure_step
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.readback import lines_read_back
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.training.runs import run_not_started
from custinfo_tui.domain.verification import NO_LEVEL, CheckKind
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, ENDED_WITH_ITS_SESSION, RUN_CUT_SHORT


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """An event as the timeline reads it: what happened, by whom and when, with no hashes.

    The record's timeline reads up to 200 of these on every action of a call (a check, a
    reveal, a save), so they are read with only these columns, as plain objects.
    """

    occurred_at: datetime
    customer_id: int | None  # filed under: the record read, or one merged into it
    operator_id: int | None
    #: The operator's username, read in the same statement ("system" for none).
    operator: str
    action: AuditAction
    fields: tuple[str, ...]
    details: Mapping[str, Any]
    reason: str | None
    outcome: str


def _labels(keys: tuple[str, ...]) -> str:
    names = []
    for key in keys:
        if key in FIELDS:
            names.append(FIELDS[key].label)
        elif key in CheckKind.__members__.values():
            names.append(CheckKind(key).label)
        else:
            names.append(key.replace("_", " "))
    return ", ".join(names)


def level_reached(details: Mapping[str, Any]) -> str:
    """The level a `caller.verified` event's `level` detail names, in words: "High"."""
    return str(details.get("level", "")).replace("_", " ").capitalize()


def disclosure_refused(fields: tuple[str, ...], details: Mapping[str, Any]) -> str:
    """A disclosure the console refused in a call (`field.disclosure_refused`), for a
    supervisor: who was to be told what, at which level, and why not: "Refused: tried to
    disclose Phone to the customer before they were verified (needs Standard)"."""
    needs = details.get("needs")
    why = dict.fromkeys(str(n) for n in needs.values()) if isinstance(needs, Mapping) else {}
    tried = f"Refused: tried to disclose {_labels(fields)} to {caller_in_words(details)}"
    if "verification locked" in why:
        return f"{tried} while verification was locked"
    if details.get("caller") == "no_authority":
        return tried  # "to someone with no authority" says why
    level = details.get("level", NO_LEVEL)
    when = " before they were verified" if level == NO_LEVEL else f" at {level_reached(details)}"
    return f"{tried}{when}" + (f" ({'; '.join(why)})" if why else "")


_SIMPLE = {
    AuditAction.CUSTOMER_CREATED: "Record created",
    AuditAction.INTERACTION_ENDED: "Call ended",
    AuditAction.SECURITY_ANSWER_SET: "Security question set",
    AuditAction.CONSENT_RECORDED: "Consent recorded",
    AuditAction.CONSENT_WITHDRAWN: "Consent withdrawn",
    AuditAction.DATA_EXPORTED: "Data exported",
    AuditAction.CUSTOMER_ERASED: "Personal data erased",
    AuditAction.READ_BACK_CONFIRMED: "Details read back and confirmed",
    AuditAction.NOTE_ADDED: "Note added to the call",
    AuditAction.COMPLAINTS_VIEWED: "Complaints read",
    AuditAction.PROCESSING_RESTRICTED: "Processing restricted (Art. 18)",
    AuditAction.RESTRICTION_LIFTED: "Restriction of processing lifted",
    AuditAction.RESTRICTED_RECORD_REFUSED: "Refused: the record is restricted",
    AuditAction.CUSTOMER_MERGE_REFUSED: "Merge refused: a legal hold keeps the data as it is",
    # Events of the console's own running, which a customer's timeline or pack may still
    # show (an audit search naming them, a reveal): in words, never as a code.
    AuditAction.LOGIN_SUCCEEDED: "Logged in",
    AuditAction.LOGIN_FAILED: "Login refused",
    AuditAction.LOGGED_OUT: "Logged out",
    AuditAction.SCREEN_LOCKED: "Screen locked",
    AuditAction.SCREEN_UNLOCKED: "Screen unlocked",
    AuditAction.UNLOCK_FAILED: "Unlock refused",
    AuditAction.SESSION_ENDED_AT_LOCK: "Session ended at the screen lock",
    AuditAction.SESSION_REVOKED: "Session ended: an administrator changed the operator",
    AuditAction.OPERATOR_CREATED: "Operator added",
    AuditAction.CUSTOMER_SEARCHED: "Customer search",
    AuditAction.FIELD_REVEALED: "Field revealed",
    AuditAction.DEMO_DATA_LOADED: "Demo data loaded",
    AuditAction.AUDIT_SEARCHED: "Audit trail searched",
    AuditAction.OPERATOR_LOCKED_OUT: "Operator locked out after failed logins",
    AuditAction.PASSWORD_CHANGED: "Password changed",
    AuditAction.PASSWORD_CHANGE_FAILED: "Password change refused",
    AuditAction.PASSWORD_RESET: "Password reset",
    AuditAction.OPERATOR_DISABLED: "Operator disabled",
    AuditAction.OPERATOR_ENABLED: "Operator enabled",
    AuditAction.OPERATOR_ROLE_CHANGED: "Operator's role changed",
    AuditAction.OPERATORS_LISTED: "Operators listed",
    AuditAction.OPERATOR_MANAGEMENT_REFUSED: "Operator command refused",
    AuditAction.COMMAND_REFUSED: "Command refused",
    AuditAction.QUEUE_VIEWED: "Supervisor queue viewed",
    AuditAction.CALLS_TO_FINISH_LISTED: "Calls to finish listed",
    AuditAction.WRAP_UP_OPENED: "Wrap-up opened",
    AuditAction.WRAP_UP_LEFT: "Wrap-up left for later",
    AuditAction.CARD_NUMBERS_REDACTED: "Card data taken out of stored text",
    AuditAction.COMPLAINTS_LISTED: "Complaints listed",
    AuditAction.TRAINING_RUN_STARTED: "Training run started",
    AuditAction.TRAINING_RUN_SCORED: "Training run scored",
    AuditAction.TRAINING_RUN_NOT_PLAYED: "Training run ended, not played",
    AuditAction.TRAINING_RUN_PLAYED: "Training run's console started",
    AuditAction.TRAINING_NOTE_SAVED: "Trainer's note saved",
    AuditAction.SUBJECT_ACCESS_LISTED: "Subject access requests listed",
    AuditAction.LEGAL_HOLDS_LISTED: "Legal holds listed",
    AuditAction.RETENTION_RUN: "Retention run",
    AuditAction.RETENTION_PREVIEWED: "Retention run previewed",
    AuditAction.DISCLOSURES_LISTED: "Third-party requests listed",
    AuditAction.BREACH_REPORTED: "Personal-data breach reported",
    AuditAction.BREACH_ASSESSED: "Personal-data breach assessed",
    AuditAction.BREACH_CLOSED: "Personal-data breach closed",
    AuditAction.BREACHES_LISTED: "Breaches listed",
    AuditAction.BREACH_SHOWN: "Breach record read",
    AuditAction.EVIDENCE_EXPORTED: "Evidence of practice exported",
    AuditAction.DATABASE_BACKED_UP: "Database backed up",
    AuditAction.DATABASE_RESTORED: "Database restored from a backup",
    AuditAction.ERASURE_UNDONE: "Erasure undone by a restore",
    AuditAction.CUSTOMERS_IMPORTED: "Customers imported from a legacy system",
    AuditAction.CUSTOMERS_IMPORT_STORED: "A batch of a legacy import's customers stored",
    AuditAction.CUSTOMERS_IMPORT_FILE_CHANGED: "A legacy import continued with its file changed",
    AuditAction.CUSTOMERS_IMPORT_ABANDONED: "An unfinished legacy import given up",
}

_DISCREPANCY = {
    AuditAction.DISCREPANCY_REPORTED: "Discrepancy reported",
    AuditAction.DISCREPANCY_VIEWED: "Discrepancy report read",
    AuditAction.DISCREPANCY_CORRECTED: "Discrepancy report corrected",
    AuditAction.DISCREPANCY_REJECTED: "Discrepancy report rejected",
}

_DISCLOSURE = {
    AuditAction.DISCLOSURE_REQUESTED: "Third-party disclosure requested",
    AuditAction.DISCLOSURE_APPROVED: "Third-party disclosure approved",
    AuditAction.DISCLOSURE_REFUSED: "Third-party disclosure refused",
    AuditAction.DISCLOSURE_WITHDRAWN: "Third-party disclosure withdrawn",
    AuditAction.DISCLOSURE_CLOSED_BY_ERASURE: (
        "Third-party disclosure closed as the record was erased"
    ),
}

#: A queue item closed (`queue.item_closed`), by the kind its event names: only a
#: possible-fraud item is closed keeping a lock; a possible duplicate is closed by a merge
#: or as two people, which the event's reason says.
_QUEUE_ITEM_CLOSED = {
    QueueKind.POSSIBLE_FRAUD: "Supervisor closed the fraud alert; lock kept",
    QueueKind.POSSIBLE_DUPLICATE: "Supervisor closed the possible-duplicate item",
    QueueKind.DISCREPANCY: "Supervisor closed the discrepancy item",
    QueueKind.DISCLOSURE_REQUEST: "Supervisor closed the disclosure request item",
    QueueKind.COMPLAINT_FOLLOW_UP: "Supervisor closed the complaint follow-up item",
}


def _queue_item_closed(details: Mapping[str, Any]) -> str:
    """A queue item closed, as what it was: every such event names its item's kind; one naming
    none, or a kind no longer known, reads as a queue item, never as a fraud alert with its lock."""
    kind = details.get("kind")
    if isinstance(kind, str) and kind in _QUEUE_ITEM_CLOSED:
        return _QUEUE_ITEM_CLOSED[QueueKind(kind)]
    return "Supervisor closed a queue item"


def describe_masked(
    action: AuditAction,
    fields: tuple[str, ...],
    details: Mapping[str, Any],
    outcome: str,
    *,
    on_command_line: bool = False,
) -> str:
    """`describe`, less what a call was about (its enquiry type and outcome): "Wrapped up",
    "Phone call ended". For a caller who may not read the calls' notes."""
    if details.get("outcome") == CLOSED_BY_SUPERVISOR:  # not what the call was about
        return describe(action, fields, details, outcome, on_command_line=on_command_line)
    if action is AuditAction.INTERACTION_WRAPPED_UP:
        return "Wrapped up (after the call)" if details.get("later") else "Wrapped up"
    if action is AuditAction.INTERACTION_ENDED and details.get("outcome"):
        return f"{_channel(details)} {ended_in_words(details)}"
    if action is AuditAction.CUSTOMER_CREATED:
        return _SIMPLE.get(action, "Record created")
    return describe(action, fields, details, outcome, on_command_line=on_command_line)


#: An erasure preview (`customer.viewed`, `erasure_preview`): a look, not a request (the
#: pack is read by the person, who may never have asked for one), by the DPO at the desk or
#: with `custinfo erase` (`--check`, or before erasing); one recorded with no operator is
#: `custinfo erase`'s from before it named the DPO it acts for (`--as`).
LOOKED_UP_AT_THE_DESK = (
    "Looked up at the data protection desk: how much erasure would remove, counted "
    "(no details shown)"
)
LOOKED_UP_ON_THE_COMMAND_LINE = (
    "Looked up from the command line: how much erasure would remove, counted (no details shown)"
)

#: Outcomes that mean what the event names did not happen (`audit.record`'s `outcome`).
NOT_DONE_OUTCOMES = frozenset({"refused", "denied"})


def describe(
    action: AuditAction,
    fields: tuple[str, ...],
    details: Mapping[str, Any],
    outcome: str,
    *,
    on_command_line: bool = False,
) -> str:
    """One event as a line of the timeline: "Phone call started", "Disclosed to the customer:
    Phone, E-mail", "Failed check: Date of birth". One whose outcome says it was refused reads
    as refused, never as done ("Erasure refused: ..."). One `on_command_line` (no operator:
    `custinfo` acting as the system) says where it was done where the console's words name a
    desk."""
    looked_up = action is AuditAction.CUSTOMER_VIEWED and details.get("erasure_preview")
    if looked_up and on_command_line:
        return LOOKED_UP_ON_THE_COMMAND_LINE
    words = _what_happened(action, fields, details, outcome)
    if outcome in NOT_DONE_OUTCOMES and "refused" not in words.lower():
        return f"{words} (refused)"
    return words


def _what_happened(
    action: AuditAction, fields: tuple[str, ...], details: Mapping[str, Any], outcome: str
) -> str:
    if action is AuditAction.CUSTOMER_VIEWED:
        if details.get("erasure_preview"):  # counts of what erasure would take, no value
            # Not "checked for erasure": a look is no request, and the pack is read by the
            # person, who may never have asked for one.
            return LOOKED_UP_AT_THE_DESK
        if details.get("in_call") and fields and set(fields) <= {"representatives", "consents"}:
            return f"Shown in the call: {', '.join(f.capitalize() for f in fields)}"  # at Standard
        return "Record opened in a call" if details.get("in_call") else "Record opened"
    if action is AuditAction.INTERACTION_STARTED and details.get("new_customer"):
        # Stored before anything about them: the save files the call under them.
        return f"{_channel(details)} started: a new customer, no record yet"
    if action is AuditAction.INTERACTION_STARTED:
        return f"{_channel(details)} started"
    if action is AuditAction.INTERACTION_FILED:
        # At the call's start, which is stored about no one: the record came later.
        if details.get("new_record"):
            return f"{_channel(details)} started, before the record: filed under it at the save"
        return f"{_channel(details)} started as a new customer's: filed under this record"
    if action is AuditAction.CUSTOMER_UPDATED:
        return f"Changed: {_labels(fields)}"
    if action is AuditAction.FIELD_DISCLOSED and "disclosure_id" in details:
        return disclosure_step("Disclosed to a third party", fields, details)
    if action in _DISCLOSURE:
        return disclosure_step(_DISCLOSURE[action], fields, details)
    if action is AuditAction.FIELD_DISCLOSED:
        return f"{disclosed_to(details)}: {_labels(fields)}"
    if action is AuditAction.FIELD_DISCLOSURE_REFUSED:
        return disclosure_refused(fields, details)
    if action is AuditAction.CALLER_IDENTIFIED:
        return f"Caller is {caller_in_words(details)}"
    if action is AuditAction.CALLER_CHECK_PASSED:
        return f"Check passed: {_labels(fields)}"
    if action is AuditAction.CALLER_VERIFICATION_FAILED:
        return f"Check failed: {_labels(fields)}"
    if action is AuditAction.CALLER_VERIFIED:
        level = level_reached(details)
        return f"{caller_in_words(details).removeprefix('the ').capitalize()} verified: {level}"
    if action is AuditAction.VERIFICATION_LOCKED:
        return f"Verification locked after {details.get('failures', '?')} failed checks"
    if action is AuditAction.VERIFICATION_REFUSED:
        return "Check refused: verification is locked"
    if action is AuditAction.NEW_RECORD_REFUSED:
        # Not "a caller": by letter or in person it is no call.
        way = _channel(details).lower()
        return f"New record refused: the details matched this locked record ({way})"
    if action is AuditAction.MERGE_ASKED:
        return f"Said to be the same person as {details.get('other', '?')}: merge asked for"
    if action is AuditAction.VERIFICATION_LOCK_LIFTED:
        return "Verification lock lifted by a supervisor"
    if action is AuditAction.VERIFICATION_LOCK_FOLDED:
        # The lock folded may be either record's: say what the merge did, not whose it was.
        return f"Two verification locks made one at the merge of {details.get('merged', '?')}"
    if action is AuditAction.QUEUE_ITEM_CLOSED:
        return _queue_item_closed(details)
    if action is AuditAction.REPRESENTATIVE_ADDED:
        authority = str(details.get("authority", "")).replace("_", " ")
        return f"Representative added ({authority})"
    if action is AuditAction.CONSENT_RECORDED and "service_basis" in details:
        return f"Consent recorded: {consents_in_words(details)}"
    if action is AuditAction.CONSENT_WITHDRAWN and details.get("purposes"):
        return f"Consent withdrawn: {', '.join(purpose_in_words(p) for p in details['purposes'])}"
    if action is AuditAction.READ_BACK_CONFIRMED and fields:
        return f"Read back and confirmed: {lines_read_back(fields, details)}"
    if action is AuditAction.CUSTOMER_CREATED and details.get("enquiry_type"):
        return f"Record created ({details['enquiry_type']})"
    closed_by_supervisor = details.get("outcome") == CLOSED_BY_SUPERVISOR
    if action is AuditAction.INTERACTION_WRAPPED_UP and closed_by_supervisor:
        return "Closed by a supervisor, not wrapped up by its handler"
    if action is AuditAction.INTERACTION_ENDED and closed_by_supervisor:
        return f"{_channel(details)} ended by a supervisor"
    by = details.get("ended_by", "system")  # a role-play cut short: its trainer, or system
    if action is AuditAction.INTERACTION_ENDED and outcome == RUN_CUT_SHORT:
        return f"{_channel(details)} ended: the role-play was cut short by {by}"
    if action is AuditAction.INTERACTION_ENDED and outcome in ENDED_WITH_ITS_SESSION:
        return f"Call ended {ENDED_WITH_ITS_SESSION[outcome]}"
    if action is AuditAction.TRAINING_RUN_CUT_SHORT:
        calls = int(details.get("calls_ended", 0))
        left = f" ({counted(calls, 'call')} left open ended)" if calls else ""
        return f"Role-play cut short by {by} after its console stopped{left}"
    if action is AuditAction.TRAINING_RUN_NOT_STARTED:
        return run_not_started(details)
    if action is AuditAction.INTERACTION_WRAPPED_UP:
        later = " (after the call)" if details.get("later") else ""
        return f"Wrapped up{later}: {_wrap_up(details)}"
    if action is AuditAction.INTERACTION_ENDED and details.get("outcome"):
        return f"{_channel(details)} {ended_in_words(details)}: {_wrap_up(details)}"
    if action is AuditAction.REPRESENTATIVE_WITHDRAWN:
        authority = str(details.get("authority", "")).replace("_", " ")
        return f"Representative's authority withdrawn ({authority})"
    if action is AuditAction.COMPLAINT_RAISED:
        return f"Complaint {details.get('stage', 'received')}: {details.get('category', '?')}"
    if action is AuditAction.COMPLAINT_STAGE_CHANGED:
        return stage_changed_words(details)
    if action in _DISCREPANCY:
        return f"{_DISCREPANCY[action]}: {_labels(fields)}"
    if action is AuditAction.CUSTOMER_MERGED:
        taken = tuple(details.get("from_merged") or ())
        kept = f"; kept from it: {_labels(taken)}" if taken else ""
        return f"Merged: {details.get('merged', '?')} joined this record{kept}"
    if action is AuditAction.CUSTOMER_MERGED_INTO:
        # Filed under the merged record, but read on the kept one's timeline: name both.
        return f"{details.get('merged', '?')} merged into {details.get('survivor', '?')}"
    if action is AuditAction.CUSTOMER_ERASED and outcome == "refused":
        kinds = ", ".join(str(kind).replace("_", " ") for kind in details.get("holds") or ())
        return "Erasure refused: the record is held" + (f" ({kinds})" if kinds else "")
    if action is AuditAction.RETENTION_ANONYMISED:
        return retention_step(details)
    if action in (AuditAction.LEGAL_HOLD_SET, AuditAction.LEGAL_HOLD_LIFTED):
        verb = "recorded" if action is AuditAction.LEGAL_HOLD_SET else "lifted"
        return f"Legal hold {verb}: {str(details.get('kind', '?')).replace('_', ' ')}"
    if action in REQUEST_STEPS:
        return request_step(action, details)
    if action is AuditAction.DISCLOSURE_RECIPIENT_TOLD:
        return recipient_told_step(details, outcome)
    if action in MOVED_BY_MERGE:
        return moved_step(action, details)
    if action in _SIMPLE:
        return _SIMPLE[action]
    return action.value


def _wrap_up(details: Mapping[str, Any]) -> str:
    """A wrap-up's enquiry type and outcome: "Billing question, follow up"."""
    outcome = str(details.get("outcome", "")).replace("_", " ")
    return f"{details.get('enquiry_type', '?')}, {outcome}"
