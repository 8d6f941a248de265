"""Merging two records (screens/merge.py): Ctrl+S merges, after asking (MP-13).

`MergeScreen` is built on `MergesAfterAsking`. The reason is checked first and refused at
its box (given, long enough to say why, not too long); then a question whose first choice
is going back, so an Enter pressed once too often merges nothing; where the comparison
warned (two people who may not be one, a lock for possible fraud kept or moved), a second
question saying each warning. A merge the service refuses because a warning is new since
the comparison compares again, for it to be confirmed; one a hold set since stops, said
where the table was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Input, Static

from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.merging import (
    MERGE_REASON_NEEDED,
    MergeDone,
    MergePreview,
    MergeSide,
    MergeWarning,
)
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.services.errors import MergeHeld, MergeNotConfirmed
from custinfo_tui.tui.field_problems import show_problem
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp


class MergesAfterAsking(Page[MergeDone | None]):
    """Ctrl+S on the merge screen; the merge worker posts `Merged`, and the comparison's
    `Previewed`. A screen class of its own, so Textual registers its @on handlers; the
    merge screen builds on it and gives it what it reads below."""

    if TYPE_CHECKING:
        actor: Actor
        survivor_id: int
        other_id: int
        queue_item_id: int | None
        preview: MergePreview | None
        keep: dict[str, MergeSide]

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _load(self) -> object: ...  # a worker: compares the two records again

    class Previewed(Message):
        def __init__(self, preview: MergePreview | None, error: str | None) -> None:
            super().__init__()
            self.preview = preview
            self.error = error

    class Merged(Message):
        def __init__(self, done: MergeDone) -> None:
            super().__init__()
            self.done = done

    def action_merge(self) -> None:
        preview = self.preview
        if preview is None:
            return
        reason = self.query_one("#merge-reason", BoundedInput).settled_value().strip()
        if not reason:
            self._refuse_reason("Give the reason for merging first.")
            return
        if len(clean_free_text(reason)) < MIN_REASON_LENGTH:
            self._refuse_reason(MERGE_REASON_NEEDED)
            self.query_one("#merge-reason", BoundedInput).select_to_retype()
            return
        if len(reason) > MAX_REASON_LENGTH:
            self._refuse_reason(too_long_message("The reason", len(reason), MAX_REASON_LENGTH))
            return
        self.query_one("#merge-message", Static).update("")
        merge = f"Merge {preview.other_reference} into {preview.survivor_reference}"

        def answered(go: bool | None) -> None:
            if go and preview.warnings:
                self._confirm_warnings(preview, reason)
            elif go:
                self._merge(dict(self.keep), reason, ())

        self.app.push_screen(
            ChoiceScreen(
                f"{merge}?",
                "The right record is marked merged and can no longer be opened; its calls, "
                "consents and history move to the left one. This cannot be undone here.",
                # Going back comes first: Enter pressed once too often must not merge.
                [("Go back", False), (merge, True)],
            ),
            answered,
        )

    def _confirm_warnings(self, preview: MergePreview, reason: str) -> None:
        """Ask again, saying each warning: two people merged into one, or a record's lock
        for possible fraud kept or moved, are merged only deliberately."""
        said = [printable_text(words) for words in preview.warnings.values()]
        said.append(Text("Merge only if you are sure they are one person."))

        def answered(go: bool | None) -> None:
            if go:
                self._merge(dict(self.keep), reason, tuple(preview.warnings))

        self.app.push_screen(
            ChoiceScreen(
                "Merge anyway?", Text("\n").join(said), [("Go back", False), ("Merge anyway", True)]
            ),
            answered,
        )

    def _refuse_reason(self, problem: str) -> None:
        """Say `problem` at the reason box, which takes the focus, and whole on the line
        under it, as forms do."""
        show_problem(self, "merge-reason", problem)
        self.query_one("#merge-message", Static).update(problem)
        self.query_one("#merge-reason", Input).focus()

    @on(Input.Changed, "#merge-reason")
    def _reason_changed(self, event: Input.Changed) -> None:
        # Being corrected: the red border goes (the box says its own length as it grows).
        event.input.set_class(False, "-problem")

    @work(thread=True, exclusive=True, group="merge", exit_on_error=False)
    def _merge(
        self, choices: dict[str, MergeSide], reason: str, confirmed: tuple[MergeWarning, ...]
    ) -> None:
        result = attempt(
            "merge the records",
            self.custinfo.services().merge_records,
            self.actor,
            self.survivor_id,
            self.other_id,
            choices,
            reason,
            self.queue_item_id,
            confirmed,
        )
        done = result.value
        summary = f"Merged {done.other_reference} into {done.survivor_reference}." if done else None
        tell_handler(self, result, done=summary)
        if done is not None:
            self.post_message(self.Merged(done))
        elif isinstance(result.refusal, MergeNotConfirmed):
            self.app.call_from_thread(self._load)  # the warning new since, shown to confirm
        elif isinstance(result.refusal, MergeHeld):  # said whole where the table was
            self.post_message(self.Previewed(None, result.error))

    @on(Merged)
    def _merged(self, message: Merged) -> None:
        self.dismiss(message.done)
