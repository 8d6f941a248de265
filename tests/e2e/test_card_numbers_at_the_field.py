"""A card number typed or pasted into a free-text box is taken out at once, and the box
says why, so none ever reaches a service (PCI DSS; docs/security.md, "Card numbers")."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from custinfo_tui.domain.card_numbers import CARD_NUMBER_NOTE, CARD_NUMBER_REMOVED
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.field_input import FieldInput
from tests.support.console_page import ConsolePage, logged_in
from tests.support.database import viewed_reasons
from tests.support.screen import press, screen_text

SIZE = (80, 24)
CARD = "4111 1111 1111 1111"  # a test card number: passes the Luhn check
PHONE = "07700 900123"


async def test_a_card_number_in_a_reason_is_removed_at_once_and_never_stored(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.asked_why("john smith")
        box = console.screen.query_one("#reason-detail", BoundedInput)

        await page.keys("enter", *f"Call {PHONE}, paid {CARD}")
        assert box.value == f"Call {PHONE}, paid {CARD}"  # still being typed: left alone

        await page.keys(*" twice")

        assert box.value == f"Call {PHONE}, paid {CARD_NUMBER_REMOVED} twice"
        shown = screen_text(console)
        assert CARD_NUMBER_REMOVED in shown and CARD_NUMBER_NOTE in shown
        assert "4111" not in shown

        await page.keys("enter")

        assert isinstance(console.screen, RecordScreen)
    [reason] = viewed_reasons(demo_settings)
    assert reason is not None and "4111" not in reason
    assert f"Call {PHONE}, paid {CARD_NUMBER_REMOVED} twice" in reason


async def test_a_card_number_still_at_the_end_is_removed_when_the_reason_is_given_by_key(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Ctrl+S gives the reason without leaving the box: the number goes all the same."""
    async with logged_in(console) as page:
        await page.asked_why("john smith")

        await page.keys("enter", *f"letter quoting {CARD}", "ctrl+s")

        assert isinstance(console.screen, RecordScreen)
    [reason] = viewed_reasons(demo_settings)
    assert reason is not None and "4111" not in reason
    assert f"letter quoting {CARD_NUMBER_REMOVED}" in reason


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield FieldInput("accessibility_needs", "Support needs", free_text=True)


async def test_a_form_field_of_free_text_settles_its_value_when_checked_for_saving() -> None:
    app = _Form()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *f"Large print {CARD}")
        field = app.query_one(FieldInput)
        assert field.raw == f"Large print {CARD}"

        assert field.show_check(final=True)

        assert field.raw == f"Large print {CARD_NUMBER_REMOVED}"
        assert field.box.border_subtitle == CARD_NUMBER_NOTE


class _OneBox(App[None]):
    """A free-text box, and another to move to."""

    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield BoundedInput(id="box", limit=300, free_text=True)
        yield Input(id="other")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)


async def test_a_phone_number_is_left_as_typed() -> None:
    app = _OneBox()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *f"Ring {PHONE} or 020 7946 0018 after 5", "tab")

        box = app.query_one("#box", BoundedInput)
        assert box.value == f"Ring {PHONE} or 020 7946 0018 after 5"
        assert not box.card_data_removed and not box.border_subtitle


async def test_a_pasted_card_number_is_removed_at_once() -> None:
    app = _OneBox()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *"Card: ")
        app.query_one("#box").post_message(events.Paste("4111111111111111"))
        await pilot.pause()

        box = app.query_one("#box", BoundedInput)
        assert box.value == f"Card: {CARD_NUMBER_REMOVED}"
        assert box.cursor_position == len(box.value)

        await press(pilot, "home", *"My ")  # typing before it leaves it be
        assert box.value == f"My Card: {CARD_NUMBER_REMOVED}"
        assert box.cursor_position == 3
        assert box.border_subtitle == CARD_NUMBER_NOTE


async def test_a_paste_of_several_lines_goes_in_whole_on_one_line() -> None:
    """Found trying the wrap-up: a paste of two lines kept only the first, silently; here
    the second held the rest of a card number."""
    app = _OneBox()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#box").post_message(events.Paste("tab 4111 1111\n1111 1111 end\n"))
        await pilot.pause()
        box = app.query_one("#box", BoundedInput)
        assert box.value == f"tab {CARD_NUMBER_REMOVED} end"
        assert box.border_subtitle == CARD_NUMBER_NOTE


async def test_a_card_number_left_at_the_end_goes_when_the_box_is_left_or_first_submitted() -> None:
    app = _OneBox()
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one("#box", BoundedInput)
        await press(pilot, *f"paid {CARD}")
        assert box.value == f"paid {CARD}"

        await press(pilot, "tab")
        assert box.value == f"paid {CARD_NUMBER_REMOVED}"
        assert box.border_subtitle == CARD_NUMBER_NOTE

        box.focus()
        await press(pilot, "ctrl+u")
        assert not box.border_subtitle  # an empty box has nothing removed
        await press(pilot, *f"again {CARD}", "enter")
        assert box.value == f"again {CARD_NUMBER_REMOVED}"
        # Not sent yet: a dialog would close before the box could say why the text changed.
        assert app.submitted == [] and box.border_subtitle == CARD_NUMBER_NOTE
        await press(pilot, "enter")
        assert app.submitted == [f"again {CARD_NUMBER_REMOVED}"]


async def test_a_box_that_is_not_free_text_keeps_digits_as_typed() -> None:
    class _Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield BoundedInput(id="box", limit=300)

    app = _Plain()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *f"{CARD} x", "enter")
        assert app.query_one("#box", BoundedInput).value == f"{CARD} x"


async def test_the_new_customer_forms_notes_box_says_what_went_whole_at_80x24(
    console: CustinfoApp,
) -> None:
    """Found by a first-day handler: the notes box of the new-customer form, beside the
    possible duplicates at 80x24, cut its note to "card number removed: never stored (PCI
    …". The note now fits whole; the rule's name is in the box's tooltip."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("Budi")
        capture.query_one("#notes-input", BoundedInput).focus()
        await press(pilot, *f"read out {CARD}", "tab")

        [line] = [row for row in screen_text(console).splitlines() if "never stored" in row]
        assert f"{CARD_NUMBER_NOTE} " in line and "…" not in line
        assert "4111" not in screen_text(console)
