"""Starting a merge from a record (MP-13, Ctrl+E): the other record's reference and why
the supervisor opens it first, then both side by side on the merge screen
(tui/screens/merge.py).

A merge refused once the reasons were given (a hold or a restriction recorded since, a
record gone into a call: the merge screen then says why, with nothing left to merge) keeps
what was typed (`MergeDraft`, held by the record screen): `Ctrl+E` again starts from the
reference and both reasons, rather than asking them all again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.merging import MergeDone, comparing_problem, comparing_reason
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import EXAMPLE_REFERENCE
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services.errors import SessionRevoked
from custinfo_tui.tui.screens.desk_form import (
    DeskFormScreen,
    FormField,
    FormSaved,
    reference_problem,
)
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.service_calls import Attempt, attempt

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


@dataclass
class MergeDraft:
    """What the supervisor typed for a merge from a record that was refused after it was
    typed: the other record's reference, why it is opened, and the reason for merging."""

    reference: str = ""
    why: str = ""
    reason: str = ""


def merge_with(
    screen: Screen[Any],
    actor: Actor,
    keep_id: int,
    when_merged: Callable[[], None],
    draft: MergeDraft | None = None,
) -> None:
    """Ask the reference of the record to merge into `keep_id`, and why the supervisor
    opens it (MP-09: it is then shown whole, as a record opened outside a call is), then
    compare the two side by side to merge. A misread reference, or one that cannot be merged
    into it, such as its own, is said at its box, and the form keeps it to correct.

    `draft`, kept by the caller: the form and the merge screen start from it, and it keeps
    what was typed when the merge screen ends with nothing to merge (refused); a merge done,
    or left on purpose, empties it."""
    services = cast("CustinfoApp", screen.app).services()
    draft = draft if draft is not None else MergeDraft()

    def find(values: dict[str, str]) -> Attempt[object]:
        reference = values["merge-reference"]
        result: Attempt[object] = attempt(
            "find that record", services.find_record_to_merge, actor, reference, keep_id
        )
        if result.refusal is None or isinstance(result.refusal, SessionRevoked):
            return result
        # Said at the reference's box, which takes the focus to correct it.
        return replace(result, invalid=FieldProblems({"reference": str(result.refusal)}))

    def found(saved: FormSaved | None) -> None:
        if saved is not None and isinstance(saved.value, int):
            draft.reference, draft.why = saved.values["merge-reference"], saved.values["merge-why"]
            why = comparing_reason(draft.why)
            merge = MergeScreen(actor, keep_id, saved.value, reason=why, reason_typed=draft.reason)
            screen.app.push_screen(merge, lambda done: merged(merge, done))

    def merged(merge: MergeScreen, done: MergeDone | None) -> None:
        refused = done is None and merge.preview is None  # said why; nothing left to merge
        draft.reference, draft.why, draft.reason = (
            (draft.reference, draft.why, merge.reason_given()) if refused else ("", "", "")
        )
        if done is not None:
            when_merged()

    form = DeskFormScreen(
        "Merge with another record",
        "This record is kept; the other one is merged into it. The other record is shown "
        "whole, so say why you are opening it: your reason is recorded on the audit trail.",
        [
            FormField("merge-reference", "The other record's reference",
                      f"e.g. {EXAMPLE_REFERENCE}", draft.reference,
                      limit=20, problem=reference_problem, key="reference"),
            FormField("merge-why", "Your reason for opening it",
                      "e.g. same date of birth, new phone", draft.why, free_text=True,
                      limit=MAX_REASON_LENGTH, problem=comparing_problem,
                      retyped_when_refused=True),
        ],
        find,
        go=("Compare", "Show the two records side by side: nothing is merged yet"),
    )  # fmt: skip
    screen.app.push_screen(form, found)
