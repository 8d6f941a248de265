"""The kinds of event on the audit/event stream (see domain.events), as a plain enum.

Kept apart from the event models so that the command line can offer the action names
without importing pydantic.
"""

from __future__ import annotations

from enum import StrEnum

#: The most events one audit trail search returns.
MAX_TRAIL_RESULTS = 10_000


class AuditAction(StrEnum):
    """Every kind of event. Names are `subject.verb`; stored as these strings, so never rename."""

    LOGIN_SUCCEEDED = "operator.login_succeeded"
    LOGIN_FAILED = "operator.login_failed"
    LOGGED_OUT = "operator.logged_out"
    SCREEN_LOCKED = "operator.screen_locked"
    SCREEN_UNLOCKED = "operator.screen_unlocked"
    UNLOCK_FAILED = "operator.unlock_failed"
    SESSION_ENDED_AT_LOCK = "operator.session_ended_at_lock"
    #: A session refused because an administrator disabled its operator, changed their
    #: role or reset their password since it logged in; the console ended it (the reason).
    SESSION_REVOKED = "operator.session_revoked"
    OPERATOR_CREATED = "operator.created"
    CUSTOMER_SEARCHED = "customer.searched"
    CUSTOMER_VIEWED = "customer.viewed"
    CUSTOMER_CREATED = "customer.created"
    #: A new record refused: its details strongly matched a customer whose verification is
    #: locked (recorded on that customer, for the supervisor working the lock).
    NEW_RECORD_REFUSED = "customer.new_record_refused"
    #: A handler found two records of one person and asked a supervisor to merge them: a
    #: possible-duplicate item raised, on each record, with the handler's reason.
    MERGE_ASKED = "customer.merge_asked"
    CUSTOMER_UPDATED = "customer.updated"
    FIELD_REVEALED = "field.revealed"
    FIELD_DISCLOSED = "field.disclosed"
    #: In a call, fields the handler asked to show the caller that their verification (or a
    #: representative's scope, a lock, no authority) does not allow: refused, nothing shown
    #: (services/refused_disclosures.py). The fields' names, who was calling, the level they
    #: had and what each field needs (`needs`); never a value. One per refusal.
    FIELD_DISCLOSURE_REFUSED = "field.disclosure_refused"
    CALLER_VERIFIED = "caller.verified"
    CALLER_VERIFICATION_FAILED = "caller.verification_failed"
    READ_BACK_CONFIRMED = "readback.confirmed"
    CONSENT_RECORDED = "consent.recorded"
    CONSENT_WITHDRAWN = "consent.withdrawn"
    DATA_EXPORTED = "customer.exported"
    CUSTOMER_ERASED = "customer.erased"
    DEMO_DATA_LOADED = "system.demo_loaded"
    AUDIT_SEARCHED = "audit.searched"
    OPERATOR_LOCKED_OUT = "operator.locked_out"
    PASSWORD_CHANGED = "operator.password_changed"
    PASSWORD_CHANGE_FAILED = "operator.password_change_failed"
    PASSWORD_RESET = "operator.password_reset"
    OPERATOR_DISABLED = "operator.disabled"
    OPERATOR_ENABLED = "operator.enabled"
    OPERATOR_ROLE_CHANGED = "operator.role_changed"
    OPERATORS_LISTED = "operator.listed"
    #: An operator command refused (`custinfo operator`, the console's operators): the
    #: command, the reason's code and the operator's id where there is one
    #: (domain/operator_refusals.py); never what was typed.
    OPERATOR_MANAGEMENT_REFUSED = "operator.management_refused"
    #: A command-line command refused at login (its role may not run it, or a temporary
    #: password): the command's words and the reason's code (services/command_refusals.py).
    COMMAND_REFUSED = "command.refused"
    INTERACTION_STARTED = "interaction.started"
    #: A call stored about no customer (a new customer's, services/capture_call.py) filed
    #: under its customer: the record the save made, or one on file chosen instead
    #: (`new_record`); on that customer's trail, at the time the call started (their
    #: timeline shows when it began). The call started once, at its own
    #: `interaction.started`: this is no second start (before it existed, the save
    #: recorded one; domain.events.starts_filed_again).
    INTERACTION_FILED = "interaction.filed"
    INTERACTION_ENDED = "interaction.ended"
    INTERACTION_WRAPPED_UP = "interaction.wrapped_up"
    #: The handler opened a call's wrap-up: ending the call in it (`in_call`), or from
    #: their calls to finish. Filed under the call only, naming no customer: it says where
    #: the handler is (a supervisor closing the call is told), and a call ended in it ends
    #: when its wrap-up opened, not when it is saved (services/call_ends.py).
    WRAP_UP_OPENED = "interaction.wrap_up_opened"
    #: The handler left a call's wrap-up opened from their calls to finish for later
    #: (Later, Escape): filed under the call only. It closes the opening before it, so a
    #: supervisor is no longer told the handler may be typing it (services/closing_calls.py).
    WRAP_UP_LEFT = "interaction.wrap_up_left"
    #: Every operator's calls to finish read by a supervisor (the count).
    CALLS_TO_FINISH_LISTED = "interaction.to_finish_listed"
    NOTE_ADDED = "interaction.note_added"
    CALLER_IDENTIFIED = "caller.identified"
    CALLER_CHECK_PASSED = "caller.check_passed"
    VERIFICATION_REFUSED = "caller.verification_refused"
    VERIFICATION_LOCKED = "verification.locked"
    VERIFICATION_LOCK_LIFTED = "verification.lock_lifted"
    #: Two records both locked for possible fraud merged: one lock ended, folded into the
    #: one that stands on the kept record (the two locks' and items' ids; the merge's reason).
    VERIFICATION_LOCK_FOLDED = "verification.lock_folded"
    QUEUE_ITEM_CLOSED = "queue.item_closed"
    #: The supervisor queue's items read (the kind shown, the count).
    QUEUE_VIEWED = "queue.viewed"
    SECURITY_ANSWER_SET = "customer.security_answer_set"
    REPRESENTATIVE_ADDED = "representative.added"
    REPRESENTATIVE_WITHDRAWN = "representative.withdrawn"
    CARD_NUMBERS_REDACTED = "data.card_numbers_redacted"
    COMPLAINT_RAISED = "complaint.raised"
    COMPLAINT_STAGE_CHANGED = "complaint.stage_changed"
    COMPLAINTS_LISTED = "complaint.listed"
    COMPLAINTS_VIEWED = "complaint.viewed"
    DISCREPANCY_REPORTED = "discrepancy.reported"
    DISCREPANCY_VIEWED = "discrepancy.viewed"
    DISCREPANCY_CORRECTED = "discrepancy.corrected"
    DISCREPANCY_REJECTED = "discrepancy.rejected"
    #: An open report moved to the kept record when the record it was made on was merged
    #: into it (on the kept record: the report and queue item ids, both references).
    DISCREPANCY_MOVED_BY_MERGE = "discrepancy.moved_by_merge"
    #: Two records of one person merged (MP-13): on the survivor, and on the merged record.
    CUSTOMER_MERGED = "customer.merged"
    CUSTOMER_MERGED_INTO = "customer.merged_into"
    #: A merge refused while a legal hold is in force (on each record compared that is
    #: held, itself or through a record merged into it): both references, the holds' ids
    #: and kinds; the supervisor's reason.
    CUSTOMER_MERGE_REFUSED = "customer.merge_refused"
    #: A trainee's role-play started on a fresh sandbox (live stream: run and scenario ids only).
    TRAINING_RUN_STARTED = "training.run_started"
    #: A run ended and was scored (live stream: run id and the count of points met).
    TRAINING_RUN_SCORED = "training.run_scored"
    #: A run ended that the trainee never played: never logged in, or took no step of the
    #: call (live stream: run id and which). Not scored, so it counts in no score.
    TRAINING_RUN_NOT_PLAYED = "training.run_not_played"
    #: A run a trainer tried to play from the training screen that `custinfo train play`
    #: never started: their password not accepted at its prompt, or Ctrl+C there (live
    #: stream: run id and `why`, never the password). The run stays running, to be tried
    #: again or ended not played; the training screen says so from this event.
    TRAINING_RUN_NOT_STARTED = "training.run_not_started"
    #: A run's console started by `custinfo train play` (or `train start`), the trainer's
    #: password accepted (live stream: run id): a run tried and not started before is
    #: started now, and the training screen no longer says it was not.
    TRAINING_RUN_PLAYED = "training.run_played"
    #: A run ended by its trainer (the training screen) or `custinfo train end` after its
    #: console stopped, before the trainee ended it: in its sandbox, as the run's closing
    #: step, with who ended it (`ended_by`: a username, or `system`) and how many calls
    #: still open it ended (`calls_ended`; each an `interaction.ended`, `run_cut_short`).
    TRAINING_RUN_CUT_SHORT = "training.run_cut_short"
    #: A trainer's note on one marking point of a run (live stream: run id and the point).
    TRAINING_NOTE_SAVED = "training.note_saved"
    #: A request logged (MP-16): request id, the right it exercises (`right`; none for
    #: access, as before rights were named) and due date, no personal text; `in_call` when
    #: a handler took it from a caller (the event names the call).
    SUBJECT_ACCESS_LOGGED = "dsar.logged"
    #: A request's due date extended (months added; the reason stays on the request).
    SUBJECT_ACCESS_EXTENDED = "dsar.extended"
    #: A request marked answered: the pack was sent.
    SUBJECT_ACCESS_ANSWERED = "dsar.answered"
    #: A request refused as manifestly unfounded or excessive (Art. 12(5)); the reason
    #: stays on the request.
    SUBJECT_ACCESS_REFUSED = "dsar.refused"
    #: The list of requests read (count only).
    SUBJECT_ACCESS_LISTED = "dsar.listed"
    #: A caller asked again, in a call, for a right a request of theirs still open
    #: exercises: noted on that request (its id, the right), not logged twice.
    SUBJECT_ACCESS_ASKED_AGAIN = "dsar.asked_again"
    #: The DPO checked the identity of someone whose request was taken unverified (the
    #: request id; how it was checked stays on the request).
    SUBJECT_ACCESS_IDENTITY_CHECKED = "dsar.identity_checked"
    #: A request moved to the kept record when the record it was logged on was merged into
    #: it (on the kept record: the request id, its right, both references).
    SUBJECT_ACCESS_MOVED_BY_MERGE = "dsar.moved_by_merge"
    #: An erasure request the DPO keeps open, unrefused, while a hold on its record stands
    #: (the request id, its right, the holds' kinds): erased once the hold ends, its month
    #: running meanwhile.
    SUBJECT_ACCESS_KEPT_OPEN = "dsar.kept_open"
    #: Processing of a record restricted (Art. 18), and the restriction lifted; the reason
    #: is the event's reason.
    PROCESSING_RESTRICTED = "customer.restricted"
    RESTRICTION_LIFTED = "customer.restriction_lifted"
    #: An ordinary handler refused a restricted record.
    RESTRICTED_RECORD_REFUSED = "customer.restricted_refused"
    #: A past (lifted) restriction moved to the kept record when the record it was on was
    #: merged into it (on the kept record: the restriction id, both references).
    RESTRICTION_MOVED_BY_MERGE = "restriction.moved_by_merge"
    #: Erasure and retention (docs/data-protection.md): a legal hold recorded or lifted on a
    #: customer (its kind; the reason on the event), and a retention run (counts by
    #: category in details; a dry run is `retention.previewed`).
    LEGAL_HOLD_SET = "legal_hold.set"
    LEGAL_HOLD_LIFTED = "legal_hold.lifted"
    LEGAL_HOLDS_LISTED = "legal_hold.listed"
    RETENTION_RUN = "retention.run"
    RETENTION_PREVIEWED = "retention.previewed"
    #: A record's data anonymised by a retention run, on that record: the category, the
    #: columns cleared (`fields`) and how many values, why it fell due and the period, and
    #: the run's time (`run_at`, as on its `retention.run` event); never a value.
    RETENTION_ANONYMISED = "retention.anonymised"
    #: A third party's request for a customer's data recorded (MP-17): disclosure id, basis,
    #: channel, the fields asked for; never who asked or a value.
    DISCLOSURE_REQUESTED = "disclosure.requested"
    #: A request approved or refused by the DPO or a supervisor (the reason's length only).
    DISCLOSURE_APPROVED = "disclosure.approved"
    DISCLOSURE_REFUSED = "disclosure.refused"
    #: A request the requester withdrew before anything was released (the reason's length).
    DISCLOSURE_WITHDRAWN = "disclosure.withdrawn"
    #: A request still open (waiting, or approved and not released) closed because the
    #: customer's record was erased (or anonymised at the end of its retention period):
    #: nothing is left to release. The disclosure and queue item ids, the status it had.
    DISCLOSURE_CLOSED_BY_ERASURE = "disclosure.closed_by_erasure"
    #: A recipient of a released disclosure told of an erasure, rectification or restriction
    #: (Art. 19), recorded on the request of that right: the request and disclosure ids, the
    #: right and the day told (`told_on`); or, outcome `not_told`, telling them impossible
    #: or disproportionate effort, why being the event's reason.
    DISCLOSURE_RECIPIENT_TOLD = "disclosure.recipient_told"
    #: Third-party disclosures listed (`custinfo disclosures list`, the desk): the count.
    DISCLOSURES_LISTED = "disclosure.listed"
    #: A request moved to the kept record when the record it was about was merged into it
    #: (on the kept record: the disclosure id, both references).
    DISCLOSURE_MOVED_BY_MERGE = "disclosure.moved_by_merge"
    #: A suspected personal-data breach reported (MP-20): its id, categories and counts.
    BREACH_REPORTED = "breach.reported"
    #: The DPO's risk assessment and decisions about telling the ICO and the individuals.
    BREACH_ASSESSED = "breach.assessed"
    #: A breach closed with a summary (its length only on the stream).
    BREACH_CLOSED = "breach.closed"
    #: The breaches listed on the desk or by `custinfo breach list` (the count).
    BREACHES_LISTED = "breach.listed"
    #: One breach's record read in full, on the desk (V) or by `custinfo breach show`: its
    #: id only.
    BREACH_SHOWN = "breach.shown"
    #: A breach naming a record merged into another now names the kept record (on it: the
    #: breach id, both references, and whether the report named the kept record already).
    BREACH_MOVED_BY_MERGE = "breach.moved_by_merge"
    #: An operator's evidence of practice exported (MP-21): whose, its source and counts only.
    EVIDENCE_EXPORTED = "evidence.exported"
    #: The database backed up (`custinfo backup`; docs/backups.md): counts and the file's
    #: name only.
    DATABASE_BACKED_UP = "database.backed_up"
    #: A backup restored over the database (`custinfo restore`): the backup's counts and
    #: newest event, and how many later erasures it brought back.
    DATABASE_RESTORED = "database.restored"
    #: A customer erased after the backup and brought back by `custinfo restore
    #: --undo-erasures` (an erasure made in error): on that customer, the undone erasure's
    #: date, operator and reason; never a value.
    ERASURE_UNDONE = "customer.erasure_undone"
    #: A legacy import finished (`custinfo import`, docs/import.md): the file's name and the
    #: counts read, accepted, rejected and flagged as possible duplicates; never a value.
    CUSTOMERS_IMPORTED = "customers.imported"
    #: A batch of a legacy import stored, in the batch's own transaction: the file's name,
    #: the import's id, the rows covered and the counts accepted and refused; never a value.
    CUSTOMERS_IMPORT_STORED = "customers.import_stored"
    #: An unfinished legacy import continued with its file changed after the rows it had
    #: done (`--continue-changed`): the file's name, the import's id and the rows done.
    CUSTOMERS_IMPORT_FILE_CHANGED = "customers.import_file_changed"
    #: An unfinished legacy import given up where it stopped (`--abandon-unfinished`), its
    #: possible duplicates raised: the file's name, the import's id and its counts.
    CUSTOMERS_IMPORT_ABANDONED = "customers.import_abandoned"
