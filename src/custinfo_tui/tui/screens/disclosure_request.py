"""Recording a third party's request for a customer's data (MP-17), from the record.

`Ctrl+T` on the record (*Third-party request* in the command palette) opens this form, in
a call or outside one: who asks, for which organisation, how their identity and authority
were checked, the lawful basis or exemption they claim (from the configured list), what
they asked for, which fields would be shared and how. The address is one box of the
fields: a release of "Address line 1" alone had sent a street with no town or postcode
(domain/disclosure_fields.py). `Ctrl+S` checks it with the service's rules and sends it for
approval; nothing is disclosed. `Escape` cancels, asking first once anything is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, SelectionList, Static

from custinfo_tui.domain.disclosure_fields import OFFERED
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    MAX_ASKED_FOR,
    MAX_CHECK,
    MAX_NAME,
    DisclosureRequestIn,
    RequestProblem,
    check_request,
    who_decides,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.tick_list import TickList

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: What the recorder is told first, then who decides it (`who_decides`).
SENT = "Request recorded; nothing has been disclosed."
#: Under the form while nothing is wrong with it.
NOTHING_DISCLOSED_YET = (
    "Nothing is disclosed until it is approved (a restricted record's, by a data protection "
    "officer only). Card numbers are taken out."
)

#: (answer, label, box id, limit, placeholder) of the form's typed answers, in its order.
_TYPED = (
    ("requester", "Who asks", "disclosure-requester", MAX_NAME, "name, rank or role"),
    ("organisation", "Organisation", "disclosure-organisation", MAX_NAME, "who they act for"),
    (
        "identity_check",
        "ID checked how",
        "disclosure-check",
        MAX_CHECK,
        "e.g. called back on the force switchboard",
    ),
)


class DisclosureRequestScreen(Page[DisclosureRequestIn | None]):
    """The request's answers; dismisses with them once they pass the service's checks."""

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "send", "Send", tooltip="Send the request for approval", id="send"),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Back to the record (asks first)", id="cancel"
        ),
    ]

    def action_move_on(self) -> None:
        move_on(self)

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        #: The answer the message under the form is about, while it says a problem.
        self._said_of: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            printable_text(f"Third-party request for data about {self.reference}"),
            id="disclosure-title",
        )
        with FormBoxes(id="disclosure-form"):
            for _, label, box, limit, placeholder in _TYPED:
                with Horizontal(classes="disclosure-row"):
                    yield Label(label, classes="disclosure-label")
                    yield BoundedInput(id=box, limit=limit, placeholder=placeholder, free_text=True)
            with Horizontal(classes="disclosure-row"):
                yield Label("Lawful basis", classes="disclosure-label")
                yield ChoiceSelect(
                    [(basis, basis) for basis in LAWFUL_BASES],
                    prompt="basis or exemption claimed",
                    id="disclosure-basis",
                )
            with Horizontal(classes="disclosure-row"):
                yield Label("Asked for", classes="disclosure-label")
                yield BoundedInput(
                    id="disclosure-asked",
                    limit=MAX_ASKED_FOR,
                    placeholder="what they asked for, in their words",
                    free_text=True,
                )
            with Horizontal(classes="disclosure-row", id="disclosure-fields-row"):
                yield Label("Fields to share\n(space ticks)", classes="disclosure-label")
                # Each box's value is its fields' keys: the address's are all of its own.
                yield TickList[tuple[str, ...]](
                    *((item.label, item.keys) for item in OFFERED),
                    id="disclosure-fields",
                )
            with Horizontal(classes="disclosure-row"):
                yield Label("Sent how", classes="disclosure-label")
                yield ChoiceSelect(
                    [(channel, channel) for channel in CHANNELS],
                    prompt="channel",
                    id="disclosure-channel",
                )
        yield Static(NOTHING_DISCLOSED_YET, id="disclosure-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#disclosure-requester", Input).focus()

    def _typed(self, box: str) -> str:
        return self.query_one(f"#{box}", BoundedInput).settled_value()

    def _chosen(self, box: str) -> str:
        value = self.query_one(f"#{box}", Select).value
        return value if isinstance(value, str) else ""

    def answers(self) -> DisclosureRequestIn:
        """The form as typed (not yet checked)."""
        return DisclosureRequestIn(
            requester=self._typed("disclosure-requester"),
            organisation=self._typed("disclosure-organisation"),
            identity_check=self._typed("disclosure-check"),
            lawful_basis=self._chosen("disclosure-basis"),
            asked_for=self._typed("disclosure-asked"),
            fields=self._fields_ticked(),
            channel=self._chosen("disclosure-channel"),
        )

    def _fields_ticked(self) -> tuple[str, ...]:
        """The keys of the fields ticked, in the picker's order."""
        ticked = set(self.query_one("#disclosure-fields", SelectionList).selected)
        return tuple(key for item in OFFERED if item.keys in ticked for key in item.keys)

    def action_send(self) -> None:
        given = self.answers()
        try:
            check_request(given)
        except RequestProblem as problem:
            message = self.query_one("#disclosure-message", Static)
            message.update(str(problem))
            message.add_class("error")
            self._said_of = problem.field
            self._box_of(problem.field).focus()
            return
        self.dismiss(given)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _answered(self) -> None:
        """A problem said of one box goes once that box is put right: "Say how their
        identity and authority were checked." stayed on screen under a box filled in."""
        if self._said_of is None:
            return
        try:
            check_request(self.answers())
        except RequestProblem as problem:
            if problem.field == self._said_of:
                return  # still true of the box it was said of
        self._said_of = None
        message = self.query_one("#disclosure-message", Static)
        message.update(NOTHING_DISCLOSED_YET)
        message.remove_class("error")

    def _box_of(self, answer: str) -> Widget:
        boxes = {name: box for name, _, box, _, _ in _TYPED} | {
            "lawful_basis": "disclosure-basis",
            "asked_for": "disclosure-asked",
            "fields": "disclosure-fields",
            "channel": "disclosure-channel",
        }
        return self.query_one(f"#{boxes.get(answer, 'disclosure-requester')}")

    def unsaved_work(self) -> str | None:
        typed = any(box.value.strip() for box in self.query(BoundedInput)) or bool(
            self.query_one("#disclosure-fields", SelectionList).selected
        )
        return "the third-party request being typed" if typed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the request", lambda: self.dismiss(None), [self])


def request_disclosure(
    screen: Screen[Any],
    actor: Actor,
    customer_id: int,
    reference: str,
    interaction_id: int | None = None,
    *,
    then: Callable[[], object] | None = None,
) -> None:
    """Ask for the request's answers, then send it from a worker of `screen`, naming the
    call it is recorded in (`interaction_id`; None outside a call); `then` runs once it is
    recorded (the record screen shows it on the timeline)."""

    def given(request: DisclosureRequestIn | None) -> None:
        if request is not None:
            _send_request(screen, actor, customer_id, interaction_id, request, then)

    screen.app.push_screen(DisclosureRequestScreen(reference), given)


@work(thread=True, group="disclosure", exit_on_error=False)
def _send_request(
    screen: Screen[Any],
    actor: Actor,
    customer_id: int,
    interaction_id: int | None,
    given: DisclosureRequestIn,
    then: Callable[[], object] | None,
) -> None:
    services = cast("CustinfoApp", screen.app).services()
    result = attempt(
        "record the request",
        services.request_disclosure,
        actor,
        customer_id,
        given,
        interaction_id,
    )
    recorded = result.value
    dpo = actor.role is Role.DPO
    done = f"{SENT} {who_decides(recorded, recorder_is_dpo=dpo)}" if recorded is not None else SENT
    tell_handler(screen.app, result, done=done)
    if result.ok and then is not None:
        screen.app.call_from_thread(then)
