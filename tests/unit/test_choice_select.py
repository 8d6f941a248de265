"""Every drop-down acts on its keys in the order they were typed.

Found on the new-customer form: the enquiry type chosen with Enter, Down, Enter, then Tab
and the given name, read from the terminal in one go (a fast handler, keys arriving
together over a slow remote session), left the type unchosen and the focus two boxes on.
The console's drop-downs are `ChoiceSelect` (tui/widgets/choice_select.py). Each test
posts its keys together, as a terminal read delivers them, to a form with the console's
Tab: a priority binding, which moves the focus as the key is read.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from custinfo_tui.tui.held_keys_wait import HOLD_AT_MOST, may_open_a_screen
from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.widgets.choice_select import HOW_TO_CHOOSE, ChoiceSelect
from custinfo_tui.tui.widgets.keys_in_order import TypedInput
from tests.support.screen import typed_in_reads
from tests.support.tui_source import lines_matching

BARE = re.compile(r"\bSelect\s*(\[[^\]]*\])?\s*\(")
TYPES = ("Billing question", "New account", "Complaint")


class _Form(App[None]):
    BINDINGS = [Binding("tab", "focus_next", "Next box", priority=True)]

    def compose(self) -> ComposeResult:
        yield ChoiceSelect([(t, t) for t in TYPES], id="enquiry", prompt="Choose the type")
        yield Input(id="name")

    def on_mount(self) -> None:
        self.query_one(ChoiceSelect).focus()


async def _typed_together(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        character = key if len(key) == 1 else (" " if key == "space" else None)
        pilot.app.post_message(events.Key(key, character))
    for _ in range(6):
        await pilot.pause()


def test_no_screen_builds_a_bare_select() -> None:
    found = lines_matching(BARE, apart_from="choice_select.py")
    assert found == [], f"use ChoiceSelect (tui/widgets/choice_select.py) instead: {found}"


@pytest.mark.parametrize(
    ("keys", "chosen"),
    [
        (("enter", "down", "enter"), "Billing question"),
        (("down", "down", "down", "enter"), "New account"),
        (("enter", "end", "up", "enter"), "New account"),
    ],
)
async def test_a_choice_typed_in_one_go_then_tab_and_a_name(
    keys: tuple[str, ...], chosen: str
) -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await _typed_together(pilot, *keys, "tab", *"Jo")
        assert app.query_one(ChoiceSelect).value == chosen
        assert app.query_one(Input).value == "Jo"
        assert app.focused is app.query_one(Input)
        assert not app.query_one(ChoiceSelect).expanded


async def test_opened_then_tab_chooses_nothing_and_moves_on() -> None:
    """The list open, Tab leaves it as it always did: nothing chosen."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await _typed_together(pilot, "enter", "down", "tab", *"Jo")
        assert app.query_one(ChoiceSelect).is_blank()
        assert app.query_one(Input).value == "Jo"
        assert app.focused is app.query_one(Input)
        await pilot.press("shift+tab", "enter")  # back at it, Enter opens the list
        assert app.query_one(ChoiceSelect).expanded


async def test_key_by_key_the_list_opens_and_the_choice_comes_back_to_the_drop_down() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        select = app.query_one(ChoiceSelect)
        await pilot.press("enter")
        assert select.expanded
        await pilot.press("down", "down", "enter")
        assert select.value == "New account"
        assert not select.expanded
        assert app.focused is select
        await pilot.press("enter", "escape")
        assert not select.expanded
        assert select.value == "New account"
        assert app.focused is select


async def test_chosen_then_opened_again_in_one_go_the_list_shows() -> None:
    """Found in tmux on the wrap-up: a choice, then keys that came round to the drop-down
    and opened it again, left the list closed but holding the focus, so the keys typed
    next went into a list nobody could see ("esc Dismiss menu" in the footer)."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await _typed_together(pilot, "enter", "down", "enter", "tab", "x", "tab", "space")
        select = app.query_one(ChoiceSelect)
        assert select.value == "Billing question"
        assert select.expanded
        assert app.focused is select.query_one(SelectOverlay)
        await _typed_together(pilot, "escape")
        assert not select.expanded
        assert app.focused is select


async def test_space_on_the_open_list_chooses_as_enter_does_so_a_second_space_closes_it() -> None:
    """Found by a new handler on the edit form: Space after a reason was chosen opened the
    list again, as Textual's does, and a second Space, to close it, searched the list for
    a space instead: the highlight moved to another reason, which the Enter after it chose
    in place of *Customer moved*. Space on the open list now chooses the highlighted entry
    (the one chosen already, as the list opens on it), as Enter does."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        select = app.query_one(ChoiceSelect)
        await pilot.press("enter", "down", "enter")
        assert select.value == "Billing question"
        await pilot.press("space")
        assert select.expanded  # Space still opens it
        await pilot.press("space")
        assert not select.expanded
        assert select.value == "Billing question"  # the choice kept
        assert app.focused is select
        await pilot.press("enter")  # the Enter meant to close it opens it again: no harm
        await pilot.press("escape")
        assert select.value == "Billing question"
        await pilot.press("space", "down", "space")  # Space chooses the highlighted one
        assert select.value == "New account"
        assert not select.expanded
        await pilot.press(*"Jo")  # and what is typed next goes on, as after Enter
        assert app.query_one(Input).value == "Jo"


async def test_down_and_space_typed_together_on_the_open_list_choose_the_next_entry() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await _typed_together(pilot, "down", "space")
        select = app.query_one(ChoiceSelect)
        assert select.value == "Billing question"
        assert not select.expanded


async def test_a_space_while_typing_to_search_the_open_list_goes_on_with_the_search() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        select = app.query_one(ChoiceSelect)
        await pilot.press("enter", *"new", "space", "a", "enter")
        assert select.value == "New account"


class _TabbedForm(_Form):
    """The form with the console's Tab (tui/tab_in_order.py), which keys wait behind, and
    a key of the app's on "v" (a letter a screen binds stays the screen's); with `last`,
    the drop-down comes after the name."""

    BINDINGS = [
        Binding("tab", "focus_next", "Next box", priority=True),
        Binding("v", "mark", "Mark"),
    ]

    def __init__(self, *, last: bool = False) -> None:
        super().__init__()
        self.tabs = TabInOrder(self)
        self.last = last
        self.marked = 0

    def compose(self) -> ComposeResult:
        select = ChoiceSelect([(t, t) for t in TYPES], id="enquiry", prompt="Choose the type")
        # The console's box, whose Backspace acts in the order typed (widgets/keys_in_order.py).
        name = TypedInput(id="name")
        yield from (name, select) if self.last else (select, name)

    async def on_event(self, event: events.Event) -> None:
        if not self.tabs.holds(event):
            await super().on_event(event)

    def action_focus_next(self) -> None:
        self.tabs.move(self.screen.focus_next)

    def action_mark(self) -> None:
        self.marked += 1


@pytest.mark.parametrize("together", [False, True], ids=["key by key", "typed together"])
async def test_a_character_typed_after_a_choice_goes_to_the_box_after_it(together: bool) -> None:
    """Found by a DPO: a basis chosen with Enter, "Address for court papers" typed next
    went nowhere, its space opening the list again."""
    app = _TabbedForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = ("enter", "down", "enter", *"Jo Bl", "backspace", "x")
        if together:
            await _typed_together(pilot, *keys)
            await pilot.pause(HOLD_AT_MOST)
        else:
            await pilot.press(*keys)
        await pilot.pause()
        assert app.query_one(ChoiceSelect).value == "Billing question"
        assert app.query_one(Input).value == "Jo Bx"  # the Backspace and the x go there too
        assert app.marked == 0
        assert not app.query_one(ChoiceSelect).expanded
        assert app.focused is app.query_one(Input)


async def test_a_letter_the_screen_binds_is_the_screens_and_tab_still_moves_on() -> None:
    app = _TabbedForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("v", "tab", *"Jo")
        assert app.marked == 1
        assert app.query_one(Input).value == "Jo"


async def test_with_no_text_box_after_it_a_character_says_how_a_drop_down_is_worked() -> None:
    app = _TabbedForm(last=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one(ChoiceSelect).focus()
        await pilot.press(*"post")
        assert app.focused is app.query_one(ChoiceSelect)
        assert app.query_one(ChoiceSelect).is_blank()
        told = [n.message for n in app._notifications]
        assert told == [HOW_TO_CHOOSE]  # once, not once a character


class _SavingForm(_TabbedForm):
    """The tabbed form with the console's Ctrl+S (a key of the screen, not a priority one),
    whose keys after it wait until it has acted, as the console's do (tui/app.py)."""

    BINDINGS = [*_TabbedForm.BINDINGS, Binding("ctrl+s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[str] = []

    async def on_event(self, event: events.Event) -> None:
        if self.tabs.holds(event):
            return
        await App.on_event(self, event)
        if isinstance(event, events.Key) and may_open_a_screen(event):
            self.tabs.hold_after_key(event)

    def action_save(self) -> None:
        self.saved.append(self.query_one(Input).value)


async def test_text_and_ctrl_s_typed_together_on_a_drop_down_go_to_the_box_after_it() -> None:
    """Found on the wrap-up: a Ctrl+S typed with the text froze the console. The app read
    it before the drop-down got to the text, and held the keys after it without moving the
    focus: the text, handed on, came back to the drop-down, which handed it on again, and
    the Ctrl+S among it held it again, for ever."""
    app = _SavingForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = ("enter", "down", "enter", *"Jo", "ctrl+s")  # chosen, then typed
        await asyncio.wait_for(_typed_together(pilot, *keys), 5)
        await asyncio.wait_for(pilot.pause(HOLD_AT_MOST), 5)
        assert app.query_one(Input).value == "Jo"
        assert app.focused is app.query_one(Input)
        assert app.saved == ["Jo"]  # saved once, with the text in its box
        assert not app.tabs.waiting


class _TwoBoxForm(_TabbedForm):
    """The tabbed form with a second text box after the name."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield TypedInput(id="surname")


@pytest.mark.parametrize("way", ["key by key", "typed together", "in reads"])
async def test_a_tab_after_text_typed_on_a_drop_down_moves_one_box_on(way: str) -> None:
    """Found on the complaint form: the category chosen, then "First box text", Tab,
    "Second box text" typed in one go put both in the first box. The Tab was taken for the
    drop-down's own hand-over of the text; it now moves on from the box the text went to."""
    app = _TwoBoxForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = ("enter", "down", "enter", *"Jo", "tab", *"Bl")
        if way == "typed together":
            await _typed_together(pilot, *keys)
        elif way == "in reads":
            await typed_in_reads(app, list(keys[:4]), list(keys[4:6]), list(keys[6:]))
        else:
            await pilot.press(*keys)
        await pilot.pause(HOLD_AT_MOST)
        await pilot.pause()
        assert app.query_one(ChoiceSelect).value == "Billing question"
        assert app.query_one("#name", Input).value == "Jo"
        assert app.query_one("#surname", Input).value == "Bl"
        assert app.focused is app.query_one("#surname")
        assert not app.tabs.waiting


@pytest.mark.parametrize("way", ["key by key", "typed together"])
async def test_letters_on_a_drop_down_nothing_was_chosen_on_go_into_no_box(way: str) -> None:
    """Found on the edit form: Tab stopped on a *Reason for change*, and "Flat 3" typed by a
    handler who took it for the next line was added to that line's value. On a drop-down
    the focus came to with nothing chosen there, letters (and a space among them) go into
    no box, and it says how it is worked; a choice made there first hands them on."""
    app = _TwoBoxForm()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = (*"Flat", "space", "3")
        if way == "typed together":
            await _typed_together(pilot, *keys)
        else:
            await pilot.press(*keys)
        await pilot.pause(HOLD_AT_MOST)
        await pilot.pause()
        assert [box.value for box in app.query(Input)] == ["", ""]
        assert isinstance(app.focused, Select) and not app.focused.expanded
        told = [n.message for n in app._notifications]  # (no public API lists them)
        assert [m for m in told if m.startswith("A list to choose from")] != []
