"""The call a new customer's details are taken in, as the capture screen holds it.

The call is stored when how the customer is in touch is chosen (services/capture_call.py),
before the screen opens. It leaves the screen one of four ways, each the screen's result:
saved with the new customer (`CustomerCreated`); taken on about a record on file chosen
from the possible duplicates (`SwitchToCustomer`: the same call goes on there); closed under
the handler by a supervisor (`CallClosed`: nothing was saved and there is nothing to wrap
up); or abandoned (None: the lookup ends it and opens its wrap-up, as ending any call
does). Quitting, logging out or ending the session at the idle lock ends it unwrapped, and it
waits in the calls to finish, as the question before says.

`CaptureScreen` (screens/capture.py) is built on `CaptureCall`, which is built on the
consent and duplicates classes, so Textual registers the handlers of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.message import Message
from textual.widgets import OptionList

from custinfo_tui.domain.capture import NewCustomerCall
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.services.errors import CallEnded
from custinfo_tui.tui.screens.capture_consent import ConsentFirst
from custinfo_tui.tui.screens.capture_duplicates import RESTRICTED_MATCH
from custinfo_tui.tui.service_calls import attempt, call_ended_words
from custinfo_tui.tui.unsaved_work import LeaveScreen

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp
    from custinfo_tui.tui.saving_form import SavingForm
    from custinfo_tui.tui.widgets.field_input import FieldInput

ResultType = TypeVar("ResultType")

#: What is lost when the details typed are abandoned (the call itself goes on to its wrap-up).
DETAILS_TYPED = "the new customer's details typed so far (nothing is saved yet)"


@dataclass(frozen=True)
class SwitchToCustomer:
    """The handler chose a record on file instead of creating a duplicate: the call goes on
    about that customer, whose record it opened."""

    record: CustomerRecord
    state: VerificationState


@dataclass(frozen=True)
class CustomerCreated:
    record: CustomerRecord


@dataclass(frozen=True)
class CallClosed:
    """The call is over under the screen (a supervisor closed it; or the save was stored,
    though the console was told it failed): nothing more is saved, and the handler has been
    told."""


class CaptureCall(ConsentFirst[ResultType]):
    """The call's side of the capture screen; the switch worker posts `CarriedOn`."""

    #: Where the footer is full, F5 Form leaves it first (tui/widgets/footer.py). On a
    #: drop-down its "⏎ Open" joins the line, and at 80 columns "esc End call" had left it
    #: instead: the key a handler most needs to see. F5 takes the focus back to the form
    #: from the duplicates, so on a drop-down, in the form already, it matters least; the
    #: command palette keeps it.
    GIVES_WAY = ("form",)

    if TYPE_CHECKING:
        actor: Actor
        call: NewCustomerCall
        _saving: SavingForm

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _fields(self) -> dict[str, FieldInput]: ...

        def _say(self, message: str) -> None: ...

    class CarriedOn(Message):
        """The call goes on about a record on file, which the service opened for it."""

        def __init__(self, record: CustomerRecord, state: VerificationState) -> None:
            super().__init__()
            self.record = record
            self.state = state

    def _details_typed(self) -> bool:
        return any(field.raw.strip() for field in self._fields().values())

    def unsaved_work(self) -> str | None:
        """What quitting, logging out or the idle lock's end of the session would lose:
        the details typed, and the call's wrap-up for now (the call waits for it)."""
        call = (
            "the wrap-up of the new customer's call for now; the call waits in the calls to finish"
        )
        return f"{DETAILS_TYPED}; {call}" if self._details_typed() else call

    def left_by_the_run(self) -> str:
        """Ending a role-play here: nothing typed is scored, and the call, not wrapped up,
        is scored as such (the run's sandbox is never opened again)."""
        typed = f"{DETAILS_TYPED}, not saved, so not scored; " if self._details_typed() else ""
        return (
            f"{typed}the new customer's call, not wrapped up: it is scored as a call without "
            "a wrap-up"
        )

    def call_held(self) -> int:
        """The call being taken, which `left_by_the_run` names."""
        return self.call.interaction_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._saving.offers()

    def action_cancel(self) -> None:
        """Abandon the new customer: asked first once anything is typed, as that is lost;
        the call then ends with its wrap-up (the lookup opens it)."""
        if self._saving.running:  # the save decides: saved, or back to the form
            return
        if not self._details_typed():
            self.dismiss(None)
            return
        if isinstance(self.app.screen, LeaveScreen):
            return
        question = LeaveScreen(
            "Abandon this new customer?",
            f"Abandon this new customer now and you lose: {DETAILS_TYPED}. The call's wrap-up "
            "comes next.",
            [("Go back to it", False), ("Abandon it and wrap up the call", True)],
        )

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(question, answered)

    # -- A record on file chosen instead -----------------------------------------------------

    @on(OptionList.OptionSelected, "#duplicates")
    def _switch(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:  # a restricted record: the handler may not open it
            self._say(RESTRICTED_MATCH)
        elif self._saving.start(self.query_one("#capture-body")):
            # No save meanwhile, and nothing typed: the call goes on about them, or stays.
            self._say("Opening the record on file...")
            self._carry_on_about(int(event.option.id))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _carry_on_about(self, customer_id: int) -> None:
        call = self.call
        result = attempt(
            "open the record",
            self.custinfo.services().start_call,
            self.actor,
            customer_id,
            call.channel,
            call.interaction_id,
        )
        if result.value is not None:
            self.post_message(self.CarriedOn(*result.value))
        elif isinstance(result.refusal, CallEnded):
            said = call_ended_words(result.refusal, "no record was opened")
            self.app.call_from_thread(self.call_over, said)
        else:  # the form stays as it was, to save or to try again
            self.app.call_from_thread(self._not_carried_on, result.error or "")

    def _not_carried_on(self, error: str) -> None:
        self._saving.end()
        self._say(error)

    @on(CarriedOn)
    def _carried_on(self, carried: CarriedOn) -> None:
        self.dismiss(SwitchToCustomer(carried.record, carried.state))

    def call_over(self, said: str) -> None:
        """The call is over under the screen (a supervisor closed it, or its save was stored
        though the console was told it failed): `said` once, and back to the lookup."""
        self.app.notify(said, title="Call over", severity="warning", markup=False, timeout=15)
        self.dismiss(CallClosed())
