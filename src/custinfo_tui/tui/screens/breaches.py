"""Breaches on the data protection desk (MP-20): each open breach with its 72-hour clock,
the DPO's assessment, and closing with a summary.

`BreachesScreen` lists the open breaches, overdue clocks first and in red, then the high
risks whose people are still to tell (Art. 34: its clock column says so, in bold), the
highlighted one in brief underneath. Enter (or F2) opens `AssessBreachScreen`: the risk to
individuals, whether (and when) the ICO was told or why not, and the same for the
individuals (Art. 33 and 34). F3 closes the highlighted breach with a summary
(`CloseBreachScreen`), once the rest is recorded; the services refuse it otherwise. Both
forms are in screens/breach_forms.py. V opens the breach's whole record
(screens/breach_record.py), as `custinfo breach show` prints it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.breaches import (
    TIME_FORMAT,
    BreachRisk,
    BreachView,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.breach_forms import AssessBreachScreen, CloseBreachScreen
from custinfo_tui.tui.screens.breach_record import read_breach_record
from custinfo_tui.tui.screens.breach_report import BreachReported
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

COLUMNS = ("No.", "Discovered", "Clock", "Risk", "ICO", "People")
#: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table has
#: the highlighted breach whole): "stopped: ICO decision recorded" beside "told 27 h 05
#: min late" pushed People, how many were affected, off the screen.
GIVES_WAY = ("Clock", "ICO")
RISK_SHORT = {
    BreachRisk.UNLIKELY: "unlikely",
    BreachRisk.RISK: "risk",
    BreachRisk.HIGH_RISK: "HIGH",
}
DAY_TIME = "%d %b %H:%M"
#: The keys that act on the highlighted breach: offered only while one is listed.
_ON_A_BREACH = frozenset(("assess", "close_breach", "record"))


class BreachesScreen(Page[None]):
    """The DPO's breaches; the loading worker posts `Loaded`."""

    class Loaded(Message):
        def __init__(self, breaches: list[BreachView], error: str | None) -> None:
            super().__init__()
            self.breaches = breaches
            self.error = error

    class Closed(Message):
        """The closing worker finished (closed or refused): read the list again."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the desk", id="back"),
        Binding(
            "f2",
            "assess",
            "Assess",
            tooltip="Record the risk and who was told (or Enter)",
            id="assess",
        ),
        Binding("f3", "close_breach", "Close", tooltip="Close it, with a summary", id="close"),
        Binding(
            "v", "record", "Record", tooltip="The breach's whole record (Art. 33(5))", id="record"
        ),
        # "All", as the line over the table then says ("All breaches: 3"): "Closed too"
        # pushed F5 off the footer once V joined it.
        Binding("f4", "toggle_closed", "All", tooltip="Show closed breaches too", id="all"),
        Binding("f5", "refresh", "Refresh", tooltip="Read the breaches again", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.breaches: list[BreachView] = []
        self.open_only = True

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Breaches: reading...", id="breaches-status")
        yield DataTable(id="breaches-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="breaches-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#breaches-table", DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F2, F3 and V act on the highlighted breach: with none listed they leave the
        footer and the palette, whose line says what fills the list (Ctrl+B)."""
        if action in _ON_A_BREACH:
            return bool(self.breaches)
        return True

    def selected(self) -> BreachView | None:
        row = self.query_one("#breaches-table", DataTable).cursor_row
        return self.breaches[row] if 0 <= row < len(self.breaches) else None

    @work(thread=True, exclusive=True, group="breaches", exit_on_error=False)
    def action_refresh(self) -> None:
        result = attempt(
            "list the breaches",
            self.custinfo.services().breaches,
            self.actor,
            open_only=self.open_only,
        )
        self.post_message(self.Loaded(result.value or [], result.error))

    def action_toggle_closed(self) -> None:
        self.open_only = not self.open_only
        self.action_refresh()

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.breaches = loaded.breaches
        table = self.query_one("#breaches-table", DataTable)
        row = table.cursor_row
        rows = [
            (
                str(breach.id),
                (
                    Text(str(breach.id)),
                    Text(f"{breach.discovered_at:{DAY_TIME}}"),
                    Text(breach.clock, style=_clock_style(breach)),
                    Text(RISK_SHORT[breach.risk] if breach.risk else "-"),
                    Text(breach.ico_short, style="bold" if breach.ico_late_by else ""),
                    Text(_people(breach.people_affected)),
                ),
            )
            for breach in loaded.breaches
        ]
        fill_sized(table, COLUMNS, rows, keep_place=True, gives_way=GIVES_WAY)
        if loaded.breaches:
            table.move_cursor(row=min(max(row, 0), len(loaded.breaches) - 1))
        overdue = sum(1 for b in loaded.breaches if b.overdue)
        late = sum(1 for b in loaded.breaches if b.ico_late_by)
        told_late = f", {late} told the ICO late" if late else ""
        due = sum(1 for b in loaded.breaches if b.individuals_due)
        to_tell = f", {due} high risk with the people to tell" if due else ""
        which = "Open breaches" if self.open_only else "All breaches"
        status = loaded.error or (
            f"{which}: {len(loaded.breaches)}, {overdue} overdue{told_late}{to_tell} (the "
            "ICO: 72 hours from discovery). Times UTC."
            if loaded.breaches
            else "No open breaches. Ctrl+B reports one."
            if self.open_only
            else "No breaches reported. Ctrl+B reports one."
        )
        self.query_one("#breaches-status", Static).update(Text(status))
        self.refresh_bindings()  # F2, F3 and V come and go with the breaches listed
        self._detail()

    @on(DataTable.RowHighlighted, "#breaches-table")
    def _detail(self) -> None:
        breach = self.selected()
        detail = self.query_one("#breaches-detail", Static)
        if breach is None:
            detail.update("")
            return
        people = "unknown" if breach.people_affected is None else f"{breach.people_affected:,}"
        counted = breach.records_affected
        records = "not recorded" if counted is None else f"{counted:,}"
        customers = ", ".join(breach.customer_references) or "none named"
        lines = [
            f"Breach {breach.id}, reported by {breach.reported_by} {breach.reported_at:{DAY_TIME}};"
            f" tell the ICO by {breach.deadline:{TIME_FORMAT}}: {breach.clock}",
            f"What happened: {breach.what_happened}",
            f"Data: {', '.join(c.value.replace('_', ' ') for c in breach.categories)}; "
            f"people: {people}; records: {records}; customers: {customers}",
            f"Risk: {breach.risk.label if breach.risk else 'not assessed'}",
            breach.told_line("ICO"),
            breach.told_line("Individuals"),
        ]
        if breach.summary:
            lines.append(f"Closed: {breach.summary}")
        detail.update(Text("\n").join(printable_text(line) for line in lines))

    def action_record(self) -> None:
        breach = self.selected()
        if breach is None:
            self.notify("Choose a breach.", markup=False)
            return
        read_breach_record(self, self.actor, breach.id)

    @on(DataTable.RowSelected, "#breaches-table")
    def _assess_selected(self) -> None:
        if not self.is_active:  # a second Enter, read before the first opened its screen
            return
        self.action_assess()

    def action_assess(self) -> None:
        breach = self.selected()
        if breach is None or not breach.is_open:
            self.notify("Choose an open breach.", markup=False)
            return

        def assessed(view: BreachView | None) -> None:
            if view is not None:
                self.notify(f"Breach {view.id}: assessment recorded.", markup=False)
                self.action_refresh()

        self.app.push_screen(AssessBreachScreen(self.actor, breach), assessed)

    def action_close_breach(self) -> None:
        breach = self.selected()
        if breach is None or not breach.is_open:
            self.notify("Choose an open breach.", markup=False)
            return
        missing = breach.missing_to_close()
        if missing is not None:
            self.notify(missing, severity="error", markup=False)
            return

        def summarised(summary: str | None) -> None:
            if summary is not None:
                self._close(breach.id, summary)

        self.app.push_screen(CloseBreachScreen(breach.id), summarised)

    @work(thread=True, group="breach-close", exit_on_error=False)
    def _close(self, breach_id: int, summary: str) -> None:
        result = attempt(
            "close the breach",
            self.custinfo.services().close_breach,
            self.actor,
            breach_id,
            summary,
        )
        tell_handler(self.app, result, done=f"Breach {breach_id} closed.")
        self.post_message(self.Closed())

    @on(Closed)
    def _reload_after_closing(self) -> None:
        self.action_refresh()

    @on(BreachReported)
    def _reload_after_reporting(self) -> None:
        """A breach reported from here (Ctrl+B) is listed at once, not at the next F5."""
        self.action_refresh()


def _clock_style(breach: BreachView) -> str:
    """Red for a clock past its 72 hours; bold for a high risk with the people to tell."""
    if breach.overdue:
        return "bold red"
    return "bold" if breach.individuals_due else ""


def _people(count: int | None) -> str:
    """Roughly how many people, "?" when not known."""
    return "?" if count is None else f"{count:,}"
