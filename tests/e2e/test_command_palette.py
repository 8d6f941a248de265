"""The command palette lists every key of the screen, found by what it does (Ctrl+P)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support import tour
from tests.support.screen import screen_text

SIZE = (80, 24)


async def _palette(pilot: Pilot[None], query: str) -> str:
    await tour.keys(pilot, "ctrl+p", *query)
    return screen_text(pilot.app)


async def test_queue_finds_the_supervisor_queue_and_enter_opens_it(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot, tour.SUPERVISOR)
        shown = await _palette(pilot, "queue")
        assert "Queue (^g)" in shown
        assert "verification locks, possible fraud" in shown
        await tour.keys(pilot, "enter")
        assert isinstance(console.screen, QueueScreen)


async def test_customer_finds_new_customer_on_the_lookup(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot)
        assert "New customer (f6)" in await _palette(pilot, "customer")
        await tour.keys(pilot, "enter")
        assert isinstance(console.screen, ChoiceScreen)
        assert "How is the new customer in touch?" in screen_text(console)


async def test_in_a_call_verify_finds_the_checks_and_a_tab_opens_from_the_answer_box(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await tour.call(pilot, "john smith")
        record = console.screen
        assert isinstance(record, RecordScreen)
        shown = await _palette(pilot, "verify")
        assert "Checks (f3)" in shown and "Caller (f2)" in shown
        await tour.keys(pilot, "escape")

        # The answer box has the focus, where 3 would be typed; from the palette it works.
        await _palette(pilot, "timeline")
        await tour.keys(pilot, "enter")
        assert record.query_one(TabbedContent).active == "history"


async def test_keys_the_screen_does_not_allow_now_are_not_offered(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot)  # a call-handler: no queue, no audit trail
        shown = await _palette(pilot, "queue")
        assert "Queue (^g)" not in shown


async def test_the_palette_offers_no_screenshot_and_none_is_ever_written(
    console: CustinfoApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's own Screenshot command would write the screen (revealed details and all)
    to an unprotected, unaudited file in the Downloads folder."""
    monkeypatch.chdir(tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        await tour.call(pilot, "john smith")
        shown = await _palette(pilot, "screenshot")
        assert "Save an SVG" not in shown
        await tour.keys(pilot, "escape")

        assert console.deliver_screenshot() is None  # as a key binding or plugin would call it
        await pilot.pause()
        told = [notification.message for notification in console._notifications]
        assert told[-1].startswith("Screenshots are off")
    assert list(tmp_path.rglob("*.svg")) == []


def _listed(app: CustinfoApp) -> list[str]:
    """The palette's entries, top to bottom, by title (the line above each help)."""
    from textual.command import CommandList

    commands = app.screen.query_one(CommandList)
    return [
        str(commands.get_option_at_index(index).prompt).split("\n")[0]
        for index in range(commands.option_count)
    ]


async def test_the_palette_lists_the_consoles_commands_before_the_cursor_keys(
    console: CustinfoApp,
) -> None:
    """Opened on the lookup's results it listed "Cursor up (↑)", "Cursor down (↓)", Left,
    Right, Home, End, Page up... before any command, as its two lists came in either order."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.find(pilot, "smith")
        await tour.keys(pilot, "down")  # to the results, whose cursor keys the palette lists
        for _ in range(3):  # the same every time it opens
            await tour.keys(pilot, "ctrl+p")
            listed = _listed(console)
            cursor = listed.index("Cursor up (↑)")  # still there, for whoever looks for it
            for command in ("New customer (f6)", "Log out", "Change password", "Keys"):
                assert listed.index(command) < cursor, command
            assert not any(title.startswith(("Cursor", "Page")) for title in listed[:cursor])
            await tour.keys(pilot, "escape")

        await tour.keys(pilot, "ctrl+p", *"cursor up")
        assert _listed(console)[0] == "Cursor up (↑)"  # found when asked for


def _moves_of_the_focused_box(app: CustinfoApp) -> set[str]:
    """The focused box's own editing keys (Textual's, with no tooltip), by description."""
    focused = app.screen.focused
    assert focused is not None
    return {
        binding.description
        for bindings in focused._bindings.key_to_bindings.values()
        for binding in bindings
        if binding.description and not binding.tooltip
    }


async def test_a_text_boxs_editing_keys_are_offered_only_when_the_query_names_them(
    console: CustinfoApp,
) -> None:
    """Found trying the lookup: `merge` brought "Move cursor right or accept the completion
    suggestion", "Move cursor right and select"..., and `calls` "Select all", as Textual's
    fuzzy match finds the letters of almost any word in their long descriptions."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot)
        moves = _moves_of_the_focused_box(console)
        assert "Select all" in moves
        for query in ("merge", "calls"):
            await _palette(pilot, query)
            listed = _listed(console)
            offered = [t for t in listed if any(t.startswith(f"{m} (") for m in moves)]
            assert offered == [], (query, offered)
            await tour.keys(pilot, "escape")

        await _palette(pilot, "select all")
        assert any(title.startswith("Select all (") for title in _listed(console))
        await tour.keys(pilot, "escape")
        # Opened with nothing typed, they are listed still, after the console's commands.
        await tour.keys(pilot, "ctrl+p")
        assert any(title.startswith("Select all (") for title in _listed(console))
