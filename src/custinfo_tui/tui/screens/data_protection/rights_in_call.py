"""Taking a caller's data protection request in the call (MP-16; docs/data-protection.md,
"Requests taken in a call"): the six rights as tick boxes, the wrap-up's own list. Ctrl+S
passes those ticked to the DPO; the record screen makes the call and says what became of
each ("Passed to the DPO: Access (request 3).").
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.tick_list import TickList

#: Said when Ctrl+S finds no right ticked.
NONE_TICKED = "Tick at least one right the caller is exercising (Space ticks)."


class RightsInCallScreen(Dialog[tuple[DataRight, ...] | None]):
    """The rights the caller is exercising, ticked; None when left. Rights already taken
    in this call are named, not offered again."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Pass to DPO", tooltip="Pass the rights ticked to the DPO"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back without passing anything"),
    ]

    def __init__(self, taken: tuple[DataRight, ...] = ()) -> None:
        super().__init__()
        self.taken = taken

    def compose(self) -> ComposeResult:
        offered = [right for right in DataRight if right not in self.taken]
        already = ", ".join(right.short for right in self.taken)
        taken = f" Taken in this call already: {already}." if already else ""
        with Vertical(classes="choice-box"):
            yield Static(Text("Data protection request: which rights?"), classes="choice-title")
            yield Static(
                Text(
                    "Space ticks each right the caller is exercising; Ctrl+S passes them to "
                    f"the DPO, each a request received today, due in a calendar month.{taken}"
                ),
                classes="choice-explain",
            )
            yield TickList[DataRight](
                *((right.label, right) for right in offered), id="rights-in-call"
            )
            yield Static("", id="rights-in-call-message", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    def _ticked(self) -> tuple[DataRight, ...]:
        ticked = set(self.query_one(TickList).selected)
        return tuple(right for right in DataRight if right in ticked)

    def action_save(self) -> None:
        ticked = self._ticked()
        if not ticked:
            self.query_one("#rights-in-call-message", Static).update(Text(NONE_TICKED))
            return
        self.dismiss(ticked)

    def unsaved_work(self) -> str | None:
        return "the rights ticked (nothing is passed on yet)" if self._ticked() else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave", lambda: self.dismiss(None), [self])
