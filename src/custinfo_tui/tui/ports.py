"""What the console needs from the service layer. The composition root supplies it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from custinfo_tui.tui.ports_data_protection import DataProtectionPort
from custinfo_tui.tui.ports_operators import OperatorsPort
from custinfo_tui.tui.ports_training import TrainingPort

# Types only: the domain models (and the phone and e-mail libraries behind them) must not
# delay the console's first frame.
if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime, timedelta

    from custinfo_tui.domain.capture import (
        CapturePolicy,
        FieldEdit,
        NewCustomer,
        NewCustomerCall,
        ReadBackConfirmation,
    )
    from custinfo_tui.domain.complaint_follow_up import FollowUpGiven
    from custinfo_tui.domain.complaints import (
        ComplaintIn,
        ComplaintPolicy,
        ComplaintView,
        DueComplaint,
    )
    from custinfo_tui.domain.consent import ConsentAnswers
    from custinfo_tui.domain.customers import DuplicateCandidate, LookupResult
    from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken
    from custinfo_tui.domain.disclosures import (
        Disclosure,
        DisclosureRelease,
        DisclosureRequestIn,
    )
    from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyReport
    from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
    from custinfo_tui.domain.interactions import (
        CheckOutcome,
        FailedCheck,
        LockedCustomer,
        QueueCounts,
        QueueKind,
        QueuePage,
        RepresentativeIn,
        RepresentativeSummary,
        VerificationState,
    )
    from custinfo_tui.domain.merging import MergeDone, MergePreview, MergeSide, MergeWarning
    from custinfo_tui.domain.operators import Actor, LoginOutcome
    from custinfo_tui.domain.password_policy import PasswordChangeOutcome
    from custinfo_tui.domain.readback import UnchangedLine
    from custinfo_tui.domain.records import AccessReason, CallTimeline, CustomerRecord
    from custinfo_tui.domain.same_person import MergeAsked
    from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind
    from custinfo_tui.domain.wrap_up import CallToFinish, OpenWrapUps, UnfinishedCall, WrapUpIn


class ConsoleServicesPort(DataProtectionPort, OperatorsPort, TrainingPort, Protocol):
    #: Capture templates, enquiry types, consent script and change reasons.
    capture: CapturePolicy
    #: Complaint categories, stages and service levels.
    complaints: ComplaintPolicy

    def authenticate(self, username: str, password: str) -> LoginOutcome: ...

    def log_out(self, actor: Actor, *, ending_run: bool = False) -> None: ...

    def other_console_active(self, actor: Actor) -> datetime | None: ...

    def change_password(
        self, actor: Actor, current_password: str, new_password: str
    ) -> PasswordChangeOutcome: ...

    def record_lock(self, actor: Actor, idle_seconds: int) -> None: ...

    def seal_audit_trail(self, interval: timedelta) -> None: ...

    def unlock(self, actor: Actor, password: str) -> bool: ...

    def end_session_at_lock(self, actor: Actor, reason: str) -> None: ...

    def end_revoked_session(self, actor: Actor) -> str | None: ...

    def open_record(
        self, actor: Actor, customer_id: int, reason: AccessReason | None
    ) -> CustomerRecord: ...

    def check_record_held(self, actor: Actor, customer_id: int) -> int: ...

    def search_events(self, actor: Actor, filters: AuditTrailFilters) -> list[AuditTrailEntry]: ...

    def search_customers(self, actor: Actor, query: str) -> LookupResult: ...

    def start_call(
        self,
        actor: Actor,
        customer_id: int,
        channel: Channel,
        new_customer_call: int | None = None,
    ) -> tuple[CustomerRecord, VerificationState]: ...

    def end_call(self, actor: Actor, interaction_id: int) -> None: ...

    def wrap_up(
        self, actor: Actor, interaction_id: int, given: WrapUpIn
    ) -> tuple[RequestTaken, ...]: ...

    def take_rights_requests(
        self, actor: Actor, interaction_id: int, rights: tuple[DataRight, ...]
    ) -> tuple[RequestTaken, ...]: ...

    def calls_to_finish(self, actor: Actor) -> list[CallToFinish]: ...

    def open_wrap_up(self, actor: Actor, interaction_id: int) -> CallToFinish: ...

    def open_call_to_finish(self, actor: Actor, interaction_id: int) -> CallToFinish: ...

    def leave_wrap_up(self, actor: Actor, interaction_id: int) -> None: ...

    def finished_call_notice(self, actor: Actor, interaction_id: int) -> str | None: ...

    def open_wrap_ups(self, actor: Actor) -> list[OpenWrapUps]: ...

    def unfinished_calls(self, actor: Actor) -> list[UnfinishedCall]: ...

    def close_call(
        self,
        actor: Actor,
        interaction_id: int,
        reason: str,
        *,
        desk_in_use_confirmed: bool,
        wrap_up_open_confirmed: bool = False,
    ) -> None: ...

    def add_note(self, actor: Actor, interaction_id: int, text: str) -> CustomerRecord: ...

    def representatives(self, actor: Actor, customer_id: int) -> list[RepresentativeSummary]: ...

    def identify_caller(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CallerKind,
        representative_id: int | None = None,
    ) -> tuple[CustomerRecord, VerificationState]: ...

    def verification_state(self, actor: Actor, interaction_id: int) -> VerificationState: ...

    def check_answer(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CheckKind,
        answer: str,
        attempt: str | None = None,
        *,
        caller_number: int | None = None,
    ) -> CheckOutcome: ...

    def reveal_fields(
        self, actor: Actor, interaction_id: int, keys: list[str]
    ) -> CustomerRecord: ...

    def record_in_call(
        self, actor: Actor, interaction_id: int, *, timeline: bool = False
    ) -> CustomerRecord: ...

    def timeline_in_call(self, actor: Actor, interaction_id: int) -> CallTimeline: ...

    def queue_items(self, actor: Actor, kind: QueueKind | None = None) -> QueuePage: ...

    def failed_checks(self, actor: Actor, item_id: int) -> list[FailedCheck]: ...

    def locked_customer(self, actor: Actor, item_id: int) -> LockedCustomer | None: ...

    def queue_counts(self, actor: Actor) -> QueueCounts: ...

    def lift_verification_lock(self, actor: Actor, item_id: int, reason: str) -> None: ...

    def close_queue_item(self, actor: Actor, item_id: int, resolution: str) -> None: ...

    def find_record_to_merge(self, actor: Actor, reference: str, survivor_id: int) -> int: ...

    def preview_merge(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        reason: AccessReason | None,
        queue_item_id: int | None = None,
    ) -> MergePreview: ...

    def merge_records(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        choices: dict[str, MergeSide],
        reason: str,
        queue_item_id: int | None = None,
        confirmed: Collection[MergeWarning] = (),
    ) -> MergeDone: ...

    def add_representative(
        self, actor: Actor, customer_id: int, new: RepresentativeIn
    ) -> RepresentativeSummary: ...

    def withdraw_representative(
        self, actor: Actor, customer_id: int, representative_id: int, reason: str
    ) -> None: ...

    def set_security_answer(
        self, actor: Actor, customer_id: int, question: str, answer: str
    ) -> None: ...

    def find_duplicates(
        self, actor: Actor, values: dict[str, str], *, one_name_only: bool = False
    ) -> list[DuplicateCandidate]: ...

    def start_new_customer_call(self, actor: Actor, channel: Channel) -> NewCustomerCall: ...

    def create_customer(
        self, actor: Actor, channel: Channel, new: NewCustomer
    ) -> CustomerRecord: ...

    def edit_customer(
        self,
        actor: Actor,
        customer_id: int,
        expected_version: int,
        edits: dict[str, FieldEdit],
        read_back: ReadBackConfirmation,
        interaction_id: int | None = None,
        discrepancy_id: int | None = None,
    ) -> CustomerRecord: ...

    def values_held(
        self,
        actor: Actor,
        customer_id: int,
        typed: dict[str, str],
        interaction_id: int | None = None,
    ) -> frozenset[str]: ...

    def address_to_read_back(
        self,
        actor: Actor,
        customer_id: int,
        changes: dict[str, str],
        interaction_id: int | None = None,
    ) -> tuple[UnchangedLine, ...]: ...

    def change_consents(
        self,
        actor: Actor,
        customer_id: int,
        answers: ConsentAnswers,
        interaction_id: int | None = None,
    ) -> CustomerRecord: ...

    def report_discrepancy(
        self,
        actor: Actor,
        customer_id: int,
        given: DiscrepancyIn,
        interaction_id: int | None = None,
    ) -> DiscrepancyReport: ...

    def my_discrepancy_reports(self, actor: Actor) -> list[DiscrepancyReport]: ...

    def ask_to_merge(
        self, actor: Actor, customer_id: int, other_id: int, reason: str
    ) -> MergeAsked: ...

    def discrepancy_for_item(self, actor: Actor, item_id: int) -> DiscrepancyReport: ...

    def open_reported_record(self, actor: Actor, report: DiscrepancyReport) -> CustomerRecord: ...

    def reject_discrepancy(
        self, actor: Actor, report_id: int, reason: str
    ) -> DiscrepancyReport: ...

    def request_disclosure(
        self,
        actor: Actor,
        customer_id: int,
        given: DisclosureRequestIn,
        interaction_id: int | None = None,
    ) -> Disclosure: ...

    def disclosure_for_item(self, actor: Actor, item_id: int) -> Disclosure: ...

    def disclosures_to_work(self, actor: Actor) -> list[Disclosure]: ...

    def decide_disclosure(
        self,
        actor: Actor,
        disclosure_id: int,
        approve: bool,
        reason: str,
        fields: tuple[str, ...] | None = None,
    ) -> Disclosure: ...

    def withdraw_disclosure(self, actor: Actor, disclosure_id: int, reason: str) -> Disclosure: ...

    def release_disclosure(self, actor: Actor, disclosure_id: int) -> DisclosureRelease: ...

    def raise_complaint(
        self,
        actor: Actor,
        customer_id: int,
        given: ComplaintIn,
        interaction_id: int | None = None,
    ) -> CustomerRecord: ...

    def read_complaint(self, actor: Actor, complaint_id: int) -> ComplaintView: ...

    def move_complaint_on_record(
        self,
        actor: Actor,
        complaint_id: int,
        to_stage: str,
        note: str,
        interaction_id: int | None = None,
        follow_up_on: FollowUpGiven = ...,
    ) -> CustomerRecord: ...

    def move_complaint(
        self,
        actor: Actor,
        complaint_id: int,
        to_stage: str,
        note: str,
        follow_up_on: FollowUpGiven = ...,
    ) -> None: ...

    def due_complaints(self, actor: Actor) -> list[DueComplaint]: ...


#: `custinfo train play`'s exit statuses when nothing was started, told by the console from
#: a run that stopped (any other status): the trainer's password not accepted (a wrong one,
#: their account locked, none given), and Ctrl+C at its prompt (not 130: nothing stopped).
PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD = 3, 4


class TrainingLauncher(Protocol):
    """Plays a role-play run, started by the trainer (`start_training_run`), in this
    terminal while the console is suspended: what `custinfo train play RUN` does. The
    composition root supplies it (tests hand in a fake); screens never start processes
    themselves."""

    def launch(self, run_id: int, trainer: str) -> int:
        """Run the trainee's console on the run's sandbox, wait until it closes and the run
        is scored, for `trainer` (the console's operator, the username it acts for: asked
        for their password first); the exit status (0: scored; `PASSWORD_NOT_ACCEPTED` or
        `STOPPED_AT_PASSWORD`: not started)."""
        ...


class StartupError(Exception):
    """The console cannot reach a usable database; the message tells the operator what to do.

    The console reads its settings and key once, at start, so once it is put right the
    console must be started again; except after `NoAnswerAtStart`."""


class NoAnswerAtStart(StartupError):
    """The database did not answer when the console started (its server stopped, restarting
    or out of reach): the console tries to open it again when someone logs in."""
