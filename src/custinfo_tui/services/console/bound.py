"""What every part of the console's services is bound to: one database and the policies.

`ConsoleServices` sets these once; each part (`sessions`, `calls`, `records`,
`supervision`, `training`, `data_protection`) reads them.
"""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.data_protection.privacy_notice import PrivacyNotice
from custinfo_tui.domain.data_protection.retention import RetentionPolicy
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.session_standing import checking_session
from custinfo_tui.services.training import SandboxOpener
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


class Bound:
    """The database and policies the services run with (set by `ConsoleServices`)."""

    #: A fresh unit of work per call, so calls from worker threads never share a Session.
    _uow_factory: UnitOfWorkFactory
    #: The configured policies (`services.policy.load_policy`, `load_capture`,
    #: `load_complaints`, `load_retention`, `load_privacy_notice`).
    policy: VerificationPolicy
    capture: CapturePolicy
    complaints: ComplaintPolicy
    retention: RetentionPolicy
    privacy_notice: PrivacyNotice
    #: Why a record may be opened outside a verified call (CUSTINFO_ACCESS_REASONS).
    access_reasons: tuple[str, ...]
    #: The trainer's own scenarios, beside the shipped ones (CUSTINFO_SCENARIOS_DIR).
    scenarios_dir: Path | None
    #: Where runs started from this console keep their sandboxes, and how one is opened
    #: (None: this console starts no runs, as a training console does not).
    _training_dir: Path | None
    _open_sandbox: SandboxOpener | None

    def _uow_for(self, actor: Actor) -> UnitOfWork:
        """A fresh unit of work for a call `actor` makes, refusing (`SessionRevoked`) to
        begin once an administrator has ended their session: every call made for an
        operator opens its unit of work here (services/session_standing.py)."""
        return checking_session(self._uow_factory, actor)
