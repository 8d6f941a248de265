"""Discrepancy reports (MP-14): reporting a detail on file as wrong, deciding a report,
and the reporter's own list.

A handler reports from the record (the highlighted field) or the lookup (the highlighted
customer, then the field from a list): what the caller says is right, and why. The report
goes to the supervisor queue; the supervisor opens it there (`DecideDiscrepancyScreen`,
tui/screens/discrepancy_decision.py) and either opens the record to correct it through
the normal edit, or rejects it with a reason. `MyReportsScreen` lists the handler's own
reports with their outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from custinfo_tui.domain.discrepancies import (
    MAX_CLAIMED_VALUE,
    MAX_DISCREPANCY_REASON,
    ClaimedValueInvalid,
    DiscrepancyIn,
    DiscrepancyReport,
    check_discrepancy,
    reported_words,
)
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog, Page
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: Seconds the notification of a report sent stays where no line of the screen says it
#: (a record opened outside a call): long enough to read.
REPORTED_FOR = 20

#: The table's columns.
REPORT_COLUMNS = ("Reported", "Reference", "Field", "Outcome")
#: Cut with an ellipsis to fit 80 columns (the line under the table has the highlighted
#: outcome whole): a long rejection ran off the screen's edge mid-word, as if all of it.
REPORT_GIVES_WAY = ("Outcome",)


class ReportDiscrepancyScreen(Dialog[DiscrepancyReport | None]):
    """What the caller says is right, and why; Ctrl+S sends, Escape goes back (asking
    first once anything is typed). The report is sent from here: a refusal (support needs
    with no Article 9 condition, a call that has ended) is shown on the form, with what was
    typed kept."""

    class Answered(Message):
        def __init__(self, report: DiscrepancyReport | None, error: str | None) -> None:
            super().__init__()
            self.report = report
            self.error = error

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding("ctrl+s", "send", "Send", tooltip="Send the report to a supervisor", id="send"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back without reporting", id="cancel"),
    ]

    def action_move_on(self) -> None:
        # Enter in the last box sends (action_send).
        move_on(self, unless=lambda box: box.id == "discrepancy-why")

    def __init__(
        self,
        field: str,
        reference: str,
        actor: Actor,
        customer_id: int,
        interaction_id: int | None = None,
    ) -> None:
        super().__init__()
        self.field = field
        self.reference = reference
        self.actor = actor
        self.customer_id = customer_id
        self.interaction_id = interaction_id
        #: Sent and not yet answered: a second Ctrl+S must not send it again.
        self._sending = False

    def compose(self) -> ComposeResult:
        label = FIELDS[self.field].label
        with Vertical(classes="choice-box", id="discrepancy-box"):
            yield Static(
                printable_text(f"Report a discrepancy: {label} ({self.reference})"),
                classes="choice-title",
            )
            yield Static(
                "The caller says the details on file are wrong. A supervisor checks and "
                "corrects the record, or says why not. Card numbers are taken out.",
                classes="choice-explain",
            )
            yield Label(printable_text(f"What the caller says the {label.lower()} should be"))
            yield BoundedInput(id="discrepancy-value", limit=MAX_CLAIMED_VALUE, free_text=True)
            yield Label("Why the details on file are wrong")
            yield BoundedInput(
                id="discrepancy-why",
                limit=MAX_DISCREPANCY_REASON,
                placeholder="e.g. moved in May; letters go to the old address",
                free_text=True,
            )
            yield Static(id="discrepancy-message", classes="error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#discrepancy-value", Input).focus()

    def _box(self, name: str) -> BoundedInput:
        return self.query_one(f"#discrepancy-{name}", BoundedInput)

    def _say(self, message: str) -> None:
        self.query_one("#discrepancy-message", Static).update(message)

    @on(Input.Submitted, "#discrepancy-why")
    def action_send(self) -> None:
        if self._sending:
            return
        given = DiscrepancyIn(
            field=self.field,
            claimed_value=self._box("value").settled_value(),
            why=self._box("why").settled_value(),
        )
        try:
            check_discrepancy(given)
        except FieldError as error:
            self._say(str(error))
            self._box("value" if isinstance(error, ClaimedValueInvalid) else "why").focus()
            return
        self._sending = True
        self._say("Sending...")
        # The keys typed after it (the next caller's name) are for the screen beneath,
        # once the report is sent; for this form again if it is refused.
        cast("CustinfoApp", self.app).tabs.hold_until_next_screen(over=self)
        self._send(given)

    @work(thread=True, exclusive=True, group="discrepancy", exit_on_error=False)
    def _send(self, given: DiscrepancyIn) -> None:
        services = cast("CustinfoApp", self.app).services()
        result = attempt(
            "send the report",
            services.report_discrepancy,
            self.actor,
            self.customer_id,
            given,
            self.interaction_id,
        )
        self.post_message(self.Answered(result.value, result.error))

    @on(Answered)
    def _answered(self, answered: Answered) -> None:
        self._sending = False
        if answered.report is not None:
            self.dismiss(answered.report)
            return
        self._say(f"Not reported: {answered.error or ''} What you typed is kept.")
        self._box("value").focus()
        cast("CustinfoApp", self.app).tabs.release()

    def unsaved_work(self) -> str | None:
        typed = any(box.value.strip() for box in self.query(BoundedInput))
        return "the discrepancy report being typed" if typed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the report", lambda: self.dismiss(None), [self])


def field_choice(reference: str) -> ChoiceScreen[str]:
    """From the lookup: which field of the record the caller says is wrong."""
    return ChoiceScreen(
        f"Report a discrepancy ({reference})",
        "Which detail does the caller say is wrong?",
        [(FIELDS[key].label, key) for key in RECORD_FIELDS],
    )


def report_discrepancy(
    screen: Screen[Any],
    actor: Actor,
    customer_id: int,
    reference: str,
    field: str,
    interaction_id: int | None = None,
    *,
    then: Callable[[], object] | None = None,
    tell: Callable[[str], object] | None = None,
    caller_on_the_line: bool = True,
) -> None:
    """Ask for the report on `field` and send it; once it is sent, say so, with the words
    for the caller when one is on the line (`reported_words`), by `tell` (in a call, on the
    verification panel's line) or in a notification that stays long enough to read them
    out; then run `then` (the record screen shows the report on its timeline)."""

    def sent(report: DiscrepancyReport | None) -> None:
        if report is not None:
            said = reported_words(report.id, caller_on_the_line=caller_on_the_line)
            if tell is not None:
                tell(said)
            else:
                screen.notify(said, markup=False, timeout=REPORTED_FOR)
            if then is not None:
                then()

    screen.app.push_screen(
        ReportDiscrepancyScreen(field, reference, actor, customer_id, interaction_id), sent
    )


# -- The reporter's own list ---------------------------------------------------------------


#: The empty list says why it is empty and how a report gets here: from the lookup's
#: results or a record's field, the two places Ctrl+D reports from.
NO_REPORTS = (
    "You have not reported any discrepancy. To report a detail as wrong, press Ctrl+D on "
    "the customer's row in the lookup or on the field in their record: it is listed here "
    "with what a supervisor decides."
)


class MyReportsScreen(Page[None]):
    """The handler's own discrepancy reports, newest first, with what was decided."""

    class Loaded(Message):
        def __init__(self, reports: list[DiscrepancyReport], error: str | None) -> None:
            super().__init__()
            self.reports = reports
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
        Binding("f5", "refresh", "Refresh", tooltip="Reload your reports", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.reports: list[DiscrepancyReport] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Your discrepancy reports, newest first.", id="reports-status")
        yield DataTable(id="reports-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="reports-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#reports-table", DataTable)
        table.add_columns(*REPORT_COLUMNS)
        table.focus()
        self.action_refresh()

    @work(thread=True, exclusive=True, group="my-reports", exit_on_error=False)
    def action_refresh(self) -> None:
        services = cast("CustinfoApp", self.app).services()
        result = attempt("list your reports", services.my_discrepancy_reports, self.actor)
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.reports = loaded.reports
        rows = [
            (
                str(report.id),
                (
                    Text(f"{report.reported_at:%d %b %H:%M}"),
                    printable_text(report.customer_reference),
                    printable_text(report.field_label),
                    printable_text(report.outcome),
                ),
            )
            for report in loaded.reports
        ]
        fill_sized(
            self.query_one("#reports-table", DataTable),
            REPORT_COLUMNS,
            rows,
            keep_place=True,
            gives_way=REPORT_GIVES_WAY,
        )
        count = len(loaded.reports)
        status = loaded.error or (
            f"{count} {'report' if count == 1 else 'reports'}, newest first."
            if count
            else NO_REPORTS
        )
        self.query_one("#reports-status", Static).update(Text(status))
        self._detail()

    @on(DataTable.RowHighlighted, "#reports-table")
    def _detail(self) -> None:
        """The highlighted report's outcome in full: a long reason is never cut off."""
        row = self.query_one("#reports-table", DataTable).cursor_row
        if not 0 <= row < len(self.reports):
            self.query_one("#reports-detail", Static).update("")
            return
        report = self.reports[row]
        line = f"{report.field_label} ({report.customer_reference}): {report.outcome}"
        if report.decided_by and report.decided_at:  # apart: " by" read as the reason's
            line = f"{line} - decided by {report.decided_by}, {report.decided_at:%d %b}"
        if report.merged_since:  # the record the reporter knew it by
            line = f"{line}. {report.merged_since}"
        self.query_one("#reports-detail", Static).update(printable_text(line))
