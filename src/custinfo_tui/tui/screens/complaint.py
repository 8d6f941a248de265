"""Raising a complaint from the record (MP-19), in four steps: listen, apologise, put it
right, follow up.

One form, the steps as labelled rows in the order a handler takes them: the category and
what the customer said (listen), what was apologised for (apologise), the proposed solution
(put it right) and, if one was agreed, the follow-up date (follow up). `Ctrl+S` checks the
form with the service's rules (`domain.complaints.complaint_as_typed`, which uses
`check_complaint`): each problem shows on its own box, the first gets the focus, the
line under the form says them all (`SaysProblemAtFocus`), and
nothing typed is changed. Card numbers are taken out of the three texts at the box. Saving
dismisses with the record as it now stands (masked for the caller in a call); `Escape`
cancels, asking first once anything is typed. In a call, the line under the title says how
far the caller is verified, as the complaint read in full will say it
(domain/complaint_callers.py): raising one needs no verification, but the handler should
know what they are writing down. While it is saved the form takes no keys
(tui/saving_form.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, Static

from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.complaints import (
    COMPLAINT_TEXTS,
    ComplaintIn,
    ComplaintInvalid,
    ComplaintPolicy,
    complaint_as_typed,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.field_problems import SaysProblemAtFocus, show_problem, show_problems
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.complaints_table import today
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.keys_in_order import TypedInput

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: Complaint field key -> the id of the box the handler types it in, in the form's order.
FIELD_WIDGETS = {
    "category": "complaint-category",
    "customer_said": "complaint-said",
    "apology": "complaint-apology",
    "solution": "complaint-solution",
    "follow_up_on": "complaint-follow-up",
}

#: The four steps, as the form's rows label them: (first line, second line).
LABELS = {
    "category": ("1 Listen", "category"),
    "customer_said": ("", "what they said"),
    "apology": ("2 Apologise", "what for"),
    "solution": ("3 Put it right", "the solution"),
    "follow_up_on": ("4 Follow up", "date, optional"),
}

#: Each box's name on the message line, which says every box's problem ("Also to correct").
PROBLEM_LABELS = {
    FIELD_WIDGETS["category"]: "Category",
    FIELD_WIDGETS["customer_said"]: "What they said",
    FIELD_WIDGETS["apology"]: "Apologise",
    FIELD_WIDGETS["solution"]: "Put it right",
    FIELD_WIDGETS["follow_up_on"]: "Follow up",
}

#: What the message line says with no problem to correct.
CARD_NOTE = "Card numbers are taken out of what is typed before it is kept."

#: What each text box asks for, shown while it is empty.
PLACEHOLDERS = {
    "customer_said": "what the customer said, in their words; listen first",
    "apology": "what you apologised for",
    "solution": "what will be done to put it right",
}


class RaiseComplaintScreen(SaysProblemAtFocus, Page[CustomerRecord | None]):
    """The save worker posts `Saved`. The message line says every problem still marked,
    the focused box's first, and moves on from one put right (`SaysProblemAtFocus`): it
    had said only the first, and went on saying it once that box was typed in, while the
    boxes typed in since kept their red borders."""

    problem_labels = PROBLEM_LABELS

    class Saved(Message):
        """The record after the complaint was raised, or what to tell the handler."""

        def __init__(self, record: CustomerRecord | None, error: str | None) -> None:
            super().__init__()
            self.record = record
            self.error = error

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Raise the complaint", id="save"),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Back to the record (asks first)", id="cancel"
        ),
    ]

    def __init__(
        self,
        actor: Actor,
        record: CustomerRecord,
        policy: ComplaintPolicy,
        interaction_id: int | None = None,
        caller: CallerStanding | None = None,
    ) -> None:
        super().__init__()
        self.actor = actor
        self.record = record
        self.policy = policy
        self.interaction_id = interaction_id
        #: How far the caller of the call (`interaction_id`) is verified: the complaint,
        #: read in full later, says so, and the form says it first.
        self.caller = caller
        self._saving = SavingForm()

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        record = self.record
        name = record.name
        where = "in this call" if self.interaction_id is not None else "outside a call"
        yield Header()
        yield Static(
            printable_text(f"Complaint from {name} ({record.reference}), {where}"),
            id="complaint-title",
        )
        if self.caller is not None:
            yield Static(
                Text(self.caller.for_the_form()),
                id="complaint-caller",
                classes="-unverified" if self.caller.unverified else "",
            )
        # Scrolls, so a box lower down is brought into view as it takes the focus when
        # the form has less room (the caller pane of a role-play sits under it).
        with FormBoxes(id="complaint-form"):
            with Horizontal(classes="complaint-row"):
                yield self._label("category")
                yield ChoiceSelect(
                    [(c, c) for c in self.policy.categories],
                    id=FIELD_WIDGETS["category"],
                    prompt="Choose the category",
                )
            for key in COMPLAINT_TEXTS:
                with Horizontal(
                    classes="complaint-row complaint-text", id=f"{FIELD_WIDGETS[key]}-row"
                ):
                    yield self._label(key)
                    yield FreeTextArea(
                        id=FIELD_WIDGETS[key], tab_behavior="focus", placeholder=PLACEHOLDERS[key]
                    )
            with Horizontal(classes="complaint-row"):
                yield self._label("follow_up_on")
                yield TypedInput(
                    placeholder="date agreed, e.g. 12/01/2027 (or leave empty)",
                    id=FIELD_WIDGETS["follow_up_on"],
                )
        yield Static(Text(CARD_NOTE), id="complaint-message")
        yield Footer(compact=True)

    @staticmethod
    def _label(key: str) -> Label:
        first, second = LABELS[key]
        return Label(Text(f"{first}\n{second}"), classes="complaint-label")

    def on_mount(self) -> None:
        self.query_one(f"#{FIELD_WIDGETS['category']}", Select).focus()

    # -- The form ------------------------------------------------------------------------

    def _texts(self) -> dict[str, str]:
        return {
            key: self.query_one(f"#{FIELD_WIDGETS[key]}", FreeTextArea).settled_value()
            for key in COMPLAINT_TEXTS
        }

    def _category(self) -> str:
        chosen = self.query_one(f"#{FIELD_WIDGETS['category']}", Select).value
        return chosen if isinstance(chosen, str) else ""

    def _follow_up(self) -> str:
        return self.query_one(f"#{FIELD_WIDGETS['follow_up_on']}", Input).value

    @on(Select.Changed)
    def _category_chosen(self) -> None:
        self._put_right(self.query_one(f"#{FIELD_WIDGETS['category']}", Select))

    @on(Input.Changed)
    @on(FreeTextArea.Changed)
    def _box_typed_in(self, event: Input.Changed | FreeTextArea.Changed) -> None:
        self._put_right(event.input if isinstance(event, Input.Changed) else event.text_area)

    def _put_right(self, box: Widget) -> None:
        """A box marked with a problem chosen on or typed in: its mark goes until the next
        `Ctrl+S`, and the message line names the next box still marked, or says the card
        note again once none is."""
        marked = box.query_one("SelectCurrent") if isinstance(box, Select) else box
        if not marked.has_class("-problem") or box.id is None:
            return
        show_problem(self, box.id, None)
        self.problem_put_right(FIELD_WIDGETS.values(), CARD_NOTE)

    def unsaved_work(self) -> str | None:
        typed = (self._category(), *self._texts().values(), self._follow_up().strip())
        return "the complaint typed so far" if any(typed) else None

    # -- Keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_save(self) -> None:
        if self._saving.running:
            return
        show_problems(self, FIELD_WIDGETS, {})
        try:
            given = complaint_as_typed(
                self._category(), self._texts(), self._follow_up(), self.policy, today()
            )
        except ComplaintInvalid as invalid:
            self.say_problems(FIELD_WIDGETS, invalid.problems)
            return
        self._saving.start(self.query_one("#complaint-form"))
        self._say("Saving...")
        self._save(given)

    def action_cancel(self) -> None:
        ask_before_losing(
            self.app, "Leave the complaint", lambda: self.dismiss(None), [self], stay="Go back"
        )

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#complaint-message", Static)
        line.update(Text(message))
        line.set_class(error, "error")

    @work(thread=True, exclusive=True, group="complaint", exit_on_error=False)
    def _save(self, given: ComplaintIn) -> None:
        result = attempt(
            "raise the complaint",
            self.custinfo.services().raise_complaint,
            self.actor,
            self.record.customer_id,
            given,
            self.interaction_id,
        )
        self.post_message(self.Saved(result.value, result.error))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.record is None:
            self._saving.end()
            self._say(message.error or "", error=True)
            return
        self.dismiss(message.record)
