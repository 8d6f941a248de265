"""The record in a call, what the call itself needs: leaving it (the call ends), ending it
with its wrap-up (or leaving that for later), and notes added to it. Its verification --
the checks, the caller and what is revealed to them -- is screens/call_record.py's
`CallRecordScreen`, built on this one; what the record screen does in and out of a call
alike is screens/record.py's.
"""

from __future__ import annotations

from textual import on, work

from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken, describe_taken
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.text import counted
from custinfo_tui.services.errors import CallFinished
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.data_protection.rights_in_call import RightsInCallScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.record_messages import RecordReloaded, WrapUpReady
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.screens.wrap_up_form import left_for_later
from custinfo_tui.tui.service_calls import attempt, closes_ended_call, tell_handler
from custinfo_tui.tui.unsaved_work import LeaveScreen

#: Said on ending a call that needs no wrap-up any more, when the service cannot say why.
FINISHED_ELSEWHERE = (
    "This call needs no wrap-up now: it was wrapped up at another desk or closed by a supervisor."
)


class RecordInCallScreen(RecordScreen):
    """The record with the call's own actions; `state` is the caller's verification state,
    set by `CallRecordScreen` (None: no call)."""

    #: The rights passed to the DPO in this call (Ctrl+R), not offered again there.
    rights_taken: tuple[DataRight, ...] = ()

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
        call = self._the_call()
        # The call is not lost, only its wrap-up for now: "you lose" must be true.
        if state.locked:
            return (
                f"the wrap-up of {call} for now (its verification is locked); the call "
                "waits in the calls to finish"
            )
        if not state.passes:  # no verification to lose: the call itself ends
            return f"the wrap-up of {call} for now; the call waits in the calls to finish"
        return (
            f"the verification of {call} ({verification_words(state)}): a caller who rings back "
            "is verified from the start; the call waits in the calls to finish"
        )

    def left_by_the_run(self) -> str | None:
        """Ending a role-play mid-call: the run's sandbox is never opened again, so the
        call does not wait in the calls to finish; it is scored as not wrapped up."""
        state = self.state
        if state is None or state.ended:
            return None
        if any(
            isinstance(screen, WrapUpScreen) and screen.call.interaction_id == state.interaction_id
            for screen in self.app.screen_stack
        ):
            return None  # its wrap-up, open over it, says it
        return f"{self._the_call()}, not wrapped up: it is scored as a call without a wrap-up"

    def call_held(self) -> int | None:
        """The call in progress, which `left_by_the_run` names (or its wrap-up over it)."""
        state = self.state
        return None if state is None or state.ended else state.interaction_id

    def _the_call(self) -> str:
        if any(isinstance(screen, LockScreen) for screen in self.app.screen_stack):
            return "the call in progress"
        name = self.record.name
        return f"the call with {name}"

    def action_end_call(self) -> None:
        """End the call, asking first (verification ends too), then wrap it up; a call
        whose verification is locked is asked about too, as every call is (an Escape meant
        for a dialog that had just closed must not end it). Nothing else is lost: the
        wrap-up comes next, so the question says only that."""
        state = self.state
        if state is None or state.ended:  # no call left to end here
            self._start_wrap_up()
            return

        def answered(end: bool | None) -> None:
            if end:
                self._start_wrap_up()

        if state.locked:  # nothing of the verification to lose
            lost = "The caller's verification is locked. "
        elif state.passes:
            lost = (
                f"The caller's verification ({verification_words(state)}) ends with the "
                "call: a caller who rings back is verified from the start. "
            )
        else:
            lost = ""  # nothing verified: nothing of it to lose
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
        # Its opening is recorded: the call ends then, not when the wrap-up is saved.
        result = attempt(
            "open the wrap-up", self.custinfo.services().open_wrap_up, actor, interaction_id
        )
        if result.value is not None:
            self.post_message(WrapUpReady(result.value))
            return
        # It needs no wrap-up any more (wrapped up at another desk, or closed by a
        # supervisor); or it cannot be wrapped up here: end the call, the calls to finish
        # offer it.
        if isinstance(result.refusal, CallFinished):
            notice = result.error or FINISHED_ELSEWHERE
            self.post_message(WrapUpReady(None, finished_elsewhere=notice))
            return
        tell_handler(self, result)
        self.post_message(WrapUpReady(None))

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
        if saved is False and self.state is not None:  # Later: where to find it again
            kept = self.custinfo.wrap_up_drafts.holds(self.actor, self.state.interaction_id)
            self.app.notify(left_for_later(kept), markup=False)
        self._leave()

    def call_ended_elsewhere(self) -> None:
        """The services say the call has ended under this screen (a supervisor closed it):
        it is no longer shown as live, and nothing is ended or wrapped up on leaving it
        (tui/ended_call.py closes it)."""
        if self.state is not None and not self.state.ended:
            self.state = self.state.model_copy(update={"ended": True})
            self.sub_title = "call closed"
            self.refresh_bindings()

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
                "read enquiries. Card numbers, expiry dates and security codes are taken "
                "out. The wrap-up starts from it.",
                "The note (Enter to add)",
                "Write a few words, for example: wants a call back after 5pm.",
                noun="The note",
                key="Add note",
            ),
            given,
        )

    def action_add_note_shown(self) -> None:
        self.action_add_note()  # Ctrl+N in the footer (a caller with no authority)

    @work(thread=True, exclusive=True, group="note", exit_on_error=False)
    def _add_note(self, actor: Actor, interaction_id: int, note: str) -> None:
        result = attempt(
            "add the note", self.custinfo.services().add_note, actor, interaction_id, note
        )
        if closes_ended_call(self, result, lost="the note was not added"):
            return  # said once, as the console leaves the call
        tell_handler(self, result, done="Note added to the call.")
        if result.value is not None:
            self.post_message(RecordReloaded(result.value))

    def action_take_rights(self) -> None:
        """Ctrl+R: the rights the caller is exercising, ticked, each passed to the DPO as a
        request now (the wrap-up does not ask for them again)."""
        state = self.state
        if state is None or state.ended:
            return
        if set(self.rights_taken) >= set(DataRight):  # no empty list to tick
            self.notify("Every right was passed to the DPO in this call already.")
            return

        def ticked(rights: tuple[DataRight, ...] | None) -> None:
            if rights and self.state is not None:
                self._take_rights(self.actor, self.state.interaction_id, rights)

        self.app.push_screen(RightsInCallScreen(self.rights_taken), ticked)

    @work(thread=True, exclusive=True, group="rights", exit_on_error=False)
    def _take_rights(
        self, actor: Actor, interaction_id: int, rights: tuple[DataRight, ...]
    ) -> None:
        services = self.custinfo.services()
        result = attempt(
            "pass the request to the DPO",
            services.take_rights_requests,
            actor,
            interaction_id,
            rights,
        )
        if closes_ended_call(self, result, lost="nothing was passed to the DPO"):
            return
        taken = result.value or ()
        tell_handler(self, result)
        if taken:
            self.app.call_from_thread(self._rights_were_taken, taken)

    def _rights_were_taken(self, taken: tuple[RequestTaken, ...]) -> None:
        # On the panel, where the call goes on, with words for the caller and the date the
        # answer is due, as a complaint raised is said (screens/record_complaints.py): once
        # the focus is back in the answer box, which scrolls it into view, so the words
        # are in view whole.
        said = describe_taken(taken, caller_on_the_line=True)
        self.call_after_refresh(self.tell_in_call, said)
        self.rights_taken = (*self.rights_taken, *(t.right for t in taken))
        self._reload_record()  # the timeline shows the requests at once, as after a note

    @work(thread=True, group="end-call", exit_on_error=False)
    def _end_call(self, actor: Actor, interaction_id: int) -> None:
        # The screen has gone by now: the app tells the handler.
        tell_handler(
            self.app,
            attempt("end the call", self.custinfo.services().end_call, actor, interaction_id),
        )


def verification_words(state: VerificationState) -> str:
    """The caller's level and checks passed: "Standard, 2 checks passed"."""
    return f"{state.level_title}, {counted(state.passes, 'check')} passed"
