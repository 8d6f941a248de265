"""PgDn "More" and PgUp "Earlier" (tui/widgets/paged_scroll.py), on a pane of its own.

The verification panel, the erasure preview, the debrief's detail and a complaint read in
full each had their own copy of the keys and of when the footer named them; they share
this one now. Here the footer names each key while it has somewhere to go, follows the
pane as it is scrolled, refilled and resized, and a key not named does nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Input, Static

from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.paged_scroll import (
    PAGE_ACTIONS,
    KeysNamed,
    PagedScroll,
    page_key_bindings,
)
from tests.support.screen import footer_text, press, settle

SIZE = (80, 24)


def _lines(count: int) -> str:
    return "\n".join(f"Line {n}" for n in range(1, count + 1))


class _Reading(App[None]):
    """A one-line box (with the focus, as the panel's answer box has) over a pane of
    numbered lines, the pane's keys on the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *page_key_bindings(tooltips=("Read on", "Read back")),
    ]

    def __init__(self, lines: int, named: KeysNamed = KeysNamed.WHILE_THERE_IS_MORE) -> None:
        super().__init__()
        self.lines, self.named = lines, named

    def compose(self) -> ComposeResult:
        yield Input(id="box")
        with PagedScroll(id="pane", named=self.named):
            yield Static(_lines(self.lines), id="text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#box").focus()

    @property
    def pane(self) -> PagedScroll:
        return self.query_one("#pane", PagedScroll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.pane.key_shown(action) if action in PAGE_ACTIONS else True

    def action_read_on(self) -> None:
        self.pane.read_on()

    def action_read_back(self) -> None:
        self.pane.read_back()


async def test_each_key_is_named_while_it_has_somewhere_to_go() -> None:
    app = _Reading(lines=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "PgDn More" in footer_text(app) and "PgUp" not in footer_text(app)

        await press(pilot, "pagedown")  # from the box: the pane's key, not the box's
        assert app.pane.scroll_y > 0
        assert "PgDn More" in footer_text(app) and "PgUp Earlier" in footer_text(app)

        await press(pilot, "pagedown", "pagedown", "pagedown")
        assert app.pane.scroll_y == app.pane.max_scroll_y
        assert "PgUp Earlier" in footer_text(app) and "PgDn" not in footer_text(app)

        await press(pilot, "pagedown")  # not named: nothing moves
        assert app.pane.scroll_y == app.pane.max_scroll_y

        await press(pilot, "pageup", "pageup", "pageup", "pageup")
        assert app.pane.scroll_y == 0
        assert "PgDn More" in footer_text(app) and "PgUp" not in footer_text(app)


async def test_what_fits_names_no_key_until_new_lines_run_past_the_edge() -> None:
    app = _Reading(lines=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "PgDn" not in footer_text(app) and "PgUp" not in footer_text(app)

        app.query_one("#text", Static).update(_lines(60))
        await settle(pilot)
        assert "PgDn More" in footer_text(app)


async def test_a_taller_terminal_holding_it_all_takes_the_keys_away() -> None:
    app = _Reading(lines=30)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "PgDn More" in footer_text(app)

        await pilot.resize_terminal(80, 40)
        await settle(pilot)
        assert "PgDn" not in footer_text(app) and "PgUp" not in footer_text(app)


async def test_one_at_a_time_names_pgup_only_at_the_bottom() -> None:
    app = _Reading(lines=60, named=KeysNamed.ONE_AT_A_TIME)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "pagedown")
        assert "PgDn More" in footer_text(app) and "PgUp" not in footer_text(app)

        while "PgDn" in footer_text(app):
            await press(pilot, "pagedown")
        assert "PgUp Earlier" in footer_text(app)


async def test_read_on_always_names_pgdn_always_and_pgup_only_with_somewhere_to_go() -> None:
    """The debrief's detail: PgDn stays in the footer whatever the text (it changes with
    the list above); PgUp, named always before, did nothing at the top."""
    app = _Reading(lines=5, named=KeysNamed.READ_ON_ALWAYS)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "PgDn More" in footer_text(app) and "PgUp" not in footer_text(app)

        app.query_one("#text", Static).update(_lines(60))
        await settle(pilot)
        assert "PgDn More" in footer_text(app) and "PgUp" not in footer_text(app)
        await press(pilot, "pagedown")
        assert "PgDn More" in footer_text(app) and "PgUp Earlier" in footer_text(app)
        await press(pilot, "pageup")
        assert app.pane.scroll_y == 0 and "PgUp" not in footer_text(app)
