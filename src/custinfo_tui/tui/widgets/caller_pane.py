"""The scripted caller's pane in training mode: who is calling and what they say.

It shows the caller's name and role, then their lines as the run goes on (the latest in
bold, an answer the script does not have marked unscripted). It only displays a
`CallerConversation`; tui/training_mode.py keeps that up to date from the screens' cues and
the event stream. Everything it shows comes from a scenario file, so it is shown as text,
never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from custinfo_tui.domain.training.caller import (
    CallerConversation,
    CallerLine,
    LineKind,
    cue_label,
)
from custinfo_tui.tui.printable_text import printable_text

#: The latest lines the pane shows; earlier ones are in the trainer's caller terminal.
SHOWN_LINES = 4


class CallerPane(VerticalScroll, can_focus=False):
    """Docked at the bottom of the screen above the footer; on the record screen it floats
    over the space under the record's fields (app.tcss)."""

    DEFAULT_CSS = """
    CallerPane {
        dock: bottom;
        height: auto;
        max-height: 7;
        margin-bottom: 1;
        border: round $warning;
        border-title-color: $warning;
        border-title-style: bold;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, conversation: CallerConversation) -> None:
        super().__init__(id="caller-pane")
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        yield Static(id="caller-lines")

    def on_mount(self) -> None:
        self.show(self.conversation)

    def show(self, conversation: CallerConversation) -> None:
        """Redraw: the caller's name, and their latest lines. Not who they really are (an
        impostor, someone without authority): that is for the trainee to find out, and
        only the trainer's caller terminal says it."""
        self.conversation = conversation
        self.border_title = printable_text(f"Caller: {conversation.caller.name}")
        self.border_subtitle = Text("F12 hides")
        latest = conversation.lines[-SHOWN_LINES:]
        text = Text()
        for index, line in enumerate(latest):
            if index:
                text.append("\n")
            text.append_text(_line_text(line, current=index == len(latest) - 1))
        lines = self.query("#caller-lines")
        if not lines:  # asked before the pane has composed: on_mount shows the latest
            return
        lines.first(Static).update(text)
        self.call_after_refresh(self.scroll_end, animate=False)


def _line_text(line: CallerLine, *, current: bool) -> Text:
    said = Text("» " if current else "  ", style="bold" if current else "dim")
    if line.kind is LineKind.VOLUNTEERED:
        said.append("(volunteers) ", style="italic")
    elif line.kind is LineKind.ANSWER and line.cue is not None:
        said.append(f"{cue_label(line.cue)}: ", style="italic")
    said.append_text(printable_text(f'"{line.text}"', "bold" if current else "dim"))
    if not line.scripted:
        said.append(" (unscripted)", style="italic")
    return said
