"""A table refilled while the console is busy never shows a value cut to an old width.

Textual's DataTable sizes auto-width columns only when it next goes idle, and a repaint
before then (the console busy: a worker's result arriving, another key) drew "withdrawn"
as "withdr" in the record's consent tab, and shifted a row's cells. Every record tab now
fills through `RecordTable.fill`, which gives each column its widest cell's width at once.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from custinfo_tui.tui.widgets.record_table import RecordTable


class _Answers(RecordTable):
    COLUMNS = ("Purpose", "Answer")


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Answers(id="answers")


def _widths(table: RecordTable) -> list[int]:
    return [
        column.get_render_width(table) - 2 * table.cell_padding for column in table.columns.values()
    ]


async def test_a_refilled_record_table_is_as_wide_as_its_widest_cell_at_once() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(_Answers)
        table.fill([(None, (Text("Marketing by e-mail"), Text("no")))])
        await pilot.pause()
        assert _widths(table) == [19, 6]  # "Answer" is wider than "no"

        # Refilled and read before any idle moment, as a busy console repaints it.
        table.fill([(None, (Text("Marketing by e-mail"), Text("withdrawn")))])
        assert _widths(table) == [19, 9]
        assert str(table.get_row_at(0)[1]) == "withdrawn"

        table.fill([(None, (Text("Post"), Text("yes")))])
        assert _widths(table) == [7, 6]  # narrower again: nothing kept from before
