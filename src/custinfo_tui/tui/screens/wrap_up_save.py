"""The wrap-up's save (MP-18): `Ctrl+S` checks, asks about empty notes, then saves.

`WrapUpScreen` (screens/wrap_up.py) is built on `SavesWrapUp`. `Ctrl+S` checks the form
with the same rules the service uses (`domain.wrap_up`): each problem is shown at its field
and nothing typed is changed. With the notes empty (and a record to note them on) it asks
once whether to save without them. While the save runs the form takes no keys
(tui/saving_form.py). What the service refuses is said at the field as the screen's own
checks are; a call finished elsewhere meanwhile is said once, and the screen closes; once
saved, the note says whose call it was and which rights were passed on, and the call's
draft at this console goes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work

from custinfo_tui.domain.data_protection.rights import describe_taken
from custinfo_tui.domain.text import printable
from custinfo_tui.domain.wrap_up import WrapUpIn, WrapUpInvalid, check_wrap_up
from custinfo_tui.services.errors import CallFinished
from custinfo_tui.tui.field_problems import SaysProblemAtFocus, show_problems
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.wrap_up_form import (
    FIELD_WIDGETS,
    NOTES_WANTED,
    WrapUpSaved,
    problems_to_say,
    save_without_notes_question,
)
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.wrap_up import CallToFinish, Outcome
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.saving_form import SavingForm


class SavesWrapUp(SaysProblemAtFocus, Page[bool]):
    """The save worker posts `WrapUpSaved`. A screen class of its own, so Textual registers
    its @on handler; the wrap-up screen builds on it and gives it what it reads below."""

    if TYPE_CHECKING:
        actor: Actor
        call: CallToFinish
        enquiry_types: tuple[str, ...]
        outcomes: tuple[Outcome, ...]
        raise_complaint: Callable[[Callable[[str], object]], object] | None
        _saving: SavingForm

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _typed(self) -> WrapUpIn: ...

        def _say(self, message: str, *, error: bool = False) -> None: ...

    def action_save(self) -> None:
        if self._saving.running:
            return
        typed = self._typed()
        show_problems(self, FIELD_WIDGETS, {})
        try:
            check_wrap_up(typed, self.enquiry_types, self.outcomes, date.today())
        except WrapUpInvalid as invalid:
            self.say_problems(FIELD_WIDGETS, invalid.problems)
            return
        if not typed.notes.strip() and self.call.customer_reference is not None:
            self.app.push_screen(save_without_notes_question(), self._without_notes)
            return
        self._start_saving(typed)

    def _without_notes(self, save_anyway: bool | None) -> None:
        if save_anyway:
            self._start_saving(self._typed())
            return
        self.query_one("#wrap-notes", FreeTextArea).focus()
        self._say(NOTES_WANTED)

    def _start_saving(self, typed: WrapUpIn) -> None:
        if not self._saving.start(self.query_one("#wrap-form")):
            return  # under way already: a second Enter on "Save without notes" saves once
        self._say("Saving...")
        self._save(typed)

    @work(thread=True, exclusive=True, group="wrap-up", exit_on_error=False)
    def _save(self, typed: WrapUpIn) -> None:
        result = attempt(
            "save the wrap-up",
            self.custinfo.services().wrap_up,
            self.actor,
            self.call.interaction_id,
            typed,
        )
        invalid = result.invalid
        problems = invalid.problems if isinstance(invalid, WrapUpInvalid) else None
        finished = isinstance(result.refusal, CallFinished)
        taken = result.value or ()
        self.post_message(WrapUpSaved(result.error, problems, finished=finished, taken=taken))

    @on(WrapUpSaved)
    def _saved(self, message: WrapUpSaved) -> None:
        self._saving.end()
        if message.problems:  # at the field, as the screen's own checks are
            here = self.raise_complaint is not None
            self.say_problems(FIELD_WIDGETS, problems_to_say(message.problems, here))
            return
        if message.finished or message.error is None:  # no draft to keep any more
            self.custinfo.wrap_up_drafts.drop(self.call.interaction_id)
        if message.finished:  # nothing left to wrap up: back to where it was opened from
            self.notify(
                f"{message.error} What was typed here was not kept.",
                severity="warning",
                markup=False,
            )
            self.dismiss(True)
            return
        if message.error is not None:
            self._say(message.error, error=True)
            return
        passed_on = describe_taken(message.taken)
        who = self.call.customer_named or self.call.customer_cell  # or a new customer unsaved
        self.notify(
            printable(f"Wrapped up: {who}. {passed_on}".strip()),
            markup=False,
            timeout=10 if passed_on else 5,
        )
        self.dismiss(True)
