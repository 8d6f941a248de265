"""The DPO desk's *Third-party disclosures* (MP-17): requests waiting for a decision, and
those approved but not yet released, oldest first. `Enter` decides a waiting one or
releases an approved one (tui/screens/disclosure_decision.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.disclosures import Disclosure
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.disclosure_decision import work_disclosure
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The table's columns.
DESK_COLUMNS = ("Recorded", "Reference", "Organisation", "Status")
#: Cut with an ellipsis to fit 80 columns (the line under the table names the highlighted
#: request's organisation whole): a long one had pushed Status off the screen.
DESK_GIVES_WAY = ("Organisation",)


def detail_line(disclosure: Disclosure) -> str:
    """ "Example Constabulary: <basis>; fields: Phone; recorded in the phone call of 14:02"
    (no call named for one recorded outside a call)."""
    line = (
        f"{disclosure.organisation}: {disclosure.lawful_basis}; "
        f"fields: {', '.join(disclosure.field_labels)}"
    )
    call = disclosure.recorded_in_call()
    return line if call is None else f"{line}; recorded in {call}"


class DisclosuresTable(DataTable[object]):
    """The requests: Enter opens the highlighted one (named in the footer, which a plain
    table's Enter is not), offered while there is one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            tooltip="Open the highlighted request: decide it, or release an approved one",
        )
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.row_count > 0
        return super().check_action(action, parameters)


class DisclosuresScreen(Page[None]):
    """The load worker posts `Loaded`."""

    class Loaded(Message):
        def __init__(self, disclosures: list[Disclosure], error: str | None) -> None:
            super().__init__()
            self.disclosures = disclosures
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the desk", id="back"),
        Binding("f5", "refresh", "Refresh", tooltip="Reload the requests", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.disclosures: list[Disclosure] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Third-party disclosures: loading...", id="disclosures-status")
        yield DisclosuresTable(id="disclosures-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="disclosures-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#disclosures-table", DataTable)
        table.add_columns(*DESK_COLUMNS)
        table.focus()
        self.action_refresh()

    @work(thread=True, exclusive=True, group="disclosures", exit_on_error=False)
    def action_refresh(self) -> None:
        services = cast("CustinfoApp", self.app).services()
        result = attempt("list the requests", services.disclosures_to_work, self.actor)
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.disclosures = loaded.disclosures
        rows = [
            (
                str(disclosure.id),
                (
                    Text(f"{disclosure.requested_at:%d %b %H:%M}"),
                    printable_text(disclosure.customer_reference),
                    printable_text(disclosure.organisation),
                    printable_text(disclosure.status.label),
                ),
            )
            for disclosure in loaded.disclosures
        ]
        fill_sized(
            self.query_one("#disclosures-table", DataTable),
            DESK_COLUMNS,
            rows,
            keep_place=True,
            gives_way=DESK_GIVES_WAY,
        )
        count = len(loaded.disclosures)
        status = loaded.error or (
            f"Third-party disclosures: {count} to decide or release, oldest first. "
            "Enter to work one."
            if count
            else "Third-party disclosures: none waiting."
        )
        self.query_one("#disclosures-status", Static).update(Text(status))
        self.refresh_bindings()  # Enter, offered while a request is listed
        self._detail()

    def _current(self) -> Disclosure | None:
        row = self.query_one("#disclosures-table", DataTable).cursor_row
        return self.disclosures[row] if 0 <= row < len(self.disclosures) else None

    @on(DataTable.RowHighlighted, "#disclosures-table")
    def _detail(self) -> None:
        """The highlighted request's organisation, basis and fields under the table, and
        the call it was recorded in: the DPO reads which call, to find it on the record's
        timeline, before opening it."""
        disclosure = self._current()
        self.query_one("#disclosures-detail", Static).update(
            printable_text(detail_line(disclosure) if disclosure else "")
        )

    @on(DataTable.RowSelected, "#disclosures-table")
    def _work(self) -> None:
        if not self.is_active:  # a second Enter, read before the first opened its screen
            return
        disclosure = self._current()
        if disclosure is not None:
            work_disclosure(self, self.actor, disclosure, done=self.action_refresh)
