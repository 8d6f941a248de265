"""A card's security code and expiry date typed into a note go with its number, at the box,
and the box says what went: found by an explorer, whose note kept "exp 12/28 cvv 123"
beside "[card number removed]" (PCI DSS; docs/security.md, "Card numbers")."""

from __future__ import annotations

from sqlalchemy import text
from textual.app import App, ComposeResult

from custinfo_tui.domain.card_data import CARD_DETAILS_NOTE
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text

SIZE = (80, 24)
EXPLORERS_NOTE = "caller read out card 4111111111111111 exp 12/28 cvv 123"
KEPT = "caller read out card [card number removed] exp [expiry removed] cvv [security code removed]"


def _stored_notes(settings: Settings) -> list[str | None]:
    with console_database(settings) as uow:
        rows = uow.session.execute(text("SELECT notes FROM interactions"))  # type: ignore[attr-defined]
        return [row[0] for row in rows]


async def test_the_explorers_note_keeps_no_card_data_on_screen_or_in_the_database(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("ctrl+n", *EXPLORERS_NOTE)
        note = console.screen.query_one("#reason", BoundedInput)

        # The number and the expiry went as the next word began; the code, still at the
        # end of the box, may yet have a fourth digit.
        assert note.value == (
            "caller read out card [card number removed] exp [expiry removed] cvv 123"
        )
        assert note.border_subtitle == CARD_DETAILS_NOTE

        await page.keys("enter")  # the code goes; the box says so before the note is added

        assert note.value == KEPT
        shown = screen_text(console)
        assert "[security code removed]" in shown and CARD_DETAILS_NOTE in shown
        assert "4111" not in shown and "12/28" not in shown and "cvv 123" not in shown
        assert "security code" in str(note.tooltip)

        await page.keys("enter")

        assert "Add a note to this call" not in screen_text(console)
    assert _stored_notes(demo_settings) == [KEPT]


class _Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield BoundedInput(id="line", limit=200, free_text=True)
        yield FreeTextArea(id="lines")


async def test_one_line_and_several_line_boxes_take_a_dashed_number_out_alike() -> None:
    """Reported as the one-line box keeping "4111-1111-1111-1111" until Tab where the
    larger box took it out at once: both take it out as soon as anything but more of a
    number follows it, and both leave it while it may still be being typed."""
    app = _Boxes()
    async with app.run_test(size=SIZE) as pilot:
        line = app.query_one("#line", BoundedInput)
        lines = app.query_one("#lines", FreeTextArea)
        seen = []
        for box, held in ((line, lambda: line.value), (lines, lambda: lines.text)):
            box.focus()
            await press(pilot, *"refund 4111-1111-1111-1111")
            at_the_end = held()
            await press(pilot, *" to the card")
            seen.append((at_the_end, held(), box.border_subtitle))

        assert seen == 2 * [
            (
                "refund 4111-1111-1111-1111",
                "refund [card number removed] to the card",
                "card number removed: never stored",
            )
        ]
