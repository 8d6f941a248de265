"""The DPO's list of requests (screens/subject_access.py): a table whose Enter starts what
the highlighted request needs next, and says what that is in the footer.

Enter is the list's main key (the pack, erasure, the restriction form, the identity
check...), yet a table's own Enter is hidden: the footer showed every other key and not
this one, and the command palette did not list it. Here Enter is one binding per next
step, each with its own words ("⏎ Write pack", "⏎ Correct record"); the one for the
highlighted request is the one enabled (`RequestsTable.step`), so the footer and the
palette name what Enter will do now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessRequest


@dataclass(frozen=True)
class EnterStep:
    """What Enter does for a request: its id, the footer's words and the palette's."""

    id: str
    label: str
    tooltip: str


#: Every step Enter can start, in no particular order (one is enabled at a time).
STEPS = (
    EnterStep(
        "identity",
        "Check identity",
        "Record how the identity of a caller taken unverified was checked (as I)",
    ),
    EnterStep("pack", "Write pack", "Write the request's pack to a file (as X)"),
    EnterStep("data", "Write data", "Write the person's data to a file, .json for JSON (as X)"),
    EnterStep("erasure", "Open erasure", "Open erasure and retention on the request's record"),
    EnterStep("restrict", "Restrict", "Restrict processing of the request's record (as R)"),
    EnterStep(
        "correct",
        "Correct record",
        "Open the request's record to correct it: F6 edits it, a reason for each change",
    ),
    EnterStep("answer", "Answer", "Say whether the request is done, or refused (as A)"),
)


#: The rights whose Enter acts on the record itself, which an erased record no longer allows.
_ACTING_ON_THE_RECORD = frozenset(
    {DataRight.ERASURE, DataRight.RECTIFICATION, DataRight.RESTRICTION}
)


def enter_step(request: SubjectAccessRequest) -> str:
    """The id of the step Enter starts for `request` (one of `STEPS`)."""
    if request.identity_to_verify:
        return "identity"
    if request.erased_on is not None and request.right in _ACTING_ON_THE_RECORD:
        return "answer"  # nothing is left to erase, correct or restrict: A closes it
    if request.restricted_since is not None:
        return "answer"  # restricted already: A marks it done
    return {
        DataRight.ACCESS: "pack",
        DataRight.PORTABILITY: "data",
        DataRight.ERASURE: "erasure",
        DataRight.RESTRICTION: "restrict",
        DataRight.RECTIFICATION: "correct",
    }.get(request.right, "answer")


class RequestsTable(DataTable[object]):
    """The requests; Enter (`select_cursor`, heard by the screen as `RowSelected`) is named
    in the footer by what it does for the highlighted one (`step`, which the screen sets),
    and offered only while a request is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", f"start('{s.id}')", s.label, tooltip=s.tooltip, id=f"request_{s.id}")
        for s in STEPS
    ]

    #: The step Enter starts now; None with no request highlighted.
    step: str | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.step is not None and parameters == (self.step,)
        return super().check_action(action, parameters)

    def action_start(self, _step: str) -> None:
        self.action_select_cursor()
