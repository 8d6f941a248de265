"""Starting a merge (MP-13, Ctrl+E) from a record or from the lookup's results, then both
records side by side on the merge screen (tui/screens/merge.py).

From a record (`merge_with`): the other record's reference and why the supervisor opens
it. From the lookup's results (`merge_listed`), where a handler's Ctrl+E asks a supervisor
to merge (screens/same_person.py), a supervisor's starts the merge itself: which other
record listed is the same person, then why both are opened; the highlighted one is kept.

A merge refused once the reasons were given (a hold or a restriction recorded since, a
record gone into a call: the merge screen then says why, with nothing left to merge) keeps
what was typed (`MergeDraft`, held by the record screen): `Ctrl+E` again starts from the
reference and both reasons, rather than asking them all again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.merging import MergeDone, comparing_problem, comparing_reason
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import EXAMPLE_REFERENCE, CheckLetterWrong, normalise_reference
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.services.errors import SessionRevoked
from custinfo_tui.tui.screens.choose import ChoiceScreen, ReasonScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen, FormField, FormSaved
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.same_person import FIND_BOTH_FIRST, Listed
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
            _compare(screen, actor, keep_id, saved.value, draft, when_merged)

    form = DeskFormScreen(
        "Merge with another record",
        "This record is kept; the other one is merged into it. The other record is shown "
        "whole, so say why you are opening it: your reason is recorded on the audit trail.",
        [
            FormField("merge-reference", "The other record's reference",
                      f"e.g. {EXAMPLE_REFERENCE}", draft.reference,
                      limit=20, problem=_reference_problem, key="reference"),
            FormField("merge-why", "Your reason for opening it",
                      "e.g. same date of birth, new phone", draft.why, free_text=True,
                      limit=MAX_REASON_LENGTH, problem=comparing_problem,
                      retyped_when_refused=True),
        ],
        find,
        go=("Compare", "Show the two records side by side: nothing is merged yet"),
    )  # fmt: skip
    screen.app.push_screen(form, found)


def _reference_problem(value: str) -> str | None:
    """What is wrong with the other record's reference as typed, said at once; a wrong
    check letter is left to the service, which says it as the lookup does, offering the
    records one slip away ("Did you mean 1001 2345 P?")."""
    try:
        normalise_reference(value)
    except CheckLetterWrong:
        return None
    except FieldError as error:
        return str(error)
    return None


def merge_listed(
    screen: Screen[Any],
    actor: Actor,
    highlighted: Listed,
    listed: Sequence[Listed],
    when_merged: Callable[[], None],
    drafts: dict[tuple[int, int], MergeDraft],
) -> None:
    """From the lookup's results: which other record `listed` is the same person as the
    `highlighted` one (kept, the other merged into it), then why the supervisor opens the
    two (MP-09: both are shown whole), then the two side by side to merge, as from a record.

    `drafts`, kept by the lookup: what was typed for a pair whose merge was refused once
    it was typed (a hold recorded since), which asking again for that pair starts from."""
    keep_id, shown, _ = highlighted
    others = [(words, other_id) for other_id, _, words in listed if other_id != keep_id]
    if not others:
        screen.notify(FIND_BOTH_FIRST, markup=False)
        return

    def chosen(other_id: int | None) -> None:
        if other_id is not None:
            draft = drafts.setdefault((keep_id, other_id), MergeDraft())
            screen.app.push_screen(
                ReasonScreen(
                    _LISTED_TITLE,
                    "Both records are shown whole to compare them, so say why you are "
                    "opening them: your reason is recorded on the audit trail.",
                    "Your reason for opening them",
                    OPENING_BOTH_NEEDED,
                    key="Compare",
                    value=draft.why,
                ),
                lambda why: given(other_id, draft, why),
            )

    def given(other_id: int, draft: MergeDraft, why: str | None) -> None:
        if why is not None:
            draft.why = why
            _compare(screen, actor, keep_id, other_id, draft, when_merged)

    screen.app.push_screen(
        ChoiceScreen(
            _LISTED_TITLE,
            f"Which record listed is the same person as {shown}? It is kept and the other "
            "merged into it, once you have compared the two side by side: nothing is "
            "merged yet.",
            others,
        ),
        chosen,
    )


_LISTED_TITLE = "Merge two records of the same person"
#: Said when the reason for opening the two records listed is missing or too short.
OPENING_BOTH_NEEDED = (
    "Say why you are opening the two records, in a few words (for example: same date of "
    "birth, new phone)."
)


def _compare(
    screen: Screen[Any],
    actor: Actor,
    keep_id: int,
    other_id: int,
    draft: MergeDraft,
    when_merged: Callable[[], None],
) -> None:
    """The two side by side to merge `other_id` into `keep_id`, opened for `draft.why`;
    the reason box starts from `draft.reason`. Refused with nothing left to merge, the
    draft keeps what was typed; merged, or left on purpose, it is emptied."""

    def merged(merge: MergeScreen, done: MergeDone | None) -> None:
        refused = done is None and merge.preview is None  # said why; nothing left to merge
        draft.reference, draft.why, draft.reason = (
            (draft.reference, draft.why, merge.reason_given()) if refused else ("", "", "")
        )
        if done is not None:
            when_merged()

    why = comparing_reason(draft.why)
    merge = MergeScreen(actor, keep_id, other_id, reason=why, reason_typed=draft.reason)
    screen.app.push_screen(merge, lambda done: merged(merge, done))
