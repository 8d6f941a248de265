"""The record's Timeline tab says when a long-standing customer has older events than it
lists (tui/widgets/record_history.py), at the end where they would be."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from custinfo_tui.domain.records import CustomerRecord, HistoryEntry
from custinfo_tui.tui.widgets.record_history import OLDER_EVENTS, READING, TimelineTable

ENTRY = HistoryEntry(
    occurred_at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
    operator="agent",
    action="customer.viewed",
    what="Record opened",
    fields=(),
    reason=None,
    outcome="ok",
)


class TimelineHost(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineTable(id="history-table")


def _record(*, older_hidden: bool) -> CustomerRecord:
    return CustomerRecord(
        customer_id=1,
        reference="1001 2345 P",
        version=1,
        fields=(),
        changes=(),
        history=(ENTRY,),
        older_events_hidden=older_hidden,
    )


async def test_the_last_line_says_older_events_are_left_out_only_when_they_are() -> None:
    app = TimelineHost()
    async with app.run_test(size=(80, 24)):
        table = app.query_one(TimelineTable)
        table.show(_record(older_hidden=True))
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1] for row in rows] == ["Record opened", OLDER_EVENTS]

        table.show(_record(older_hidden=False))
        assert table.row_count == 1


async def test_cursor_keys_typed_while_the_timeline_is_read_are_kept_for_it() -> None:
    """In a call the tab reads the timeline when shown: "3" then Down Down typed at once
    reach the third event once it is there, not the one line said while reading."""
    app = TimelineHost()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(TimelineTable)
        table.focus()
        table.show(_record(older_hidden=False).model_copy(update={"history": None}))
        assert table.get_row_at(0)[1].plain == READING
        await pilot.press("down", "down")

        entries = tuple(ENTRY.model_copy(update={"what": f"Event {n}"}) for n in range(5))
        table.show(_record(older_hidden=False).model_copy(update={"history": entries}))
        await pilot.pause()
        assert table.get_row_at(table.cursor_row)[1].plain == "Event 2"

        await pilot.press("down")  # and the keys after it move the table as ever
        assert table.get_row_at(table.cursor_row)[1].plain == "Event 3"
