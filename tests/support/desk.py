"""The data protection desk by keys: F7 on the lookup, then one of its sections."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen
from tests.support.screen import press, until


async def open_desk_section(pilot: Pilot[Any], section: str) -> None:
    """F7 from the lookup, then down the desk's list to `section` and Enter."""
    await press(pilot, "f7")
    # On a loaded machine the desk's screen can open a moment after the key is read.
    await until(pilot, lambda: isinstance(pilot.app.screen, DpoDeskScreen))
    assert isinstance(pilot.app.screen, DpoDeskScreen)
    options = pilot.app.screen.query_one("#desk-sections", OptionList)
    while (
        options.highlighted is None
        or options.get_option_at_index(options.highlighted).id != section
    ):
        await press(pilot, "down")
    await press(pilot, "enter")
