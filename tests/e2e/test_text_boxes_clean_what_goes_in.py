"""A bidi or C1 control character never gets into a text box (docs/architecture.md,
"Stored text"): Textual's Input showed one raw, so U+202E turned the rest of the line
round and U+0085 went to the terminal as a control. Every box of the console (a
`TypedInput`) cleans what is typed, pasted or set into it with the free-text cleaner,
`domain.text.strip_control_characters`, and its cursor ends after what went in; its
border then says *hidden characters removed*, as a box of several lines does."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input
from textual.widgets.input import Selection

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.field_problems import problem_of, show_problem
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.keys_in_order import HIDDEN_IN_ONE_LINE, HIDDEN_NOTE, TypedInput
from tests.support.console_page import ConsolePage
from tests.support.screen import press, screen_text, settle, typed_at_the_terminal

RLO, NEL = "\u202e", "\u0085"  # right-to-left override; next line, a C1 control
#: A paste from a terminal that passes both on, in bracketed paste mode.
PASTE = f"\x1b[200~i{RLO}th{NEL}\x1b[201~"


def _shows_neither(app: App[object]) -> None:
    for shown in (screen_text(app), app.export_screenshot()):
        assert RLO not in shown and NEL not in shown


async def test_a_paste_holding_bidi_and_c1_controls_goes_into_the_search_box_without_them(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=(80, 24)) as pilot:
        await ConsolePage(pilot).log_in()
        search = console.screen.query_one("#search", Input)
        assert isinstance(console.screen, LookupScreen) and search.has_focus

        await press(pilot, "S", "m")
        await typed_at_the_terminal(console, PASTE)
        await settle(pilot)
        assert search.value == "Smith" and search.cursor_position == 5
        assert "customers match" in screen_text(console)  # the search ran on "Smith"
        _shows_neither(console)

        await press(pilot, "home", "right", "right")  # between "Sm" and "ith"
        search.insert_text_at_cursor(f"{RLO}X{NEL}")
        await settle(pilot)
        assert search.value == "SmXith" and search.cursor_position == 3
        _shows_neither(console)

        search.value = f"{RLO}j smith{NEL}"  # set as a screen sets a box from stored text
        await settle(pilot)
        assert search.value == "j smith" and search.cursor_position <= len("j smith")
        _shows_neither(console)


class _Boxes(App[None]):
    """One box of each kind the console's screens make."""

    def compose(self) -> ComposeResult:
        yield TypedInput(id="typed")
        yield BoundedInput(id="bounded", limit=100)
        yield BoundedInput(id="free-text", limit=100, free_text=True)


@pytest.mark.parametrize("box", ["typed", "bounded", "free-text"])
async def test_every_kind_of_box_takes_the_controls_out_of_what_goes_in(box: str) -> None:
    app = _Boxes()
    async with app.run_test(size=(80, 24)) as pilot:
        typed = app.query_one(f"#{box}", Input)
        typed.focus()
        typed.insert_text_at_cursor(f"Ms{RLO} Zo{NEL}ë")
        await pilot.pause()
        assert typed.value == "Ms Zoë" and typed.cursor_position == len("Ms Zoë")

        typed.selection = Selection(0, 2)  # "Ms" selected
        typed.replace(NEL, 0, 2)  # nothing left to put in: the selection stays
        assert typed.value == "Ms Zoë"

        typed.value = f"Dr{NEL} {RLO}Zoë"
        await pilot.pause()
        assert typed.value == "Dr Zoë"
        _shows_neither(app)


async def test_a_password_box_keeps_what_was_typed() -> None:
    """It shows dots only, and a password is compared as it was set."""
    app = _Boxes()
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#bounded", BoundedInput)
        box.password = True
        box.insert_text_at_cursor(f"pass{RLO}word")
        await pilot.pause()
        assert box.value == f"pass{RLO}word"
        _shows_neither(app)


async def test_a_box_of_one_line_says_on_its_border_that_hidden_characters_were_removed(
    console: CustinfoApp,
) -> None:
    """Found by a security explorer: the boxes of several lines said so, the boxes of one
    line took them out silently. Each says it now, until it is emptied."""
    async with console.run_test(size=(80, 24)) as pilot:
        await ConsolePage(pilot).log_in()
        search = console.screen.query_one("#search", TypedInput)
        assert not search.border_subtitle and HIDDEN_NOTE not in screen_text(console)

        await typed_at_the_terminal(console, PASTE)
        await settle(pilot)
        assert search.value == "ith"
        assert search.border_subtitle == HIDDEN_NOTE and HIDDEN_NOTE in screen_text(console)
        assert search.tooltip == HIDDEN_IN_ONE_LINE

        await press(pilot, "ctrl+u")  # emptied: nothing is said any more
        assert search.value == "" and not search.border_subtitle and search.tooltip is None
        await press(pilot, *"smith")
        assert not search.border_subtitle  # typed letters take nothing out


@pytest.mark.parametrize("box", ["typed", "bounded", "free-text"])
async def test_a_paste_of_several_lines_goes_into_a_box_of_one_line_as_one_and_says_so(
    box: str,
) -> None:
    """Its line breaks become spaces (a plain box kept only the first line, unsaid)."""
    app = _Boxes()
    async with app.run_test(size=(80, 24)) as pilot:
        typed = app.query_one(f"#{box}", TypedInput)
        typed.focus()
        app.post_message(events.Paste("12 Acacia Road\r\nLondon\n"))
        await pilot.pause()
        assert typed.value == "12 Acacia Road London"
        assert typed.border_subtitle == HIDDEN_NOTE
        assert "A line break or a tab becomes a space" in str(typed.tooltip)

        typed.value = ""
        app.post_message(events.Paste("07700 900123\n"))  # one line, copied with its break
        await pilot.pause()
        assert typed.value == "07700 900123" and not typed.border_subtitle


async def test_a_problem_at_the_box_comes_before_the_note_and_a_password_box_says_none() -> None:
    app = _Boxes()
    async with app.run_test(size=(80, 24)) as pilot:
        typed = app.query_one("#typed", TypedInput)
        show_problem(app.screen, "typed", "Give roughly how many people, as a number.")
        typed.insert_text_at_cursor(f"1{RLO}2")
        await pilot.pause()
        assert typed.value == "12" and problem_of(typed) is not None
        show_problem(app.screen, "typed", None)  # the problem put right: the note is said
        await pilot.pause()
        assert typed.border_subtitle == HIDDEN_NOTE

        password = app.query_one("#bounded", BoundedInput)
        password.password = True
        password.focus()
        app.post_message(events.Paste(f"pass{RLO}word\nmore"))
        await pilot.pause()
        assert password.value == f"pass{RLO}word more" and not password.border_subtitle
