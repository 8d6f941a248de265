"""The supervisor's decision on a discrepancy report (MP-14; docs/after-the-call.md,
"Discrepancy reports"): the report in full, opened from the queue, with the value on file
under what the caller says and where it was reported (in a call, and how far the caller was
verified, or outside one, where nobody was); Enter opens the record to correct it, Ctrl+R
rejects it with a reason the reporter reads."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from custinfo_tui.domain.discrepancies import (
    MAX_DISCREPANCY_REASON,
    OUTSIDE_A_CALL,
    DiscrepancyReport,
    check_rejection,
)
from custinfo_tui.domain.field_display import as_displayed
from custinfo_tui.domain.fields import normaliser_for
from custinfo_tui.domain.limits import MIN_REASON_LENGTH
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer


def _as_read(report: DiscrepancyReport) -> str:
    """What the caller said, as typed, and as the record would show it where that reads
    differently: "01/02/1990 (1 February 1990)", so a day and month typed the other way
    round is seen before the record is corrected from it."""
    typed = report.claimed_value or ""
    if not typed:
        return "-"
    try:
        shown = as_displayed(report.field, normaliser_for(report.field)(typed))
    except (FieldError, ValueError):
        return typed
    return typed if not shown or shown == typed else f"{typed} ({shown})"


def _said_and_on_file(report: DiscrepancyReport) -> Text:
    """What the caller says over what is on file, aligned, so the two are compared without
    opening the record; the value on file is left out where it may not be seen (None)."""
    said = printable_text(f"Caller says: {_as_read(report)}")
    if report.on_file is None:
        return said
    return Text("\n").join([said, printable_text(f"On file:     {report.on_file or '-'}")])


OPEN = "open"
REJECT = "reject"
#: Enter on the report with a reason typed: nothing is opened, and nothing typed is lost.
REASON_TYPED = (
    "A reason is typed: Ctrl+R rejects the report with it. To open the record instead, "
    "empty the box (Ctrl+U), then Enter."
)


@dataclass(frozen=True, slots=True)
class Decision:
    """OPEN the record to correct it, or REJECT the report with `reason`."""

    how: str
    reason: str = ""


class DecideDiscrepancyScreen(Dialog[Decision | None]):
    """A report in full for the supervisor: open the record to correct it (Enter), or
    reject it with a reason the reporter will read (Ctrl+R).

    Opening was Ctrl+O, which on the lookup logs out (its footer says so). Enter opens,
    as it opens what is chosen on every list; with a reason typed it opens nothing and
    says that Ctrl+R rejects with it, so a reason ended with Enter is not dropped for the
    record."""

    BINDINGS = [
        # Priority: before the reason box's own Enter.
        Binding(
            "enter",
            "open_record",
            "Open record",
            tooltip="Open it to correct (with no reason typed)",
            id="open",
            priority=True,
        ),
        Binding("ctrl+r", "reject", "Reject", tooltip="Reject, with the reason typed", id="reject"),
        Binding("escape", "cancel", "Cancel", tooltip="Back to the queue", id="cancel"),
    ]

    def __init__(self, report: DiscrepancyReport) -> None:
        super().__init__()
        self.report = report
        #: The line under the box says the reason typed is too short to send.
        self._said_too_short = False

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical(classes="choice-box", id="decide-box"):
            yield Static(
                printable_text(f"Discrepancy: {report.field_label} ({report.customer_reference})"),
                classes="choice-title",
            )
            where = f", in {report.reported_in}" if report.reported_in else ""
            if report.interaction_id is None:  # from the lookup or a record, no call
                where = f", {OUTSIDE_A_CALL}"
            explain = printable_text(
                f"Reported by {report.reported_by}, {report.reported_at:%d %b %H:%M}{where}"
            )
            if report.merged_since:  # moved by a merge: the record the reporter knew
                explain = Text("\n").join([explain, printable_text(report.merged_since)])
            yield Static(explain, classes="choice-explain")
            yield Static(_said_and_on_file(report), id="decide-values")
            yield Static(printable_text(f"Why: {report.why or '-'}"))
            yield Label("Reason, to reject it (the reporter reads it)", classes="field-label")
            yield BoundedInput(
                id="decide-reason",
                limit=MAX_DISCREPANCY_REASON,
                placeholder="e.g. the letter of 3 May confirms the address on file",
                free_text=True,
            )
            yield Static(
                "Enter opens the record: F6 Edit corrects it (reason filled in), read back.",
                id="decide-message",
                markup=False,
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#decide-reason", Input).focus()

    def action_open_record(self) -> None:
        if self.unsaved_work() is not None:
            self.query_one("#decide-message", Static).update(REASON_TYPED)
            return
        self.dismiss(Decision(OPEN))

    def action_reject(self) -> None:
        box = self.query_one("#decide-reason", BoundedInput)
        reason = box.settled_value()
        try:
            check_rejection(reason)
        except FieldError as error:
            self.query_one("#decide-message", Static).update(str(error))
            self._said_too_short = bool(reason.strip())
            if self._said_too_short:  # "No": kept, selected to type over
                box.select_to_retype()
            return
        self.dismiss(Decision(REJECT, reason))

    @on(Input.Changed, "#decide-reason")
    def _typed_long_enough(self, event: Input.Changed) -> None:
        """Typed long enough, the line stops saying it is too short, as every reason box
        does ("Give at least 5 characters (2 so far)" stayed under a reason of 40)."""
        if self._said_too_short and len(event.value.strip()) >= MIN_REASON_LENGTH:
            self._said_too_short = False
            self.query_one("#decide-message", Static).update("")

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#decide-reason", BoundedInput).value.strip()
        return "the reason typed to reject the report" if typed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the report", lambda: self.dismiss(None), [self])
