"""A record's history tabs: field changes with old and new values, and the timeline."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.printable_text import printable_text, stored_value_text
from custinfo_tui.tui.widgets.record_table import RecordTable, row_in_words, when
from custinfo_tui.tui.widgets.sized_rows import Row


class ChangesTable(RecordTable):
    """Each correction with its old and new value, who made it and why (MP-10)."""

    COLUMNS = ("When", "Field", "Old", "New", "By", "Reason")
    GIVES_WAY = ("Reason", "Old", "New")
    LABELLED = True  # under its time

    def show(self, record: CustomerRecord) -> None:
        rows: list[Row] = []
        if record.changes_hidden:
            hidden = Text("Field history holds old values: open the record outside a call.")
            rows.append((None, (Text("-"), hidden, *(Text("") for _ in range(4)))))
        for change in record.changes:
            cells = (
                when(change.changed_at),
                printable_text(change.field),
                stored_value_text(change.old_value or "-"),
                stored_value_text(change.new_value or "-"),
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


#: The timeline's one line while it is read.
READING = "Reading the timeline..."
#: More rows than the timeline ever has: its last row, wherever that is.
TIMELINE_ROWS = 10_000


class TimelineTable(RecordTable):
    """Everything that happened to the record, newest first.

    In a call the table sits beside the verification panel, with half the screen's width:
    there it shows when and what, and the line under the tabs gives who and why (for the
    caller mostly "hidden: needs Standard") with the rest of the highlighted event, so
    that What, the event itself, keeps what room there is."""

    COLUMNS = ("When", "What", "Who", "Why")
    GIVES_WAY = ("Why", "What")  # who did it stays whole

    def __init__(self, *, in_call: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.in_call = in_call
        #: Each row's cells whole, those the table leaves out in a call included.
        self._events: list[tuple[Text, ...]] = []
        #: While the timeline is read: the row the keys typed meanwhile lead to.
        self._wanted_row: int | None = None

    def columns_shown(self) -> tuple[str, ...]:
        return self.COLUMNS[:2] if self.in_call else self.COLUMNS

    def show(self, record: CustomerRecord) -> None:
        reading = record.history is None  # in a call, read once the tab is shown
        if record.history is None:
            self._events = [(Text("-"), Text(READING), Text(""), Text(""))]
        else:
            self._events = [
                (
                    when(entry.occurred_at),
                    printable_text(entry.what),
                    printable_text(entry.operator),
                    printable_text(entry.reason or "-"),
                )
                for entry in record.history
            ]
        if record.older_events_hidden:  # said at the end, where the older ones would be
            self._events.append((Text("-"), Text(OLDER_EVENTS), Text(""), Text("")))
        shown = len(self.columns_shown())
        self.fill([(None, cells[:shown]) for cells in self._events])
        if reading:
            self._wanted_row = self._wanted_row or 0
        elif self._wanted_row is not None:  # where the keys typed while it was read lead
            self.move_cursor(row=min(self._wanted_row, self.row_count - 1))
            self._wanted_row = None

    # While the timeline is read, the cursor keys typed meanwhile move where the cursor
    # will be once it is there: "3" then Down Down typed at once reach the third event.

    def _move_wanted(self, rows: int) -> bool:
        """Move the wanted row by `rows` if the timeline is being read; whether it was."""
        if self._wanted_row is None:
            return False
        self._wanted_row = max(0, self._wanted_row + rows)
        return True

    def action_cursor_down(self) -> None:
        if not self._move_wanted(1):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not self._move_wanted(-1):
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if not self._move_wanted(self._page()):
            super().action_page_down()

    def action_page_up(self) -> None:
        if not self._move_wanted(-self._page()):
            super().action_page_up()

    def action_scroll_top(self) -> None:
        if not self._move_wanted(-(self._wanted_row or 0)):
            super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        if not self._move_wanted(TIMELINE_ROWS):
            super().action_scroll_bottom()

    def _page(self) -> int:
        """Rows in a page of the table, one a row (the timeline's rows are one line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def detail(self) -> RenderableType:
        """The highlighted event whole, beside its time, wrapping under itself. In a call,
        with who and why, as one paragraph: beside the checks the line has 47 columns, and
        a column for the time would leave the event 29, cutting a long one (a note, every
        field read back) at the line's five rows."""
        row = self.cursor_row
        if not 0 <= row < len(self._events):
            return super().detail()
        cells = [cell.plain for cell in self._events[row]]
        return row_in_words(cells, labelled=not self.in_call)
