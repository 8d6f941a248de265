"""Why card data went from a box is said whole by keyboard too, not only in the box's
tooltip, which needs a mouse: found by a keyboard-only handler, who read "card number
removed: never stored" on the border and never learnt where payments go (PCI DSS;
docs/security.md, "Card numbers")."""

from __future__ import annotations

import inspect
from pathlib import Path

from sqlalchemy import text
from textual.app import App, ComposeResult
from textual.widgets._toast import Toast

from custinfo_tui.domain.card_data import CARD_DETAILS_NOTE
from custinfo_tui.domain.card_numbers import CARD_NUMBER_MESSAGE, CARD_NUMBER_REMOVED
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, words

SIZE = (80, 24)
CARD = "4111 1111 1111 1111"  # a test card number: passes the Luhn check


def _stored_notes(settings: Settings) -> list[str | None]:
    with console_database(settings) as uow:
        rows = uow.session.execute(text("SELECT notes FROM interactions"))  # type: ignore[attr-defined]
        return [row[0] for row in rows]


def _told(app: App[object]) -> list[str]:
    return [notification.message for notification in app._notifications]  # no public API


def _toast_text(app: App[object], toast: Toast) -> str:
    """What the screen shows of a notification, its lines joined (its edge left out)."""
    rows = screen_text(app).splitlines()[toast.region.y : toast.region.bottom]
    shown = " ".join(row[toast.region.x : toast.region.right] for row in rows)
    return words(shown.replace("▌", " "))


async def test_a_card_number_in_a_calls_note_is_said_whole_clear_of_the_box_and_never_stored(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("ctrl+n", *f"Wants to pay by card {CARD} today")
        note = console.screen.query_one("#reason", BoundedInput)
        assert note.value == f"Wants to pay by card {CARD_NUMBER_REMOVED} today"

        # Said whole, on the screen, once (not once a key typed after it).
        assert _told(console) == [CARD_NUMBER_MESSAGE]
        [toast] = console.screen.query(Toast)
        assert _toast_text(console, toast) == CARD_NUMBER_MESSAGE
        assert "4111" not in screen_text(console)
        # Clear of the box being typed in, which keeps what was typed in sight.
        assert not toast.region.overlaps(note.region)
        assert f"{CARD_NUMBER_REMOVED} today" in screen_text(console)

        await page.keys("enter")

        assert "Add a note to this call" not in screen_text(console)
    assert _stored_notes(demo_settings) == [f"Wants to pay by card {CARD_NUMBER_REMOVED} today"]


class _Notes(App[None]):
    """A box of several lines at the foot of the screen, where notifications stand, with
    the console's styles."""

    CSS_PATH = Path(inspect.getfile(CustinfoApp)).parent / "styles" / "app.tcss"
    CSS = "FreeTextArea { dock: bottom; height: 6; }"

    def compose(self) -> ComposeResult:
        yield FreeTextArea(id="notes")


async def test_a_box_of_several_lines_says_it_once_at_a_time_above_the_box() -> None:
    app = _Notes()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, *f"card {CARD} exp")
        await press(pilot, *" 12/28 cvv 123 paid")
        box = app.query_one(FreeTextArea)
        assert "4111" not in box.text and "12/28" not in box.text and "123" not in box.text
        assert box.border_subtitle == CARD_DETAILS_NOTE

        # The number went, then the expiry and the code: one notification, not three
        # stacked over the screen.
        assert _told(app) == [CARD_NUMBER_MESSAGE]
        [toast] = app.screen.query(Toast)
        assert not toast.region.overlaps(box.region)
