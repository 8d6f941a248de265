"""The console as a handler drives it by keys, one method per step the Pilot tests repeat.

Each step presses its keys and lets the console settle; steps that land on a screen check
they did and return it. What a test asserts stays in the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import Static

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.access_reason import AccessReasonScreen
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.support.screen import (
    confirm_leaving,
    press,
    region_text,
    screen_text,
    settle,
    until,
)
from tests.support.tour import AGENT, WRONG_DATES_OF_BIRTH

#: What the console asks once a customer is picked.
CONTACT_QUESTION = "How is the customer in touch?"
#: Positions in the default lists of the wrap-up (counted from 1, under the prompt).
BILLING_QUESTION = 3
RESOLVED, FOLLOW_UP, NO_ACTION = 1, 2, 5


@asynccontextmanager
async def logged_in(
    console: CustinfoApp, who: tuple[str, str] = AGENT, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[ConsolePage]:
    """The console running at `size` (80x24 unless said), `who` logged in, on the lookup."""
    async with console.run_test(size=size) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(who)
        yield page


class ConsolePage:
    """A Pilot on the real console, with the steps a handler takes."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot

    async def keys(self, *pressed: str) -> None:
        await press(self.pilot, *pressed)

    async def log_in(self, who: tuple[str, str] = AGENT) -> None:
        username, password = who
        await self.keys(*username, "enter", *password, "enter")

    async def choose(self, query: str) -> None:
        """Search, pick the first match: the console asks how the customer is in touch.

        Each step waits for what it brings (the matches, then the question), a frame at a
        time: on a loaded machine the settling after a key once ended before the question
        was on the screen (once in a run of the whole suite)."""
        app = self.pilot.app
        await self.keys(*query, "enter")
        lookup = app.screen
        if isinstance(lookup, LookupScreen):
            await until(self.pilot, lambda: lookup.has_matches and not lookup.searching, 20)
        await self.keys("enter")
        await until(self.pilot, lambda: CONTACT_QUESTION in screen_text(app), 20)

    async def no_customer_in_touch(self) -> None:
        """Answer the contact question with its last choice: back-office work, which asks
        why the record is opened."""
        await self.keys("end", "enter")

    async def asked_why(self, query: str) -> AccessReasonScreen:
        """The first match for `query` with no customer in touch: the console asks why the
        record is opened."""
        await self.choose(query)
        await self.no_customer_in_touch()
        asked = self.pilot.app.screen
        assert isinstance(asked, AccessReasonScreen)
        return asked

    async def call(self, query: str) -> RecordScreen:
        """The first match for `query`, in a phone call (the first way of being in touch)."""
        await self.choose(query)
        await self.keys("enter")
        record = self.pilot.app.screen
        assert isinstance(record, RecordScreen) and record.in_call
        return record

    async def open_back_office(self, query: str, detail: str = "letter of 20 Nov") -> RecordScreen:
        """The first match for `query` with no customer in touch, for the first reason."""
        await self.choose(query)
        await self.no_customer_in_touch()
        await self.keys("enter", *detail, "enter")  # the first reason, and its detail
        record = self.pilot.app.screen
        assert isinstance(record, RecordScreen) and not record.in_call
        return record

    async def answer(self, text: str, *, down: int = 0) -> str:
        """Move down to a check (from the highlighted one), type the answer, press Enter.

        Returns what the verification panel then shows.
        """
        await self.keys(*(["down"] * down), *text, "enter")
        # Settled again: the answer box scrolled into view as the panel grew leaves it
        # scrolled part way for a moment on a busy machine (the level line out of sight).
        await settle(self.pilot)
        shown = region_text(self.pilot.app, "#verification-panel")
        # Beside the role-play caller's pane the panel is taller than the screen, and it
        # scrolls to the check's result: its level line, first, may be a scroll away.
        level = self.pilot.app.screen.query_one("#verification-panel #level-line", Static)
        said = " ".join(str(level.render()).split())
        return shown if said in shown else f"{said} {shown}"

    async def lock_verification(self) -> str:
        """Three wrong dates of birth in the call in hand, so verification locks; what the
        verification panel then shows."""
        shown = ""
        for wrong in WRONG_DATES_OF_BIRTH:
            shown = await self.answer(wrong)
        return shown

    async def end_call(self) -> None:
        """Escape from the call, answer yes to ending it, and wrap it up: the first enquiry
        type, no action. Back on the lookup."""
        await self.end_call_to_wrap_up()
        await self.wrap_up()

    async def end_call_to_wrap_up(self) -> WrapUpScreen:
        """Escape from the call and answer yes to ending it: the wrap-up opens."""
        await self.pilot.press("escape")
        await confirm_leaving(self.pilot)
        screen = self.pilot.app.screen
        assert isinstance(screen, WrapUpScreen)
        return screen

    async def wrap_up(
        self,
        *,
        enquiry: int = 1,
        outcome: int = NO_ACTION,
        follow_up: str | None = None,
        notes: str = "",
        words: str = "",
        rights: tuple[int, ...] = (),
        save: bool = True,
    ) -> None:
        """On the wrap-up: choose the enquiry type and the outcome by their places in the
        lists, tick the `rights` by their places (from 0; under a data protection request,
        whose tick boxes Tab passes through), type the notes, the follow-up date after them
        (only for an outcome that asks for one: Tab skips the box otherwise) and the
        customer's words, and
        save (Ctrl+S). With no notes the console asks whether to save without them: a test
        that leaves them out answers yes. Each list is counted from its top (Home), as the
        wrap-up may start with a choice made from what the call did; 0 keeps that choice."""
        await self.keys("enter", *_from_the_top(enquiry), "enter")
        if self.pilot.app.screen.query_one("#wrap-rights-row").display:
            await self.keys("tab")
            place = 0
            for right in sorted(rights):
                await self.keys(*(["down"] * (right - place)), "space")
                place = right
        await self.keys("tab", "enter", *_from_the_top(outcome), "enter")
        if notes or words or follow_up is not None:
            await self.keys("tab", *notes)
        if follow_up is not None:  # after the notes
            await self.keys("tab", *follow_up)
        if words:
            await self.keys("tab", *words)
        if save:
            await self.keys("ctrl+s")
            if not notes:
                await self.save_without_notes()

    async def save_without_notes(self) -> None:
        """Answer "Save without notes" when the wrap-up or the new-customer form asks
        (its notes empty, the rest of the form right); nothing when it does not (notes
        added in the call, or a problem shown at a field)."""
        if getattr(self.pilot.app.screen, "title_text", None) == "Save without notes?":
            await self.keys("down", "enter")

    async def start_capture(self, given_name: str) -> CaptureScreen:
        """A new customer by phone: consent recorded, then the given name typed."""
        await self.keys("f6")
        await self.keys("enter")  # a phone call
        await self.keys("ctrl+s")  # consent answers as they stand
        await self.keys("enter", "down", "enter", "tab")  # enquiry type, then the first field
        await self.keys(*given_name)
        capture = self.pilot.app.screen
        assert isinstance(capture, CaptureScreen)
        return capture


def _from_the_top(place: int) -> list[str]:
    """The keys that move an open list to `place` (from 1) counted from its top; none for
    0, which keeps the choice made."""
    return ["home", *(["down"] * place)] if place else []
