"""A record's history tabs: field changes with old and new values, and the timeline."""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.widgets.record_table import RecordTable, when
from custinfo_tui.tui.widgets.sized_rows import Row


class ChangesTable(RecordTable):
    """Each correction with its old and new value, who made it and why (MP-10)."""

    COLUMNS = ("When", "Field", "Old", "New", "By", "Reason")

    def show(self, record: CustomerRecord) -> None:
        rows: list[Row] = []
        if record.changes_hidden:
            hidden = Text("Field history holds old values: open the record outside a call.")
            rows.append((None, (Text("-"), hidden, *(Text("") for _ in range(4)))))
        for change in record.changes:
            cells = (
                when(change.changed_at),
                printable_text(change.field),
                printable_text(change.old_value or "-"),
                printable_text(change.new_value or "-"),
                printable_text(change.operator),
                printable_text(change.reason),
            )
            rows.append((None, cells))
        self.fill(rows)


#: The timeline's last line when the customer has more events than it lists.
OLDER_EVENTS = (
    "Older events are not listed here: the audit trail (supervisors, the DPO) and a "
    "subject access pack have them all."
)


class TimelineTable(RecordTable):
    """Everything that happened to the record, newest first."""

    COLUMNS = ("When", "What", "Who", "Why")

    def show(self, record: CustomerRecord) -> None:
        rows: list[Row] = [
            (
                None,
                (
                    when(entry.occurred_at),
                    printable_text(entry.what),
                    printable_text(entry.operator),
                    printable_text(entry.reason or "-"),
                ),
            )
            for entry in record.history
        ]
        if record.older_events_hidden:  # said at the end, where the older ones would be
            rows.append((None, (Text("-"), Text(OLDER_EVENTS), Text(""), Text(""))))
        self.fill(rows)
