"""The services the console uses, bound to one database: what the Textual app is handed.

Each call opens its own unit of work, so calls from different worker threads never share
a Session. `ConsoleServices` is one object made of a part per area of work, each in its
own module here: `sessions`, `calls`, `records`, `supervision`, `training`,
`data_protection` and `administration`.
"""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.data_protection.privacy_notice import PrivacyNotice
from custinfo_tui.domain.data_protection.retention import RetentionPolicy
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.audit_listener import AuditListener, announcing
from custinfo_tui.services.console.administration import AdministrationServices
from custinfo_tui.services.console.calls import CallServices
from custinfo_tui.services.console.data_protection import DataProtectionServices
from custinfo_tui.services.console.records import RecordServices
from custinfo_tui.services.console.sessions import SessionServices
from custinfo_tui.services.console.supervision import SupervisionServices
from custinfo_tui.services.console.training import TrainingServices
from custinfo_tui.services.outages import telling_outages
from custinfo_tui.services.training import SandboxOpener
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


class ConsoleServices(
    SessionServices,
    CallServices,
    RecordServices,
    SupervisionServices,
    TrainingServices,
    DataProtectionServices,
    AdministrationServices,
):
    """Every service the console calls, bound to one database and the configured policies."""

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
        privacy_notice: PrivacyNotice | None = None,
        training_dir: Path | None = None,
        open_sandbox: SandboxOpener | None = None,
        access_reasons: tuple[str, ...] = DEFAULT_ACCESS_REASONS,
    ) -> None:
        # A database that does not answer is told to the handler, not reported as a crash;
        # with `on_audit` (training mode) each call's committed audit actions are told to it
        # (services/audit_listener.py). The attributes are described in `bound.Bound`.
        uow_factory = telling_outages(uow_factory)
        self._uow_factory = uow_factory if on_audit is None else announcing(uow_factory, on_audit)
        self.scenarios_dir = scenarios_dir
        self._training_dir = training_dir
        self._open_sandbox = open_sandbox
        self.policy = policy
        self.capture = capture
        self.complaints = complaints
        self.retention = retention or RetentionPolicy()
        self.privacy_notice = privacy_notice or PrivacyNotice()
        self.access_reasons = access_reasons


__all__ = ["ConsoleServices"]
