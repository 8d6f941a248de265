"""A customer's record opened in a call: the record beside the verification panel.

Fields stay masked until the caller passes enough checks, and each field the handler then
reveals is recorded as disclosed to that caller (MP-08, MP-10); one asked for that the
caller may not be told (F5 before any check, Enter on a field above their level) is
refused by the service, which records the attempt, and the screen says what it needs, as
it did before it asked (`Refused`). F2 records who is calling
(the customer, a representative or someone with no authority), F3 and F4 move between the
checks and the fields, Ctrl+N adds a note, and Escape ends the call and opens its wrap-up.
The answers checked, in the order typed, are screens/call_checks.py's; what the record
screen does in and out of a call alike is in screens/record.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.widget import Widget
from textual.widgets import Input, TabbedContent

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import NO_LEVEL, CallerKind
from custinfo_tui.services.errors import (
    CallEnded,
    DisclosureRefused,
    ServiceError,
    VerificationLocked,
)
from custinfo_tui.tui.screens.base import IN_A_CALL
from custinfo_tui.tui.screens.call_checks import CallChecks
from custinfo_tui.tui.screens.call_choices import (
    CallerChoice,
    caller_screen,
    change_caller_screen,
    current_caller,
)
from custinfo_tui.tui.screens.record_editing import RELOADED
from custinfo_tui.tui.screens.record_keys import CALL_GIVES_WAY
from custinfo_tui.tui.screens.record_messages import (
    CallerIdentified,
    FieldsRevealed,
    RepresentativesListed,
)
from custinfo_tui.tui.service_calls import CallEndedNotice, attempt, tell_handler
from custinfo_tui.tui.widgets.record_fields import FieldsTable, nothing_to_reveal
from custinfo_tui.tui.widgets.record_table import RecordTable, TabDigits
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel


@dataclass(frozen=True, slots=True)
class Refused:
    """What the screen tells the handler of a reveal it knows the caller may not have, once
    the service has refused it (and recorded the attempt): its own words, as before it
    asked, on the panel's line (F5) or as a notification (Enter on a field)."""

    said: str
    on_panel: bool

    def expected(self, refusal: ServiceError | None, state: VerificationState) -> bool:
        """Whether `refusal` is the one foreseen: the fields refused, or the lock the
        screen showed already (a lock set since at another desk is said as such)."""
        if isinstance(refusal, DisclosureRefused):
            return True
        return isinstance(refusal, VerificationLocked) and state.locked


class CallRecordScreen(CallChecks):
    """The record in a call, for the caller's verification `state` (the bindings and which
    of them apply in a call are RecordScreen's)."""

    @property
    def GIVES_WAY(self) -> tuple[str, ...]:
        """The keys that leave a full footer first (`CALL_GIVES_WAY`), but never the one
        whose answer the panel's line shows: F5 refused before any check said "then F5
        again" as the panel's PgDn joined the footer and F5 left it."""
        panels = self.query(VerificationPanel)
        said_for = panels.first().said_for if panels else None
        return tuple(action for action in CALL_GIVES_WAY if action != said_for)

    def _lay_out(self) -> None:
        # Field history holds old values, which are never for a call.
        self.query_one(TabbedContent).hide_tab("changes")
        # No room for the tab beside the panel; the timeline shows each complaint.
        self.query_one(TabbedContent).hide_tab("complaints")
        self.sub_title = IN_A_CALL
        digits = TabDigits(lambda: self.active_tab, self.action_show_tab)
        for table in self.query(RecordTable):  # an answer typed on a table goes to its box
            table.text_goes_to = self._where_text_goes
            table.tab_digits = digits  # one for all: a digit moves to another tab's table
        self.action_focus_checks()

    def _where_text_goes(self) -> Widget | str:
        """Where a character typed on one of the record's tables goes (`hand_text_on`): the
        answer box while it takes an answer, else why nothing typed is checked."""
        answer = self.query_one("#answer", Input)
        state = self.state
        if answer.focusable or state is None:
            return answer
        if state.ended:
            return "The call has ended: nothing typed is checked."
        if state.locked:
            return "Verification is locked: nothing typed is checked. Read the panel's script."
        return "Someone with no authority is not verified: nothing typed is checked."

    def still_there(self, *, tell_reloaded: bool = True) -> bool:
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
        return super().still_there(tell_reloaded=tell_reloaded)

    def action_choose_caller(self) -> None:
        self._when_checked(self._ask_for_caller)

    def _ask_for_caller(self) -> None:
        if self.state is not None:
            state = self.state
            # Who is calling is asked once the representatives are read: keys typed
            # straight after F2 choose there.
            self.custinfo.tabs.hold_until_next_screen()
            shown = self.record.version
            # Read anew meanwhile, the question says so on its own line, as the edit form
            # does: a notification said before it opened was taken down as it opened.
            self._check_held(
                then=lambda: self._load_representatives(
                    self.actor, state.customer_id, read_anew=self.record.version != shown
                ),
                tell_reloaded=False,
            )

    def action_reveal_all(self) -> None:
        self._when_checked(self._reveal_all)

    def _reveal_all(self) -> None:
        if self.state is None:
            return
        revealable = self.capabilities.revealable
        keys = [f.key for f in self.record.fields if f.key in revealable]
        if keys:
            self._reveal(keys)
            return
        said = nothing_to_reveal(self.state, self.capabilities)
        masked = list(self.capabilities.reveal_needs)
        if self.state.level == NO_LEVEL and masked:
            # Before the caller is verified at all, F5 can only be an attempt to disclose
            # what is masked: the service refuses it and records it (docs/verification.md).
            self._reveal(masked, refused=Refused(said, on_panel=True))
            return
        # Every field the level allows is shown already: F5 asked for no more than those.
        # Unless the call has gone meanwhile, which is said instead.
        self._check_held(then=lambda: self.tell_in_call(said, key="reveal_all"))

    @on(FieldsTable.RevealRequested)
    def _reveal_requested(self, event: FieldsTable.RevealRequested) -> None:
        refused = None if event.refused is None else Refused(event.refused, on_panel=False)
        self._reveal(list(event.keys), refused=refused)

    def _reveal(self, keys: list[str], *, refused: Refused | None = None) -> None:
        """Reveal the fields `keys`; the record comes back as the reveal leaves it, so a
        reload asked before it (after the answer just checked) is not shown after it.
        `refused`: what to say if the service refuses them as the screen expects."""
        self.workers.cancel_group(self, "reload-record")
        self._reveal_fields(keys, refused)

    @work(thread=True, exclusive=True, group="reveal", exit_on_error=False)
    def _reveal_fields(self, keys: list[str], refused: Refused | None = None) -> None:
        state = self.state
        if state is None:
            return
        result = attempt(
            "show the field",
            self.custinfo.services().reveal_fields,
            self.actor,
            state.interaction_id,
            keys,
        )
        if refused is not None and refused.expected(result.refusal, state):
            self._say_refused(refused)  # as the screen said before it asked the service
            return
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(FieldsRevealed(result.value))
        elif result.refusal is not None and not isinstance(result.refusal, CallEnded):
            # A lock set at another desk, perhaps: redraw. (An ended call is left.)
            self.post_message(VerificationPanel.StateMayHaveChanged())

    def _say_refused(self, refused: Refused) -> None:
        """Say a refusal the screen foresaw, where it said it before the service was asked:
        F5's on the panel's line, a field's as a notification. From a worker thread."""
        if refused.on_panel:
            self.app.call_from_thread(self.tell_in_call, refused.said, key="reveal_all")
        else:
            self.notify(refused.said, markup=False)

    def action_edit(self) -> None:
        self._when_checked(super().action_edit)

    def action_consent(self) -> None:
        self._when_checked(super().action_consent)

    def action_end_call(self) -> None:
        self._when_checked(super().action_end_call)  # it says how far the caller got

    @work(thread=True, exclusive=True, group="caller", exit_on_error=False)
    def _load_representatives(
        self, actor: Actor, customer_id: int, *, read_anew: bool = False
    ) -> None:
        result = attempt(
            "list the representatives", self.custinfo.services().representatives, actor, customer_id
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(RepresentativesListed(result.value, read_anew=read_anew))

    @on(RepresentativesListed)
    def _ask_who_is_calling(self, message: RepresentativesListed) -> None:
        name, note = self.record.name, RELOADED if message.read_anew else None
        self.app.push_screen(
            caller_screen(name, message.representatives, self.state, note=note),
            self._caller_chosen,
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
            self._identify_caller(state, choice)
            return

        def answered(change: bool | None) -> None:
            if change:
                self._identify_caller(state, choice)

        self.app.push_screen(change_caller_screen(state), answered)

    def _identify_caller(self, state: VerificationState, choice: CallerChoice) -> None:
        """Record `choice` as the caller. The keys typed after choosing (their first answer)
        wait until the service has them on the line, so it is checked as theirs."""
        self._identifying = True
        self._sent_count += 1
        self._hold_keys()
        self._identify(self.actor, state.interaction_id, choice)

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
        else:  # said already: the caller on the line stays
            self.post_message(CallerIdentified(None, None))

    @on(CallerIdentified)
    def _caller_identified(self, message: CallerIdentified) -> None:
        self._identifying = False
        panel = self.query_one(VerificationPanel)
        answer = self.query_one("#answer", Input)
        if message.state is None or message.record is None:
            # The keys held for them are read now, into an empty box (what it held is given
            # back if nothing was typed for them): their answers are set aside meanwhile.
            self._caller_not_recorded = True
            left, answer.value = answer.value, ""
            self._once_keys_read(lambda: self._not_identified(panel, left))
            return
        state = self.state = message.state
        # What the last caller said is not this one's answer: the box empties before the
        # keys held for them (their first answer) are read into it.
        answer.value = ""
        self._show_record(message.record)
        # Reveal, Edit and Consent go for someone with no authority, and come back for
        # the customer or a representative (screens/record_keys.py).
        self.refresh_bindings()
        panel.show(state, fresh=True)  # a new caller: the first question, not the last one's
        if state.caller.kind is CallerKind.NO_AUTHORITY:  # nothing to verify: the script
            self._typed_ahead = []  # nothing is checked for them
            panel.say("Nothing is disclosed to them: read them the script above.")
        else:
            panel.say(f"Now verifying {state.caller.description}.")
        self.action_focus_checks()
        self._caught_up()

    def _not_identified(self, panel: VerificationPanel, left: str) -> None:
        """Who is calling could not be recorded (the handler was told why): answers typed
        after choosing them were theirs, so none is checked against the caller still on
        the line; the first goes back in the box alone, never joined to one still being
        typed (also theirs). With none typed, the box holds again what it held (`left`).
        Keys that waited for the caller act."""
        self._caller_not_recorded = False
        typed_ahead, self._typed_ahead = self._typed_ahead, []
        answer = self.query_one("#answer", Input)
        if answer.value.strip():  # typed for them, not entered yet: not checked either
            typed_ahead.append(answer.value)
        answer.value = "" if typed_ahead else left
        if len(typed_ahead) == 1:
            said = "the answer typed after choosing them was not checked: it is back in the box."
        else:
            said = (
                f"the {len(typed_ahead)} answers typed after choosing them were not checked: "
                "the first is back in the box, type the others again."
            )
        if typed_ahead:
            panel.show_refusal(f"Who is calling was not changed, so {said}", typed=typed_ahead[0])
        self._caught_up()

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
        if self._busy:  # the keys typed after F4 act on the fields the outcome allows
            self._hold_keys()
