"""The verification panel that sits beside a record opened in a call (MP-08).

It shows who is calling, the level reached and what it allows, the checks with their
status, the question to ask for the highlighted check and a box for what the caller says.
It only displays a VerificationState; the record screen makes the service calls.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from custinfo_tui.domain.interactions import (
    CheckOutcome,
    CheckState,
    CheckStatus,
    VerificationState,
)
from custinfo_tui.domain.training.cues import CueKind
from custinfo_tui.domain.verification import CheckKind, channels_in_words
from custinfo_tui.tui.cues import announce
from custinfo_tui.tui.printable_text import printable_text, stored_value_text
from custinfo_tui.tui.widgets.answer_input import AnswerInput
from custinfo_tui.tui.widgets.paged_scroll import (
    PAGE_ACTIONS,
    KeysNamed,
    PagedScroll,
    page_key_bindings,
)
from custinfo_tui.tui.widgets.script_notice import ScriptNotice
from custinfo_tui.tui.widgets.verification_lines import (
    DONE,
    SaidLine,
    caller_words,
    check_line,
    did_not_match,
    more_failures,
)

#: Longer than any answer a caller gives to a check.
MAX_ANSWER_LENGTH = 200


class VerificationPanel(PagedScroll, can_focus=False):
    """Keyboard: in the answer box Up/Down choose the check and Enter checks the answer.

    Check marks: [x] passed, [!] failed (ask again or try another), [ ] not asked yet,
    [-] nothing on file to check against.

    At 80x24 the panel holds what a call usually shows; where more is said (failures of
    earlier calls as well as a level reached), its last lines run past its bottom edge,
    and PgDn, named in the footer while there is more below, reads on (PgUp back). Only
    the mouse scrolled it before, and nothing said there was more.
    """

    # PgUp is named only once PgDn has nothing more (one at a time): in a call the footer
    # is full at 80 columns, and a key it names pushes another out of it.
    BINDINGS: ClassVar[list[BindingType]] = [
        *page_key_bindings(
            tooltips=(
                "The rest of the verification panel, below its edge",
                "The top of the verification panel, above its edge",
            ),
            ids=("panel_more", "panel_earlier"),
        )
    ]

    class StateMayHaveChanged(Message):
        """The state shown may be out of date (a lock set or lifted at another desk): the
        screen asks the service again."""

    def __init__(self, state: VerificationState) -> None:
        super().__init__(id="verification-panel", named=KeysNamed.ONE_AT_A_TIME)
        self.state = state
        #: The check whose answer just failed, and the words for the caller: shown in the
        #: question's place while that check stays highlighted (they ask for it again).
        self._failed: tuple[CheckKind, str] | None = None
        #: The script on show (the lock's, or for someone with no authority), if any.
        self._script: str | None = None
        #: A script has just come up and is yet to be scrolled into view from its start:
        #: until it is, no message scrolls the panel (the last would win, hiding it).
        self._script_first = False
        #: What the line under the answer box says (`say`), and the action of the key
        #: whose answer it is (F5's "reveal_all"): that key keeps its place in the footer.
        self._said = ""
        self.said_for: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="caller-line")
        yield Static(id="level-line")
        # When verification cannot go on, what to say comes first.
        yield ScriptNotice(id="script", classes="script")
        yield OptionList(id="checks")
        yield Static(id="question", classes="question")
        yield AnswerInput(
            self, id="answer", placeholder="What the caller says", limit=MAX_ANSWER_LENGTH
        )
        yield SaidLine(id="check-result")
        yield Static(id="allows-line")

    def on_mount(self) -> None:
        self.show(self.state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.key_shown(action) if action in PAGE_ACTIONS else True

    def action_read_on(self) -> None:
        self.read_on()

    def action_read_back(self) -> None:
        self.read_back()

    @property
    def highlighted_check(self) -> CheckState | None:
        index = self.query_one("#checks", OptionList).highlighted
        if index is None or index >= len(self.state.checks):
            return None
        return self.state.checks[index]

    def show(
        self, state: VerificationState, *, keep: CheckKind | None = None, fresh: bool = False
    ) -> None:
        """Redraw for a new state, keeping the highlighted check where it makes sense
        (`fresh`: a new caller, whose checks start from the first to ask)."""
        self.state = state
        self._failed = None
        caller = Text.assemble("Caller: ", caller_words(state))
        self.query_one("#caller-line", Static).update(caller)
        level = printable_text(f"{state.level_title} - {state.passes} passed")
        if state.next_step:
            level.append("\n")
            level.append_text(printable_text(f"Next: {state.next_step}"))
        if state.failed_recently and not state.locked:
            # Failures of earlier calls count towards the lock too: one slip may be the last.
            # Where the lock stands on other channels only (a visit in person goes on), it
            # says where, not "0 more failures lock".
            hours = f"{state.failure_window_hours:g} h"
            left = (
                f"{channels_in_words(state.locked_on)} verification locked"
                if state.locked_on
                else more_failures(state.failures_left)
            )
            level.append(f"\n{state.failed_recently} failed in {hours}: {left}", style="bold")
        self.query_one("#level-line", Static).update(level)
        options = self.query_one("#checks", OptionList)
        current = keep or (
            self.highlighted_check.kind if self.highlighted_check and not fresh else None
        )
        options.clear_options()
        options.add_options(
            Option(check_line(check), disabled=check.status in DONE) for check in state.checks
        )
        if not state.can_rise:
            # The top level, or none above within reach: no check is offered (asking more
            # only keeps the caller longer); Up or Down still chooses one to ask anyway.
            options.highlighted = self._first_open(current, then=None, fallback=False)
        else:
            options.highlighted = self._first_open(current, then=state.ask_next)
        allows = printable_text(state.allowed_text)
        if state.locked_elsewhere:  # under the checks, read with the script above them
            allows = Text.assemble((state.locked_elsewhere, "bold"), "\n", allows)
        self.query_one("#allows-line", Static).update(allows)
        script = self.query_one("#script", Static)
        # The policy's own wording (configuration, not stored text), which may run to lines.
        script.update(Text(state.script or ""))
        script.display = bool(state.script)
        if state.script != self._script:  # a script comes up: read from its start
            self._script_first = bool(state.script)
            self.call_after_refresh(self.script_into_view)
        self._script = state.script
        blocked = state.locked or state.ended or state.caller.kind.value == "no_authority"
        answer = self.query_one("#answer", Input)
        answer.disabled = blocked
        answer.display = not blocked
        self.query_one("#question", Static).display = not blocked
        self._show_question()
        self.keys_changed()

    def move(self, step: int) -> None:
        """Highlight the next (or previous) check that can still be asked. What the line
        under the box said was about the check left (a slip, a failure): it goes."""
        options = self.query_one("#checks", OptionList)
        count = len(self.state.checks)
        index = options.highlighted if options.highlighted is not None else -step
        for _ in range(count):
            index = (index + step) % count
            if self.state.checks[index].status not in DONE:
                if index != options.highlighted:
                    self.say("")
                options.highlighted = index
                return

    def _key_to(self, at: CheckKind, to: CheckKind) -> str:
        """The key that moves the highlight from check `at` towards check `to`."""
        kinds = [check.kind for check in self.state.checks]
        return "Down" if kinds.index(to) > kinds.index(at) else "Up"

    def _first_open(
        self, preferred: CheckKind | None, *, then: CheckKind | None, fallback: bool = True
    ) -> int | None:
        """The check to highlight: `preferred` while it can still be asked (a check that
        just failed stays highlighted), else `then` (the one the next level needs: after
        two passes, the security answer for High), else (with `fallback`) the first one not
        yet asked; `then` and the fallback never lead back to a check that failed: after a
        pass the highlight went back to a date of birth failed twice, one failure from the
        lock, and an answer typed ahead was checked as one. None where none is left."""
        checks = self.state.checks
        for index, check in enumerate(checks):
            if check.kind is preferred and check.status not in DONE:
                return index
        unasked = [i for i, c in enumerate(checks) if c.status is CheckStatus.NOT_ASKED]
        named = next((i for i in unasked if checks[i].kind is then), None)
        if named is not None or not fallback:
            return named
        return next(iter(unasked), None)

    def _show_question(self) -> None:
        check = self.highlighted_check
        # The security question is in the customer's own words: stored text, which says
        # so where it would show as nothing (`stored_value_text`).
        ask = Text()
        if check and check.status not in DONE:
            ask = Text.assemble("Ask: ", stored_value_text(check.question))
        if check is not None and self._failed is not None and check.kind is self._failed[0]:
            ask = printable_text(f'Say: "{self._failed[1]}"')
        if check is None and self.state.next_step is None and self.state.passes:
            ask = Text("No more checks needed.")
        elif check is None and not self.state.can_rise:
            ask = Text("No check can raise the level in this call.")
        elif check is None:  # every check left failed in this call: the handler chooses
            ask = Text("Up or Down chooses the check to ask.")
        question = self.query_one("#question", Static)
        question.update(ask)
        if check is not None and ask and question.display:
            announce(self, CueKind.CHECK, check.kind.value)  # for the scripted caller

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_question()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#answer", Input).focus()

    def say(
        self, message: str, *, error: bool = False, heed: bool = False, key: str | None = None
    ) -> None:
        """Show `message` under the answer box. An error (a failed check, an answer not
        checked), and news the handler asked for (`heed`: why F6 changes nothing, what to
        tell the caller of a report just sent), is scrolled into view once laid out: the
        handler must act on it, and at 80x24 the panel's lines can run past its bottom
        edge. Other news waits there; the level line at the top says what it changed.

        The panel's own line, not a notification: one of those, drawn over the panel's
        last lines at 80x24, hid what the level allows as it said why F6 did nothing."""
        result = self.query_one("#check-result", SaidLine)
        result.update(printable_text(message))
        self._said, self.said_for = message, key
        result.set_class(error, "error")
        result.heed = (error or heed) and not self._script_first  # a script comes first
        if result.heed:
            self.call_after_refresh(result.scroll_visible, animate=False)
        self.keys_changed()

    def script_into_view(self) -> None:
        """Scroll, once laid out, so the script just shown reads from its first line: the
        handler reads it out now. The lines above it (who is calling, the level) stay in
        view where the whole script still fits; what is below the edge (the check's
        result) is a PgDn away, named in the footer.

        Called after the refresh that follows `show` and as the script is laid out (its
        Resize): a refresh can come before the layout, when the script has no lines yet
        and the panel no length to scroll."""
        script = self.query_one("#script", Static)
        if not self._script_first or not script.display or not script.size.height:
            return
        self._script_first = False
        top = script.virtual_region.y
        past_the_edge = top + script.outer_size.height - self.scrollable_content_region.height
        self.scroll_to(y=max(0, min(top, past_the_edge)), animate=False, immediate=True)
        self.keys_changed()

    def unsay(self, message: str) -> None:
        """Take `message` off the line, if it is still what the line says: no longer so
        (the caller's level changed)."""
        if self._said == message:
            self.say("")

    def show_refusal(self, error: str, *, typed: str | None) -> None:
        """A check that was not made: what was typed (`typed`: a typing slip, an answer
        with no check chosen) goes back in the box, selected: End to correct it,
        or type the caller's next answer over it. Anything else leaves the box as it is."""
        if typed is not None:
            answer = self.query_one("#answer", Input)
            answer.value = typed + answer.value
            # Selected: what is typed next replaces it (it was appended to the slip).
            answer.selection = Selection(0, len(typed))
        self.say(error, error=True)

    def show_outcome(self, outcome: CheckOutcome) -> None:
        """Say what a checked answer means (after `show` with its new state): passed, the
        level reached, or the words for the caller after a failure."""
        answer = self.query_one("#answer", Input)
        state = outcome.state
        if outcome.passed:
            message = f"Passed: {outcome.kind.label}."
            if outcome.level_reached:
                # Two lines at 80x24 (it took three): the fields then say "Enter: reveal".
                message += f" Now {state.level_title}: F4, Enter reveals."
            self.say(message)
        elif state.locked:
            self.say("Failed. Verification is now locked; supervisors are alerted.", error=True)
        elif outcome.locked:  # locked for other channels (e.g. by phone), not this one
            where = channels_in_words(state.locked_on)
            self.say(
                f'Did not match; {where} verification is now locked. Say: "{outcome.say}"',
                error=True,
            )
        else:
            # The words for the caller take the question's place (they ask for the answer
            # again), and the level line already counts the failures left. With one left,
            # the line says which other check to ask, and the key to it: "Could you check
            # it and tell me again?" invited a third guess that locks. The highlight stays
            # (answers typed ahead are checked as the handler meant them).
            self._failed = (outcome.kind, outcome.say) if outcome.say else None
            self._show_question()
            instead = outcome.ask_instead
            key = None if instead is None else self._key_to(outcome.kind, instead)
            self.say(did_not_match(state.failures_left, instead, key), error=True)
        focused = self.screen.focused
        if focused is not None and self not in focused.ancestors:
            return  # the handler moved on (F4): the keys typed there act there, in order
        if state.script is None and not state.locked:
            answer.focus()
        else:  # the answer box has gone: typing must not land on the record's tab keys
            # Not scrolled to as it takes the focus: the panel shows it from its start.
            self.query_one("#script").focus(scroll_visible=False)
