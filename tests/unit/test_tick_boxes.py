"""Every tick list on the console reads its state in the box, not by colour alone.

Textual's SelectionList draws an X in every box, ticked or not, and tells them apart by
colour; a colour-blind handler or a monochrome terminal reads every box as ticked (found
on the third-party request form, where it looked as if the whole record were asked for).
The console's TickList leaves an unticked box empty: screens use it, never SelectionList.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult

import custinfo_tui.tui
from custinfo_tui.tui.widgets.tick_list import TickList

TUI = Path(custinfo_tui.tui.__file__).parent
BARE = re.compile(r"\bSelectionList\s*(\[[^\]]*\])?\s*\(")


def test_no_screen_builds_a_bare_selection_list() -> None:
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in sorted(TUI.rglob("*.py"))
        if path.name != "tick_list.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert found == [], f"use TickList (tui/widgets/tick_list.py) instead: {found}"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield TickList[str](*[(name, name) for name in ("given", "family", "birth", "phone")])

    def on_mount(self) -> None:
        self.query_one(TickList).focus()


@pytest.mark.parametrize("tick", ["space", "enter"])
async def test_keys_typed_ahead_tick_the_box_highlighted_when_the_tick_was_typed(
    tick: str,
) -> None:
    """Space, Down, Down read from the terminal in one go (a fast handler, or keys that
    arrive together over a slow remote session) tick the first box, not the third: found on
    the third-party request form, where it would have asked for the wrong field."""
    app = _Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in (tick, "down", "down", tick, "down"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        ticks = app.query_one(TickList)
        assert sorted(ticks.selected) == ["birth", "given"]
        assert ticks.highlighted == 3
