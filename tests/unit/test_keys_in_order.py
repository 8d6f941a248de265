"""Every text box acts on its keys in the order they were typed.

Found in tmux on the discrepancy form: "Smiht", Backspace, Backspace, "th" read from the
terminal in one go left "Smiht", and Ctrl+U then a new phone number kept "00999": Textual
ran the box's own bindings only after the key had been up to the app, by when the letters
typed after it were in. The console's boxes (tui/widgets/keys_in_order.py) run them as
they read the key. Each test posts its keys together, as a terminal read delivers them.
"""

from __future__ import annotations

import re

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from custinfo_tui.domain.records import AccessReason
from custinfo_tui.tui.screens.access_reason import AccessReasonScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.tui_source import lines_matching

BARE = re.compile(r"\byield\s+(Input|TextArea)\s*\(")


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield BoundedInput(id="box", limit=100)
        yield FreeTextArea(id="area")


async def _typed_together(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))
    for _ in range(4):
        await pilot.pause()


async def test_backspaces_typed_ahead_delete_the_letters_before_them() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        box = app.query_one(BoundedInput)
        box.focus()
        await _typed_together(pilot, *"Smiht", "backspace", "backspace", *"th")
        assert box.value == "Smith"


async def test_clearing_the_box_then_typing_at_once_keeps_all_that_is_typed() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        box = app.query_one(BoundedInput)
        box.value = "07700 900 99"
        box.focus()
        await _typed_together(pilot, "end", "ctrl+u", *"07700 900999")
        assert box.value == "07700 900999"
        await _typed_together(pilot, "home", *"x", "end", *"y")
        assert box.value == "x07700 900999y"


async def test_the_notes_box_too() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        area = app.query_one(FreeTextArea)
        area.focus()
        await _typed_together(pilot, *"Caled", "backspace", "backspace", *"led back")
        assert area.text == "Called back"


def test_no_screen_builds_a_bare_text_box() -> None:
    found = lines_matching(BARE)
    assert found == [], f"use BoundedInput, TypedInput or FreeTextArea instead: {found}"


class _ReasonHost(App[None]):
    chosen: object = "not yet"

    def on_mount(self) -> None:
        def done(reason: object) -> None:
            self.chosen = reason

        reasons = ("Customer wrote in", "Follow-up on an earlier call", "Other")
        self.push_screen(AccessReasonScreen(reasons), done)


async def test_a_reason_and_its_detail_typed_at_once_open_with_both() -> None:
    """Down, Enter, the detail and Enter in one read: the second reason, and every letter
    of the detail (the list used to drop those typed before the focus moved on)."""
    app = _ReasonHost()
    async with app.run_test() as pilot:
        await pilot.pause()
        await _typed_together(pilot, "down", "enter", *"letter", "enter")
        assert app.chosen == AccessReason(reason="Follow-up on an earlier call", detail="letter")
