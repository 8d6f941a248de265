"""A paste holding an ESC, as a terminal sends it in bracketed paste mode, reaches the
console whole, without the ESC (tui/paste_reading.py): through Textual's own Linux driver,
and into the lookup's search box, in order, where a tab in it moves no focus."""

from __future__ import annotations

import os
import threading

from textual import events
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.widgets import Input

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import settle, typed_at_the_terminal

SENT = "\x1b[200~smi\x1b[31mth\tx\x1b[201~"
PASTED = "smith\tx"


class _Reading(LinuxDriver):
    """Textual's driver reading a pipe instead of the terminal, keeping what it reads."""

    def __init__(self, app: App[object], fileno: int) -> None:
        super().__init__(app)
        self.fileno = fileno
        self.read: list[Message] = []
        self.done = threading.Event()

    def process_message(self, message: Message) -> None:
        self.read.append(message)
        if isinstance(message, events.Paste):
            self.done.set()


async def test_textuals_driver_reads_a_paste_holding_an_esc_as_one_paste(
    console: CustinfoApp,
) -> None:
    """The console's own parser is the one Textual's driver makes as it starts reading."""
    reading, writing = os.pipe()
    driver = _Reading(console, reading)
    thread = threading.Thread(target=driver.run_input_thread)
    thread.start()
    try:
        os.write(writing, SENT[:9].encode())  # the terminal's bytes in two reads
        os.write(writing, SENT[9:].encode())
        assert driver.done.wait(5)
    finally:
        driver.exit_event.set()
        thread.join(5)
        os.close(writing)
        os.close(reading)

    pastes = [m for m in driver.read if isinstance(m, events.Paste)]
    assert [p.text for p in pastes] == [PASTED]
    assert not [m for m in driver.read if isinstance(m, events.Key)]


async def test_a_paste_holding_an_esc_goes_into_the_search_box_whole_and_in_order(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=(80, 24)) as pilot:
        await ConsolePage(pilot).log_in()
        search = console.screen.query_one("#search", Input)
        assert isinstance(console.screen, LookupScreen) and search.has_focus

        await typed_at_the_terminal(console, SENT)
        await settle(pilot)

        # Not "^[31mth" before "smi", nor an ESC to act; the tab a space, as every box
        # takes in what is pasted (tests/e2e/test_text_boxes_clean_what_goes_in.py).
        assert search.value == PASTED.replace("\t", " ")
        assert search.has_focus  # the tab in it moved nothing
        assert "\x1b" not in console.export_screenshot()
