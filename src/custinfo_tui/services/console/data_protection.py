"""The data protection officer's desk: third-party disclosures (MP-17), subject access
requests and restricting processing (MP-16, Art. 18; days in UTC), erasure, legal holds and
retention, and personal-data breaches (MP-20) (docs/data-protection.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from custinfo_tui.domain.breach_clocks import ClocksRunning, IndividualsToTell
from custinfo_tui.domain.breach_record import BreachRecord
from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachView, OverdueClocks
from custinfo_tui.domain.data_protection.erasure import (
    ErasureDone,
    ErasureKeptOpen,
    ErasurePreview,
    ErasureRefused,
    HoldKind,
    LegalHold,
)
from custinfo_tui.domain.data_protection.pack import ExportDone, PackForm
from custinfo_tui.domain.data_protection.privacy_notice import PackPolicy
from custinfo_tui.domain.data_protection.retention import DueSoon
from custinfo_tui.domain.disclosures import Disclosure, DisclosureRelease, DisclosureRequestIn
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.subject_access import (
    ProcessingRestriction,
    RequestsDue,
    SubjectAccessIn,
    SubjectAccessRequest,
)
from custinfo_tui.services import (
    breaches,
    disclosure_release,
    disclosures,
    erasure,
    recipients_told,
    restriction,
    retention,
    rights_answered,
    subject_access,
    subject_access_export,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried


class DataProtectionServices(Bound):
    """The data protection desk."""

    @retried
    def request_disclosure(
        self,
        actor: Actor,
        customer_id: int,
        given: DisclosureRequestIn,
        interaction_id: int | None = None,
    ) -> Disclosure:
        """Record a third party's request for the customer's data (MP-17), in a call or not."""
        return disclosures.request_disclosure(
            self._uow_for(actor), actor, customer_id, given, interaction_id
        )

    @retried
    def disclosure_for_item(self, actor: Actor, item_id: int) -> Disclosure:
        return disclosures.disclosure_for_item(self._uow_for(actor), actor, item_id)

    @retried
    def disclosures_to_work(self, actor: Actor) -> list[Disclosure]:
        """Requests waiting for a decision or approved and not yet released (the desk)."""
        return disclosures.disclosures_to_work(self._uow_for(actor), actor)

    @retried
    def decide_disclosure(
        self,
        actor: Actor,
        disclosure_id: int,
        approve: bool,
        reason: str,
        fields: tuple[str, ...] | None = None,
    ) -> Disclosure:
        """Approve (only `fields` of those asked for, if given) or refuse a request."""
        return disclosures.decide_disclosure(
            self._uow_for(actor),
            actor,
            disclosure_id,
            approve=approve,
            reason=reason,
            fields=fields,
        )

    @retried
    def withdraw_disclosure(self, actor: Actor, disclosure_id: int, reason: str) -> Disclosure:
        """Close a request its requester withdrew, releasing nothing."""
        return disclosures.withdraw_disclosure(self._uow_for(actor), actor, disclosure_id, reason)

    @retried
    def release_disclosure(self, actor: Actor, disclosure_id: int) -> DisclosureRelease:
        """The approved fields' values for the approver to send; recorded as disclosed."""
        return disclosure_release.release_disclosure(self._uow_for(actor), actor, disclosure_id)

    @retried
    def subject_access_requests(
        self, actor: Actor, *, include_answered: bool = False
    ) -> list[SubjectAccessRequest]:
        """Open requests, overdue first, with days left; closed ones after them when
        `include_answered`."""
        today = datetime.now(UTC).date()
        return subject_access.list_requests(
            self._uow_for(actor), actor, today, include_answered=include_answered
        )

    @retried
    def log_subject_access(self, actor: Actor, given: SubjectAccessIn) -> SubjectAccessRequest:
        today = datetime.now(UTC).date()
        return subject_access.log_request(self._uow_for(actor), actor, given, today)

    @retried
    def extend_subject_access(
        self, actor: Actor, request_id: int, months: int, reason: str
    ) -> SubjectAccessRequest:
        today = datetime.now(UTC).date()
        return subject_access.extend_request(
            self._uow_for(actor), actor, request_id, months, reason, today
        )

    def export_subject_access(
        self,
        actor: Actor,
        request_id: int,
        path: str,
        form: PackForm | None = None,
        *,
        withhold_crime_requests: bool = False,
    ) -> ExportDone:
        """Write the request's pack to a new file the DPO named (a leading ~ is home),
        less the police and tax requests when the DPO chose to withhold them; `form` None:
        the one the name's ending or the request's right asks for."""
        out = Path(path).expanduser()
        return subject_access_export.export_request(
            self._uow_for(actor),
            actor,
            request_id,
            out,
            form,
            withhold_crime_requests=withhold_crime_requests,
            policy=PackPolicy(
                self.privacy_notice,
                self.retention,
                (*self.access_reasons, *self.capture.change_reasons),
            ),
        )

    @retried
    def answer_subject_access(
        self, actor: Actor, request_id: int, note: str = "", export: int | None = None
    ) -> SubjectAccessRequest:
        """Mark it answered: the pack sent (which `export`, the last if None; `note`: how),
        or what its right needs done (with `note`)."""
        today = datetime.now(UTC).date()
        return subject_access.answer_request(
            self._uow_for(actor), actor, request_id, today, note, export
        )

    @retried
    def confirm_request_identity(
        self, actor: Actor, request_id: int, how: str
    ) -> SubjectAccessRequest:
        """Record how the identity of someone whose request was taken unverified was checked."""
        today = datetime.now(UTC).date()
        return rights_answered.confirm_identity(self._uow_for(actor), actor, request_id, how, today)

    @retried
    def record_recipient_told(
        self,
        actor: Actor,
        request_id: int,
        disclosure_id: int | None,
        told_on: date | None,
        why_not: str = "",
    ) -> SubjectAccessRequest:
        """Record a recipient of the request's record told of what it changed (Art. 19) on
        `told_on`, or why telling them is impossible or disproportionate effort."""
        today = datetime.now(UTC).date()
        return recipients_told.record_recipient_told(
            self._uow_for(actor), actor, request_id, disclosure_id, told_on, why_not, today
        )

    @retried
    def open_requests_due(self, actor: Actor) -> RequestsDue:
        """What the DPO hears of at login: open requests, overdue ones, ones to verify."""
        today = datetime.now(UTC).date()
        return subject_access.requests_due(self._uow_for(actor), actor, today)

    @retried
    def refuse_subject_access(
        self, actor: Actor, request_id: int, reason: str
    ) -> SubjectAccessRequest:
        """Close the request as manifestly unfounded or excessive (Art. 12(5))."""
        today = datetime.now(UTC).date()
        return subject_access.refuse_request(self._uow_for(actor), actor, request_id, reason, today)

    @retried
    def restrict_processing(
        self, actor: Actor, reference: str, reason: str
    ) -> ProcessingRestriction:
        return restriction.restrict_processing(self._uow_for(actor), actor, reference, reason)

    @retried
    def lift_restriction(self, actor: Actor, reference: str, reason: str) -> None:
        restriction.lift_restriction(self._uow_for(actor), actor, reference, reason)

    @retried
    def restrictions_in_force(self, actor: Actor) -> list[ProcessingRestriction]:
        """The records restricted now, oldest restriction first."""
        return restriction.restrictions_in_force(self._uow_for(actor), actor)

    # --- Erasure and retention (docs/data-protection.md) --------------------------------

    @retried
    def preview_erasure(self, actor: Actor, reference: str) -> ErasurePreview:
        return erasure.preview_erasure(self._uow_for(actor), actor, reference)

    @retried
    def erase_customer(self, actor: Actor, customer_id: int, reason: str) -> ErasureDone:
        return erasure.erase_customer(self._uow_for(actor), actor, customer_id, reason)

    @retried
    def refuse_erasure(self, actor: Actor, customer_id: int, reason: str) -> ErasureRefused:
        return erasure.refuse_erasure(self._uow_for(actor), actor, customer_id, reason)

    @retried
    def keep_erasure_request_open(self, actor: Actor, customer_id: int) -> ErasureKeptOpen:
        """Keep the open erasure request open, unrefused, while the record is held."""
        return erasure.keep_request_open(self._uow_for(actor), actor, customer_id)

    @retried
    def set_legal_hold(
        self, actor: Actor, reference: str, kind: HoldKind, reason: str
    ) -> LegalHold:
        return erasure.set_legal_hold(self._uow_for(actor), actor, reference, kind, reason)

    @retried
    def lift_legal_hold(self, actor: Actor, hold_id: int, reason: str) -> None:
        erasure.lift_legal_hold(self._uow_for(actor), actor, hold_id, reason)

    @retried
    def retention_due_soon(self, actor: Actor, days: int = 30) -> list[DueSoon]:
        """What falls due for anonymisation within `days`, by data category."""
        return retention.due_soon(
            self._uow_for(actor), actor, self.retention, datetime.now(UTC), days=days
        )

    # -- Personal-data breaches (MP-20) --------------------------------------------------

    @retried
    def report_breach(self, actor: Actor, given: BreachIn) -> BreachView:
        """A suspected breach, reported from any screen (Ctrl+B)."""
        return breaches.report_breach(self._uow_for(actor), actor, given)

    @retried
    def breaches(self, actor: Actor, *, open_only: bool) -> list[BreachView]:
        """The DPO's list: overdue clocks first."""
        return breaches.list_breaches(self._uow_for(actor), actor, open_only=open_only)

    @retried
    def breach_record(self, actor: Actor, breach_id: int) -> BreachRecord:
        """One breach in full, as `custinfo breach show` prints it (audited as read)."""
        return breaches.breach_record(self._uow_for(actor), actor, breach_id)

    @retried
    def assess_breach(self, actor: Actor, breach_id: int, given: AssessmentIn) -> BreachView:
        return breaches.assess_breach(self._uow_for(actor), actor, breach_id, given)

    @retried
    def close_breach(self, actor: Actor, breach_id: int, summary: str) -> BreachView:
        return breaches.close_breach(self._uow_for(actor), actor, breach_id, summary)

    @retried
    def overdue_breach_clocks(self, actor: Actor) -> OverdueClocks:
        """At login, for the DPO and supervisors: how many clocks are past 72 hours."""
        return breaches.overdue_clocks(self._uow_for(actor), actor)

    @retried
    def breach_clocks_running(self, actor: Actor) -> ClocksRunning:
        """At login, for the DPO: every breach with no ICO decision yet, and its clock."""
        return breaches.clocks_running(self._uow_for(actor), actor)

    @retried
    def breach_individuals_to_tell(self, actor: Actor) -> IndividualsToTell:
        """At login, for the DPO: every high-risk breach with the people still to tell."""
        return breaches.individuals_to_tell(self._uow_for(actor), actor)
