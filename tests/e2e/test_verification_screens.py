"""Caller verification on the real console: what the screen shows and hides at each step (MP-08).

Each test logs in, finds a demo customer, starts a phone call and answers the verification
panel's questions by typing, then checks the screen and the audit stream.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime

import pytest
from textual import events
from textual.message import Message
from textual.widgets import DataTable, Input, Select, TabbedContent

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import FailedCheck
from custinfo_tui.domain.verification import Scripts
from custinfo_tui.services.errors import Outage
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.consent import ConsentScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.record_messages import RecordReloaded
from custinfo_tui.tui.screens.resolve_item import failed_check_lines
from custinfo_tui.tui.widgets.record_fields import ACCESS_SEPARATOR
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    confirm_leaving,
    panel_line,
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    typed_in_one_go,
    until,
    words,
)
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)

#: John Smith's stored values, in every form a screen might print them.
JOHN_SECRETS = (
    "12 Apr",
    "12/04/1980",
    "1980-04-12",
    "April 1980",
    "SE1 2QT",
    "Acacia",
    "john.smith1",
    "900123",
    "Biscuit",
    "biscuit",
)
#: Helen Smythe's own answers and her father's details.
SMYTHE_SECRETS = ("Feb 1978", "1978", "BS6 5QT", "BS8 4JL", "High Street", "Swindon", "900456")


def _events(settings: Settings, action: AuditAction) -> list[AuditEvent]:
    with console_database(settings) as uow:
        return uow.audit.list_recent(action=action.value)


def _supervisor_lifts_john_smiths_lock(settings: Settings) -> None:
    """At another desk, a supervisor lifts the lock on John Smith's verification."""
    with console_uow_factory(settings) as uows:
        supervisor = desk_for(uows, "supervisor")
        [item] = [i for i in supervisor.items() if i.customer_id == 1]
        supervisor.lift(item.id)


def _panel(app: object) -> str:
    assert isinstance(app, CustinfoApp)
    return region_text(app, "#verification-panel")


def _leaks(shown: str, secrets: tuple[str, ...]) -> list[str]:
    return [secret for secret in secrets if secret in shown]


def _awaiting_reveal(app: CustinfoApp) -> list[str]:
    """The fields whose row says Enter reveals them."""
    return [label for label, (_, access) in _details(app).items() if access == "Enter: reveal"]


def _details(app: CustinfoApp) -> dict[str, tuple[str, str]]:
    """Field label -> (what the Value column shows, what revealing it needs or "")."""
    table = app.screen.query_one("#details-table", DataTable)
    rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
    shown = {label: value.partition(ACCESS_SEPARATOR) for label, value in rows}
    return {label: (value, access) for label, (value, _, access) in shown.items()}


async def test_a_caller_who_passes_two_checks_unlocks_what_the_standard_level_allows(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        shown = _panel(console)
        assert "Not verified - 0 passed" in shown
        assert "Ask: Can you confirm your date of birth, please?" in shown
        # No part of an answer a check asks for (docs/verification.md).
        assert _details(console)["Postcode"] == ("(hidden)", "needs Standard")
        assert _details(console)["Phone"] == ("(hidden)", "needs Standard")
        assert _details(console)["E-mail"] == ("(hidden)", "needs Standard")

        shown = await page.answer("12/04/1980")
        assert "Passed: Date of birth." in shown
        assert "Not verified - 1 passed" in shown
        assert _leaks(shown, JOHN_SECRETS) == []

        shown = await page.answer("12, Acacia Rd.", down=1)  # the first line of address
        assert "Standard - 2 passed" in shown
        assert "Read: everything but support needs." in " ".join(shown.split())
        # High needs the security answer: the panel asks it next, not the next in the list.
        assert "Next: High: 1 more check, including security answer" in " ".join(shown.split())
        assert "Ask: What was the name of your first pet?" in " ".join(shown.split())
        assert _details(console)["Address line 1"] == ("(hidden)", "Enter: reveal")

        # Reveal one field with Enter on its row, then the rest with F5.
        await press(pilot, "f4", "down", "down", "down", "enter")  # the phone row
        await settle(pilot)
        assert _details(console)["Phone"] == ("07700 900123", "")
        await press(pilot, "f5")
        # What F5's worker brought, once on the screen: the settling after a key once ended
        # before it was, on a loaded machine.
        await until(pilot, lambda: not _awaiting_reveal(console))
        details = _details(console)
        assert details["Address line 1"] == ("12 Acacia Road", "")
        assert details["Postcode"] == ("SE1 2QT", "")
        assert details["Date of birth"][0] == "12 April 1980"

    disclosed = _events(demo_settings, AuditAction.FIELD_DISCLOSED)
    assert [e.fields for e in reversed(disclosed)] == [
        ("phone",),
        ("date_of_birth", "email", "address_line1", "town", "postcode"),
    ]
    assert all(e.interaction_id is not None for e in disclosed)
    verified = _events(demo_settings, AuditAction.CALLER_VERIFIED)
    assert [e.details["level"] for e in verified] == ["standard"]


async def test_a_reload_read_before_f5_never_masks_again_what_f5_revealed(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload of the record asked before F5 (after the answer just checked), read with the
    fields masked and handed over just as F5 came, is not shown after F5's reveal: its
    worker was cancelled by F5, but it had looked before that, and a fast handler then saw
    the fields F5 revealed go back to "Enter: reveal"."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        assert "Enter: reveal" in [access for _, access in _details(console).values()]
        read, handed_over, post = threading.Event(), threading.Event(), record.post_message

        def late(message: Message) -> bool:  # the reload's hand-over, held until after F5
            if isinstance(message, RecordReloaded):
                read.set()
                handed_over.wait(10)
            return post(message)

        monkeypatch.setattr(record, "post_message", late)
        record._reload_record()
        await until(pilot, read.is_set)  # read, masked, and not cancelled yet
        await pilot.press("f5")
        await until(pilot, lambda: not _awaiting_reveal(console))
        handed_over.set()
        await settle(pilot)
        assert not _awaiting_reveal(console)
        assert _details(console)["Postcode"] == ("SE1 2QT", "")


async def test_edit_says_what_changing_details_needs_until_the_caller_reaches_it(
    console: CustinfoApp,
) -> None:
    """At Standard the demo policy lets the caller change no details: the Edit key is still
    there (footer and palette), and says why not rather than doing nothing. Consent opens
    for taking marketing back only (tests/e2e/test_consent_withdrawal_in_a_call.py)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        assert "f6 Edit f9 Consent" in screen_text(console).splitlines()[-1]

        await press(pilot, "f6")

        assert console.screen is record  # no edit form
        # On the panel's own line: a notification was drawn over the panel's last lines.
        assert panel_line(console) == "Nothing can be changed in this call now: needs High."
        assert list(console._notifications) == []

        await press(pilot, "f9")  # giving consent needs High; withdrawing it, Standard
        assert isinstance(console.screen, ConsentScreen)
        assert console.screen.giving_needs == "needs High"


async def test_what_cannot_be_changed_is_no_longer_said_once_the_caller_reaches_high(
    console: CustinfoApp,
) -> None:
    """Found by a crash explorer: "Nothing can be changed in this call now: needs High."
    stayed on the screen after the caller reached High, beside the edit form F6 opened."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        await press(pilot, "f6")
        cannot = "Nothing can be changed in this call now: needs High."
        assert panel_line(console) == cannot

        assert "High" in await page.answer("Biscuit")
        assert cannot not in panel_line(console)
        await press(pilot, "f6")
        assert isinstance(console.screen, EditScreen)
        assert "Nothing can be changed" not in screen_text(console)


async def test_a_wrong_answer_fails_and_a_typing_slip_is_not_counted(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        shown = await page.answer("31/02/1980")  # not a date: the handler mistyped
        assert "31/02/1980" in shown, "what was typed stays in the box to be corrected"
        assert "Not verified - 0 passed" in shown
        assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []

        await press(pilot, *(["backspace"] * 10))
        shown = await page.answer("01/01/1980")
        assert "Did not match." in shown and "2 more failures lock" in shown
        assert "[!] Date of birth" in shown
        assert _leaks(shown, JOHN_SECRETS) == []
    failed = _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED)
    assert [e.fields for e in failed] == [("date_of_birth",)]


async def test_the_words_to_say_after_a_failed_check_are_on_screen_at_80x24(
    console: CustinfoApp,
) -> None:
    """The checks, the question and the answer box fill the panel at 80x24: the words for
    the caller after a wrong answer were drawn below its bottom edge, out of sight. They
    now take the question's place, above the box, and the whole panel fits."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        shown = await page.answer("01/01/1980")

        assert f'Say: "{Scripts().failed_check}"' in shown, "in the question's place"
        assert "What the caller says" in shown and "Did not match." in shown
        assert "Not verified - 0 passed" in shown and "2 more failures lock" in shown


async def test_a_visit_whose_failures_lock_phone_calls_says_so_in_full_at_80x24(
    console: CustinfoApp,
) -> None:
    """Face to face, the third wrong answer locks the customer's phone calls, not the visit:
    the panel says so and what to tell the customer, in view."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith")
        await page.keys("down", "enter")  # Face to face
        for wrong in ("01/01/1980", "02/01/1980"):
            await page.answer(wrong)

        shown = await page.answer("03/01/1980")

        said = f'Say: "{Scripts().failed_check}"'  # not the lock's "visit a branch"
        assert f"Did not match; phone verification is now locked. {said}" in shown
        assert "3 failed in 24 h: phone verification locked" in shown
        assert "0 more failures" not in shown
        assert "What the caller says" in shown, "the visit goes on"


class _SlowChecks:
    """The real services, with every answer taking a third of a second to check."""

    def __init__(self, services: object) -> None:
        self._services = services

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def check_answer(self, *args: object, **kwargs: object) -> object:
        time.sleep(0.3)
        return self._services.check_answer(*args, **kwargs)  # type: ignore[attr-defined]


def _slow_console(settings: Settings) -> CustinfoApp:
    """The console on `settings`' database, every answer taking a third of a second."""
    from custinfo_tui.composition import build_console_services

    assert settings.database_url is not None
    url = settings.database_url
    return CustinfoApp(lambda: _SlowChecks(build_console_services(url)))  # type: ignore[arg-type,return-value]


async def test_a_double_enter_on_a_wrong_answer_counts_one_failure(
    demo_settings: Settings,
) -> None:
    """Enter pressed again while the answer was being checked (a key bounce, an impatient
    handler) checked it twice: two of the three failures that lock the caller out, for one
    thing said."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, *"01/01/1980")
        await pilot.press("enter")
        await asyncio.sleep(0.1)  # the first check is under way
        await pilot.press("enter")
        await settle(pilot)
        assert "Did not match." in region_text(app, "#verification-panel")
    assert len(_events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED)) == 1


class _CheckedButNotTold:
    """The real services, where the first answer is checked and stored but the database's
    answer never reaches the console (the server went down after its commit)."""

    def __init__(self, services: object) -> None:
        self._services = services
        self.lost = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def check_answer(self, *args: object, **kwargs: object) -> object:
        outcome = self._services.check_answer(*args, **kwargs)  # type: ignore[attr-defined]
        if not self.lost:
            self.lost += 1
            raise Outage
        return outcome


async def test_a_wrong_answer_entered_again_after_an_outage_counts_once(
    demo_settings: Settings,
) -> None:
    """The console kept the answer to enter again, and the database had checked it after
    all: entered again, one wrong answer counted two of the three failures."""
    from custinfo_tui.composition import build_console_services

    assert demo_settings.database_url is not None
    services = _CheckedButNotTold(build_console_services(demo_settings.database_url))
    app = CustinfoApp(lambda: services)  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        shown = await page.answer("01/01/1980")
        assert "The database did not answer. Press Enter to check the answer again" in shown

        shown = await page.answer("")  # Enter on the answer kept in the box

        assert "Did not match." in shown and "2 more failures lock" in shown
    assert len(_events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED)) == 1


async def test_an_answer_typed_while_the_one_before_is_checked_is_checked_next(
    demo_settings: Settings,
) -> None:
    """Found in tmux: F3, the date of birth, Enter, the postcode, Enter, read in one go (the
    caller gave both in one breath) passed the date of birth, and the postcode was lost:
    typed after the date in the same box, then wiped with it when its outcome came. The
    box now empties as an answer goes; one entered meanwhile is checked after it, against
    the check asked next."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        typed_in_one_go(app, *"12/04/1980", "enter", *"SE1 2QT", "enter", "enter")
        await settle(pilot)
        await asyncio.sleep(0.7)
        await settle(pilot)
        shown = region_text(app, "#verification-panel")
        assert "Standard - 2 passed" in shown
        assert "Passed: Postcode." in shown
    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert sorted(e.fields for e in passed) == [("date_of_birth",), ("postcode",)]
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


async def test_three_wrong_answers_typed_in_one_go_are_three_failures_and_lock(
    demo_settings: Settings,
) -> None:
    """Three dates typed with Enter after each, in one go: the panel said "1 more failure
    locks it" with the box empty and two failures recorded; the third answer was lost (one
    typed ahead was kept, a second took its place)."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        typed_in_one_go(app, *"01/01/1970", "enter", *"01/01/1971", "enter", *"01/01/1972", "enter")
        for _ in range(3):
            await settle(pilot)
            await asyncio.sleep(0.5)
        await settle(pilot)
        assert "locked" in region_text(app, "#verification-panel").lower()
    assert len(_events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED)) == 3


async def test_f6_typed_with_the_answer_that_reaches_high_opens_the_change_form(
    demo_settings: Settings,
) -> None:
    """ "Biscuit", Enter, F6 typed together: F6 was judged while the answer was still being
    checked, and said "Nothing can be changed in this call now: needs High" as the panel
    showed High. Now it waits for the answer's outcome."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        assert "Standard" in _panel(app)
        typed_in_one_go(app, *"Biscuit", "enter", "f6")
        for _ in range(2):
            await settle(pilot)
            await asyncio.sleep(0.5)
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)


async def test_a_change_in_a_call_is_read_back_to_the_caller(console: CustinfoApp) -> None:
    """In a call the read-back is read aloud; from paperwork it is checked against the
    source (test_discrepancy_reports)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#town-input", Input).value = "Croydon"
        edit.query_one("#town-reason", Select).value = "Customer moved"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        shown = screen_text(console)
        assert "Read back the changed details" in shown
        assert "Enter: the caller says it is right" in shown


async def test_a_new_call_says_how_many_checks_failed_lately_and_how_few_lock(
    console: CustinfoApp,
) -> None:
    """Two failures in an earlier call count towards the lock: the next call's first slip
    locks, so the panel says so before anything is asked."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        assert "failed in" not in _panel(console)
        await page.answer("01/01/1990")
        assert "Did not match" in await page.answer("01/01/1991")
        await page.end_call()

        await page.call("zoe taylor")
        panel = " ".join(_panel(console).split())
        assert "Not verified - 0 passed" in panel
        assert "2 failed in 24 h: 1 more failure locks" in panel


async def test_a_date_typed_wrong_goes_back_in_the_box_to_correct(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/13/1980")
        assert console.screen.query_one("#answer").value == "12/13/1980"  # type: ignore[attr-defined]


async def test_at_the_top_level_no_further_check_is_offered_but_one_can_be_chosen(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("12, Acacia Rd.", down=1)
        shown = " ".join((await page.answer("Biscuit")).split())  # the security answer
        assert "High - 3 passed" in shown and "Next:" not in shown
        # Nothing more is needed: no question to ask the caller, so none is offered.
        assert "No more checks needed." in shown and "Ask:" not in shown
        # An answer given anyway is not checked, and stays in the box (which empties as
        # Enter is read, so it is put back), ready for a check to be chosen.
        shown = " ".join((await page.answer("SE1 2QT")).split())
        assert "No more checks are needed (High): Up or Down chooses one to ask" in shown
        assert console.screen.query_one("#answer", Input).value == "SE1 2QT"

        await press(pilot, "down")  # the handler may still choose one
        shown = region_text(console, "#verification-panel")
        assert "Ask: What is the postcode of the address we hold?" in shown


async def test_three_failures_lock_verification_and_alert_supervisors(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        shown = await page.lock_verification()
        assert "Locked" in shown
        assert "I'm sorry, I can't discuss this account on this call." in shown
        assert console.screen.query_one("#answer").disabled
        assert _details(console)["Phone"] == ("(hidden)", "verification locked")

        # Leaving and calling again: still locked.
        await page.end_call()
        await press(pilot, "ctrl+f", "ctrl+a", "ctrl+k")
        await page.call("zoe taylor")
        shown = _panel(console)
        assert "Locked" in shown and "can't discuss this account" in shown

    with console_database(demo_settings) as uow:
        items = uow.queue.list_open()
        assert [item.kind for item in items] == ["possible_fraud"]
        assert uow.queue.active_lock(items[0].customer_id or 0) is not None
    assert len(_events(demo_settings, AuditAction.VERIFICATION_LOCKED)) == 1


async def test_a_supervisor_lifts_the_lock_from_the_queue_with_a_reason(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.lock_verification()
        await page.end_call()
        await press(pilot, "ctrl+o")  # log out
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        shown = screen_text(console)
        assert "Possible fraud" in shown and "locked" in shown
        assert "3 failed verification checks within 24 hours" in shown

        await press(pilot, "enter")
        await settle(pilot)
        shown = screen_text(console)
        assert "The failed checks:" in shown
        assert shown.count("agent, phone call: ") == 3 and "(the customer)" in shown
        await press(pilot, "ctrl+l")  # no reason yet
        await settle(pilot)
        assert "Type the reason first, e.g. ID seen in branch." in screen_text(console)
        await press(pilot, *"ID seen in branch", "ctrl+l")
        assert "The queue is empty, as of" in screen_text(console)

    lifted = _events(demo_settings, AuditAction.VERIFICATION_LOCK_LIFTED)
    assert [e.reason for e in lifted] == ["ID seen in branch"]


async def test_a_lock_kept_on_closing_its_item_stays_on_the_queue_to_be_lifted_later(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: "Close, keep lock" took the item off the queue, and nothing
    anywhere could lift the lock after: the customer was locked for good."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.lock_verification()
        await page.end_call()
        await press(pilot, "ctrl+o")  # log out
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter")
        await settle(pilot)
        await press(pilot, *"ok", "ctrl+n")  # says nothing on the trail
        assert "Give the reason in a few words first" in screen_text(console)
        await press(pilot, *"ok - fraud confirmed", "ctrl+n")  # replaces the "ok" refused
        shown = screen_words(console)
        # Found on a supervisor's first day: it read "0 open items, ... Enter on an item to
        # resolve it." over the one row left, a lock to lift.
        assert "No open items, and 1 lock kept after closing (all kinds), as of" in shown
        assert "Enter on a kept lock to lift it." in shown and "0 open" not in shown
        assert "kept" in region_text(console, "#queue-table")
        kept = "by supervisor, the lock kept: ok - fraud confirmed. Raised by agent."
        assert f"{kept} Enter to lift it." in shown

        await press(pilot, "enter")
        await settle(pilot)
        shown = screen_words(console)
        assert "the lock kept: ok - fraud" in shown and "Ctrl+L lifts it, with the" in shown
        assert "\u240a" not in shown  # on a line of its own, not after a control picture
        assert "Close, keep lock" not in shown  # closed already: only lifting is left
        await press(pilot, *"Photo ID seen in branch", "ctrl+l")
        assert "The queue is empty, as of" in screen_text(console)

    lifted = _events(demo_settings, AuditAction.VERIFICATION_LOCK_LIFTED)
    assert [e.reason for e in lifted] == ["Photo ID seen in branch"]


async def test_a_representative_is_verified_with_their_own_answers_and_sees_their_scope(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f2")
        shown = region_text(console, ".choice-box")
        assert "Who is calling?" in shown
        assert "Priya Smith (partner, named contact). Read: contact details." in shown

        await press(pilot, "down", "enter")
        shown = _panel(console)
        assert "Caller: Priya Smith" in shown
        assert "Not verified - 0 passed" in shown
        # She is asked for her own details: a tester asked for "the postcode of the
        # address we hold" typed John's, and failed a check.
        assert "Ask: Can you confirm your own date of birth" in " ".join(shown.split())

        shown = await page.answer("12/04/1980")  # John's date of birth: not hers
        assert "Did not match" in shown
        shown = await page.answer("5 September 1982")
        assert "Ask: What is your own postcode, where you live?" in " ".join(shown.split())
        shown = await page.answer("se1 2qt")
        assert "Standard - 2 passed" in shown
        details = _details(console)
        assert details["Phone"] == ("...123", "Enter: reveal")
        assert details["Address line 1"] == ("(hidden)", "outside their scope")
        assert details["Date of birth"] == ("(hidden)", "outside their scope")
        # Whole at 80 columns, beside every mask ("outside their authori" was cut).
        beside = [
            line.split("▏")[0].rstrip()
            for line in screen_text(console).splitlines()
            if "outside their" in line
        ]
        assert beside and all(line.endswith("· outside their scope") for line in beside)

        await press(pilot, "f5")
        details = _details(console)
        assert details["Phone"][0] == "07700 900123"
        assert details["Address line 1"][0] == "(hidden)"
        assert "12 Acacia" not in screen_text(console)

    identified = _events(demo_settings, AuditAction.CALLER_IDENTIFIED)
    assert [e.details["caller"] for e in identified] == ["representative"]
    disclosed = _events(demo_settings, AuditAction.FIELD_DISCLOSED)
    assert [(e.fields, e.details["caller"]) for e in disclosed] == [
        (("phone", "email"), "representative")
    ]


async def test_choosing_who_is_calling_asks_before_a_verified_caller_is_let_go(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """F2 threw the caller's checks away without a word, even on choosing the same caller."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se1 2qt")
        assert "Standard - 2 passed" in _panel(console)

        await press(pilot, "f2")
        shown = region_text(console, ".choice-box")
        assert "On the line now: the customer, Standard (2 passed)." in shown
        await press(pilot, "enter")  # the caller on the line is highlighted: the same again
        assert "Still verifying the customer." in _panel(console)
        assert "Standard - 2 passed" in _panel(console)

        await press(pilot, "f2", "down", "enter")  # Priya
        shown = region_text(console, ".choice-box")
        assert "Change who is calling?" in shown
        assert "The customer passed 2 checks (now Standard)." in shown
        await press(pilot, "enter")  # keep verifying, highlighted
        assert "Standard - 2 passed" in _panel(console)

        await press(pilot, "f2", "down", "enter", "down", "enter")
        await settle(pilot)
        panel = _panel(console)
        assert "Caller: Priya Smith" in panel and "Not verified - 0 passed" in panel
        # Her first question, not the security answer John was to be asked next.
        assert "Ask: Can you confirm your own date of birth" in " ".join(panel.split())

    identified = _events(demo_settings, AuditAction.CALLER_IDENTIFIED)
    assert [e.details["caller"] for e in identified] == ["representative"]


async def test_a_representative_is_asked_for_the_customers_new_details_not_their_own(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")
        await press(pilot, "f2", "down", "enter")  # Helen, his daughter
        assert "Caller: Helen Smythe" in _panel(console)
        for answer in ("14/02/1978", "BS6 5QT", "swindon"):
            await page.answer(answer)
        assert "High" in _panel(console)
        await press(pilot, "f6")
        assert isinstance(console.screen, EditScreen)
        console.screen.query_one("#address_line1-input", Input).focus()
        await settle(pilot)
        shown = screen_words(console)
        assert "What is the first line of their address?" in shown
        assert "your address" not in shown


async def test_a_caller_with_no_authority_gets_nothing_and_the_handler_gets_the_script(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")
        await press(pilot, "f2")
        await press(pilot, "end", "enter")  # someone else, with no authority on file
        await settle(pilot)
        shown = _panel(console)
        assert "Caller: someone with no authority on file" in shown
        # Not "Now verifying someone with no authority": there is nothing to verify.
        assert "Now verifying" not in shown
        assert "Nothing is disclosed to them: read them the script above." in " ".join(
            shown.split()
        )
        assert "I'm sorry, I can only discuss an account with the account holder" in shown
        assert console.screen.query_one("#answer").disabled
        assert set(access for _, access in _details(console).values()) == {"", "no authority"}
        await press(pilot, "f5")  # reveal all: there is nothing this caller may hear
        await settle(pilot)
        # Not even the masked last digits: a handler could confirm them by mistake.
        assert _details(console)["Phone"] == ("(hidden)", "no authority")
        assert _leaks(screen_text(console), SMYTHE_SECRETS) == []
    assert _events(demo_settings, AuditAction.FIELD_DISCLOSED) == []


async def test_stored_answers_never_reach_the_screen_before_a_pass(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Every screen on the way, including after failed checks and the caller list."""
    seen: list[str] = []
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"smith")
        seen.append(screen_text(console))
        await press(pilot, "ctrl+a", "ctrl+k", *"john smith", "enter")
        seen.append(screen_text(console))
        await press(pilot, "enter")
        seen.append(screen_text(console))
        await press(pilot, "enter")
        seen.append(screen_text(console))
        seen.append(await page.answer("01/01/1970"))
        seen.append(await page.answer("SW1A 1AA", down=1))
        for tab in ("2", "3"):
            await press(pilot, "f4", tab)
            seen.append(screen_text(console))
        await press(pilot, "f2")
        seen.append(screen_text(console))
        await press(pilot, "escape", "f3")
        seen.append(await page.answer("wrong pet", down=5))  # the security answer

    for index, shown in enumerate(seen):
        assert _leaks(shown, JOHN_SECRETS) == [], f"screen {index} shows a stored answer"


async def test_back_office_adds_a_representative_who_can_then_be_chosen_as_the_caller(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"o'neill-n", "enter")
        await press(pilot, "enter")
        await press(pilot, "end", "enter")  # no customer in touch: a reason
        await settle(pilot)
        await press(pilot, "enter", *"power of attorney received", "enter")

        await press(pilot, "f7")
        await press(pilot, *"maire", "tab", *"o'neill", "tab", *"sister", "tab", "tab")
        await press(pilot, "down", "space")  # may read contact details
        await press(pilot, "tab", *"31/13/1975")
        await press(pilot, "ctrl+s")
        shown = screen_text(console)
        assert "The month must be between 1 and 12." in shown, "the message is at the field"
        assert "31/13/1975" in shown, "what was typed is kept"

        await press(pilot, *(["backspace"] * 10), *"3/1/1975", "ctrl+s")
        shown = screen_text(console)
        assert "Maire O'Neill  sister        Named contact  Read: contact details." in shown

        await press(pilot, "escape")
        await press(pilot, "enter", "enter")  # the same customer, now a phone call
        await settle(pilot)
        await press(pilot, "f2")
        assert "Maire O'Neill (sister, named contact)" in region_text(console, ".choice-box")

    added = _events(demo_settings, AuditAction.REPRESENTATIVE_ADDED)
    assert [e.details["scope"] for e in added] == [["read:contact"]]


async def test_quitting_in_the_middle_of_a_call_ends_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await press(pilot, "ctrl+q")
        shown = words(screen_text(console).replace("│", " "))
        assert "Quit now and you lose: the verification of the call with John Smith" in shown
        await confirm_leaving(pilot)
    ended = _events(demo_settings, AuditAction.INTERACTION_ENDED)
    assert [e.outcome for e in ended] == ["logged_out"]


async def test_the_timeline_shows_the_call_newest_first(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("01/01/1980")  # a failed check
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        await press(pilot, "f4", "down", "down", "down", "enter")  # reveal the phone
        await settle(pilot)
        await page.end_call()
        await page.open_back_office("john smith", "complaint follow-up")  # again, back-office
        await press(pilot, "3")

        table = console.screen.query_one("#history-table", DataTable)
        lines = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert lines[:11] == [
            "Record opened",
            "Wrapped up: New account, no action",  # the call's wrap-up (docs/after-the-call.md)
            "Phone call ended: New account, no action",
            "Disclosed to the customer: Phone",
            "Shown in the call: Representatives",  # John Smith's partner, at Standard
            "Customer verified: Standard",
            "Check passed: Postcode",
            "Check passed: Date of birth",
            "Check failed: Date of birth",
            "Record opened in a call",
            "Phone call started",
        ]
        await press(pilot, *["down"] * (table.row_count - 1))  # it scrolls by keyboard
        assert table.cursor_row == table.row_count - 1


async def test_back_office_withdraws_a_representatives_authority(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"jonathan smythe", "enter")
        await press(pilot, "enter")
        await press(pilot, "end", "enter")  # no customer in touch: a reason
        await settle(pilot)
        await press(pilot, "enter", *"letter from the family", "enter")
        await press(pilot, "4")
        assert "Helen Smythe" in screen_text(console)
        assert "del Withdraw" in screen_text(console)

        await press(pilot, "delete")
        assert "Withdraw Helen Smythe's authority?" in screen_text(console)
        await press(pilot, *"no", "enter")  # too short to mean anything
        await settle(pilot)
        assert "Say why" in screen_text(console)
        # The word refused stays in sight, selected: the reason typed replaces it.
        await press(pilot, *"no - power of attorney revoked", "enter")
        assert "Helen Smythe" not in region_text(console, "#people-table")

    withdrawn = _events(demo_settings, AuditAction.REPRESENTATIVE_WITHDRAWN)
    assert [e.reason for e in withdrawn] == ["no - power of attorney revoked"]


async def test_typing_on_after_the_lock_does_not_act_as_key_shortcuts(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("zoe taylor")
        await page.lock_verification()
        assert "Locked" in _panel(console)
        # The handler was still typing the next answer, a postcode with digits in it (a
        # tab's digit pressed on its own, after a pause, shows the tab).
        typed_in_one_go(console, *"B13 8AA")
        await settle(pilot)
        assert record.query_one(TabbedContent).active == "details"
        assert "nothing typed is checked" in _panel(console)


async def test_the_panel_does_not_send_the_handler_after_a_security_answer_never_given(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("o'neill-n")
        await page.answer("17/03/1972")
        shown = await page.answer("BT7 1NN")
        assert "Standard" in shown
        assert "High cannot be reached: no security answer on file" in shown
        assert "including security answer" not in shown
        # No further check is offered: none could raise the level.
        assert "No check can raise the level in this call." in shown
        assert "Ask:" not in shown


async def test_the_timeline_shows_each_check_and_the_lock_as_they_happen_in_the_call(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.answer("30/08/1995")
        await press(pilot, "f4", "3")
        assert "Check passed: Date of birth" in screen_text(console)

        await press(pilot, "f3")
        for wrong in ("LS1 1BA", "LS2 9JT", "LS3 1AB"):
            await page.answer(wrong)
        await press(pilot, "f4", "3")
        shown = screen_text(console)
        assert "Verification locked after 3 failed checks" in shown
        assert "Check failed: Postcode" in shown


async def test_an_answer_typed_at_once_after_f3_goes_into_the_answer_box(
    console: CustinfoApp,
) -> None:
    """F3 moves from the fields to the answer box as the key is read, so a date of birth
    typed straight after it is the answer. Its digits had gone to the fields table first,
    where 1 to 6 switch tabs."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await press(pilot, "f4")
        assert record.query_one("#details-table", DataTable).has_focus
        typed = [("f3", None), *((c, c) for c in "12/04/1980"), ("enter", "\r")]
        for key, character in typed:
            name = {"/": "slash"}.get(key, key)
            console.post_message(events.Key(name, character))
        await settle(pilot)
        assert record.query_one(TabbedContent).active == "details"
        assert "1 passed" in region_text(console, "#verification-panel")


async def test_on_the_representative_form_enter_moves_on_as_on_the_new_customer_form(
    console: CustinfoApp,
) -> None:
    """Found trying the form: Enter in a box did nothing there, where the new-customer
    form moves on; typed in one go, the names now land each in its own box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("o'neill-n", "power of attorney received")
        await press(pilot, "f7")
        typed_in_one_go(console, *"Maire", "enter", *"O'Neill", "enter", *"sister")
        await settle(pilot)
        typed = {box.id: box.value for box in console.screen.query(Input)}
        assert typed["given_name-input"] == "Maire"
        assert typed["family_name-input"] == "O'Neill"
        assert typed["relationship-input"] == "sister"


async def test_after_a_typing_slip_the_answer_typed_ahead_is_not_checked_unseen(
    demo_settings: Settings,
) -> None:
    """The date mistyped and the postcode typed straight after it, in one go: the date goes
    back in the box to correct, and the postcode waits to be typed again rather than being
    checked against a question the handler has not seen asked."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        typed_in_one_go(app, *"12/13/1980", "enter", *"SE1 2QT", "enter")
        await settle(pilot)
        await asyncio.sleep(0.5)
        await settle(pilot)
        assert app.screen.query_one("#answer", Input).value == "12/13/1980"
        shown = region_text(app, "#verification-panel")
        assert "The answer typed after it was not checked: type it again then." in shown
    assert _events(demo_settings, AuditAction.CALLER_CHECK_PASSED) == []
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


def test_a_failed_check_later_passed_says_so_on_the_supervisors_list() -> None:
    """Each check with its seconds: an explorer read three checks of the same minute, in
    an order no one could check."""
    checks = [
        FailedCheck(
            at=datetime(2026, 12, 4, 11, 26, 5, tzinfo=UTC),
            operator="agent",
            channel="phone call",
            check="Date of birth",
            caller="the customer",
            reached_after="High",
        ),
        FailedCheck(
            at=datetime(2026, 12, 4, 11, 26, 41, tzinfo=UTC),
            operator="agent",
            channel="phone call",
            check="Date of birth",
            caller="Priya Smith (partner, named contact)",
        ),
    ]
    assert failed_check_lines(checks).plain.splitlines() == [
        "The failed checks:",
        "04 Dec 11:26:05  agent, phone call: Date of birth (the customer; then verified to High)",
        "04 Dec 11:26:41  agent, phone call: Date of birth (Priya Smith (partner, named contact))",
    ]


async def test_a_lock_set_and_lifted_at_other_desks_reaches_the_panel_of_a_call_in_progress(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found with two desks: the panel went on showing Standard while another desk had
    locked the customer, and, once a supervisor lifted the lock, kept refusing answers
    the service would check, so the handler had to end the call and start another."""

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        with console_uow_factory(demo_settings) as uows:  # desk 2 fails three times
            other = desk_for(uows, "agent")
            other.fail(other.start(1).interaction_id, times=3)

        await press(pilot, "f5")  # reveal: refused, and the panel catches up
        await settle(pilot)
        panel = region_text(console, "#verification-panel")
        assert "Standard - 2 passed" not in panel

        _supervisor_lifts_john_smiths_lock(demo_settings)
        await press(pilot, "f3")
        await settle(pilot)
        shown = region_text(console, "#verification-panel")
        assert "The lock was lifted: verification can go on in this call." in shown
        assert console.focused is not None and console.focused.id == "answer"


async def test_a_locked_call_offers_no_reveal_edit_or_consent_until_the_lock_is_lifted(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: once verification locked, the call's footer still offered "f5
    Reveal f6 Edit f9 Consent", which could only refuse ("Nothing more may be shown",
    "verification locked"). They go while locked; the keys still in use stay somewhere
    seen, and the three come back once a supervisor lifts the lock during the call."""

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        footer = screen_text(console).splitlines()[-1]
        assert "f5 Reveal" in footer and "f6 Edit" in footer and "f9 Consent" in footer
        await page.lock_verification()
        footer = screen_text(console).splitlines()[-1]
        assert "esc End call" in footer and "f2 Caller" in footer and "^q Quit" in footer
        for gone in ("f5", "f6", "f9", "Reveal", "Edit", "Consent"):
            assert gone not in footer
        console.clear_notifications()
        await press(pilot, "f5", "f6", "f9")
        assert console.screen is record and not console._notifications
        # The keys still in use that the footer has no room for are in the palette.
        for typed, offered in (("note", "Note (^n)"), ("complaint", "Complaint (f10)")):
            await press(pilot, "ctrl+p", *typed)
            assert offered in screen_text(console)
            await press(pilot, "escape")
        for typed, refused in (("reveal", "Reveal (f5)"), ("edit", "Edit (f6)")):
            await press(pilot, "ctrl+p", *typed)
            assert refused not in screen_text(console)
            await press(pilot, "escape")

        _supervisor_lifts_john_smiths_lock(demo_settings)
        await press(pilot, "f3")
        await settle(pilot)
        footer = screen_text(console).splitlines()[-1]
        assert "f5 Reveal" in footer and "f6 Edit" in footer and "f9 Consent" in footer

    assert record.state is not None
    call = record.state.interaction_id
    with console_database(demo_settings) as uow:
        told = [
            e for e in uow.audit.for_interaction(call) if e.action is AuditAction.FIELD_DISCLOSED
        ]
        assert told == []


async def test_f5_with_nothing_to_reveal_says_what_to_do_next(console: CustinfoApp) -> None:
    """Found in role-play: F5 before any check said only "Nothing more may be shown."."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await press(pilot, "f5")
        told = panel_line(console)
        assert told.startswith("Verify the caller first: nothing may be shown")
        assert "Ask the panel's next check (F3), then F5 again. Next: Standard: 2 more" in told

        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await press(pilot, "f5")  # what Standard allows, revealed
        await press(pilot, "f5")
        told = panel_line(console)
        assert told.startswith("Everything Standard allows is shown. The rest needs a further")
        assert console.screen is record
