"""The lookup's F6, a new customer: how they are in touch, which starts the call, which
template, then the capture screen; and what the lookup does with its outcome.

The call is stored as started once the channel is chosen (services/capture_call.py), so a
console that dies on the form leaves it in the calls to finish. Abandoned (Escape on the
form, or on the consent or template question first), it ends as any call does: its wrap-up
opens at once, and `Escape` there leaves it for later, in the calls to finish
(docs/capture.md).

A screen class of its own, which the lookup builds on (as on `DeskShortcuts`), so Textual
registers its actions; the lookup gives it what it reads below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from custinfo_tui.domain.capture import NewCustomerCall
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import CallToFinish
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.capture_call import CallClosed, CustomerCreated, SwitchToCustomer
from custinfo_tui.tui.screens.capture_consent import END_CALL, END_CALL_TOOLTIP
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.lookup_desks import DeskShortcuts
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.screens.wrap_up_form import left_for_later
from custinfo_tui.tui.service_calls import attempt, tell_handler

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


class NewCustomerStart(DeskShortcuts):
    """F6 on the lookup: a new customer. The call's worker posts `NewCustomerCallStarted`."""

    if TYPE_CHECKING:

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _open_call(self, record: CustomerRecord, state: VerificationState) -> None: ...

        def _call_over(self, _result: object = None) -> None: ...

    class NewCustomerCallStarted(Message):
        """The new customer's call is stored as started: the capture comes next."""

        def __init__(self, call: NewCustomerCall) -> None:
            super().__init__()
            self.call = call

    def action_new_customer(self) -> None:
        """A new customer: how they are in touch (which starts the call), which template,
        then the capture screen."""

        def channel_chosen(channel: Channel | None) -> None:
            if channel is None:
                return
            # The keys typed straight after (the consent's) go to the screens that follow.
            self.custinfo.tabs.hold_until_next_screen(over=self)
            self._start_new_customer_call(channel)

        self.app.push_screen(
            ChoiceScreen(
                "How is the new customer in touch?",
                "Consent comes first, then their details.",
                [(channel.label, channel) for channel in Channel],
            ),
            channel_chosen,
        )

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _start_new_customer_call(self, channel: Channel) -> None:
        services = self.custinfo.services()
        result = attempt("start the call", services.start_new_customer_call, self.actor, channel)
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(self.NewCustomerCallStarted(result.value))

    @on(NewCustomerCallStarted)
    def _new_customer_call_started(self, started: NewCustomerCallStarted) -> None:
        call = started.call
        templates = self.custinfo.services().capture.templates
        if len(templates) == 1:
            self._capture(call, next(iter(templates)))
            return
        self.app.push_screen(
            ChoiceScreen(
                "Which capture template?",
                "Each template lists the fields to ask for.",
                [(template.label, key) for key, template in templates.items()],
                # The call is stored already: Escape ends it (its wrap-up follows), as on
                # the consent script, not a "Cancel" that leaves nothing behind.
                escape=(END_CALL, END_CALL_TOOLTIP),
            ),
            lambda key: self._capture(call, key) if key is not None else self._wrap_up(call),
        )

    def _capture(self, call: NewCustomerCall, key: str) -> None:
        template = self.custinfo.services().capture.templates[key]
        form = CaptureScreen(self.actor, call, key, template)
        self.app.push_screen(form, lambda outcome: self._captured(call, outcome, form))

    def _captured(
        self,
        call: NewCustomerCall,
        outcome: CustomerCreated | SwitchToCustomer | CallClosed | None,
        form: CaptureScreen,
    ) -> None:
        if isinstance(outcome, CustomerCreated):
            record = outcome.record
            self.notify(f"New customer saved: reference {record.reference}.", markup=False)
            # The save ended the call: back from the record, the next caller's search starts
            # afresh, not under this caller's "No customer matches" (they match now).
            self.app.push_screen(RecordScreen(record, actor=self.actor), self._call_over)
        elif isinstance(outcome, SwitchToCustomer):
            self._open_call(outcome.record, outcome.state)
        elif isinstance(outcome, CallClosed):
            self._call_over()
        else:  # abandoned: the enquiry type chosen on the form goes on to the wrap-up
            self._wrap_up(call, form.enquiry_chosen)

    # -- An abandoned new customer: the call ends, with its wrap-up --------------------------

    def _wrap_up(self, call: NewCustomerCall, enquiry_type: str | None = None) -> None:
        """The call ends as any call does: its wrap-up at once (enquiry type, the one chosen
        on the form if any, and outcome; no notes, with no record to keep them on); `Escape`
        there leaves it for later."""
        to_finish = CallToFinish(
            interaction_id=call.interaction_id,
            started_at=call.started_at,
            channel=call.channel,
            customer_reference=None,
            still_open=True,
        )
        capture = self.custinfo.services().capture
        self.app.push_screen(
            WrapUpScreen(
                self.actor,
                to_finish,
                capture.enquiry_types,
                capture.outcomes,
                enquiry_type=enquiry_type,
            ),
            lambda saved: self._wrapped_up(call, saved),
        )
        self._record_wrap_up_opened(call.interaction_id)

    @work(thread=True, group="wrap-up-opened", exit_on_error=False)
    def _record_wrap_up_opened(self, interaction_id: int) -> None:
        """The call ends as its wrap-up opens (services/call_ends.py): recorded behind the
        form, which is open already. Not recorded (the database not answering), the call
        ends when its wrap-up is saved, as before; the save says what went wrong."""
        attempt(
            "open the wrap-up", self.custinfo.services().open_wrap_up, self.actor, interaction_id
        )

    def _wrapped_up(self, call: NewCustomerCall, saved: bool | None) -> None:
        """Saved: the wrap-up ended the call. Left for later: end it now, unwrapped."""
        if not saved:
            self._end_new_customer_call(call.interaction_id)
            kept = self.custinfo.wrap_up_drafts.holds(self.actor, call.interaction_id)
            self.notify(left_for_later(kept), markup=False)
        self._call_over()

    @work(thread=True, group="end-call", exit_on_error=False)
    def _end_new_customer_call(self, interaction_id: int) -> None:
        end_call = self.custinfo.services().end_call
        tell_handler(self.app, attempt("end the call", end_call, self.actor, interaction_id))
