"""The wrap-up while its save runs (MP-18; tui/saving_form.py), driven by keys.

The save runs in a worker and takes what the boxes hold when it starts. Keys typed while
"Saving..." showed went into the boxes (the customer's words gained what was typed) and
were never saved: the screen closed over them. While it runs, the form takes no typing and
its keys do nothing; when it ends the console goes on as before: saved, back to the
lookup; refused, the form as it was, the focus where it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services.console.calls import CallServices
from custinfo_tui.services.errors import Outage
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.support.console_page import BILLING_QUESTION, RESOLVED, ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, screen_text, settle, typed_in_one_go

SIZE = (80, 24)
WORDS = "I was charged twice"


class HeldSave:
    """The wrap-up's save held back until `go` is set, each call counted; the first
    `outages` calls then fail as the database not answering."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, outages: int = 0) -> None:
        self.go = threading.Event()
        self.calls: list[WrapUpIn] = []
        self.outages = outages
        save = CallServices.wrap_up

        def held(services: CallServices, actor: Actor, call: int, given: WrapUpIn) -> object:
            self.calls.append(given)
            self.go.wait(10)
            if len(self.calls) <= self.outages:
                raise Outage()
            return save(services, actor, call, given)

        monkeypatch.setattr(CallServices, "wrap_up", held)


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Pause until `done()` holds, without waiting for workers (the save is held back)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the console did not get there in time")


async def _wrap_up_typed(page: ConsolePage, notes: str) -> WrapUpScreen:
    """A call with John Smith ended, its wrap-up typed in but not saved."""
    await page.log_in()
    await page.call("john smith")
    wrap_up = await page.end_call_to_wrap_up()
    await page.wrap_up(
        enquiry=BILLING_QUESTION, outcome=RESOLVED, notes=notes, words=WORDS, save=False
    )
    return wrap_up


def _wrapped_up(settings: Settings) -> list[tuple[str | None, str | None]]:
    """(notes, customer's words) of every wrap-up saved, and no more."""
    with console_database(settings) as uow:
        events = uow.audit.list_recent(action=AuditAction.INTERACTION_WRAPPED_UP.value)
        rows = [uow.interactions.get(e.interaction_id or 0) for e in events]
        return [(r.notes, r.customer_words) for r in rows if r is not None]


async def test_keys_typed_while_the_wrap_up_is_saved_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        wrap_up = await _wrap_up_typed(page, "Explained the bill")
        words = wrap_up.query_one("#wrap-words", Input)
        assert console.focused is words
        save = HeldSave(monkeypatch)
        # Ctrl+S, then more typed at once (the handler typing on), Enter, Escape, Ctrl+S.
        typed_in_one_go(console, "ctrl+s", *" and again", "enter", "escape", "f10", "ctrl+s")
        await _until(pilot, lambda: len(save.calls) == 1 and "Saving..." in screen_text(console))
        await pilot.pause(0.3)  # every key read meanwhile
        assert console.screen is wrap_up  # Escape opened no "Finish later?" over it
        assert words.value == WORDS and words.disabled is False and words.is_disabled
        assert console.focused is None
        assert "Saving..." in region_text(console, "#wrap-message")

        save.go.set()
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
    assert len(save.calls) == 1
    assert _wrapped_up(demo_settings) == [("Explained the bill", WORDS)]


async def test_a_second_enter_on_save_without_notes_saves_once(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down, Enter on "Save without notes?", and Enter, Enter, Ctrl+S read with it (a
    bounce, an impatient handler): one save. The question closes once (screens/base.py);
    the keys after it reach the wrap-up, which starts no second save and opens nothing."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _wrap_up_typed(page, "")
        save = HeldSave(monkeypatch)
        await press(pilot, "ctrl+s")
        assert "Save without notes?" in screen_text(console)
        typed_in_one_go(console, "down", "enter", "enter", "enter", "ctrl+s")
        await _until(pilot, lambda: len(save.calls) == 1)
        await pilot.pause(0.3)
        save.go.set()
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
    assert len(save.calls) == 1
    assert _wrapped_up(demo_settings) == [(None, WORDS)]


async def test_a_save_that_fails_gives_the_form_back_as_it_was(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database out of reach: the boxes as they were, the focus where it was, and
    Ctrl+S again saves."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        wrap_up = await _wrap_up_typed(page, "Explained the bill")
        words = wrap_up.query_one("#wrap-words", Input)
        save = HeldSave(monkeypatch, outages=1)
        typed_in_one_go(console, "ctrl+s", *" and again")
        await _until(pilot, lambda: len(save.calls) == 1)
        await pilot.pause(0.3)
        save.go.set()
        await settle(pilot)
        assert console.screen is wrap_up
        assert "database" in region_text(console, "#wrap-message").lower()
        assert not words.is_disabled and console.focused is words
        assert words.value == WORDS  # what was typed during the save went nowhere
        await press(pilot, *". Refund agreed", "ctrl+s")
        assert isinstance(console.screen, LookupScreen)
    assert len(save.calls) == 2
    assert _wrapped_up(demo_settings) == [("Explained the bill", f"{WORDS}. Refund agreed")]
