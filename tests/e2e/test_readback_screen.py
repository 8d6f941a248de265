"""Reading captured details back to the caller (MP-03): confirm each line, correct, type twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from custinfo_tui.domain.capture import ReadBackConfirmation
from custinfo_tui.domain.readback import ReadBackLine, read_back
from custinfo_tui.tui.screens.double_entry import MISMATCH, DoubleEntryScreen
from custinfo_tui.tui.screens.readback import ConfirmedSoFar, CorrectField, ReadBackScreen
from tests.support.screen import (
    press,
    region_text,
    said_in_read_back,
    screen_text,
    screen_words,
    settle,
)

SIZE = (80, 24)

Result = ReadBackConfirmation | CorrectField | None


def _captured() -> list[ReadBackLine]:
    """A fictitious new customer, in the order the form asks for it."""
    return [
        read_back("given_name", "Zoë"),
        read_back("family_name", "O'Brien-Smith"),
        read_back("date_of_birth", "1985-03-03"),
        read_back("phone", "+447700900123"),
        read_back("email", "jo.bloggs@example.com"),
        read_back("postcode", "SW1A 1AA"),
    ]


class ReadBackHost(App[object]):
    """Opens the read-back screen and keeps what it is dismissed with."""

    def __init__(
        self,
        lines: Sequence[ReadBackLine],
        so_far: ConfirmedSoFar | None = None,
        *,
        caller: bool = True,
    ) -> None:
        super().__init__()
        self.lines = lines
        self.so_far = so_far
        self.caller = caller
        self.results: list[Result] = []

    def on_mount(self) -> None:
        screen = ReadBackScreen(self.lines, so_far=self.so_far, caller=self.caller)
        self.push_screen(screen, self.results.append)


def _footer(app: App[object]) -> str:
    return screen_text(app).splitlines()[-1]


async def _to_line(pilot: Pilot[object], index: int) -> None:
    """Move the highlight to line `index` with the arrow keys, as the handler would."""
    await press(pilot, *(["up"] * 10), *(["down"] * index))


async def test_lines_are_read_back_with_the_nato_alphabet_and_spoken_dates() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Read back to the caller" in shown
        assert "Z for Zulu" in shown
        assert "3 March 1985" in shown
        assert shown.count("to confirm") == 6

        await _to_line(pilot, 1)
        assert "Family name: O'Brien-Smith" in region_text(app, "#readback-say")
        # Read down the table in full, not cut off.
        said = said_in_read_back(app, "Family name")
        assert said == read_back("family_name", "O'Brien-Smith").say
        assert said.startswith("O for Oscar, apostrophe, B for Bravo")

        await _to_line(pilot, 4)
        assert said_in_read_back(app, "E-mail").endswith("at, example dot com")


async def test_saving_with_lines_unconfirmed_says_how_many_remain() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter")
        await _to_line(pilot, 5)
        await press(pilot, "ctrl+s")

        assert isinstance(app.screen, ReadBackScreen)
        assert app.results == []
        assert "4 lines still to confirm" in screen_text(app)
        assert "Date of birth: 3 March 1985" in region_text(app, "#readback-say")


async def test_confirming_every_line_then_saving_returns_all_of_them() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "space", "enter", "enter", "enter")
        assert screen_text(app).count("to confirm") == 1
        before_the_last = datetime.now(UTC)
        await press(pilot, "enter")
        confirmed = datetime.now(UTC)
        assert "Every line is confirmed" in screen_text(app)

        await press(pilot, "ctrl+s")

    (result,) = app.results
    assert isinstance(result, ReadBackConfirmation)
    assert result.model_dump(exclude={"confirmed_at"}) == {
        "confirmed": {"given_name", "family_name", "date_of_birth", "phone", "email", "postcode"},
        "double_entered": set(),
        "corrected": set(),  # nothing was changed after being read back
    }
    # When the caller confirmed the last line: a new customer's save records the read-back
    # then, not at the save (domain/capture_times.py).
    assert result.confirmed_at is not None
    assert before_the_last <= result.confirmed_at <= confirmed


async def test_enter_moves_to_the_next_line_still_to_confirm() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 1)
        await press(pilot, "enter")  # family name; the cursor goes to the date of birth
        await _to_line(pilot, 0)
        await press(pilot, "enter")  # given name: the family name is done, so the date is next
        await settle(pilot)
        assert "Date of birth: 3 March 1985" in region_text(app, "#readback-say")


async def test_correct_on_the_postcode_goes_back_to_that_field() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 5)
        await press(pilot, "ctrl+e")
    assert app.results == [CorrectField("postcode")]


async def test_lines_confirmed_before_a_correction_stay_confirmed_if_unchanged() -> None:
    """Ctrl+E on one line sent every line back to "to confirm", a phone typed twice too:
    the caller was asked all nine again for one slip."""
    so_far = ConfirmedSoFar()
    app = ReadBackHost(_captured(), so_far)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *(["enter"] * 5))  # every line but the postcode
        await _to_line(pilot, 5)
        await press(pilot, "ctrl+e")
    assert app.results == [CorrectField("postcode")]
    assert set(so_far.confirmed) == {"given_name", "family_name", "date_of_birth", "phone", "email"}

    # Back from the form with the postcode corrected and the e-mail changed too.
    lines = _captured()
    lines[4] = read_back("email", "jo.bloggs@example.org")
    lines[5] = read_back("postcode", "SW1A 2AA")
    again = ReadBackHost(lines, so_far)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "E-mail: jo.bloggs@example.org" in region_text(again, "#readback-say")
        await press(pilot, "ctrl+s")
        assert "2 lines still to confirm" in screen_text(again)
        await press(pilot, "enter", "enter", "ctrl+s")
    [confirmation] = again.results
    assert isinstance(confirmation, ReadBackConfirmation)
    assert len(confirmation.confirmed) == 6
    # The two values changed after the first read-back showed them are said to be
    # corrected, for the event and the trainer's debrief; the unchanged lines are not.
    assert confirmation.corrected == {"email", "postcode"}


async def test_escape_goes_back_to_the_form_without_a_result() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "escape")
        assert not isinstance(app.screen, ReadBackScreen)
    assert app.results == [None]


async def test_a_different_number_typed_twice_is_refused_and_kept() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 3)
        assert "Type twice" in _footer(app)
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, DoubleEntryScreen)
        # The number is not shown, not even behind the dialog: it must come from the caller.
        assert "7700" not in screen_text(app) and "seven" not in screen_text(app)

        await press(pilot, *"07700 900124", "enter")
        assert isinstance(app.screen, DoubleEntryScreen)
        assert MISMATCH in region_text(app, "#double-entry-message")
        assert app.screen.query_one("#double-entry-input", Input).value == "07700 900124"

        await press(pilot, "escape")
        assert isinstance(app.screen, ReadBackScreen)
        assert screen_text(app).count("to confirm") == 6
    assert app.results == []


async def test_an_invalid_number_typed_twice_shows_why() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 3)
        await press(pilot, "ctrl+d", *"07700 9OO123", "enter")
        assert isinstance(app.screen, DoubleEntryScreen)
        assert "cannot contain letters" in region_text(app, "#double-entry-message")


async def test_the_same_number_in_another_format_confirms_it_as_typed_twice() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 3)
        await press(pilot, "ctrl+d")
        await press(pilot, *"07700 900123", "enter")
        assert isinstance(app.screen, ReadBackScreen)
        # "confirmed" over "(typed twice)": at 80 columns Status gives way to the spelling.
        assert str(app.screen.query_one(DataTable).get_row("phone")[2]) == "confirmed (typed twice)"
        assert "(typed twice)" in region_text(app, "#readback-table")
        # The cursor moved on to the next line still to confirm: the e-mail.
        assert "E-mail: jo.bloggs@example.com" in region_text(app, "#readback-say")

        await _to_line(pilot, 0)
        await press(pilot, *(["enter"] * 5), "ctrl+s")

    assert len(app.results) == 1
    result = app.results[0]
    assert isinstance(result, ReadBackConfirmation)
    assert "phone" in result.confirmed and len(result.confirmed) == 6
    assert result.double_entered == frozenset({"phone"})


async def test_with_no_caller_on_the_line_typing_twice_is_from_the_source() -> None:
    """Found trying a supervisor's day: a change made from a discrepancy report is checked
    against the source, yet Ctrl+D told them to ask the caller to say it once more."""
    app = ReadBackHost(_captured(), caller=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_line(pilot, 3)
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, DoubleEntryScreen)
        shown = screen_words(app)
        assert "Type it again from the source" in shown
        assert "caller" not in shown and "read back" not in shown
        await press(pilot, "enter")
        assert "as the source gives it" in region_text(app, "#double-entry-message")
        await press(pilot, *"07700 900124", "enter")
        said = region_text(app, "#double-entry-message")
        assert "check it against the source" in said and "caller" not in said
        await press(pilot, "escape", "ctrl+s")
        assert isinstance(app.screen, ReadBackScreen)
        said = region_text(app, "#readback-message")
        assert "check each against the source" in said and "aloud" not in said


async def test_type_twice_is_not_offered_on_a_name() -> None:
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert "Correct" in footer and "Type twice" not in footer
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, ReadBackScreen)


async def test_customer_text_is_shown_literally_never_as_markup() -> None:
    line = ReadBackLine("family_name", "Family name", "[bold]Smith", "[bold]Smith")
    app = ReadBackHost([line])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[bold]Smith" in region_text(app, "#readback-table")
        assert "Family name: [bold]Smith" in region_text(app, "#readback-say")


async def test_keys_typed_ahead_confirm_the_line_the_arrows_moved_to() -> None:
    """Down, Down, Enter read from the terminal in one go (a fast handler, or keys that
    arrive together over a slow remote session) confirm the third line, not the first."""
    app = ReadBackHost(_captured())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("down", "down", "enter"):
            app.post_message(events.Key(key, None))
        await settle(pilot)

        lines = screen_text(app).splitlines()
        confirmed = [line for line in lines if line.rstrip().endswith(" confirmed")]
        assert len(confirmed) == 1, confirmed
        assert "Date of birth" in confirmed[0]
