"""Asking why a record is opened outside a verified call (MP-09)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, OptionList, Static

from custinfo_tui.domain.access_reasons import needs_detail
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message
from custinfo_tui.tui.widgets.choice_list import ChoiceThenTypeList
from custinfo_tui.tui.widgets.footer import Footer


class AccessReasonScreen(Dialog[AccessReason | None]):
    """Pick a configured reason (and add detail); dismissed with None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without opening", id="cancel"),
        Binding("ctrl+s", "submit", "Open record", tooltip="Open with this reason", id="open"),
    ]

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__()
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            yield Static("Why are you opening this record?", id="reason-title")
            yield Static(
                "There is no verified call for this customer, so access needs a reason. "
                "It is recorded on the audit trail.",
                id="reason-explain",
            )
            yield ChoiceThenTypeList(*self.reasons, then="#reason-detail", id="reason-list")
            yield Label("Details (required for Other)", classes="field-label")
            yield BoundedInput(
                id="reason-detail",
                limit=MAX_REASON_LENGTH,
                placeholder="e.g. letter dated ...",
                free_text=True,
            )
            yield Static("", id="reason-message", markup=False)
            yield Button("Open record", id="reason-open", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#reason-list", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#reason-list")
    def _reason_chosen(self) -> None:
        self.query_one("#reason-detail", Input).focus()

    @on(Input.Submitted, "#reason-detail")
    @on(Button.Pressed, "#reason-open")
    def action_submit(self) -> None:
        index = self.query_one("#reason-list", OptionList).highlighted
        detail = self.query_one("#reason-detail", BoundedInput).settled_value().strip()
        if index is None:
            self.query_one("#reason-message", Static).update("Choose a reason from the list.")
            return
        reason = self.reasons[index]
        if len(detail) > MAX_REASON_LENGTH:
            self.query_one("#reason-message", Static).update(
                too_long_message("The detail", len(detail), MAX_REASON_LENGTH)
            )
            self.query_one("#reason-detail", Input).focus()
            return
        if needs_detail(reason) and not detail:
            self.query_one("#reason-message", Static).update("Describe the reason in Details.")
            self.query_one("#reason-detail", Input).focus()
            return
        self.dismiss(AccessReason(reason=reason, detail=detail))

    def action_cancel(self) -> None:
        self.dismiss(None)
