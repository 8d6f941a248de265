"""The services the console uses, bound to one database: what the Textual app is handed.

Each call opens its own unit of work, so calls from different worker threads never share
a Session.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachView, OverdueClocks
from custinfo_tui.domain.capture import (
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy, DueComplaint
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import DuplicateCandidate, LookupResult
from custinfo_tui.domain.data_protection.erasure import (
    ErasureDone,
    ErasurePreview,
    HoldKind,
    LegalHold,
)
from custinfo_tui.domain.data_protection.retention import DueSoon, RetentionPolicy
from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.disclosures import Disclosure, DisclosureRelease, DisclosureRequestIn
from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyReport
from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
from custinfo_tui.domain.evidence import EvidenceDocument
from custinfo_tui.domain.interactions import (
    CheckOutcome,
    QueueItem,
    QueueKind,
    RepresentativeIn,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.merging import MergeDone, MergePreview, MergeSide
from custinfo_tui.domain.operators import Actor, LoginOutcome, OperatorSummary
from custinfo_tui.domain.password_policy import PasswordChangeOutcome
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.subject_access import (
    ExportDone,
    PackForm,
    ProcessingRestriction,
    SubjectAccessIn,
    SubjectAccessRequest,
)
from custinfo_tui.domain.training.cohort import Cohort
from custinfo_tui.domain.training.runs import TrainingNote, TrainingRunDetail, TrainingRunSummary
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind, VerificationPolicy
from custinfo_tui.domain.wrap_up import CallToFinish, OpenWrapUps, WrapUpIn
from custinfo_tui.repository.errors import ConcurrentUpdate
from custinfo_tui.services import (
    audit,
    auth,
    breaches,
    capture,
    cohort,
    complaints,
    consent,
    disclosures,
    discrepancies,
    erasure,
    evidence,
    lookup,
    merging,
    queue,
    records,
    representatives,
    restriction,
    retention,
    session_lock,
    subject_access,
    training,
    verification,
    wrap_up,
)
from custinfo_tui.services.audit_listener import AuditListener, announcing
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.outages import telling_outages
from custinfo_tui.services.retry import retried, run_again_when_asked
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


class ConsoleServices:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        policy: VerificationPolicy,
        capture: CapturePolicy,
        complaints: ComplaintPolicy,
        *,
        on_audit: AuditListener | None = None,
        scenarios_dir: Path | None = None,
        retention: RetentionPolicy | None = None,
        training_dir: Path | None = None,
        open_sandbox: training.SandboxOpener | None = None,
    ) -> None:
        #: With `on_audit` (training mode), each call's committed audit actions are told
        #: to it (services/audit_listener.py).
        #: A database that does not answer is told to the handler, not reported as a crash.
        uow_factory = telling_outages(uow_factory)
        self._uow_factory = uow_factory if on_audit is None else announcing(uow_factory, on_audit)
        #: The trainer's own scenarios, beside the shipped ones (CUSTINFO_SCENARIOS_DIR).
        self.scenarios_dir = scenarios_dir
        #: Where runs started from this console keep their sandboxes, and how one is opened
        #: (none: this console starts no runs, as a training console does not).
        self._training_dir = training_dir
        self._open_sandbox = open_sandbox
        #: The configured policies (`services.policy.load_policy`, `load_capture`,
        #: `load_complaints`).
        self.policy = policy
        self.capture = capture
        self.complaints = complaints
        #: The retention periods by data category (`services.policy.load_retention`).
        self.retention = retention or RetentionPolicy()

    @retried
    def authenticate(self, username: str, password: str) -> LoginOutcome:
        return auth.authenticate(self._uow_factory(), username, password)

    @retried
    def log_out(self, actor: Actor) -> None:
        auth.log_out(self._uow_factory(), actor)

    @retried
    def change_password(
        self, actor: Actor, current_password: str, new_password: str
    ) -> PasswordChangeOutcome:
        return auth.change_password(self._uow_factory(), actor, current_password, new_password)

    @retried
    def record_lock(self, actor: Actor, idle_seconds: int) -> None:
        session_lock.record_lock(self._uow_factory(), actor, idle_seconds=idle_seconds)

    @retried
    def unlock(self, actor: Actor, password: str) -> bool:
        return session_lock.unlock(self._uow_factory(), actor, password)

    @retried
    def end_session_at_lock(self, actor: Actor, reason: str) -> None:
        session_lock.end_session_at_lock(self._uow_factory(), actor, reason=reason)

    @retried
    def open_record(
        self, actor: Actor, customer_id: int, reason: AccessReason | None
    ) -> CustomerRecord:
        return records.open_record(self._uow_factory(), actor, customer_id, reason)

    def seal_audit_trail(self, interval: timedelta) -> None:
        """Seal the audit chains unless a desk did within `interval` (docs/architecture.md)."""
        audit.seal(self._uow_factory(), unless_within=interval)

    @retried
    def search_events(self, actor: Actor, filters: AuditTrailFilters) -> list[AuditTrailEntry]:
        return audit.search_events(self._uow_factory(), actor, filters)

    @retried
    def search_customers(self, actor: Actor, query: str) -> LookupResult:
        return lookup.lookup(self._uow_factory(), actor, query)

    def start_call(
        self, actor: Actor, customer_id: int, channel: Channel
    ) -> tuple[CustomerRecord, VerificationState]:
        """Start an interaction with the customer on the line; the record comes back masked."""
        # Two use cases, each committing once: each is run again on its own, so a retry
        # never starts a second interaction.
        state = run_again_when_asked(
            lambda: verification.start_interaction(
                self._uow_factory(), actor, self.policy, customer_id, channel
            )
        )
        record = self._opened_in_call(actor, state.interaction_id)
        return record, state

    @retried
    def end_call(self, actor: Actor, interaction_id: int) -> None:
        verification.end_interaction(self._uow_factory(), actor, interaction_id)

    @retried
    def wrap_up(self, actor: Actor, interaction_id: int, given: WrapUpIn) -> None:
        wrap_up.wrap_up(self._uow_factory(), actor, self.capture, interaction_id, given)

    @retried
    def calls_to_finish(self, actor: Actor) -> list[CallToFinish]:
        return wrap_up.calls_to_finish(self._uow_factory(), actor)

    @retried
    def open_wrap_ups(self, actor: Actor) -> list[OpenWrapUps]:
        return wrap_up.open_wrap_ups(self._uow_factory(), actor)

    @retried
    def add_note(self, actor: Actor, interaction_id: int, text: str) -> CustomerRecord:
        return wrap_up.add_note(self._uow_factory(), actor, self.policy, interaction_id, text)

    @retried
    def representatives(self, actor: Actor, customer_id: int) -> list[RepresentativeSummary]:
        return verification.representatives(self._uow_factory(), actor, customer_id)

    def identify_caller(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CallerKind,
        representative_id: int | None = None,
    ) -> tuple[CustomerRecord, VerificationState]:
        """Say who is on the line; the record comes back masked for them."""
        state = run_again_when_asked(
            lambda: verification.identify_caller(
                self._uow_factory(), actor, self.policy, interaction_id, kind, representative_id
            )
        )
        return self._opened_in_call(actor, interaction_id), state

    @retried
    def _opened_in_call(self, actor: Actor, interaction_id: int) -> CustomerRecord:
        """The record opened in a call (audited as opened), masked for the caller now."""
        return records.open_record_in_call(self._uow_factory(), actor, self.policy, interaction_id)

    @retried
    def verification_state(self, actor: Actor, interaction_id: int) -> VerificationState:
        return verification.verification_state(
            self._uow_factory(), actor, self.policy, interaction_id
        )

    @retried
    def check_answer(
        self, actor: Actor, interaction_id: int, kind: CheckKind, answer: str
    ) -> CheckOutcome:
        return verification.check_answer(
            self._uow_factory(), actor, self.policy, interaction_id, kind, answer
        )

    @retried
    def reveal_fields(self, actor: Actor, interaction_id: int, keys: list[str]) -> CustomerRecord:
        return records.reveal_fields(self._uow_factory(), actor, self.policy, interaction_id, keys)

    @retried
    def record_in_call(self, actor: Actor, interaction_id: int) -> CustomerRecord:
        """The record as the caller may hear it now (nothing new revealed or audited)."""
        return records.record_in_call(self._uow_factory(), actor, self.policy, interaction_id)

    @retried
    def queue_items(self, actor: Actor, kind: QueueKind | None = None) -> list[QueueItem]:
        return queue.open_items(self._uow_factory(), actor, kind)

    @retried
    def lift_verification_lock(self, actor: Actor, item_id: int, reason: str) -> None:
        queue.lift_verification_lock(self._uow_factory(), actor, item_id, reason)

    @retried
    def close_queue_item(self, actor: Actor, item_id: int, resolution: str) -> None:
        queue.close_item(self._uow_factory(), actor, item_id, resolution)

    @retried
    def find_record_to_merge(self, actor: Actor, reference: str) -> int:
        return merging.find_record_to_merge(self._uow_factory(), actor, reference)

    @retried
    def preview_merge(self, actor: Actor, survivor_id: int, other_id: int) -> MergePreview:
        return merging.preview_merge(self._uow_factory(), actor, survivor_id, other_id)

    @retried
    def merge_records(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        choices: dict[str, MergeSide],
        reason: str,
        queue_item_id: int | None = None,
    ) -> MergeDone:
        return merging.merge_records(
            self._uow_factory(),
            actor,
            survivor_id,
            other_id,
            choices,
            reason,
            queue_item_id=queue_item_id,
        )

    @retried
    def add_representative(
        self, actor: Actor, customer_id: int, new: RepresentativeIn
    ) -> RepresentativeSummary:
        return representatives.add_representative(self._uow_factory(), actor, customer_id, new)

    @retried
    def withdraw_representative(
        self, actor: Actor, customer_id: int, representative_id: int, reason: str
    ) -> None:
        representatives.withdraw_representative(
            self._uow_factory(), actor, customer_id, representative_id, reason
        )

    @retried
    def set_security_answer(
        self, actor: Actor, customer_id: int, question: str, answer: str
    ) -> None:
        representatives.set_security_answer(
            self._uow_factory(), actor, customer_id, question, answer
        )

    @retried
    def find_duplicates(self, actor: Actor, values: dict[str, str]) -> list[DuplicateCandidate]:
        return capture.find_duplicates(self._uow_factory(), actor, values)

    @retried
    def create_customer(self, actor: Actor, channel: Channel, new: NewCustomer) -> CustomerRecord:
        return capture.create_customer(self._uow_factory(), actor, self.capture, channel, new)

    @retried
    def edit_customer(
        self,
        actor: Actor,
        customer_id: int,
        expected_version: int,
        edits: dict[str, FieldEdit],
        read_back: ReadBackConfirmation,
        interaction_id: int | None = None,
        discrepancy_id: int | None = None,
    ) -> CustomerRecord:
        """Save the changes; EditConflict when another desk saved the record first. With
        `discrepancy_id` the save corrects that discrepancy report."""

        def edit() -> CustomerRecord:
            return records.edit_customer(
                self._uow_factory(),
                actor,
                self.capture,
                customer_id,
                expected_version,
                edits,
                read_back,
                policy=self.policy,
                interaction_id=interaction_id,
                discrepancy_id=discrepancy_id,
            )

        try:
            return edit()
        except ConcurrentUpdate:
            # Another desk's save slipped in between our read and write: run again, which
            # now sees their version and raises EditConflict with their values.
            return edit()

    @retried
    def change_consents(
        self,
        actor: Actor,
        customer_id: int,
        answers: ConsentAnswers,
        interaction_id: int | None = None,
    ) -> CustomerRecord:
        return consent.change_consents(
            self._uow_factory(),
            actor,
            self.capture,
            customer_id,
            answers,
            interaction_id=interaction_id,
            policy=self.policy,
        )

    @retried
    def report_discrepancy(
        self,
        actor: Actor,
        customer_id: int,
        given: DiscrepancyIn,
        interaction_id: int | None = None,
    ) -> DiscrepancyReport:
        return discrepancies.report_discrepancy(
            self._uow_factory(), actor, customer_id, given, interaction_id
        )

    @retried
    def my_discrepancy_reports(self, actor: Actor) -> list[DiscrepancyReport]:
        return discrepancies.my_reports(self._uow_factory(), actor)

    @retried
    def discrepancy_for_item(self, actor: Actor, item_id: int) -> DiscrepancyReport:
        return discrepancies.report_for_item(self._uow_factory(), actor, item_id)

    @retried
    def open_reported_record(self, actor: Actor, report: DiscrepancyReport) -> CustomerRecord:
        """The reported customer's record, opened to work the report (the reason says so)."""
        return records.open_record(
            self._uow_factory(), actor, report.customer_id, discrepancies.access_reason(report)
        )

    @retried
    def reject_discrepancy(self, actor: Actor, report_id: int, reason: str) -> DiscrepancyReport:
        return discrepancies.reject_discrepancy(self._uow_factory(), actor, report_id, reason)

    @retried
    def request_disclosure(
        self, actor: Actor, customer_id: int, given: DisclosureRequestIn
    ) -> Disclosure:
        """Record a third party's request for the customer's data (MP-17)."""
        return disclosures.request_disclosure(self._uow_factory(), actor, customer_id, given)

    @retried
    def disclosure_for_item(self, actor: Actor, item_id: int) -> Disclosure:
        return disclosures.disclosure_for_item(self._uow_factory(), actor, item_id)

    @retried
    def disclosures_to_work(self, actor: Actor) -> list[Disclosure]:
        """Requests waiting for a decision or approved and not yet released (the desk)."""
        return disclosures.disclosures_to_work(self._uow_factory(), actor)

    @retried
    def decide_disclosure(
        self, actor: Actor, disclosure_id: int, approve: bool, reason: str
    ) -> Disclosure:
        return disclosures.decide_disclosure(
            self._uow_factory(), actor, disclosure_id, approve=approve, reason=reason
        )

    @retried
    def release_disclosure(self, actor: Actor, disclosure_id: int) -> DisclosureRelease:
        """The approved fields' values for the approver to send; recorded as disclosed."""
        return disclosures.release_disclosure(self._uow_factory(), actor, disclosure_id)

    @retried
    def raise_complaint(
        self,
        actor: Actor,
        customer_id: int,
        given: ComplaintIn,
        interaction_id: int | None = None,
    ) -> CustomerRecord:
        """Take a complaint from the record; the record comes back with it (masked in a call)."""
        return complaints.raise_complaint_on_record(
            self._uow_factory(),
            actor,
            self.complaints,
            self.policy,
            customer_id,
            given,
            interaction_id,
        )

    @retried
    def move_complaint_on_record(
        self,
        actor: Actor,
        complaint_id: int,
        to_stage: str,
        note: str,
        interaction_id: int | None = None,
    ) -> CustomerRecord:
        """Move a complaint on from the record; the record comes back with the new stage."""
        return complaints.move_complaint_on_record(
            self._uow_factory(),
            actor,
            self.complaints,
            self.policy,
            complaint_id,
            to_stage,
            note,
            interaction_id,
        )

    @retried
    def move_complaint(self, actor: Actor, complaint_id: int, to_stage: str, note: str) -> None:
        """Move a complaint on from the supervisor queue."""
        complaints.move_complaint(
            self._uow_factory(), actor, self.complaints, complaint_id, to_stage, note
        )

    @retried
    def due_complaints(self, actor: Actor) -> list[DueComplaint]:
        """The open complaints, the soonest answer due first (days counted in UTC)."""
        today = datetime.now(UTC).date()
        return complaints.due_complaints(self._uow_factory(), actor, self.complaints, today)

    @retried
    def training_runs(self, actor: Actor) -> list[TrainingRunSummary]:
        """Training runs, newest first: every run for a trainer, else the operator's own."""
        return training.list_runs(self._uow_factory(), actor)

    @retried
    def training_run(self, actor: Actor, run_id: int) -> TrainingRunDetail:
        """A run's scorecard, timeline and notes, for a trainer or its trainee."""
        return training.run_detail(self._uow_factory(), actor, run_id)

    @retried
    def save_training_note(
        self, actor: Actor, run_id: int, marking_point: str, text: str
    ) -> TrainingNote:
        return training.save_note(self._uow_factory(), actor, run_id, marking_point, text)

    def export_work_evidence(
        self, actor: Actor, username: str, since: str, until: str, path: str
    ) -> EvidenceDocument:
        """An operator's real work between two days (typed as dates), anonymised, to a new
        file: ".json" gives JSON, any other name printable HTML (MP-21). Their own, or for a
        trainer or a supervisor anyone's."""
        return evidence.live_work_evidence(
            self._uow_factory(),
            actor,
            username,
            since=parse_calendar_date(since),
            until=parse_calendar_date(until),
            capture=self.capture,
            out=Path(path.strip()).expanduser(),
            form=evidence.form_for_file(path),
        )

    def export_run_evidence(self, actor: Actor, run_id: int, path: str) -> EvidenceDocument:
        """A scored training run, anonymised, to a new file (as `export_my_evidence`); for
        its trainee, a trainer or a supervisor."""
        return evidence.training_run_evidence(
            self._uow_factory(),
            actor,
            run_id,
            out=Path(path.strip()).expanduser(),
            form=evidence.form_for_file(path),
        )

    def training_scenarios(self, actor: Actor) -> list[Scenario]:
        """The scenarios a trainer may start a run of: shipped and their own."""
        return training.scenarios_to_run(actor, self.scenarios_dir)

    def start_training_run(
        self, actor: Actor, scenario_id: str, trainee: str
    ) -> TrainingRunSummary:
        """Record a role-play run as started by this trainer and build its sandbox; the
        terminal then plays it (`custinfo train play RUN`). Not retried: a retry after the
        run was recorded would record a second."""
        if self._training_dir is None or self._open_sandbox is None:
            raise ServiceError("This console starts no training runs.")
        scenarios = training.scenarios_to_run(actor, self.scenarios_dir)
        scenario = next((s for s in scenarios if s.id == scenario_id), None)
        if scenario is None:
            raise NotFound(f"There is no scenario {scenario_id!r}.")
        return training.start_run(
            self._uow_factory(), actor, scenario, trainee, self._training_dir, self._open_sandbox
        ).run

    @retried
    def training_trainees(self, actor: Actor) -> list[OperatorSummary]:
        return training.list_trainees(self._uow_factory(), actor)

    @retried
    def training_cohort(self, actor: Actor) -> Cohort:
        """Each trainee's runs and shares of each marking point met; trainers only."""
        return cohort.training_cohort(self._uow_factory(), actor)

    # Subject access requests and restricting processing (MP-16, Art. 18); days in UTC.

    @retried
    def subject_access_requests(self, actor: Actor) -> list[SubjectAccessRequest]:
        """Open requests, overdue first, with days left."""
        today = datetime.now(UTC).date()
        return subject_access.list_requests(self._uow_factory(), actor, today)

    @retried
    def log_subject_access(self, actor: Actor, given: SubjectAccessIn) -> SubjectAccessRequest:
        today = datetime.now(UTC).date()
        return subject_access.log_request(self._uow_factory(), actor, given, today)

    @retried
    def extend_subject_access(
        self, actor: Actor, request_id: int, months: int, reason: str
    ) -> SubjectAccessRequest:
        today = datetime.now(UTC).date()
        return subject_access.extend_request(
            self._uow_factory(), actor, request_id, months, reason, today
        )

    def export_subject_access(
        self, actor: Actor, request_id: int, path: str, form: PackForm
    ) -> ExportDone:
        """Write the request's pack to a new file the DPO named (a leading ~ is home)."""
        out = Path(path).expanduser()
        return subject_access.export_request(self._uow_factory(), actor, request_id, out, form)

    @retried
    def answer_subject_access(self, actor: Actor, request_id: int) -> SubjectAccessRequest:
        today = datetime.now(UTC).date()
        return subject_access.answer_request(self._uow_factory(), actor, request_id, today)

    @retried
    def restrict_processing(self, actor: Actor, reference: str, reason: str) -> None:
        restriction.restrict_processing(self._uow_factory(), actor, reference, reason)

    @retried
    def lift_restriction(self, actor: Actor, reference: str, reason: str) -> None:
        restriction.lift_restriction(self._uow_factory(), actor, reference, reason)

    @retried
    def restrictions_in_force(self, actor: Actor) -> list[ProcessingRestriction]:
        """The records restricted now, oldest restriction first."""
        return restriction.restrictions_in_force(self._uow_factory(), actor)

    # --- Erasure and retention (docs/data-protection.md) --------------------------------

    @retried
    def preview_erasure(self, actor: Actor, reference: str) -> ErasurePreview:
        return erasure.preview_erasure(self._uow_factory(), actor, reference)

    @retried
    def erase_customer(self, actor: Actor, customer_id: int, reason: str) -> ErasureDone:
        return erasure.erase_customer(self._uow_factory(), actor, customer_id, reason)

    @retried
    def set_legal_hold(
        self, actor: Actor, reference: str, kind: HoldKind, reason: str
    ) -> LegalHold:
        return erasure.set_legal_hold(self._uow_factory(), actor, reference, kind, reason)

    @retried
    def lift_legal_hold(self, actor: Actor, hold_id: int, reason: str) -> None:
        erasure.lift_legal_hold(self._uow_factory(), actor, hold_id, reason)

    @retried
    def retention_due_soon(self, actor: Actor, days: int = 30) -> list[DueSoon]:
        """What falls due for anonymisation within `days`, by data category."""
        return retention.due_soon(
            self._uow_factory(), actor, self.retention, datetime.now(UTC), days=days
        )

    # -- Personal-data breaches (MP-20) --------------------------------------------------

    @retried
    def report_breach(self, actor: Actor, given: BreachIn) -> BreachView:
        """A suspected breach, reported from any screen (Ctrl+B)."""
        return breaches.report_breach(self._uow_factory(), actor, given)

    @retried
    def breaches(self, actor: Actor, *, open_only: bool) -> list[BreachView]:
        """The DPO's list: overdue clocks first."""
        return breaches.list_breaches(self._uow_factory(), actor, open_only=open_only)

    @retried
    def assess_breach(self, actor: Actor, breach_id: int, given: AssessmentIn) -> BreachView:
        return breaches.assess_breach(self._uow_factory(), actor, breach_id, given)

    @retried
    def close_breach(self, actor: Actor, breach_id: int, summary: str) -> BreachView:
        return breaches.close_breach(self._uow_factory(), actor, breach_id, summary)

    @retried
    def overdue_breach_clocks(self, actor: Actor) -> OverdueClocks:
        """At login, for the DPO and supervisors: how many clocks are past 72 hours."""
        return breaches.overdue_clocks(self._uow_factory(), actor)
