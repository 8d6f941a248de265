"""The trainer's note on one marking point of a debrief (docs/training.md, "The debrief and
the training screen"): written or edited from the debrief's F2, kept with Ctrl+S."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from custinfo_tui.domain.training.scorecard import MarkResult
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea


class NoteScreen(Dialog[str | None]):
    """The trainer's observation on one marking point; Ctrl+S keeps it, Escape goes back
    (asking first once something has changed). Card numbers are taken out as typed."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Keep this note on the marking point", id="save"),
        Binding("escape", "cancel", "Cancel", tooltip="Back without saving", id="cancel"),
    ]

    def __init__(self, result: MarkResult, text: str) -> None:
        super().__init__()
        self.result = result
        self.original = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box", id="note-box"):
            yield Static(
                printable_text(f"Note on {self.result.marking_point} {self.result.title}"),
                classes="choice-title",
            )
            yield Static(
                "What you observed on this point, for the trainee. Card numbers are taken out.",
                classes="choice-explain",
            )
            yield Label("Observation")
            yield FreeTextArea(self.original, id="note-text")
            yield Static(id="note-message", classes="error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#note-text", FreeTextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#note-text", FreeTextArea).settled_value().strip()
        if not text:
            self.query_one("#note-message", Static).update("Write the note first.")
            return
        self.dismiss(text)

    def unsaved_work(self) -> str | None:
        changed = self.query_one("#note-text", FreeTextArea).text != self.original
        return "the note being written" if changed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the note", lambda: self.dismiss(None), [self])
