"""The command palette lists every key of the screen, found by what it does (Ctrl+P)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.lock import LockScreen
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
            for command in ("New customer (f6)", "Log out (^o)", "Change password", "Quit (^q)"):
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


async def test_on_the_idle_lock_report_breach_is_not_offered_and_ctrl_b_says_why(
    console: CustinfoApp,
) -> None:
    """Found on a trainer's locked console: the palette listed "Report breach (^b)",
    checked against the palette rather than the lock under it, and choosing it, or
    pressing Ctrl+B, did nothing and said nothing."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot, tour.TRAINER)
        console.lock_now()
        await pilot.pause()
        assert isinstance(console.screen, LockScreen)
        await tour.keys(pilot, "ctrl+p")
        listed = _listed(console)
        assert "End session (^e)" in listed
        assert not any(title.startswith("Report breach") for title in listed)
        await tour.keys(pilot, "escape", "ctrl+b")
        assert isinstance(console.screen, LockScreen)
        told = [notification.message for notification in console._notifications]
        assert told[-1] == "The screen is locked: unlock it to report a breach (Ctrl+B)."

        await tour.keys(pilot, *tour.TRAINER[1], "enter")
        await tour.keys(pilot, "ctrl+p", *"breach")
        assert "Report breach (^b)" in _listed(console)
        await tour.keys(pilot, "enter")
        assert isinstance(console.screen, ReportBreachScreen)


async def test_ctrl_b_reports_a_breach_over_a_dialog_as_the_palette_says(
    console: CustinfoApp,
) -> None:
    """The palette opened on a dialog ("How is the customer in touch?") lists "Report
    breach (^b)": the key works there too, where it had done nothing."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.find(pilot, "john smith")
        await tour.keys(pilot, "enter", "enter")  # to the results, then the first match
        assert isinstance(console.screen, ChoiceScreen)
        await tour.keys(pilot, "ctrl+p")
        assert "Report breach (^b)" in _listed(console)
        await tour.keys(pilot, "escape", "ctrl+b")
        assert isinstance(console.screen, ReportBreachScreen)
        await tour.keys(pilot, "escape")  # nothing typed: back to the question at once
        assert isinstance(console.screen, ChoiceScreen)

        # Typed in the palette, it closes it and reports from the dialog under it.
        await tour.keys(pilot, "ctrl+p", "ctrl+b")
        assert isinstance(console.screen, ReportBreachScreen)
        assert not any(isinstance(s, CommandPalette) for s in console.screen_stack)


async def test_the_palette_offers_no_keys_panel_theme_or_maximize(console: CustinfoApp) -> None:
    """Textual's Keys opened a help panel that squeezed the screen at 80x24 and that
    Escape did not close; Theme and Maximize are no handler's business."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.find(pilot, "smith")
        for where in ("box", "results"):
            await tour.keys(pilot, "ctrl+p")
            listed = _listed(console)
            for textuals in ("Keys", "Theme", "Maximize", "Minimize", "Screenshot"):
                assert textuals not in listed, (where, textuals)
            assert "Log out (^o)" in listed and "Quit (^q)" in listed
            await tour.keys(pilot, "escape", "down")  # to the results


async def test_one_thing_done_by_several_keys_is_listed_once_and_system_commands_show_their_key(
    console: CustinfoApp,
) -> None:
    """On the lookup, "Results" was listed three times (^r, ↓, ⏎) with the same words;
    "Log out" and "Quit" showed no key though the footer shows ^o and ^q."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.log_in(pilot)
        await tour.keys(pilot, "ctrl+p")
        listed = _listed(console)
        assert [title for title in listed if title.startswith("Results")] == ["Results (^r)"]
        assert "Log out (^o)" in listed and "Quit (^q)" in listed
        assert "My evidence (f10)" in listed
        await tour.keys(pilot, "escape", *"smith", "down", "enter", "enter", "enter")
        assert isinstance(console.screen, RecordScreen)
        # On the record Ctrl+O is no key: the palette offers Log out by name only.
        await tour.keys(pilot, "ctrl+p")
        listed = _listed(console)
        assert "Log out" in listed and "Log out (^o)" not in listed


async def test_the_records_back_key_says_where_it_goes(console: CustinfoApp) -> None:
    """The palette said Escape went "Back to the lookup" wherever the record was opened
    from; from the lookup it does (from the queue: test_discrepancy_reports)."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.back_office(pilot, "john smith")
        assert isinstance(console.screen, RecordScreen)
        await tour.keys(pilot, "ctrl+p", *"back")
        assert "Back to the lookup" in screen_text(console)
