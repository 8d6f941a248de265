"""The verification panel that sits beside a record opened in a call (MP-08).

It shows who is calling, the level reached and what it allows, the checks with their
status, the question to ask for the highlighted check and a box for what the caller says.
It only displays a VerificationState; the record screen makes the service calls.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from custinfo_tui.domain.interactions import CheckState, CheckStatus, VerificationState
from custinfo_tui.domain.verification import CheckKind

_MARKS = {
    CheckStatus.PASSED: "[x]",
    CheckStatus.FAILED: "[!]",
    CheckStatus.NOT_ASKED: "[ ]",
    CheckStatus.NOT_ON_FILE: "[-]",
}


def _check_line(check: CheckState) -> Text:
    line = f"{_MARKS[check.status]} {check.label}"
    if check.status is CheckStatus.NOT_ON_FILE:
        line += " (none held)"
    return Text(line)


class AnswerInput(Input):
    """The answer box. Up and Down choose the check without leaving the box."""

    BINDINGS = [
        Binding("up", "choose(-1)", "Previous check", show=False),
        Binding("down", "choose(1)", "Next check", show=False),
    ]

    def action_choose(self, step: int) -> None:
        panel = next(a for a in self.ancestors if isinstance(a, VerificationPanel))
        panel.move(step)


class VerificationPanel(VerticalScroll, can_focus=False):
    """Keyboard: in the answer box Up/Down choose the check and Enter checks the answer.

    Check marks: [x] passed, [!] failed (ask again or try another), [ ] not asked yet,
    [-] nothing on file to check against.
    """

    def __init__(self, state: VerificationState) -> None:
        super().__init__(id="verification-panel")
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static(id="caller-line")
        yield Static(id="level-line")
        # When verification cannot go on, what to say comes first.
        yield Static(id="script", classes="script")
        yield OptionList(id="checks")
        yield Static(id="question", classes="question")
        yield AnswerInput(id="answer", placeholder="What the caller says", max_length=200)
        yield Static(id="check-result")
        yield Static(id="allows-line")

    def on_mount(self) -> None:
        self.show(self.state)

    @property
    def highlighted_check(self) -> CheckState | None:
        index = self.query_one("#checks", OptionList).highlighted
        if index is None or index >= len(self.state.checks):
            return None
        return self.state.checks[index]

    def show(self, state: VerificationState, *, keep: CheckKind | None = None) -> None:
        """Redraw for a new state, keeping the highlighted check where it makes sense."""
        self.state = state
        self.query_one("#caller-line", Static).update(Text(f"Caller: {state.caller.description}"))
        level = Text(f"{state.level_title} - {state.passes} passed")
        if state.next_step:
            level.append(f"\nNext: {state.next_step}")
        self.query_one("#level-line", Static).update(level)
        options = self.query_one("#checks", OptionList)
        current = keep or (self.highlighted_check.kind if self.highlighted_check else None)
        options.clear_options()
        options.add_options(
            Option(_check_line(check), disabled=check.status in _DONE) for check in state.checks
        )
        options.highlighted = self._first_open(current)
        self.query_one("#allows-line", Static).update(Text(state.allowed_text))
        script = self.query_one("#script", Static)
        script.update(Text(state.script or ""))
        script.display = bool(state.script)
        blocked = state.locked or state.ended or state.caller.kind.value == "no_authority"
        answer = self.query_one("#answer", Input)
        answer.disabled = blocked
        answer.display = not blocked
        self.query_one("#question", Static).display = not blocked
        self._show_question()

    def move(self, step: int) -> None:
        """Highlight the next (or previous) check that can still be asked."""
        options = self.query_one("#checks", OptionList)
        count = len(self.state.checks)
        index = options.highlighted if options.highlighted is not None else -step
        for _ in range(count):
            index = (index + step) % count
            if self.state.checks[index].status not in _DONE:
                options.highlighted = index
                return

    def _first_open(self, preferred: CheckKind | None) -> int | None:
        checks = self.state.checks
        for index, check in enumerate(checks):
            if check.kind is preferred and check.status not in _DONE:
                return index
        return next((i for i, c in enumerate(checks) if c.status not in _DONE), None)

    def _show_question(self) -> None:
        check = self.highlighted_check
        text = Text(f"Ask: {check.question}") if check and check.status not in _DONE else Text("")
        self.query_one("#question", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_question()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#answer", Input).focus()

    def say(self, message: str, *, error: bool = False) -> None:
        result = self.query_one("#check-result", Static)
        result.update(Text(message))
        result.set_class(error, "error")


_DONE = (CheckStatus.PASSED, CheckStatus.NOT_ON_FILE)
