"""The boxes of several lines (`FreeTextArea`: the wrap-up's notes, a complaint's texts, a
breach's, a trainer's note) take hidden characters out of what is typed, pasted or set into
them, as the one-line boxes do (tests/e2e/test_text_boxes_clean_what_goes_in.py).

Found on the wrap-up: a note pasted from another system with a colour sequence's remains,
a right-to-left override (U+202E) and a bell (BEL) showed in the box as they were, the
override turning the rest of the line round, and were taken out only when the service
cleaned the note at the save. Now the box shows what will be kept, the line breaks typed or
pasted still there, a tab a space, the cursor after what went in, and its border says
hidden characters were removed."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.field_problems import problem_of
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.widgets.free_text_area import HIDDEN_NOTE, FreeTextArea
from tests.support.console_page import RESOLVED, ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, settle, typed_at_the_terminal

SIZE = (80, 24)
RED, RLO, BEL = "\x1b[31m", "\u202e", "\x07"  # a colour; right-to-left override; bell
HANGUL_FILLER = "\u3164"  # a letter that draws nothing: a key types it into the box
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a bracketed paste, as a terminal sends it
JOHN_SMITH = 1
DATA_PROTECTION = 4  # the complaint category "Data protection", counted from 1


def _shows_none_of_them(app: App[object]) -> None:
    for shown in (screen_text(app), app.export_screenshot()):
        assert RLO not in shown and BEL not in shown
        assert "[31m" not in shown and HANGUL_FILLER not in shown


async def test_notes_typed_and_pasted_into_the_wrap_up_show_and_keep_no_hidden_characters(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        wrap_up = await page.end_call_to_wrap_up()
        await page.wrap_up(outcome=RESOLVED, notes="Call back", save=False)
        notes = wrap_up.query_one("#wrap-notes", FreeTextArea)
        assert console.focused is notes and not notes.border_subtitle

        # Typed at the terminal: the sequence and the controls type nothing, nor does a
        # letter that draws nothing.
        await typed_at_the_terminal(console, f" {RED}on{RLO} {BEL}Mon{HANGUL_FILLER}day")
        await settle(pilot)
        assert notes.text == "Call back on Monday"
        assert notes.cursor_location == (0, len("Call back on Monday"))
        assert HIDDEN_NOTE in screen_text(console)  # said at the box

        # Pasted at the terminal, in the middle: a line break, a tab and the rest.
        await press(pilot, "home", *["right"] * len("Call"))
        pasted = f" John{RLO}\r\nre: {RED}refund{BEL}\t"
        await typed_at_the_terminal(console, f"{PASTE_START}{pasted}{PASTE_END}")
        await settle(pilot)
        assert notes.text == "Call John\nre: refund  back on Monday"
        assert notes.cursor_location == (1, len("re: refund "))  # after what went in

        # A paste the app hands the box as it is (a terminal that keeps the ESC in it).
        notes.move_cursor(notes.document.end)
        console.post_message(events.Paste(f"\n{RED}Sent{RLO} the form{BEL}"))
        await settle(pilot)
        assert notes.text == "Call John\nre: refund  back on Monday\nSent the form"
        assert notes.cursor_location == (2, len("Sent the form"))
        _shows_none_of_them(console)
        assert HIDDEN_NOTE in screen_text(console)

        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert console.screen is not wrap_up  # saved

    with console_database(demo_settings) as uow:
        call = uow.interactions.get(wrap_up.call.interaction_id)
        assert call is not None and call.wrapped_up_at is not None
        assert call.notes == "Call John re: refund back on Monday Sent the form"


async def test_what_the_customer_said_pasted_into_a_complaint_is_kept_without_them(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await page.keys("f10", "enter", *(["down"] * DATA_PROTECTION), "enter")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        await page.keys("ctrl+s")  # nothing typed yet: each text's box says so
        said = form.query_one("#complaint-said", FreeTextArea)
        assert problem_of(said) == "Type what the customer said."

        said.focus()
        await page.keys(*"My letter")
        console.post_message(events.Paste(f" went to{BEL} a {RED}neigh{RLO}bour"))
        await settle(pilot)
        assert said.text == "My letter went to a neighbour"
        assert said.cursor_location == (0, len(said.text))
        assert problem_of(said) is None  # typed in: its mark goes (the form says the next)
        _shows_none_of_them(console)

        await page.keys("ctrl+s")  # the other two still empty: the form stays
        assert problem_of(said) is None
        assert said.border_subtitle == HIDDEN_NOTE  # said at the box once its problem went

        # The focus is on the next box with a problem.
        await page.keys(*"the letter sent to the wrong address")
        await page.keys("tab", *"a new letter by hand", "ctrl+s")
        assert console.screen is record

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.customer_said == "My letter went to a neighbour"


class _Box(App[None]):
    def compose(self) -> ComposeResult:
        yield FreeTextArea(f"Stored{RLO} note{BEL}", id="note")


async def test_a_value_set_into_the_box_is_cleaned_and_a_lone_control_changes_nothing() -> None:
    app = _Box()
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one(FreeTextArea)
        assert box.text == "Stored note" and box.border_subtitle == HIDDEN_NOTE

        box.text = ""  # emptied: nothing left to say
        await pilot.pause()
        assert not box.border_subtitle

        box.text = f"Line one{BEL}\nLine{RLO} two"
        await pilot.pause()
        assert box.text == "Line one\nLine two" and box.border_subtitle == HIDDEN_NOTE

        box.select_line(1)
        box.post_message(events.Paste(BEL))  # nothing left of it: what was selected stays
        await pilot.pause()
        assert box.text == "Line one\nLine two"

        box.insert(f"{RED}!")  # an insert the screen makes
        await pilot.pause()
        assert "[31m" not in box.text and "!" in box.text
