"""Resolving a possible-fraud item on the supervisor queue (MP-08): lift the verification
lock, or close the item and keep it, with the reason for the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from custinfo_tui.domain.interactions import QueueItem
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message
from custinfo_tui.tui.widgets.footer import Footer

LIFT = "lift"
CLOSE = "close"


@dataclass(frozen=True, slots=True)
class Resolution:
    """How the supervisor resolves a queue item, and why (for the audit trail)."""

    #: LIFT the verification lock, or CLOSE the item keeping it.
    how: str
    reason: str


class ResolveItemScreen(Dialog[Resolution | None]):
    """Lift the lock (or close the item keeping it), with the reason for the audit trail."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without changing anything"),
        Binding("ctrl+l", "lift", "Lift lock", tooltip="Lift the verification lock"),
        Binding("ctrl+n", "close_item", "Close, keep lock", tooltip="Close, lock stays"),
    ]

    def __init__(self, item: QueueItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(
                printable_text(f"{self.item.kind_label}: {self.item.customer_reference or '-'}"),
                classes="choice-title",
            )
            yield Static(printable_text(self.item.summary), classes="choice-explain")
            yield Label("Reason (recorded on the audit trail)", classes="field-label")
            yield BoundedInput(
                id="resolve-reason",
                limit=MAX_REASON_LENGTH,
                placeholder="e.g. ID seen in branch",
                free_text=True,
            )
            yield Static("", id="resolve-message", classes="error")
            with Horizontal(classes="button-row"):
                yield Button(
                    "Lift lock",
                    id="resolve-lift",
                    variant="warning",
                    disabled=not self.item.lock_active,
                )
                yield Button("Close, keep lock", id="resolve-close")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#resolve-reason", Input).focus()

    def _reason(self) -> str | None:
        reason = self.query_one("#resolve-reason", BoundedInput).settled_value().strip()
        if not reason:
            self.query_one("#resolve-message", Static).update("Give a reason first.")
            self.query_one("#resolve-reason", Input).focus()
            return None
        if len(reason) > MAX_REASON_LENGTH:
            self.query_one("#resolve-message", Static).update(
                too_long_message("The reason", len(reason), MAX_REASON_LENGTH)
            )
            return None
        return reason

    @on(Button.Pressed, "#resolve-lift")
    def action_lift(self) -> None:
        if not self.item.lock_active:
            self.query_one("#resolve-message", Static).update("There is no active lock to lift.")
            return
        if reason := self._reason():
            self.dismiss(Resolution(LIFT, reason))

    @on(Button.Pressed, "#resolve-close")
    def action_close_item(self) -> None:
        if reason := self._reason():
            self.dismiss(Resolution(CLOSE, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
