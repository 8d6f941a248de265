"""The caller's checks in a call, in the order the handler typed them (MP-08).

`CallRecordScreen` (screens/call_record.py) is built on `CallChecks`. An answer entered is
checked by the service, blind; one entered while the one before is being checked, or while
who is calling is being recorded (F2), waits for that outcome and is then checked against
the check asked next, of the caller then on the line. A key acting on the verification
state (F2, F5, F6, F9, Escape) typed straight after an answer waits for its outcome too
(`_when_checked`), and so do the keys typed after it (`_hold_keys`, tui/tab_in_order.py):
each sees the level the answers reach, and the panel never goes back to a state older than
one it showed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from textual import on, work
from textual.widgets import Input

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.services.errors import CallerChanged, Outage, VerificationLocked
from custinfo_tui.tui.held_keys_wait import SETTLE_STEP
from custinfo_tui.tui.screens.record_in_call import RecordInCallScreen
from custinfo_tui.tui.screens.record_messages import AnswerChecked, StateReloaded
from custinfo_tui.tui.service_calls import attempt, closes_ended_call
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

#: An answer the database did not answer about (docs/crash-safety.md): back in its box.
ANSWER_NOT_ANSWERED = (
    "The database did not answer. Press Enter to check the answer again in a moment."
)

#: An answer refused for a lock set meanwhile (at another desk): the service gives the
#: lock's script, which the panel shows over the checks as it is drawn anew; said again
#: under them it ran the panel past its foot, over the line saying where the lock was set.
ANSWER_LOCKED = "Not checked: locked (script above)."

#: How often, in seconds, a call whose panel shows the lock asks whether a supervisor has
#: lifted it: the handler is reading the lock's script to a caller who may be waiting.
LOCK_POLL_SECONDS = 5.0


def _not_checked_after(count: int, *, again: bool = True) -> str:
    """What is said of the `count` answers typed after one not checked; `again` False
    where none can be checked any more (verification locked)."""
    if not count:
        return ""
    if count == 1:
        said = " The answer typed after it was not checked"
        return said + (": type it again then." if again else ".")
    said = f" The {count} answers typed after it were not checked"
    return said + (": type them again then." if again else ".")


class CallChecks(RecordInCallScreen):
    """The record in a call: the caller's answers checked, and the keys that wait for them.

    A screen class of its own, so Textual registers its @on handlers; the call's record
    screen builds on it."""

    def __init__(self, record: CustomerRecord, state: VerificationState, *, actor: Actor) -> None:
        super().__init__(record, actor=actor)
        self.state = state
        #: An answer is being checked: Enter again (a key bounce) must not check it twice,
        #: which would count one wrong answer as two of the three failures.
        self._checking = False
        #: Who is calling is being recorded (F2): an answer typed meanwhile is the new
        #: caller's, checked once the service has them on the line.
        self._identifying = False
        #: Who is calling could not be recorded: the keys typed for them are still being
        #: read, and an answer among them is set aside, unchecked (not theirs to check).
        self._caller_not_recorded = False
        #: Answers typed and entered while the one before was still being checked (or the
        #: caller recorded), oldest first: each is checked in turn, against the check asked
        #: after the one before.
        self._typed_ahead: list[str] = []
        #: Keys acting on the verification state (F2, F5, F6, F9, Escape) pressed while
        #: answers were being checked: done, in order, once they all have their outcome,
        #: so each sees the level they reach.
        self._after_checks: list[Callable[[], None]] = []
        #: Checks and callers sent so far: a state asked for before the latest was sent is
        #: older than the one that comes back with it, and is not shown.
        self._sent_count = 0
        #: The answer being checked: its check, its text and the name it was sent with.
        self._sent: tuple[CheckKind, str, str] | None = None
        #: The same for an answer the database did not answer about: entered again
        #: unchanged, it is sent with the same name, so if the database had checked it
        #: after all it is not checked twice (a wrong answer would count two failures).
        self._unanswered: tuple[CheckKind, str, str] | None = None
        #: A typing slip refused while the next answer was being typed (keys read in one
        #: go): its text, what was said and the answers typed after it so far. It goes back
        #: in the box alone once the keys typed with it are read, none of them checked.
        self._after_slip: tuple[str, str, int] | None = None

    def on_mount(self) -> None:
        # Read when the screen is mounted, so a test may shorten it first.
        self.set_interval(LOCK_POLL_SECONDS, self._ask_if_lifted, name="lock-lifted")

    def _ask_if_lifted(self) -> None:
        """While the panel shows the lock, ask the service whether it still holds: a lock
        lifted at a supervisor's desk reached this desk only at a key pressed (F3, or one
        typed at the script), which nothing on the screen asked for, so the handler went
        on reading the script to a caller who could now be verified. Not while an answer
        is checked or a dialog is over the call: the state is about to change, or unseen."""
        state = self.state
        if state is None or not state.locked or state.ended or self._busy:
            return
        if self.app.screen is self:
            self._poll_lock(self.actor, state.interaction_id, self._sent_count)

    @work(thread=True, exclusive=True, group="lock-poll", exit_on_error=False)
    def _poll_lock(self, actor: Actor, interaction_id: int, sent: int) -> None:
        """The state shown again only once the lock is gone (lifted, or the call ended
        elsewhere), so a lock still held redraws nothing and reads nothing more."""
        result = attempt(
            "read whether the lock still holds",
            self.custinfo.services().verification_state,
            actor,
            interaction_id,
        )
        if result.value is not None and not result.value.locked:
            if result.value.ended and not self.still_there():
                return  # a supervisor closed the call meanwhile: the console leaves it
            self.post_message(StateReloaded(result.value, sent=sent))

    @on(Input.Submitted, "#answer")
    def _answer_given(self, event: Input.Submitted) -> None:
        """Check what the caller said. The box empties as the answer goes (AnswerInput),
        so an answer typed straight after Enter (keys read together) is one of its own: it
        waits for this one's outcome and is then checked against the check asked next."""
        if self._after_slip is not None:  # typed after a slip: not checked, but counted
            slip, error, count = self._after_slip
            self._after_slip = (slip, error, count + bool(event.value.strip()))
            return
        if self._busy or self._caller_not_recorded:
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
            # At the top level (or none within reach) no check is highlighted.
            first = "Choose a check from the list first."
            if not self.state.can_rise:
                first = f"No more checks are needed ({self.state.level_title}): Up or Down "
                first += "chooses one to ask anyway."
            # Typed after it, the answers were meant for checks not yet seen asked.
            after, self._typed_ahead = len(self._typed_ahead), []
            self._back_alone(answer, first, after)
            return
        if not answer.strip():
            panel.show_refusal("Type what the caller said.", typed=answer)
            return
        self._checking = True
        self._sent_count += 1
        panel.say("Checking...")
        again = self._unanswered
        name = again[2] if again is not None and again[:2] == (check.kind, answer) else None
        self._sent = (check.kind, answer, name or uuid.uuid4().hex)
        # Sent for the caller the panel shows: the service checks it for no one else.
        self._check(self.actor, self.state.interaction_id, *self._sent, self.state.caller_number)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CheckKind,
        answer: str,
        name: str,
        caller_number: int,
    ) -> None:
        result = attempt(
            "check the answer",
            self.custinfo.services().check_answer,
            actor,
            interaction_id,
            kind,
            answer,
            name,
            caller_number=caller_number,
        )
        if closes_ended_call(self, result):
            return  # the console leaves the call, saying why
        unanswered = isinstance(result.refusal, Outage)
        error = ANSWER_LOCKED if isinstance(result.refusal, VerificationLocked) else result.error
        self.post_message(
            AnswerChecked(
                result.value,
                ANSWER_NOT_ANSWERED if unanswered else error,
                field_error=result.field_error,
                unanswered=unanswered,
                caller_changed=isinstance(result.refusal, CallerChanged),
                answer=answer,
            )
        )

    @property
    def _busy(self) -> bool:
        """An answer is being checked, or who is calling recorded: the verification state
        shown is about to change."""
        return self._checking or self._identifying

    def _when_checked(self, act: Callable[[], None]) -> None:
        """`act` now, or once the answers being checked (and the caller being recorded)
        have their outcomes: the key came after them ("Biscuit", Enter, F6 typed together),
        so it must see the level they reach, not the one before. The keys typed after it
        wait with it (`_hold_keys`)."""
        if self._busy:
            self._after_checks.append(act)
            self._hold_keys()
        else:
            act()

    def _hold_keys(self) -> None:
        """Hold the keys read from now until the answers being checked and the caller
        being recorded have their outcomes (tui/tab_in_order.py), then read them again:
        they act on the state those reach."""
        self.custinfo.tabs.hold_while(lambda: self._busy and self.is_attached)

    def _caught_up(self) -> None:
        """After an outcome: the next answer typed ahead is checked, or, with none left,
        the keys that waited for the outcomes act."""
        if self._busy:
            return
        if self._typed_ahead:
            self._check_answer(self._typed_ahead.pop(0))
            if self._busy:
                return  # else not sent (no check chosen), nor those typed after it
        acts, self._after_checks = self._after_checks, []
        for act in acts:
            act()

    @on(AnswerChecked)
    def _checked(self, checked: AnswerChecked) -> None:
        self._outcome(checked)
        self._caught_up()

    def _outcome(self, checked: AnswerChecked) -> None:
        self._checking = False
        self._unanswered = self._sent if checked.unanswered else None
        panel = self.query_one(VerificationPanel)
        outcome = checked.outcome
        if outcome is None:
            # A typing slip goes back in the box to correct, and an answer the database did
            # not answer about to enter again, or one for a caller no longer on the line to
            # ask again. Answers typed after it are not checked against a check the handler
            # has not yet seen asked: they are told to type them again.
            typed_ahead, self._typed_ahead = self._typed_ahead, []
            error = checked.error or ""
            if checked.field_error or checked.unanswered or checked.caller_changed:
                self._back_alone(checked.answer, error, len(typed_ahead))
            else:
                panel.show_refusal(error, typed=None)
            if not checked.field_error:
                self._refresh_state()
            return
        self._new_state(outcome.state, keep=None if outcome.passed else outcome.kind)
        panel.show_outcome(outcome)
        if outcome.state.locked:
            dropped, self._typed_ahead = len(self._typed_ahead), []
            if dropped:  # typed before the lock was seen: said, so none seems checked
                panel.say(
                    "Failed. Verification is now locked; supervisors are alerted."
                    + _not_checked_after(dropped, again=False),
                    error=True,
                )
            self.notify("Verification locked: read the script to the caller.", severity="error")
        elif outcome.state.ended:
            self._typed_ahead = []

    def _back_alone(self, typed: str, error: str, after: int) -> None:
        """An answer not checked (`typed`: a typing slip, one with no check chosen) goes back
        in the box with `error`, and the `after` answers typed after it are said not to be
        checked. It goes back once the keys typed with it are read (`_slip_back`): the next
        answer may be being typed in the box, or held to be read into it (keys read in one
        go), and joined to it the two would be sent as one answer on its Enter."""
        if not typed:
            self.query_one(VerificationPanel).show_refusal(error, typed=None)
            return
        self._after_slip = (typed, error, after)
        self._once_keys_read(self._slip_back)

    def _slip_back(self) -> None:
        """The keys typed with a slip are read: the slip goes back in the box alone, and
        the answers typed after it, entered or not, are said not to be checked."""
        if self._after_slip is None:
            return
        slip, error, count = self._after_slip
        self._after_slip = None
        box = self.query_one("#answer", Input)
        count += bool(box.value.strip())
        box.value = ""
        self.query_one(VerificationPanel).show_refusal(
            error + _not_checked_after(count), typed=slip
        )

    def _once_keys_read(self, then: Callable[[], None]) -> None:
        """`then` once the keys held (`_hold_keys`) or read together have been read, and the
        screen has acted on them."""
        settled = all(n.message_queue_size == 0 for n in self.walk_children(with_self=True))
        if self.custinfo.tabs.waiting or not settled or self.app.message_queue_size:
            self.set_timer(SETTLE_STEP, lambda: self._once_keys_read(then))
            return
        then()

    def _new_state(self, state: VerificationState, *, keep: CheckKind | None = None) -> None:
        if self.state is None or self.state.level != state.level:
            self.forget_cannot_change()  # "... needs High" may no longer be so
        self.state = state
        self.query_one(VerificationPanel).show(state, keep=keep)
        self._show_fields()
        self.refresh_bindings()  # Edit and Consent depend on what the caller is verified for
        self._reload_record()  # the timeline shows the check, the level or the lock at once

    def _refresh_state(self) -> None:
        """After a refusal (for example a lock set by another desk), redraw from the service;
        a call a supervisor closed meanwhile is left, as a refusal saying so would."""
        if self.state is not None:
            self._reload(self.actor, self.state.interaction_id, self._sent_count)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self, actor: Actor, interaction_id: int, sent: int) -> None:
        result = attempt(
            "reload the verification state",
            self.custinfo.services().verification_state,
            actor,
            interaction_id,
        )
        if result.value is not None:
            if result.value.ended and not self.still_there():
                return  # a supervisor closed it meanwhile: the console leaves the call
            self.post_message(StateReloaded(result.value, sent=sent))

    @on(StateReloaded)
    def _state_reloaded(self, message: StateReloaded) -> None:
        if message.sent != self._sent_count or self._busy:
            return  # a check or a caller sent since brings a state as new, or newer
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
