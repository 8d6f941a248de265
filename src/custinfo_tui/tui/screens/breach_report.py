"""Reporting a suspected personal-data breach (MP-20), from any screen with Ctrl+B.

What happened, when it was discovered (now unless changed; the ICO's 72 hours run from
it), the kinds of data involved, roughly how many people, and the customers affected if
known (their references; the record on screen is filled in). `Ctrl+S` checks the form with
the service's rules (`domain.breaches_as_typed.breach_as_typed`): each problem shows at its box and
nothing typed is changed. Card numbers are taken out of what happened at the box. The
report goes to the data protection officer's desk; `Escape` asks first once anything is
typed. While the report is sent the form takes no keys (tui/saving_form.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Label, Static

from custinfo_tui.domain.breaches import (
    CATEGORY_LABELS,
    TIME_FORMAT,
    BreachIn,
    BreachInvalid,
    BreachView,
)
from custinfo_tui.domain.breaches_as_typed import breach_as_typed
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.field_problems import SaysProblemAtFocus, show_problem, show_problems
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.keys_in_order import TypedInput
from custinfo_tui.tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: Report field key -> the id of its box, in the form's order.
FIELD_WIDGETS = {
    "what_happened": "breach-what",
    "discovered_at": "breach-discovered",
    "people_affected": "breach-people",
    "categories": "breach-categories",
    "customer_references": "breach-customers",
}

#: The end of what the reporter is told: the clock they may have started.
_CLOCK = "The ICO's 72 hours run from its discovery."


def reported(breach: BreachView, *, by_the_dpo: bool, on_breaches: bool = False) -> str:
    """What the reporter is told once it is saved: the breach's number, to quote to the
    DPO; a DPO reporting one is told it is theirs to assess, not that it went to them, and
    where: in the list they are on (`on_breaches`), or on their desk."""
    if by_the_dpo and on_breaches:
        return (
            f"Breach {breach.id} reported. You are the data protection officer: it is yours "
            f"to assess, in the list here (Enter on it assesses it). {_CLOCK}"
        )
    if by_the_dpo:
        return (
            f"Breach {breach.id} reported. You are the data protection officer: it is yours "
            f"to assess, under Breaches on your desk (F7). {_CLOCK}"
        )
    return f"Breach {breach.id} reported to the data protection officer. {_CLOCK}"


class BreachReported(Message, bubble=False):
    """Posted to the screen Ctrl+B was pressed on once the report is saved: a screen that
    lists breaches (the DPO's desk) reads them again, so the new one shows at once."""

    def __init__(self, breach: BreachView) -> None:
        super().__init__()
        self.breach = breach


class ReportBreachScreen(SaysProblemAtFocus, Page[BreachView | None]):
    """The save worker posts `Saved`."""

    problem_prefix = "Not reported"
    # Each box's problem is said on the line, the focused one's first: a border shows
    # what fits of it ("Reference 2: That reference's check letter does not matc...").
    problem_labels = {
        FIELD_WIDGETS["what_happened"]: "What happened",
        FIELD_WIDGETS["discovered_at"]: "Discovered",
        FIELD_WIDGETS["people_affected"]: "People",
        FIELD_WIDGETS["categories"]: "Data involved",
        FIELD_WIDGETS["customer_references"]: "Customers",
    }

    class Saved(Message):
        def __init__(
            self, breach: BreachView | None, error: str | None, *, about_customers: bool = False
        ) -> None:
            super().__init__()
            self.breach = breach
            self.error = error
            #: The service refused a reference (not a customer on file): said at its box.
            self.about_customers = about_customers

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "save", "Report", tooltip="Report the breach to the DPO", id="save"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back (asks first)", id="cancel"),
    ]

    def action_move_on(self) -> None:
        move_on(self)

    def __init__(self, actor: Actor, reference: str = "") -> None:
        super().__init__()
        self.actor = actor
        #: The customer on screen when Ctrl+B was pressed, if any.
        self.reference = reference
        self._opened_at = datetime.now(UTC).strftime(TIME_FORMAT)
        self._saving = SavingForm()

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Report a suspected personal-data breach", id="breach-title")
        # Scrolls, so a box lower down is brought into view as it takes the focus when
        # the form has less room (the caller pane of a role-play sits under it).
        with FormBoxes(id="breach-form"):
            with Horizontal(classes="breach-row", id="breach-what-row"):
                yield Label(Text("What happened"), classes="breach-label")
                yield FreeTextArea(
                    id="breach-what",
                    tab_behavior="focus",
                    placeholder="what went wrong: sent to the wrong person, lost, seen...",
                )
            with Horizontal(classes="breach-row"):
                yield Label(Text("Discovered\n(UTC)"), classes="breach-label")
                yield TypedInput(self._opened_at, id="breach-discovered", suggested=True)
                yield Label(Text("People,\nroughly"), classes="breach-label breach-people")
                yield TypedInput(placeholder="e.g. 1", id="breach-people")
            with Horizontal(classes="breach-row", id="breach-categories-row"):
                yield Label(Text("Data involved\n(Space ticks)"), classes="breach-label")
                yield TickList[DataCategory](
                    *((label, category) for category, label in CATEGORY_LABELS.items()),
                    id="breach-categories",
                )
            with Horizontal(classes="breach-row"):
                yield Label(Text("Customers\nif known"), classes="breach-label")
                yield TypedInput(
                    self.reference,
                    placeholder="their references, separated by commas (optional)",
                    id="breach-customers",
                )
        yield Static(
            Text("Card numbers are taken out of what is typed before it is kept."),
            id="breach-message",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#breach-what", FreeTextArea).focus()

    def _input(self, key: str) -> str:
        return self.query_one(f"#{FIELD_WIDGETS[key]}", Input).value

    def _what(self) -> str:
        return self.query_one("#breach-what", FreeTextArea).settled_value()

    def _categories(self) -> list[DataCategory]:
        return list(self.query_one("#breach-categories", TickList).selected)

    def unsaved_work(self) -> str | None:
        typed = (
            self._what().strip()
            or self._categories()
            or self._input("people_affected").strip()
            or self._input("discovered_at") != self._opened_at
            or self._input("customer_references") != self.reference
        )
        return "the breach report being typed" if typed else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_save(self) -> None:
        if self._saving.running:
            return
        show_problems(self, FIELD_WIDGETS, {})
        try:
            given = breach_as_typed(
                self._what(),
                self._input("discovered_at"),
                self._categories(),
                self._input("people_affected"),
                self._input("customer_references"),
                datetime.now(UTC),
            )
        except BreachInvalid as invalid:
            show_problems(self, FIELD_WIDGETS, invalid.problems)
            first = next(box for key, box in FIELD_WIDGETS.items() if key in invalid.problems)
            self._say(self.problems_line(first), error=True)
            return
        self._saving.start(self.query_one("#breach-form"))
        self._say("Reporting...")
        self._save(given)

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the breach report", lambda: self.dismiss(None), [self])

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#breach-message", Static)
        line.update(Text(message))
        line.set_class(error, "error")

    @work(thread=True, exclusive=True, group="breach-report", exit_on_error=False)
    def _save(self, given: BreachIn) -> None:
        result = attempt(
            "report the breach", self.custinfo.services().report_breach, self.actor, given
        )
        self.post_message(
            self.Saved(result.value, result.error, about_customers=result.field_error)
        )

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        # Ended, not replaced: a fresh SavingForm left the boxes disabled after a refusal,
        # and the reference refused could be neither corrected nor removed.
        self._saving.end()
        if message.breach is None:
            if message.about_customers:
                show_problem(self, FIELD_WIDGETS["customer_references"], message.error)
                self.query_one(f"#{FIELD_WIDGETS['customer_references']}").focus()
            self._say(f"Not reported: {message.error or ''}", error=True)
            return
        self.dismiss(message.breach)
