"""A Tab moves on after the keys typed before it, and the keys after it follow it.

Keys read from the terminal in one go (a fast handler, a password manager's auto-type, a
slow remote session) are each handed to the box with the focus as they are read; the
console's Tab used to move the focus as it was read, ahead of keys still waiting in the
box it left (tui/tab_in_order.py). Each test posts its keys together, or in reads close
together.
"""

from __future__ import annotations

import asyncio
from typing import cast

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from custinfo_tui.tui.held_keys_wait import HOLD_AT_MOST
from custinfo_tui.tui.tab_in_order import HAND_ON_AT_MOST, TabInOrder
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect


class _Form(App[None]):
    """An outcome whose "Follow-up" opens a date box (as the wrap-up's does), then notes."""

    BINDINGS = [Binding("tab", "focus_next", "Next box", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.tabs = TabInOrder(self)

    def compose(self) -> ComposeResult:
        yield ChoiceSelect([("Resolved", "resolved"), ("Follow-up", "follow_up")], id="outcome")
        yield Input(id="date", disabled=True)
        yield Input(id="notes")

    def on_mount(self) -> None:
        self.query_one("#outcome").focus()

    async def on_event(self, event: events.Event) -> None:
        if not self.tabs.holds(event):
            await super().on_event(event)

    def action_focus_next(self) -> None:
        self.tabs.move(self.screen.focus_next)

    @on(ChoiceSelect.Changed, "#outcome")
    def _chosen(self, event: ChoiceSelect.Changed) -> None:
        self.query_one("#date", Input).disabled = event.value != "follow_up"


async def _typed_together(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause(HOLD_AT_MOST)
    await pilot.pause()


async def test_a_box_opened_by_a_choice_typed_just_before_the_tab_takes_what_follows() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await _typed_together(pilot, "enter", "down", "down", "enter", "tab", *"12", "tab", "x")
        assert app.query_one("#date", Input).value == "12"
        assert app.query_one("#notes", Input).value == "x"


async def test_keys_after_a_tab_are_not_lost_when_the_box_it_left_goes() -> None:
    """The box the Tab left is removed before it gets to the move: the keys held for it
    are read again all the same."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one("#date", Input).disabled = False
        app.query_one("#date", Input).focus()
        await pilot.pause()
        app.post_message(events.Key("tab", None))
        app.post_message(events.Key("y", "y"))
        await app.query_one("#date", Input).remove()
        await pilot.pause(HOLD_AT_MOST * 2)
        assert app.query_one("#notes", Input).value == "y"  # where the focus went


async def test_a_later_read_waiting_for_the_app_goes_after_the_keys_the_tab_held() -> None:
    """Keys typed in several reads close together: "1", Tab and "2" in one, "3" in the
    next. The app is busy a moment (drawing, a worker's answer) as the next read arrives,
    and the Tab's move is made meanwhile: "3" waited in the app's queue and had gone into
    the notes ahead of the "2" held for them ("32")."""
    app = _Form()
    async with app.run_test() as pilot:
        date = app.query_one("#date", Input)
        date.disabled = False
        date.focus()
        await pilot.pause()
        for key in ("1", "tab", "2"):  # one read
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        app.call_later(asyncio.sleep, HOLD_AT_MOST / 5)  # the app busy with something else
        app.post_message(events.Key("3", "3"))  # the next read, waiting for the app
        await pilot.pause(HOLD_AT_MOST)
        await pilot.pause()
        assert date.value == "1"
        assert app.query_one("#notes", Input).value == "23"


class _Stuck(Widget, can_focus=True):
    """A box that hands every key on to a box after it the focus can never reach."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def _on_key(self, event: events.Key) -> None:
        event.stop()
        self.keys.append(event.key)
        tabs = cast("_StuckForm", self.app).tabs
        tabs.pass_on(event, lambda: None, self)


class _StuckForm(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.tabs = TabInOrder(self)

    def compose(self) -> ComposeResult:
        yield _Stuck()

    def on_mount(self) -> None:
        self.query_one(_Stuck).focus()

    async def on_event(self, event: events.Event) -> None:
        if not self.tabs.holds(event):
            await super().on_event(event)


async def test_a_key_handed_on_that_keeps_coming_back_is_dropped_not_handed_on_for_ever() -> None:
    """The safety net under the wrap-up's frozen console: wherever a key handed on comes
    back to be handed on again, it goes round a few times at most."""
    app = _StuckForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.post_message(events.Key("x", "x"))

        async def until_let_go() -> None:
            await pilot.pause()
            while app.tabs.waiting:
                await pilot.pause(0.01)

        await asyncio.wait_for(until_let_go(), 5)
        assert app.query_one(_Stuck).keys == ["x"] * (HAND_ON_AT_MOST + 1)


class _Checking(App[None]):
    """F5 acts once a worker it waits for is done (an answer being checked): then it moves
    to the second box. Keys typed after F5 are for where it leads."""

    BINDINGS = [Binding("f5", "when_checked", "Reveal", priority=True)]

    def __init__(self, *, checked_after: float) -> None:
        super().__init__()
        self.tabs = TabInOrder(self)
        self.checking = False
        self._checked_after = checked_after

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")

    async def on_event(self, event: events.Event) -> None:
        if not self.tabs.holds(event):
            await super().on_event(event)

    def action_when_checked(self) -> None:
        self.checking = True
        self.tabs.hold_while(lambda: self.checking, at_most=0.5)
        self.set_timer(self._checked_after, self._checked)

    def _checked(self) -> None:
        self.checking = False
        self.screen.set_focus(self.query_one("#second"))


async def _boxes_after(app: _Checking, *keys: str) -> tuple[str, str]:
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.7)
        await pilot.pause()
        return app.query_one("#first", Input).value, app.query_one("#second", Input).value


async def test_keys_typed_after_a_key_that_waits_for_a_worker_act_once_it_is_done() -> None:
    assert await _boxes_after(_Checking(checked_after=0.2), *"ab", "f5", *"cd") == ("ab", "cd")


async def test_keys_held_for_a_worker_that_does_not_finish_are_read_where_typed() -> None:
    """Never held past `at_most`: the keys are not lost waiting."""
    assert await _boxes_after(_Checking(checked_after=5), *"ab", "f5", *"cd") == ("abcd", "")
