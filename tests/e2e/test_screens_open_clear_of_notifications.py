"""A screen opens clear of the notifications said before it (docs/after-the-call.md), at
80x24: they were about what was just done on the screen it covers, and Textual draws
them over its bottom lines. Found touring: "Note added to the call." sat over the
complaint form's last lines as F10 opened it, and "Wrap-up left for later: ..." said on
the lookup over the line under the calls to finish that names the highlighted call whole.
The login's notices stay on the calls to finish opened at login with them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.widgets._toast import Toast

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.login_notices import _offer_calls_to_finish
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import screen_text, screen_words, settle, until

NOTE_ADDED = "Note added to the call."
LEFT_FOR_LATER = "Wrap-up left for later"
#: The complaint form's last line over its footer.
CARD_NUMBERS_LINE = "Card numbers are taken out of what is typed before it is kept."
#: The end of the line under the calls to finish naming the highlighted call.
CALL_DETAIL_END = "not verified; no change saved."
ELSEWHERE = "You are also logged in at another console"


@asynccontextmanager
async def _logged_in(console: CustinfoApp) -> AsyncIterator[ConsolePage]:
    """The agent logged in at 80x24, notifications drawn as at a terminal."""
    async with console.run_test(size=(80, 24), notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        yield page


def _told(console: CustinfoApp) -> str:
    return " ".join(str(n.message) for n in console._notifications)


async def _left_a_wrap_up_for_later(page: ConsolePage) -> None:
    await page.call("john smith")
    await page.end_call_to_wrap_up()
    await page.keys("escape")  # nothing typed: left for later, said on the lookup
    assert LEFT_FOR_LATER in screen_text(page.pilot.app)


async def test_the_complaint_form_opens_clear_of_the_note_just_added(
    console: CustinfoApp,
) -> None:
    async with _logged_in(console) as page:
        await page.call("john smith")
        await page.keys("ctrl+n", *"wants a call back after 5pm", "enter")
        await until(page.pilot, lambda: NOTE_ADDED in _told(console))
        await settle(page.pilot)
        assert NOTE_ADDED in screen_text(console)  # said on the record

        await page.keys("f10")
        await settle(page.pilot)

        assert isinstance(console.screen, RaiseComplaintScreen)
        shown = screen_text(console)
        assert NOTE_ADDED not in shown and NOTE_ADDED not in _told(console)
        assert CARD_NUMBERS_LINE in shown  # the form's last line, uncovered


async def test_the_calls_to_finish_open_clear_of_what_the_lookup_said(
    console: CustinfoApp,
) -> None:
    async with _logged_in(console) as page:
        await _left_a_wrap_up_for_later(page)

        await page.keys("ctrl+p", *"calls to finish", "enter")
        await settle(page.pilot)

        assert isinstance(console.screen, CallsToFinishScreen)
        shown = screen_text(console)
        assert LEFT_FOR_LATER not in shown and LEFT_FOR_LATER not in _told(console)
        assert CALL_DETAIL_END in shown  # the highlighted call, named whole


async def test_the_calls_to_finish_opened_at_login_keep_the_logins_notices(
    console: CustinfoApp,
) -> None:
    """The login's notices are found together, in any order: one said just before the calls
    to finish open at login ("Logged in elsewhere") is read on them."""
    async with _logged_in(console) as page:
        await _left_a_wrap_up_for_later(page)
        actor = console.actor
        assert actor is not None
        calls = console.services().calls_to_finish(actor)
        console.notify(f"{ELSEWHERE}.", title="Logged in elsewhere", markup=False)
        await settle(page.pilot)

        _offer_calls_to_finish(console, actor, calls)  # as at login, once it is found
        await settle(page.pilot)

        assert isinstance(console.screen, CallsToFinishScreen)
        assert "Logged in elsewhere" in screen_text(console)


async def test_the_logins_notice_takes_rows_from_the_calls_to_finish_not_the_line_naming_one(
    console: CustinfoApp,
) -> None:
    """Found by a new handler logging in: "Logged in elsewhere", said as the calls to finish
    opened, was drawn over their bottom lines for its 12 seconds, the line naming the
    highlighted call whole among them (what it was, whether its caller was verified). It
    takes its rows from the list now, as on the lookup: the list is shorter and scrolls."""
    async with _logged_in(console) as page:
        await _left_a_wrap_up_for_later(page)
        actor = console.actor
        assert actor is not None
        calls = console.services().calls_to_finish(actor)
        console.clear_notifications()  # as at login: nothing said before
        _offer_calls_to_finish(console, actor, calls)
        await settle(page.pilot)
        console.notify(f"{ELSEWHERE}.", title="Logged in elsewhere", markup=False)
        await settle(page.pilot)

        screen = console.screen
        assert isinstance(screen, CallsToFinishScreen)
        [toast] = screen.query(Toast)
        shown = screen_words(console)
        assert "Logged in elsewhere" in shown
        assert CALL_DETAIL_END in shown  # the highlighted call, named whole
        for part in ("#finish-detail", "#finish-status", "#finish-table"):
            assert not toast.region.overlaps(screen.query_one(part).region), part
