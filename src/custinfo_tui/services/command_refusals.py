"""A command-line command refused at login, on the audit stream as `command.refused`.

An operator who gives their right password to a command their role may not run (a
call-handler's `custinfo dsar list --as asmith`), or who must first change a temporary
password, is refused as the console refuses them: and the trail says so between their
login and their log-out, not a login with nothing done (docs/access-control.md, "Other
commands that act for an operator"). The event names the command (`dsar list`) and the
reason's code, never an argument typed: a reference or a name is personal data.
`custinfo operator` records its own refusals (services/operator_refusals.py).
"""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import audit
from custinfo_tui.services.unit_of_work import UnitOfWork


def record_command_refusal(uow: UnitOfWork, actor: Actor, command: str, reason: str) -> None:
    """Commit `command.refused` under `actor`: the command's words (`train report`) and
    why (`not_permitted`, `temporary_password`)."""
    with uow:
        audit.record(
            uow,
            actor,
            AuditAction.COMMAND_REFUSED,
            outcome="refused",
            details={"command": command, "reason": reason},
        )
        uow.commit()
