"""A customer's record: details, field history (old and new values) and who accessed it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from custinfo_tui.domain.records import CustomerRecord


def _when(value: object) -> Text:
    return Text(f"{value:%d %b %Y %H:%M}")


class RecordScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
        Binding("1", "show_tab('details')", "Details", tooltip="The record's fields", id="tab1"),
        Binding("2", "show_tab('changes')", "Changes", tooltip="Field history", id="tab2"),
        Binding("3", "show_tab('history')", "History", tooltip="Who accessed it", id="tab3"),
    ]

    def __init__(self, record: CustomerRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        record = self.record
        name = f"{record.value('given_name')} {record.value('family_name')}"
        yield Header()
        yield Static(Text(f"{name}  ({record.reference})"), id="record-title")
        with TabbedContent(initial="details"):
            with TabPane("Details", id="details"):
                yield DataTable(id="details-table", cursor_type="row")
            with TabPane("Changes", id="changes"):
                yield DataTable(id="changes-table", cursor_type="row")
            with TabPane("History", id="history"):
                yield DataTable(id="history-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        details: DataTable[Text] = self.query_one("#details-table", DataTable)
        details.add_columns("Field", "Value", "Category")
        for field in self.record.fields:
            details.add_row(Text(field.label), Text(field.value or "-"), Text(field.category.value))
        changes: DataTable[Text] = self.query_one("#changes-table", DataTable)
        changes.add_columns("When", "Field", "Old", "New", "By", "Reason")
        for change in self.record.changes:
            changes.add_row(
                _when(change.changed_at),
                Text(change.field),
                Text(change.old_value or "-"),
                Text(change.new_value or "-"),
                Text(change.operator),
                Text(change.reason),
            )
        history: DataTable[Text] = self.query_one("#history-table", DataTable)
        history.add_columns("When", "Who", "What", "Why")
        for entry in self.record.history:
            history.add_row(
                _when(entry.occurred_at),
                Text(entry.operator),
                Text(entry.action),
                Text(entry.reason or "-"),
            )
        details.focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table", DataTable).focus()
