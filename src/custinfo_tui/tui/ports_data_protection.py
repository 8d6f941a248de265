"""What the data protection desk needs from the service layer (part of
`ConsoleServicesPort`, tui/ports.py): subject access and the other rights, restricting
processing, erasure and legal holds, retention, breaches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import date

    from custinfo_tui.domain.breach_clocks import ClocksRunning, IndividualsToTell
    from custinfo_tui.domain.breach_record import BreachRecord
    from custinfo_tui.domain.breaches import (
        AssessmentIn,
        BreachIn,
        BreachView,
        OverdueClocks,
    )
    from custinfo_tui.domain.data_protection.erasure import (
        ErasureDone,
        ErasureKeptOpen,
        ErasurePreview,
        ErasureRefused,
        HoldKind,
        LegalHold,
    )
    from custinfo_tui.domain.data_protection.pack import ExportDone, PackForm
    from custinfo_tui.domain.data_protection.retention import DueSoon
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.subject_access import (
        ProcessingRestriction,
        RequestsDue,
        SubjectAccessIn,
        SubjectAccessRequest,
    )


class DataProtectionPort(Protocol):
    # Subject access requests and restricting processing (MP-16, Art. 18).

    def subject_access_requests(
        self, actor: Actor, *, include_answered: bool = False
    ) -> list[SubjectAccessRequest]: ...

    def log_subject_access(self, actor: Actor, given: SubjectAccessIn) -> SubjectAccessRequest: ...

    def extend_subject_access(
        self, actor: Actor, request_id: int, months: int, reason: str
    ) -> SubjectAccessRequest: ...

    def export_subject_access(
        self,
        actor: Actor,
        request_id: int,
        path: str,
        form: PackForm | None = None,
        *,
        withhold_crime_requests: bool = False,
    ) -> ExportDone: ...

    def answer_subject_access(
        self, actor: Actor, request_id: int, note: str = "", export: int | None = None
    ) -> SubjectAccessRequest: ...

    def confirm_request_identity(
        self, actor: Actor, request_id: int, how: str
    ) -> SubjectAccessRequest: ...

    def record_recipient_told(
        self,
        actor: Actor,
        request_id: int,
        disclosure_id: int | None,
        told_on: date | None,
        why_not: str = "",
    ) -> SubjectAccessRequest: ...

    def open_requests_due(self, actor: Actor) -> RequestsDue: ...

    def refuse_subject_access(
        self, actor: Actor, request_id: int, reason: str
    ) -> SubjectAccessRequest: ...

    def restrict_processing(
        self, actor: Actor, reference: str, reason: str
    ) -> ProcessingRestriction: ...

    def lift_restriction(self, actor: Actor, reference: str, reason: str) -> None: ...

    def restrictions_in_force(self, actor: Actor) -> list[ProcessingRestriction]: ...

    # Erasure and retention (docs/data-protection.md).

    def preview_erasure(self, actor: Actor, reference: str) -> ErasurePreview: ...

    def erase_customer(self, actor: Actor, customer_id: int, reason: str) -> ErasureDone: ...

    def refuse_erasure(self, actor: Actor, customer_id: int, reason: str) -> ErasureRefused: ...

    def keep_erasure_request_open(self, actor: Actor, customer_id: int) -> ErasureKeptOpen: ...

    def set_legal_hold(
        self, actor: Actor, reference: str, kind: HoldKind, reason: str
    ) -> LegalHold: ...

    def lift_legal_hold(self, actor: Actor, hold_id: int, reason: str) -> None: ...

    def retention_due_soon(self, actor: Actor, days: int = 30) -> list[DueSoon]: ...
    def report_breach(self, actor: Actor, given: BreachIn) -> BreachView: ...

    def breaches(self, actor: Actor, *, open_only: bool) -> list[BreachView]: ...

    def breach_record(self, actor: Actor, breach_id: int) -> BreachRecord: ...

    def assess_breach(self, actor: Actor, breach_id: int, given: AssessmentIn) -> BreachView: ...

    def close_breach(self, actor: Actor, breach_id: int, summary: str) -> BreachView: ...

    def overdue_breach_clocks(self, actor: Actor) -> OverdueClocks: ...

    def breach_clocks_running(self, actor: Actor) -> ClocksRunning: ...

    def breach_individuals_to_tell(self, actor: Actor) -> IndividualsToTell: ...
