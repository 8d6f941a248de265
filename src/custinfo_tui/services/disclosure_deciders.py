"""Who may decide a third-party disclosure request (MP-17; docs/data-protection.md, "The
DPO or a supervisor decides it"): the roles that decide, what a record's restriction
(Art. 18) leaves to the DPO, and when the one who recorded a request decides it too.
"""

from __future__ import annotations

from custinfo_tui.domain.disclosures import restricted_may_not_approve
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.repository.orm import DisclosureRow
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.permissions import Permission, allows
from custinfo_tui.services.unit_of_work import UnitOfWork


def may_approve(actor: Actor) -> bool:
    """Whether the actor's role may decide disclosure requests: the DPO and supervisors."""
    return allows(actor.role, Permission.DATA_PROTECTION) or allows(
        actor.role, Permission.WORK_QUEUE
    )


def require_approver(actor: Actor) -> None:
    """PermissionDenied unless the actor's role decides disclosure requests."""
    if not may_approve(actor):
        raise PermissionDenied(Permission.DATA_PROTECTION.value)


def is_restricted(uow: UnitOfWork, row: DisclosureRow) -> bool:
    """Whether the request's record is restricted (Art. 18) now."""
    return uow.subject_access.restriction_in_force(row.customer_id) is not None


def restricted_for(uow: UnitOfWork, actor: Actor, row: DisclosureRow) -> str | None:
    """Why `actor` may not approve or release `row` while its record is restricted."""
    return restricted_may_not_approve(
        is_restricted(uow, row), allows(actor.role, Permission.DATA_PROTECTION)
    )


def recorder_alone(uow: UnitOfWork, row: DisclosureRow, restricted: bool) -> bool:
    """Whether only the one who recorded `row` may approve it: its record is restricted
    (only a DPO approves, and only a DPO can open it to record a request) and they are the
    one active data protection officer. Then the four-eyes rule would leave the request
    with nobody to approve it, so they decide it themselves (`recorder_may_not_decide`)."""
    if not restricted:
        return False
    recorder = uow.operators.get(row.requested_by_id)
    if recorder is None or not recorder.active or recorder.role != Role.DPO:
        return False
    return uow.operators.count_active(Role.DPO.value) == 1
