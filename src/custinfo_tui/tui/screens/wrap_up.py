"""Wrapping up an interaction (MP-18): enquiry type, outcome, notes and the customer's words.

Opened when a call ends (Escape on the record, confirmed) and from the calls to finish.
`Ctrl+S` checks the form with the same rules the service uses (`domain.wrap_up`): each
problem is shown at its field and nothing typed is changed; with the notes empty it asks
once whether to save without them (screens/wrap_up_save.py). Saving ends the interaction
if it is still open; while it runs the form takes no keys (tui/saving_form.py). `Escape`
leaves the wrap-up for later, asking first once anything is typed, which is kept at this
console as the call's draft (tui/wrap_up_drafts.py) and given back when its wrap-up is
opened again from the calls to finish: in a call the interaction then ends without one and
waits there. It starts with what the call's own events say it did
(domain/wrap_up_start.py), however it was opened. The screen dismisses with True once
saved, False when left for later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Select, Static

from custinfo_tui.domain.data_protection.rights import (
    DATA_PROTECTION_ENQUIRY,
    DataRight,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.text import printable
from custinfo_tui.domain.wrap_up import (
    COMPLAINT_RAISED,
    CallToFinish,
    Outcome,
    WrapUpIn,
    customer_in_words,
)
from custinfo_tui.domain.wrap_up_start import WrapUpStart, wrap_up_start
from custinfo_tui.tui.field_problems import show_problem
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.wrap_up_boxes import (
    fill_in,
    notes_go_on,
    rights_asked,
    typed_in,
    wrap_up_boxes,
)
from custinfo_tui.tui.screens.wrap_up_form import (
    FIELD_LABELS,
    FIELD_WIDGETS,
    WrapUpTitle,
    finish_later_question,
    foot_now,
)
from custinfo_tui.tui.screens.wrap_up_save import SavesWrapUp
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The boxes whose choices the foot follows: the enquiry type, then the outcome.
CHOICE_BOXES = ("#wrap-enquiry", "#wrap-outcome")


class WrapUpScreen(SavesWrapUp):
    """The form; its save: screens/wrap_up_save.py."""

    problem_labels = FIELD_LABELS
    keeps_notifications = True  # they take rows from its form, never cover a box (app.tcss)

    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", tooltip="Save the wrap-up and finish the call", id="save"
        ),
        Binding(
            "escape",
            "later",
            "Later",
            tooltip="Leave the wrap-up for later: it waits in the calls to finish",
            id="later",
        ),
        Binding(
            "f10",
            "raise_complaint",
            "Complaint",
            tooltip="Take the complaint now: listen, apologise, put it right, follow up",
            id="complaint",
        ),
    ]

    #: The outcome that offers the complaint form (when the screen was given one to open).
    COMPLAINT_OUTCOME = COMPLAINT_RAISED

    def __init__(
        self,
        actor: Actor,
        call: CallToFinish,
        enquiry_types: tuple[str, ...],
        outcomes: tuple[Outcome, ...],
        raise_complaint: Callable[[Callable[[str], object]], object] | None = None,
        *,
        enquiry_type: str | None = None,
        draft: WrapUpIn | None = None,
    ) -> None:
        super().__init__()
        self.actor = actor
        self.call = call
        self.enquiry_types = enquiry_types
        self.outcomes = outcomes
        #: Chosen already: on a new customer's form (`enquiry_type`), else from what the
        #: call did (a complaint raised, a change saved); `note` says why.
        start = (
            WrapUpStart(enquiry_type=enquiry_type)
            if enquiry_type is not None
            else wrap_up_start(call.so_far, enquiry_types, outcomes)
        )
        self.start = start
        self.enquiry_type = start.enquiry_type if start.enquiry_type in enquiry_types else None
        self.outcome = start.outcome if any(o.key == start.outcome for o in outcomes) else None
        #: What was typed when it was left for later at this console, to carry on with: its
        #: choices are the handler's, so the foot says it is back, not why they were made.
        self.draft = draft
        #: Opens the complaint form for this call, and runs the callable it is given once a
        #: complaint is raised; offered (F10) once the outcome says a complaint was raised,
        #: until one is. Not forced: the handler may have raised it already.
        self.raise_complaint = raise_complaint
        self._complaint_taken = call.complaint_raised
        #: What to tell the caller of a complaint raised from this form (F10), kept in the foot.
        self._complaint_said: str | None = None
        self._saving = SavingForm()

    @property
    def _notes_so_far(self) -> str:
        """The call's notes as stored, shown inert (stored text can hold anything), and a
        line after them for what the handler adds (`notes_go_on`)."""
        return f"{printable(self.call.notes)}\n" if self.call.notes else ""

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield WrapUpTitle(self.call, id="wrap-title")
        yield from wrap_up_boxes(self.call, self.enquiry_types, self.outcomes, self._notes_so_far)
        yield Static(Text(self._foot(self.enquiry_type, self.outcome)), id="wrap-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        enquiry = self.query_one("#wrap-enquiry", Select)
        if self.enquiry_type is not None:
            enquiry.value = self.enquiry_type
        if self.outcome is not None:
            self.query_one("#wrap-outcome", Select).value = self.outcome
        if self.draft is not None:
            fill_in(self, self.call, self.draft)
        notes_go_on(self)
        enquiry.focus()
        self._offer_rights()

    def _offer_rights(self) -> None:
        """The rights' tick boxes show under a data protection request only (and Tab
        skips them otherwise)."""
        asked = rights_asked(self)
        # With every right passed on in the call, no empty tick list is shown: the foot
        # says why.
        left = not set(self.call.rights_taken) >= set(DataRight)
        self.query_one("#wrap-rights-row").display = asked and left
        self.query_one("#wrap-rights", TickList).disabled = not (asked and left)

    def _foot(self, enquiry_type: object, outcome: object) -> str:
        """What the foot says with `enquiry_type` and `outcome` chosen, nothing being wrong:
        why each still as the form started was chosen, never why one changed since was
        (`WrapUpStart.note_for`); under a data protection request, what becomes of the
        rights ticked (`foot_now`)."""
        if self.draft is not None:
            first: str | None = (
                "The wrap-up typed before, when it was left for later, is back: check it."
            )
        else:
            first = self.start.note_for(enquiry_type, outcome)
        no_record = self.call.customer_reference is None
        rights = self.call.rights_taken if enquiry_type == DATA_PROTECTION_ENQUIRY else None
        return foot_now(no_record, first, rights, self._complaint_said)

    def _foot_now(self) -> str:
        """`_foot` with what is chosen on the form now."""
        enquiry, outcome = (self.query_one(box, Select).value for box in CHOICE_BOXES)
        return self._foot(enquiry, outcome)

    def _choice_changed(self) -> None:
        """A choice made: the foot follows it, naming the next problem still marked if it
        said one (`_said_problem_answered`), else saying what goes with what is chosen now:
        it had gone on saying why the outcome it started with was chosen under another."""
        if self.query_one("#wrap-message", Static).has_class("error"):
            self._said_problem_answered()
        else:
            self._say(self._foot_now())

    # -- The form ------------------------------------------------------------------------

    def _typed(self) -> WrapUpIn:
        return typed_in(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on = True
        if action == "raise_complaint":
            chosen = [box.value for box in self.query("#wrap-outcome").results(Select)]
            offered = self.raise_complaint is not None and not self._complaint_taken
            on = offered and chosen == [self.COMPLAINT_OUTCOME]
        # While a save runs its keys show dimmed and do nothing: they would act on what is saved.
        return None if on and self._saving.running else on

    def action_raise_complaint(self) -> None:
        if self.raise_complaint is not None:
            self.raise_complaint(self._complaint_raised)

    def _complaint_raised(self, said: str) -> None:
        """On record: F10 goes, and the foot says what to tell the caller of it (`said`)."""
        self._complaint_taken = True
        self._complaint_said = said
        self.refresh_bindings()
        self._show_problem("outcome", None)
        self._say(self._foot_now())

    @on(Select.Changed, "#wrap-outcome")
    def _outcome_chosen(self, event: Select.Changed) -> None:
        self.refresh_bindings()  # F10 Complaint follows the outcome
        chosen = next((o for o in self.outcomes if o.key == event.value), None)
        follow_up = self.query_one("#wrap-follow-up", Input)
        follow_up.disabled = not (chosen and chosen.needs_follow_up_date)
        self._show_problem("outcome", None)
        if follow_up.disabled:
            self._show_problem("follow_up_on", None)
        self._choice_changed()

    @on(Select.Changed, "#wrap-enquiry")
    def _enquiry_chosen(self) -> None:
        self._show_problem("enquiry_type", None)
        self._show_problem("rights", None)
        self._offer_rights()
        self._choice_changed()

    @on(Input.Changed, "#wrap-follow-up")
    @on(Input.Changed, "#wrap-words")
    @on(FreeTextArea.Changed, "#wrap-notes")
    def _box_corrected(self, event: Input.Changed | FreeTextArea.Changed) -> None:
        """A box marked by the last Ctrl+S, typed in: its mark goes (Ctrl+S checks again)."""
        box = event.input if isinstance(event, Input.Changed) else event.text_area
        if box.has_class("-problem"):
            self._show_problem(next(k for k, i in FIELD_WIDGETS.items() if i == box.id), None)
            self._said_problem_answered()

    def _said_problem_answered(self) -> None:
        """What the foot said was wrong with the last Ctrl+S (or the service's refusal) is
        put right: it names the next box still marked, or goes back to the form's note."""
        if self.query_one("#wrap-message", Static).has_class("error"):
            self.problem_put_right(FIELD_WIDGETS.values(), self._foot_now())

    def _show_problem(self, key: str, message: str | None) -> None:
        show_problem(self, FIELD_WIDGETS[key], message)

    def unsaved_work(self) -> str | None:
        if self._as_opened():  # nothing typed here (what the form chose is not)
            return None
        return "the wrap-up typed so far"

    def _as_opened(self) -> bool:
        """Nothing is typed or chosen but what the form started with (a draft given back
        is typed: it is kept again on leaving)."""
        as_opened = WrapUpIn(
            enquiry_type=self.enquiry_type or "",
            outcome=self.outcome or "",
            notes=self._notes_so_far,
        )
        return self._typed() == as_opened

    def left_by_the_run(self) -> str:
        """Ending a role-play here: the call is scored as not wrapped up (the run's
        sandbox is never opened again, so it does not wait in the calls to finish)."""
        call = f"the call with {customer_in_words(self.call.customer_shown)}"
        typed = " (the wrap-up typed so far is not saved)" if self.unsaved_work() else ""
        return f"{call}, not wrapped up{typed}: it is scored as a call without a wrap-up"

    def call_held(self) -> int:
        """The call being wrapped up, which `left_by_the_run` names."""
        return self.call.interaction_id

    # -- Keys ----------------------------------------------------------------------------

    def action_later(self) -> None:
        """Left for later: what is typed is kept as the call's draft at this console, after
        asking (the question says where it is found again); with nothing typed, at once."""
        drafts = self.custinfo.wrap_up_drafts
        if self._as_opened():
            drafts.drop(self.call.interaction_id)
            self.dismiss(False)
            return
        if isinstance(self.app.screen, LeaveScreen):  # asked already: one answer is enough
            return

        def answered(later: bool | None) -> None:
            if later:
                drafts.keep(self.actor, self.call, self._typed())
                self.dismiss(False)

        self.app.push_screen(finish_later_question(), answered)

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#wrap-message", Static)
        line.update(Text(message))
        line.set_class(error, "error")
