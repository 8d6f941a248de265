"""The verification panel's lines in words (tui/widgets/verification_panel.py): a check
with its mark, who is calling, and what is said of a failed answer and the failures left;
and the panel's own line under the answer box (`SaidLine`)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from custinfo_tui.domain.interactions import CheckState, CheckStatus, VerificationState
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.tui.printable_text import printable_text, stored_value_text


class SaidLine(Static):
    """The line under the answer box (`VerificationPanel.say`). What the handler must heed
    is scrolled into view once laid out, and again each time it is laid out anew until
    something else is said: the scrollbar its own lines bring narrows the panel by two
    columns, and the words then take more lines. Scrolled to only once, the last line of
    what to tell a caller not verified after Ctrl+R was left a PgDn away at 80x24."""

    #: What the line says must be in view: an error, or news the handler asked for.
    heed = False

    def on_resize(self) -> None:
        if self.heed:
            self.scroll_visible(animate=False)


_MARKS = {
    CheckStatus.PASSED: "[x]",
    CheckStatus.FAILED: "[!]",
    CheckStatus.NOT_ASKED: "[ ]",
    CheckStatus.NOT_ON_FILE: "[-]",
}


def check_line(check: CheckState) -> Text:
    line = f"{_MARKS[check.status]} {check.label}"
    if check.status is CheckStatus.NOT_ON_FILE:
        # "(none held)" wrapped "[-] Security answer (none" in the 26 columns at 80x24,
        # and the two lines it took pushed the panel's last line out of sight.
        line += " (none)"
    elif check.status is CheckStatus.FAILED and check.failures > 1:
        # One mark for two failures hid how often it failed. "×2", not "(2 failed)": a
        # line that wraps in the 26 columns pushes the words for the caller out of view.
        line += f" ×{check.failures}"
    return printable_text(line)


def caller_words(state: VerificationState) -> Text:
    """Who is calling: "the customer", or the representative, whose name and relationship
    are stored text, each saying so where it would show as nothing."""
    representative = state.caller.representative
    if representative is None:
        return printable_text(state.caller.description)
    return Text.assemble(
        stored_value_text(representative.name),
        " (",
        stored_value_text(representative.relationship),
        f", {representative.authority.label.lower()})",
    )


def did_not_match(failures_left: int, instead: CheckKind | None, key: str | None) -> str:
    """What the panel's line says of a failed answer: with one failure left before the
    lock, a warning, and the other check to ask (`instead`, moved to with `key`)."""
    if failures_left != 1:
        return "Did not match."
    if instead is not None:
        return f"Did not match. 1 more failure locks: {key} to {instead.label}, ask it instead."
    return "Did not match. 1 more failure locks, and no other check can verify them now."


#: A check with nothing more to ask: passed, or none held.
DONE = (CheckStatus.PASSED, CheckStatus.NOT_ON_FILE)


def more_failures(left: int) -> str:
    """ "1 more failure locks", "2 more failures lock"."""
    return f"{left} more failure locks" if left == 1 else f"{left} more failures lock"
