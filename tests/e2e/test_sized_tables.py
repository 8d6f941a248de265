"""A table refilled while the console is busy never shows a value cut to an old width.

Textual's DataTable sizes auto-width columns only when it next goes idle, and a repaint
before then (the console busy: a worker's result arriving, another key) drew "withdrawn"
as "withdr" in the record's consent tab, and shifted a row's cells. Every record tab now
fills through `RecordTable.fill`, which gives each column its widest cell's width at once.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from custinfo_tui.tui.widgets.record_table import RecordTable
from custinfo_tui.tui.widgets.sized_rows import fill_sized
from tests.support.screen import screen_text


class _Answers(RecordTable):
    COLUMNS = ("Purpose", "Answer")


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Answers(id="answers")


def _widths(table: DataTable[Text]) -> list[int]:
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


class _Matches(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="matches")


def _fill_matches(app: _Matches) -> DataTable[Text]:
    table: DataTable[Text] = app.query_one("#matches", DataTable)
    name = "Hubert Blaine Maximilian Alexander Benedict Christopher Wolfeschlegelsteinhausen"
    rows = [("1", (Text("1001 2345 P"), Text(name), Text("SE1 2**"), Text("...123")))]
    fill_sized(table, ("Reference", "Name", "Postcode", "Phone"), rows, gives_way=("Name",))
    return table


async def test_the_column_that_gives_way_is_cut_to_the_table_and_follows_its_width() -> None:
    """A long name once widened the lookup's table past the screen, taking the postcode
    and phone off it for every row; the name is cut instead, and the table, resized, is
    laid out again."""
    app = _Matches()
    async with app.run_test(size=(80, 24)) as pilot:
        table = _fill_matches(app)
        await pilot.pause()
        await pilot.pause()
        assert sum(_widths(table)) + 2 * table.cell_padding * 4 == 80
        assert _widths(table)[2:] == [8, 6]  # Postcode and Phone whole
        shown = screen_text(app)
        assert "SE1 2**" in shown and "...123" in shown and "Wolfe" not in shown
        assert "…" in shown  # the cut name says it is cut

        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        await pilot.pause()
        assert "Wolfeschlegelsteinhausen" in screen_text(app)  # room for it all now
        assert str(table.get_row_at(0)[1]).startswith("Hubert")  # one row, still whole
        assert table.row_count == 1


async def test_a_table_filled_before_it_is_laid_out_is_fitted_once_it_is() -> None:
    app = _Matches()
    async with app.run_test(size=(60, 24)) as pilot:
        table = app.query_one("#matches", DataTable)
        table.display = False  # as a record tab not yet shown
        await pilot.pause()
        _fill_matches(app)
        table.display = True
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)
        assert "SE1 2**" in shown and "...123" in shown
