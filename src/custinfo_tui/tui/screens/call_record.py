"""A customer's record opened in a call: the record beside the verification panel.

Fields stay masked until the caller passes enough checks, and each field the handler then
reveals is recorded as disclosed to that caller (MP-08, MP-10). F2 records who is calling
(the customer, a representative or someone with no authority), F3 and F4 move between the
checks and the fields, Ctrl+N adds a note, and Escape ends the call and opens its wrap-up.
What the record screen does in and out of a call alike is in screens/record.py.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.widgets import Input, TabbedContent

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.verification import CallerKind, CheckKind
from custinfo_tui.services.errors import Outage
from custinfo_tui.tui.screens.call_choices import (
    CallerChoice,
    caller_screen,
    change_caller_screen,
    current_caller,
)
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.record_messages import (
    AnswerChecked,
    CallerIdentified,
    FieldsRevealed,
    RecordReloaded,
    RepresentativesListed,
    StateReloaded,
    WrapUpReady,
)
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.record_fields import FieldsTable
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

#: Said on ending a call that needs no wrap-up any more, when the service cannot say why.
FINISHED_ELSEWHERE = (
    "This call needs no wrap-up now: it was wrapped up at another desk or closed by a supervisor."
)

#: An answer the database did not answer about (docs/crash-safety.md): back in its box.
ANSWER_NOT_ANSWERED = (
    "The database did not answer. Press Enter to check the answer again in a moment."
)


class CallRecordScreen(RecordScreen):
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

    def _lay_out(self) -> None:
        # Field history holds old values, which are never for a call.
        self.query_one(TabbedContent).hide_tab("changes")
        # No room for the tab beside the panel; the timeline shows each complaint.
        self.query_one(TabbedContent).hide_tab("complaints")
        self.sub_title = "in a call"
        self.action_focus_checks()

    def _leave(self) -> None:
        if self.state is not None and not self.state.ended:
            self._end_call(self.actor, self.state.interaction_id)
        self.dismiss()  # the lookup clears its search for the next caller

    def unsaved_work(self) -> str | None:
        """An open call: ending it ends the caller's verification too. Behind the idle lock
        (quitting or ending the session from it) the customer is not named: whoever is at
        the locked desk may not be the handler."""
        state = self.state
        if state is None or state.ended:
            return None
        if any(isinstance(screen, LockScreen) for screen in self.app.screen_stack):
            call = "the call in progress"
        else:
            name = f"{self.record.value('given_name')} {self.record.value('family_name')}"
            call = f"the call with {name}"
        if state.locked:
            return (
                f"{call}, left without a wrap-up (its verification is locked); it waits in "
                "the calls to finish"
            )
        if not state.passes:  # no verification to lose: the call itself ends
            return f"{call}, left without a wrap-up; it waits in the calls to finish"
        return (
            f"the verification of {call} ({_verification(state)}): a caller who rings back "
            "is verified from the start; the call waits in the calls to finish"
        )

    def action_end_call(self) -> None:
        """End the call, asking first (verification ends too), then wrap it up. A call
        whose verification is locked has nothing left to lose: straight to the wrap-up.
        Nothing else is lost: the wrap-up comes next, so the question says only that."""
        state = self.state
        if state is None or state.locked or state.ended:
            self._start_wrap_up()
            return

        def answered(end: bool | None) -> None:
            if end:
                self._start_wrap_up()

        lost = (
            f"The caller's verification ({_verification(state)}) ends with the call: a "
            "caller who rings back is verified from the start. "
            if state.passes
            else ""  # nothing verified: nothing of it to lose
        )
        question = LeaveScreen(
            "End the call?",
            f"{lost}The wrap-up comes next.",
            [("Stay in the call", False), ("End the call and wrap it up", True)],
        )
        self.app.push_screen(question, answered)

    def _start_wrap_up(self) -> None:
        if self.state is None or self.state.ended:
            self.app.pop_screen()
            return
        self._load_wrap_up(self.actor, self.state.interaction_id)

    @work(thread=True, exclusive=True, group="wrap-up", exit_on_error=False)
    def _load_wrap_up(self, actor: Actor, interaction_id: int) -> None:
        result = attempt("open the wrap-up", self.custinfo.services().calls_to_finish, actor)
        call = next((c for c in result.value or [] if c.interaction_id == interaction_id), None)
        if call is not None:
            self.post_message(WrapUpReady(call))
            return
        # Cannot wrap up here: end the call, the calls to finish offer it; unless it needs
        # no wrap-up any more (wrapped up at another desk, or closed by a supervisor).
        tell_handler(self, result)
        notice = None
        if result.ok:
            services = self.custinfo.services()
            said = attempt("open the wrap-up", services.finished_call_notice, actor, interaction_id)
            notice = said.value if said.ok else FINISHED_ELSEWHERE
        self.post_message(WrapUpReady(None, finished_elsewhere=notice))

    @on(WrapUpReady)
    def _wrap_up_ready(self, message: WrapUpReady) -> None:
        if message.finished_elsewhere:  # not among the calls to finish: no later for it
            self.app.notify(message.finished_elsewhere, markup=False)
            self._wrapped_up(True)
            return
        if message.call is None:
            self._wrapped_up(False)
            return
        capture = self.custinfo.services().capture
        offer = self.action_raise_complaint if self.capabilities.raise_complaint else None
        self.app.push_screen(
            WrapUpScreen(self.actor, message.call, capture.enquiry_types, capture.outcomes, offer),
            self._wrapped_up,
        )

    def _wrapped_up(self, saved: bool | None) -> None:
        """Saved: the wrap-up ended the call. Left for later: end it now, unwrapped."""
        if saved and self.state is not None:
            self.state = self.state.model_copy(update={"ended": True})
        if saved is False:  # Later, said where the handler will find it again
            self.app.notify(
                "Wrap-up left for later: Ctrl+P, Calls to finish (and at your next login).",
                markup=False,
            )
        self._leave()

    def action_add_note(self) -> None:
        if self.state is None:
            return

        def given(note: str | None) -> None:
            if note is not None and self.state is not None:
                self._add_note(self.actor, self.state.interaction_id, note)

        self.app.push_screen(
            ReasonScreen(
                "Add a note to this call",
                "Kept with this call and shown on the record's timeline to those allowed to "
                "read enquiries. Card numbers are taken out. The wrap-up starts from it.",
                "The note (Enter to add)",
                "Write a few words, for example: wants a call back after 5pm.",
                noun="The note",
            ),
            given,
        )

    @work(thread=True, exclusive=True, group="note", exit_on_error=False)
    def _add_note(self, actor: Actor, interaction_id: int, note: str) -> None:
        result = attempt(
            "add the note", self.custinfo.services().add_note, actor, interaction_id, note
        )
        tell_handler(self, result, done="Note added to the call.")
        if result.value is not None:
            self.post_message(RecordReloaded(result.value))

    def action_choose_caller(self) -> None:
        if self.state is not None:
            self._load_representatives(self.actor, self.state.customer_id)

    def action_reveal_all(self) -> None:
        if self.state is None:
            return
        revealable = self.capabilities.revealable
        keys = [f.key for f in self.record.fields if f.key in revealable]
        if not keys:
            self.notify("Nothing more may be shown.", markup=False)
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
        self._check(self.actor, self.state.interaction_id, check.kind, answer)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, actor: Actor, interaction_id: int, kind: CheckKind, answer: str) -> None:
        result = attempt(
            "check the answer",
            self.custinfo.services().check_answer,
            actor,
            interaction_id,
            kind,
            answer,
        )
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
        """After a refusal (for example a lock set by another desk), redraw from the service."""
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
        elif result.refusal is not None:  # a lock set at another desk, perhaps: redraw
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

    @work(thread=True, group="end-call", exit_on_error=False)
    def _end_call(self, actor: Actor, interaction_id: int) -> None:
        # The screen has gone by now: the app tells the handler.
        tell_handler(
            self.app,
            attempt("end the call", self.custinfo.services().end_call, actor, interaction_id),
        )

    def action_focus_checks(self) -> None:
        if self.in_call:
            self.set_focus(self.query_one("#answer"))
            if self.state is not None and self.state.locked:  # lifted elsewhere since?
                self._refresh_state()

    def action_focus_fields(self) -> None:
        self.action_show_tab("details")


def _verification(state: VerificationState) -> str:
    """The caller's level and checks passed: "Standard, 2 checks passed"."""
    return f"{state.level_title}, {counted(state.passes, 'check')} passed"
