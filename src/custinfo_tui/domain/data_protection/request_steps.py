"""A data subject's request's steps as the record's timeline and the person's pack word
them (docs/data-protection.md): by the right the request exercises, "Erasure request
taken in the call", "Subject access request answered". Kept apart from `domain.timeline`,
which words every other event, so that module stays short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from custinfo_tui.domain.data_protection.rights import right_of
from custinfo_tui.domain.events import AuditAction

#: A data subject's request's steps, worded by the right it exercises (`right`; access
#: when none is named, as before other rights were taken).
REQUEST_STEPS = {
    AuditAction.SUBJECT_ACCESS_LOGGED: "logged",
    AuditAction.SUBJECT_ACCESS_EXTENDED: "extended",
    AuditAction.SUBJECT_ACCESS_ANSWERED: "answered",
    AuditAction.SUBJECT_ACCESS_REFUSED: "refused",
    AuditAction.SUBJECT_ACCESS_ASKED_AGAIN: "asked for again (still open)",
    AuditAction.SUBJECT_ACCESS_IDENTITY_CHECKED: "identity checked by the DPO",
    AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE: "moved with its record",
    AuditAction.SUBJECT_ACCESS_KEPT_OPEN: "kept open while the record is held",
}


def request_step(action: AuditAction, details: Mapping[str, Any]) -> str:
    """ "Erasure request taken in the call", "Subject access request answered"."""
    request = right_of(details.get("right")).request_name
    step = REQUEST_STEPS[action]
    if action is AuditAction.SUBJECT_ACCESS_LOGGED and details.get("in_call"):
        step = "taken in the call"
    held = details.get("holds")
    kinds = ", ".join(str(kind).replace("_", " ") for kind in held or ())
    if action is AuditAction.SUBJECT_ACCESS_REFUSED and held:
        # An erasure request refused for a legal hold (Art. 17(3)), from the erasure desk.
        step = f"refused: the record is held ({kinds})"
    if action is AuditAction.SUBJECT_ACCESS_KEPT_OPEN and held:
        step = f"kept open while the record is held ({kinds}): erased once the hold ends"
    if action is AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE:
        step = f"moved here when {details.get('merged', '?')} was merged into this record"
    moved_back = details.get("why") == "received_earlier"
    if action is AuditAction.SUBJECT_ACCESS_ASKED_AGAIN and moved_back:
        # The month runs from receipt (Art. 12(3)): the open request moved back to it.
        step = f"asked for again, received earlier: it now runs from {details['received_on']}"
    return f"{request} {step}"
