"""Every tick list on the console reads its state in the box, not by colour alone.

Textual's SelectionList draws an X in every box, ticked or not, and tells them apart by
colour; a colour-blind handler or a monochrome terminal reads every box as ticked (found
on the third-party request form, where it looked as if the whole record were asked for).
The console's TickList leaves an unticked box empty: screens use it, never SelectionList.
"""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from custinfo_tui.tui.widgets.tick_list import TickList
from tests.support.tui_source import lines_matching

BARE = re.compile(r"\bSelectionList\s*(\[[^\]]*\])?\s*\(")


def test_no_screen_builds_a_bare_selection_list() -> None:
    found = lines_matching(BARE, apart_from="tick_list.py")
    assert found == [], f"use TickList (tui/widgets/tick_list.py) instead: {found}"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield TickList[str](*[(name, name) for name in ("given", "family", "birth", "phone")])

    def on_mount(self) -> None:
        self.query_one(TickList).focus()


async def test_keys_typed_ahead_tick_the_box_highlighted_when_the_tick_was_typed() -> None:
    """Space, Down, Down read from the terminal in one go (a fast handler, or keys that
    arrive together over a slow remote session) tick the first box, not the third: found on
    the third-party request form, where it would have asked for the wrong field."""
    app = _Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in ("space", "down", "down", "space", "down"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        ticks = app.query_one(TickList)
        assert sorted(ticks.selected) == ["birth", "given"]
        assert ticks.highlighted == 3


class _Form(App[None]):
    """A tick list with a box after it, and the console's Tab: a priority binding, which
    moves the focus as the key is read (tui/app.py)."""

    BINDINGS = [Binding("tab", "focus_next", "Next box", priority=True)]

    def compose(self) -> ComposeResult:
        yield TickList[str](*[(name, name) for name in ("personal", "special", "orders")])
        yield Input(id="after")

    def on_mount(self) -> None:
        self.query_one(TickList).focus()


@pytest.mark.parametrize(
    ("keys", "ticked"),
    [
        (("space", "tab"), ["personal"]),
        (("down", "down", "space", "up", "space", "tab"), ["orders", "special"]),
    ],
)
async def test_ticks_typed_just_before_a_tab_tick_the_boxes_they_were_typed_at(
    keys: tuple[str, ...], ticked: list[str]
) -> None:
    """Found in tmux on the breach report: the kind of data ticked with Space, then Tab on
    to the customers, read together: the Space was matched among the bindings of the box the
    Tab had moved to, and nothing was ticked (with Down first, the Space then ticked the
    first box instead of the third)."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in keys:
            app.post_message(events.Key(key, " " if key == "space" else None))
        for _ in range(4):
            await pilot.pause()
        assert sorted(app.query_one(TickList).selected) == ticked
        assert app.focused is app.query_one("#after")


async def test_enter_moves_on_to_the_next_box_and_ticks_nothing() -> None:
    """Found by an explorer on the wrap-up: Tab, then Enter to go on from the rights asked
    ticked the highlighted one ("Erasure"), and an erasure nobody asked for went to the
    DPO. Enter moves on, as it does from a form's text boxes; only Space ticks, and the
    keys typed after the Enter go to the box it moved to."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        for key, character in (("down", None), ("enter", None), ("x", "x")):
            app.post_message(events.Key(key, character))
        for _ in range(4):
            await pilot.pause()
        assert app.query_one(TickList).selected == []
        after = app.query_one("#after", Input)
        assert app.focused is after and after.value == "x"
