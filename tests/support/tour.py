"""Walks to each screen of the console on demo data, as a handler would by keys.

The snapshot tests use these to photograph every screen; each walk ends with the screen
on show and nothing left running.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from tests.support.screen import press, settle

Walk = Callable[[Pilot[None]], Awaitable[None]]

AGENT = ("agent", "agent-demo-2026")
SUPERVISOR = ("supervisor", "supervisor-demo-2026")
DPO = ("dpo", "dpo-demo-2026-pass")
ADMIN = ("admin", "admin-demo-2026")
TRAINER = ("trainer", "trainer-demo-2026")


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    await press(pilot, *pressed)


async def log_in(pilot: Pilot[None], who: tuple[str, str] = AGENT) -> None:
    await settle(pilot)
    await keys(pilot, *who[0], "enter", *who[1], "enter")


async def find(pilot: Pilot[None], query: str, who: tuple[str, str] = AGENT) -> None:
    """Log in and type a search key by key, as Pilot presses them: a burst of search keys
    can leave the results table sized to its headers until its next idle moment, and a
    photograph must not catch that."""
    await log_in(pilot, who)
    await pilot.press(*query)
    await settle(pilot)


async def back_office(pilot: Pilot[None], query: str, who: tuple[str, str] = AGENT) -> None:
    """The first match opened with no customer in touch, for a letter received."""
    await find(pilot, query, who)
    await keys(pilot, "enter", "enter", "end", "enter")
    await keys(pilot, "enter", *"letter of 20 November", "enter")


async def call(pilot: Pilot[None], query: str) -> None:
    """The first match, a phone call: the record beside the verification panel."""
    await find(pilot, query)
    await keys(pilot, "enter", "enter", "enter")


async def verified_call(pilot: Pilot[None]) -> None:
    """Jonathan Smythe verified to Standard by date of birth and postcode, all revealed."""
    await call(pilot, "jonathan smythe")
    await keys(pilot, *"02/06/1949", "enter")
    await keys(pilot, *"BS8 4JL", "enter")
    await keys(pilot, "f5")


async def capture_form(pilot: Pilot[None], born: str = "12/04/1980") -> None:
    """A new customer by phone, consent given, a few details typed."""
    await log_in(pilot)
    await keys(pilot, "f6", "enter")
    await fill_capture_form(pilot, born)


async def fill_capture_form(pilot: Pilot[None], born: str = "12/04/1980") -> None:
    """From the consent question: consent given, a few details typed, the duplicate shown
    (a John Smith born on `born` is on file)."""
    await keys(pilot, "ctrl+s")
    await keys(pilot, "enter", "down", "enter", "tab")
    await keys(pilot, *"John", "tab", *"Smith", "tab", *born)
    # The duplicate check runs once typing stops: wait for the one that saw the birth date.
    await wait_until(pilot, lambda: _strong_duplicate_shown(pilot))


def _strong_duplicate_shown(pilot: Pilot[None]) -> bool:
    candidates = getattr(pilot.app.screen, "candidates", [])
    return any("same date of birth" in reason for c in candidates for reason in c.reasons)


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 15) -> None:
    """Pause until `done()` holds: for work that starts on a timer, which settling cannot see."""
    for _ in range(int(seconds / 0.1)):
        await settle(pilot, rounds=1)
        if done():
            await settle(pilot)
            return
        await pilot.pause(0.1)
    raise AssertionError("the console did not get there in time")


async def to_read_back(pilot: Pilot[None]) -> None:
    """The capture form filled in and read back: the first line waits for confirmation."""
    await capture_form(pilot)
    await read_back_capture_form(pilot)


async def read_back_capture_form(pilot: Pilot[None]) -> None:
    """From `capture_form`: the rest typed, the call's notes too (past the country, left
    empty), saved, the different person explained."""
    await keys(pilot, "tab", *"07700 900555", "tab", *"jon.smith@example.org")
    await keys(pilot, "tab", *"3 Mill Lane", "tab", "tab", *"Bristol", "tab", *"BS1 4DJ")
    await keys(pilot, "tab", "tab", *"New account opened; welcome pack to follow")
    await keys(pilot, "ctrl+s")
    await keys(pilot, *"Different address, phone and e-mail; not related", "enter")


#: Three wrong dates of birth: the demo policy locks verification after the third.
WRONG_DATES_OF_BIRTH = ("01/01/1990", "02/02/1990", "03/03/1990")


async def locked_for_zoe(pilot: Pilot[None]) -> None:
    """Three wrong dates of birth for Zoë Taylor: verification locked in the call."""
    await call(pilot, "zoe taylor")
    for wrong in WRONG_DATES_OF_BIRTH:
        await keys(pilot, *wrong, "enter")


async def supervisor_queue(pilot: Pilot[None]) -> None:
    """The possible-fraud item Zoë's lock raised, on the supervisor's queue."""
    await locked_for_zoe(pilot)
    await supervisor_queue_after_the_lock(pilot)


async def supervisor_queue_after_the_lock(pilot: Pilot[None]) -> None:
    """From `locked_for_zoe`: the call ended, left to wrap up later, the supervisor's queue."""
    await keys(pilot, "escape", "down", "enter")  # end the call: yes
    await keys(pilot, "escape")  # wrap it up later: the queue counts it
    await keys(pilot, "ctrl+o")
    await log_in(pilot, SUPERVISOR)
    await keys(pilot, "ctrl+g")


async def end_call_to_wrap_up(pilot: Pilot[None]) -> None:
    """From a call: ended, and its wrap-up filled in as a resolved billing question."""
    await keys(pilot, "escape", "down", "enter")  # end the call: yes
    await keys(pilot, "enter", "down", "down", "down", "enter")  # Billing question
    await keys(pilot, "tab", "enter", "home", "down", "enter")  # Resolved, from the top
    await keys(pilot, "tab", *"Asked why the bill went up; explained the new tariff")


def steady_cursors(pilot: Pilot[None]) -> None:
    """Stop the text cursors blinking, so a photograph never catches one half-way."""
    from textual.widgets import Input, TextArea

    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
