"""A customer's record opened in a call: the record beside the verification panel.

Fields stay masked until the caller passes enough checks, and each field the handler then
reveals is recorded as disclosed to that caller (MP-08, MP-10). F2 records who is calling
(the customer, a representative or someone with no authority), F3 and F4 move between the
checks and the fields, Ctrl+N adds a note, and Escape ends the call and opens its wrap-up.
What the record screen does in and out of a call alike is in screens/record.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from textual import on, work
from textual.widgets import Input, TabbedContent

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import CallerKind, CheckKind
from custinfo_tui.services.errors import CallEnded, Outage
from custinfo_tui.tui.screens.call_choices import (
    CallerChoice,
    caller_screen,
    change_caller_screen,
    current_caller,
)
from custinfo_tui.tui.screens.record_in_call import RecordInCallScreen
from custinfo_tui.tui.screens.record_messages import (
    AnswerChecked,
    CallerIdentified,
    FieldsRevealed,
    RepresentativesListed,
    StateReloaded,
)
from custinfo_tui.tui.service_calls import (
    CallEndedNotice,
    attempt,
    closes_ended_call,
    tell_handler,
)
from custinfo_tui.tui.widgets.record_fields import FieldsTable, nothing_to_reveal
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

#: An answer the database did not answer about (docs/crash-safety.md): back in its box.
ANSWER_NOT_ANSWERED = (
    "The database did not answer. Press Enter to check the answer again in a moment."
)


class CallRecordScreen(RecordInCallScreen):
    """The record in a call, for the caller's verification `state` (the bindings and which
    of them apply in a call are RecordScreen's)."""

    def __init__(self, record: CustomerRecord, state: VerificationState, *, actor: Actor) -> None:
        super().__init__(record, actor=actor)
        self.state = state
        #: An answer is being checked: Enter again (a key bounce) must not check it twice,
        #: which would count one wrong answer as two of the three failures.
        self._checking = False
        #: Answers typed and entered while the one before was still being checked, oldest
        #: first: each is checked in turn, against the check asked after the one before.
        self._typed_ahead: list[str] = []
        #: F6 or F3 pressed while answers were being checked: done once they all have
        #: their outcome, so it sees the level they reach.
        self._after_checks: Callable[[], None] | None = None
        #: The answer being checked: its check, its text and the name it was sent with.
        self._sent: tuple[CheckKind, str, str] | None = None
        #: The same for an answer the database did not answer about: entered again
        #: unchanged, it is sent with the same name, so if the database had checked it
        #: after all it is not checked twice (a wrong answer would count two failures).
        self._unanswered: tuple[CheckKind, str, str] | None = None

    def _lay_out(self) -> None:
        # Field history holds old values, which are never for a call.
        self.query_one(TabbedContent).hide_tab("changes")
        # No room for the tab beside the panel; the timeline shows each complaint.
        self.query_one(TabbedContent).hide_tab("complaints")
        self.sub_title = "in a call"
        self.action_focus_checks()

    def still_there(self) -> bool:
        """As a record's, and, in a call, whether the call is still open: closed by a
        supervisor meanwhile, the handler is told and taken out of it, before any form
        is filled in for nothing. Run in a worker thread."""
        state = self.state
        if self.in_call and state is not None and not state.ended:
            services = self.custinfo.services()
            said = attempt(
                "read the call", services.finished_call_notice, self.actor, state.interaction_id
            )
            if said.value:
                self.post_message(CallEndedNotice(said.value))
                return False
        return super().still_there()

    def action_choose_caller(self) -> None:
        if self.state is not None:
            state = self.state
            self._check_held(then=lambda: self._load_representatives(self.actor, state.customer_id))

    def action_reveal_all(self) -> None:
        if self.state is None:
            return
        revealable = self.capabilities.revealable
        keys = [f.key for f in self.record.fields if f.key in revealable]
        if not keys:  # unless the call has gone meanwhile, which is said instead
            said = nothing_to_reveal(self.state, self.capabilities)
            self._check_held(then=lambda: self.notify(said, markup=False))
            return
        self._reveal(keys)

    @on(FieldsTable.RevealRequested)
    def _reveal_requested(self, event: FieldsTable.RevealRequested) -> None:
        self._reveal(list(event.keys))

    @on(Input.Submitted, "#answer")
    def _answer_given(self, event: Input.Submitted) -> None:
        """Check what the caller said. The box empties as the answer goes (AnswerInput),
        so an answer typed straight after Enter (keys read together) is one of its own: it
        waits for this one's outcome and is then checked against the check asked next."""
        if self._checking:
            if event.value.strip():  # an empty Enter now is the same key bouncing
                self._typed_ahead.append(event.value)
            return
        self._check_answer(event.value)

    def _check_answer(self, answer: str) -> None:
        panel = self.query_one(VerificationPanel)
        check = panel.highlighted_check
        if self.state is None:
            return
        # Not checked: what was typed goes back in the box (it emptied as Enter was read).
        if check is None:
            panel.show_refusal("Choose a check from the list first.", typed=answer)
            return
        if not answer.strip():
            panel.show_refusal("Type what the caller said.", typed=answer)
            return
        self._checking = True
        panel.say("Checking...")
        again = self._unanswered
        name = again[2] if again is not None and again[:2] == (check.kind, answer) else None
        self._sent = (check.kind, answer, name or uuid.uuid4().hex)
        self._check(self.actor, self.state.interaction_id, *self._sent)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(
        self, actor: Actor, interaction_id: int, kind: CheckKind, answer: str, name: str
    ) -> None:
        result = attempt(
            "check the answer",
            self.custinfo.services().check_answer,
            actor,
            interaction_id,
            kind,
            answer,
            name,
        )
        if closes_ended_call(self, result):
            return  # the console leaves the call, saying why
        unanswered = isinstance(result.refusal, Outage)
        self.post_message(
            AnswerChecked(
                result.value,
                ANSWER_NOT_ANSWERED if unanswered else result.error,
                field_error=result.field_error,
                unanswered=unanswered,
                answer=answer,
            )
        )

    def action_edit(self) -> None:
        self._when_checked(super().action_edit)

    def action_consent(self) -> None:
        self._when_checked(super().action_consent)

    def _when_checked(self, act: Callable[[], None]) -> None:
        """`act` now, or once the answers being checked have their outcomes: the key came
        after them ("Biscuit", Enter, F6 typed together), so it must see the level they
        reach, not the one before."""
        if self._checking:
            self._after_checks = act
        else:
            act()

    @on(AnswerChecked)
    def _checked(self, checked: AnswerChecked) -> None:
        self._outcome(checked)
        if not self._checking and self._after_checks is not None:
            act, self._after_checks = self._after_checks, None
            act()

    def _outcome(self, checked: AnswerChecked) -> None:
        self._checking = False
        self._unanswered = self._sent if checked.unanswered else None
        panel = self.query_one(VerificationPanel)
        outcome = checked.outcome
        if outcome is None:
            # A typing slip goes back in the box to correct, and an answer the database did
            # not answer about to enter again. Answers typed after it are not checked
            # against a check the handler has not yet seen asked: they are told to type
            # them again.
            typed_ahead, self._typed_ahead = self._typed_ahead, []
            error = checked.error or ""
            kept = checked.field_error or checked.unanswered
            if kept and typed_ahead:
                error += (
                    " The answer typed after it was not checked: type it again then."
                    if len(typed_ahead) == 1
                    else f" The {len(typed_ahead)} answers typed after it were not checked: "
                    "type them again then."
                )
            panel.show_refusal(error, typed=checked.answer if kept else None)
            if not checked.field_error:
                self._refresh_state()
            return
        self._new_state(outcome.state, keep=None if outcome.passed else outcome.kind)
        panel.show_outcome(outcome)
        if outcome.state.locked:
            self._typed_ahead = []
            self.notify("Verification locked: read the script to the caller.", severity="error")
        elif outcome.state.ended:
            self._typed_ahead = []
        elif self._typed_ahead:
            self._check_answer(self._typed_ahead.pop(0))

    def _new_state(self, state: VerificationState, *, keep: CheckKind | None = None) -> None:
        self.state = state
        self.query_one(VerificationPanel).show(state, keep=keep)
        self._show_fields()
        self.refresh_bindings()  # Edit and Consent depend on what the caller is verified for
        self._reload_record()  # the timeline shows the check, the level or the lock at once

    def _refresh_state(self) -> None:
        """After a refusal (for example a lock set by another desk), redraw from the service;
        a call a supervisor closed meanwhile is left, as a refusal saying so would."""
        if self.state is not None:
            self._reload(self.actor, self.state.interaction_id)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, actor: Actor, interaction_id: int) -> None:
        result = attempt(
            "reload the verification state",
            self.custinfo.services().verification_state,
            actor,
            interaction_id,
        )
        if result.value is not None:
            if result.value.ended and not self.still_there():
                return  # a supervisor closed it meanwhile: the console leaves the call
            self.post_message(StateReloaded(result.value))

    @on(StateReloaded)
    def _state_reloaded(self, message: StateReloaded) -> None:
        was_locked = self.state is not None and self.state.locked
        self._new_state(message.state)
        if was_locked and not message.state.locked and not message.state.ended:
            # Lifted by a supervisor at their desk: verification goes on in this call.
            self.set_focus(self.query_one("#answer"))
            self.query_one(VerificationPanel).say(
                "The lock was lifted: verification can go on in this call."
            )

    @on(VerificationPanel.StateMayHaveChanged)
    def _state_may_have_changed(self) -> None:
        self._refresh_state()

    @work(thread=True, exclusive=True, group="reveal", exit_on_error=False)
    def _reveal(self, keys: list[str]) -> None:
        if self.state is None:
            return
        result = attempt(
            "show the field",
            self.custinfo.services().reveal_fields,
            self.actor,
            self.state.interaction_id,
            keys,
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(FieldsRevealed(result.value))
        elif result.refusal is not None and not isinstance(result.refusal, CallEnded):
            # A lock set at another desk, perhaps: redraw. (An ended call is left.)
            self.post_message(VerificationPanel.StateMayHaveChanged())

    @work(thread=True, exclusive=True, group="caller", exit_on_error=False)
    def _load_representatives(self, actor: Actor, customer_id: int) -> None:
        result = attempt(
            "list the representatives", self.custinfo.services().representatives, actor, customer_id
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(RepresentativesListed(result.value))

    @on(RepresentativesListed)
    def _ask_who_is_calling(self, message: RepresentativesListed) -> None:
        name = f"{self.record.value('given_name')} {self.record.value('family_name')}"
        self.app.push_screen(
            caller_screen(name, message.representatives, self.state), self._caller_chosen
        )

    def _caller_chosen(self, choice: CallerChoice | None) -> None:
        state = self.state
        if choice is None or state is None:
            return
        panel = self.query_one(VerificationPanel)
        if choice == current_caller(state):
            # The same caller again: nothing to start over (their checks would have gone).
            panel.say(f"Still verifying {state.caller.description}.")
            return
        if not state.passes:
            self._identify(self.actor, state.interaction_id, choice)
            return

        def answered(change: bool | None) -> None:
            if change:
                self._identify(self.actor, state.interaction_id, choice)

        self.app.push_screen(change_caller_screen(state), answered)

    @work(thread=True, exclusive=True, group="caller", exit_on_error=False)
    def _identify(
        self, actor: Actor, interaction_id: int, choice: tuple[CallerKind, int | None]
    ) -> None:
        kind, representative_id = choice
        result = attempt(
            "record who is calling",
            self.custinfo.services().identify_caller,
            actor,
            interaction_id,
            kind,
            representative_id,
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(CallerIdentified(*result.value))

    @on(CallerIdentified)
    def _caller_identified(self, message: CallerIdentified) -> None:
        state = self.state = message.state
        self._show_record(message.record)
        panel = self.query_one(VerificationPanel)
        panel.show(state, fresh=True)  # a new caller: the first question, not the last one's
        if state.caller.kind is CallerKind.NO_AUTHORITY:  # nothing to verify: the script
            panel.say("Nothing is disclosed to them: read them the script above.")
        else:
            panel.say(f"Now verifying {state.caller.description}.")
        self.action_focus_checks()

    def show_complaint_raised(self) -> None:
        """In the call the timeline shows it, and the next answer is typed in the answer box."""
        if not self.in_call:
            super().show_complaint_raised()
            return
        self.query_one(TabbedContent).active = "history"
        # After the focus comes back from the form: from the fields table it would come
        # back to a table now hidden, and keys would go nowhere.
        self.call_after_refresh(self._back_to_the_call)

    def _back_to_the_call(self) -> None:
        """The answer box takes the next key, or the timeline when no answer can be typed
        (verification locked): never a table the tabs have hidden."""
        answers = [box for box in self.query("#answer") if box.focusable]
        self.set_focus(answers[0] if answers else self.query_one("#history-table"))

    def action_focus_checks(self) -> None:
        if self.in_call:
            self.set_focus(self.query_one("#answer"))
            if self.state is not None and self.state.locked:  # lifted elsewhere since?
                self._refresh_state()

    def action_focus_fields(self) -> None:
        self.action_show_tab("details")
