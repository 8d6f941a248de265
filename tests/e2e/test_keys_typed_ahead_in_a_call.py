"""Keys typed ahead in a call: an experienced handler types before the screen has caught up.

Each test presses a burst of keys in one go (as one read from the terminal delivers them),
without waiting between them, then checks what the screen shows and what the audit trail
holds: who each check was charged to, and what was revealed.
"""

from __future__ import annotations

import asyncio
import time
from typing import cast

from textual.widgets import DataTable, Input, Static

from custinfo_tui.composition import build_console_services
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import CallerKind
from custinfo_tui.services.errors import Outage
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.ports import ConsoleServicesPort
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import (
    panel_line,
    press,
    region_text,
    screen_text,
    settle,
    typed_in_one_go,
)

SIZE = (80, 24)


class _SlowServices:
    """The real services on a busy database server: saying who is calling takes a moment
    before it is recorded (`before`) or after (`after`, the record read for the new
    caller), and checking an answer a moment too, so keys typed meanwhile are read first."""

    def __init__(self, services: object, *, before: float = 0.0, after: float = 0.0) -> None:
        self._services = services
        self._before, self._after = before, after

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def identify_caller(self, *args: object, **kwargs: object) -> object:
        time.sleep(self._before)
        identified = self._services.identify_caller(*args, **kwargs)  # type: ignore[attr-defined]
        time.sleep(self._after)
        return identified

    def check_answer(self, *args: object, **kwargs: object) -> object:
        time.sleep(0.2)
        return self._services.check_answer(*args, **kwargs)  # type: ignore[attr-defined]


def _slow_console(settings: Settings, *, before: float = 0.0, after: float = 0.0) -> CustinfoApp:
    assert settings.database_url is not None
    real = build_console_services(settings.database_url)
    services = _SlowServices(real, before=before, after=after)
    return CustinfoApp(lambda: services)  # type: ignore[arg-type,return-value]


def _events(settings: Settings, action: AuditAction) -> list[AuditEvent]:
    with console_database(settings) as uow:
        return uow.audit.list_recent(action=action.value)


def _told(app: CustinfoApp) -> list[str]:
    """The notifications shown (App._notifications: no public API lists them)."""
    return [notification.message for notification in app._notifications]


def _caller(app: CustinfoApp) -> str:
    """The panel's caller line, even when the panel is scrolled past it at 80x24."""
    return " ".join(str(app.screen.query_one("#caller-line", Static).render()).split())


def _panel(app: CustinfoApp) -> str:
    return region_text(app, "#verification-panel")


async def _caught_up(app: CustinfoApp, rounds: int = 4) -> None:
    """Let the burst's checks, one after another, and what they start finish."""
    pilot = app._pilot  # type: ignore[attr-defined]
    for _ in range(rounds):
        await settle(pilot)
        await asyncio.sleep(0.4)
    await settle(pilot)


async def test_a_representatives_answers_typed_as_they_are_chosen_are_checked_as_theirs(
    demo_settings: Settings,
) -> None:
    """Found typing ahead: Helen Smythe chosen as the caller and her own date of birth and
    postcode typed in the same burst. Her date of birth was checked against her father's
    while the console was still recording who was calling, and the failure counted
    towards his lock; the postcode was left in the box."""
    app = _slow_console(demo_settings, before=0.5)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")
        await press(pilot, "f2")
        assert "Who is calling?" in screen_text(app)

        typed_in_one_go(app, "down", "enter", *"14/02/1978", "enter", *"BS6 5QT", "enter")
        await _caught_up(app)

        shown = _panel(app)
        assert _caller(app).startswith("Caller: Helen Smythe")
        assert "Standard - 2 passed" in shown
        assert "failed in 24 h" not in shown
        assert app.screen.query_one("#answer", Input).value == ""

    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []
    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert sorted((e.fields, e.details["caller"]) for e in passed) == [
        (("date_of_birth",), "representative"),
        (("postcode",), "representative"),
    ]


async def test_the_panel_never_goes_back_to_a_state_before_an_answer_it_showed(
    demo_settings: Settings,
) -> None:
    """Priya Smith chosen and her date of birth typed in one go: the check passed for her,
    then the panel was drawn again as it stood before it ("Not verified - 0 passed"), and
    asked again the console said the date of birth had been checked already."""
    app = _slow_console(demo_settings, after=0.5)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f2")

        typed_in_one_go(app, "down", "enter", *"05/09/1982", "enter")
        await _caught_up(app)

        shown = _panel(app)
        assert _caller(app).startswith("Caller: Priya Smith")
        assert "Not verified - 1 passed" in shown
        assert "Passed: Date of birth." in shown

    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert [(e.fields, e.details["caller"]) for e in passed] == [
        (("date_of_birth",), "representative")
    ]


class _CallerNotRecorded:
    """The real services, where saying who is calling finds the database not answering."""

    def __init__(self, services: object) -> None:
        self._services = services

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def identify_caller(self, *args: object, **kwargs: object) -> object:
        time.sleep(0.2)
        raise Outage


async def test_answers_typed_for_a_caller_who_could_not_be_recorded_are_not_checked(
    demo_settings: Settings,
) -> None:
    """Helen chosen and her answers typed at once, but who is calling was not recorded:
    they are not checked against her father, still on the line; the first goes back in
    the box."""
    assert demo_settings.database_url is not None
    services = _CallerNotRecorded(build_console_services(demo_settings.database_url))
    app = CustinfoApp(lambda: services)  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")
        await press(pilot, "f2")

        typed_in_one_go(app, "down", "enter", *"14/02/1978", "enter", *"BS6 5QT", "enter")
        await _caught_up(app)

        assert _caller(app).startswith("Caller: the customer")
        assert (
            "Who is calling was not changed, so the 2 answers typed after choosing them were "
            "not checked: the first is back in the box, type the others again."
        ) in _panel(app)
        assert app.screen.query_one("#answer", Input).value == "14/02/1978"

    assert _events(demo_settings, AuditAction.CALLER_CHECK_PASSED) == []
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


class _CallerChangedFirst:
    """The real services, where another caller is recorded as on the line just before the
    first answer reaches the service (as an F2 made at the same moment would be)."""

    def __init__(self, services: object) -> None:
        self._services = services
        self._changed = False

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def check_answer(self, actor: Actor, call: int, *args: object, **kwargs: object) -> object:
        services = cast("ConsoleServicesPort", self._services)
        if not self._changed:
            self._changed = True
            customer = services.verification_state(actor, call).customer_id
            [helen] = [r for r in services.representatives(actor, customer) if "Helen" in r.name]
            services.identify_caller(actor, call, CallerKind.REPRESENTATIVE, helen.id)
        return services.check_answer(actor, call, *args, **kwargs)  # type: ignore[arg-type]


async def test_an_answer_the_service_refuses_for_a_caller_no_longer_on_the_line_is_kept(
    demo_settings: Settings,
) -> None:
    """The service checks an answer only for the caller the panel showed as it was typed:
    refused, the answer goes back in the box, unchecked, and the panel shows who is on
    the line now."""
    assert demo_settings.database_url is not None
    services = _CallerChangedFirst(build_console_services(demo_settings.database_url))
    app = CustinfoApp(lambda: services)  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")

        shown = " ".join((await page.answer("02/06/1949")).split())

        assert "Who is calling changed before this answer was checked" in shown
        assert _caller(app).startswith("Caller: Helen Smythe"), "redrawn for who is on the line"
        assert app.screen.query_one("#answer", Input).value == "02/06/1949"

    assert _events(demo_settings, AuditAction.CALLER_CHECK_PASSED) == []
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


def _rows(app: CustinfoApp) -> list[str]:
    table = app.screen.query_one("#details-table", DataTable)
    return [" | ".join(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_keys_typed_after_f4_straight_after_an_answer_act_on_the_fields(
    demo_settings: Settings,
) -> None:
    """Three answers, F4, Down three times and Enter, typed in one go: F4 moved to the
    fields, but each answer's outcome took the focus back to the answer box, so the Downs
    moved the checks and the Enter said "Type what the caller said."; nothing was
    revealed. F4 moves as the key is read, and the keys after it act on the fields."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        typed_in_one_go(
            app,
            "ctrl+u",
            *"12/04/1980",
            "enter",
            *"SE1 2QT",
            "enter",
            *"Biscuit",
            "enter",
            "f4",
            "down",
            "down",
            "down",
            "enter",
        )
        await _caught_up(app)

        shown = _panel(app)
        assert "High - 3 passed" in shown
        assert "Type what the caller said" not in shown
        assert app.screen.query_one("#details-table", DataTable).has_focus
        assert "Phone | 07700 900123" in _rows(app)

    disclosed = _events(demo_settings, AuditAction.FIELD_DISCLOSED)
    assert [e.fields for e in disclosed] == [("phone",)]


async def test_f5_typed_with_the_answer_that_reaches_standard_reveals_what_it_allows(
    demo_settings: Settings,
) -> None:
    """The postcode, Enter and F5 typed together, the date of birth passed before: the
    panel said "Standard - 2 passed" and F5 said "Verify the caller first". F5 now waits
    for the answer's outcome, as F6 and F9 do."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")

        typed_in_one_go(app, *"SE1 2QT", "enter", "f5")
        await _caught_up(app)

        assert "Standard - 2 passed" in _panel(app)
        assert not any("Verify the caller first" in told for told in _told(app))
        assert "Verify the caller first" not in panel_line(app)
        assert "Phone | 07700 900123" in _rows(app)

    [disclosed] = _events(demo_settings, AuditAction.FIELD_DISCLOSED)
    assert "phone" in disclosed.fields and "support_needs" not in disclosed.fields


async def test_f2_typed_with_an_answer_asks_before_the_caller_it_passed_is_let_go(
    demo_settings: Settings,
) -> None:
    """The date of birth, Enter, F2, Down, Enter typed together: F2 read the caller as not
    yet verified, so choosing Priya let the customer's pass go without asking first."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        typed_in_one_go(app, *"12/04/1980", "enter", "f2", "down", "enter")
        await _caught_up(app)

        shown = region_text(app, ".choice-box")
        assert "Change who is calling?" in shown
        assert "The customer passed 1 check (now Not verified)." in shown

    assert _events(demo_settings, AuditAction.CALLER_IDENTIFIED) == []


async def test_escape_typed_with_an_answer_says_the_check_it_passed_would_be_lost(
    demo_settings: Settings,
) -> None:
    """The date of birth, Enter and Escape typed together: "End the call?" was asked as if
    nothing had passed."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        typed_in_one_go(app, *"12/04/1980", "enter", "escape")
        await _caught_up(app)

        shown = region_text(app, ".choice-box")
        assert "End the call?" in shown
        assert "(Not verified, 1 check passed) ends with the call" in shown


async def test_an_answer_typed_on_the_fields_goes_into_the_answer_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """F4, a field revealed, then the security answer typed and entered: the letters went
    to the fields table, which threw them away without a word, and the Enter acted on the
    table. Now they go into the answer box, and the answer is checked."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await press(pilot, "f4", "down", "down", "down", "enter")
        assert "Phone | 07700 900123" in _rows(console)

        typed_in_one_go(console, *"Biscuit", "enter")
        await settle(pilot)

        assert "High - 3 passed" in _panel(console)
        assert console.screen.query_one("#answer", Input).has_focus

    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert ("security_answer",) in [e.fields for e in passed]


async def test_text_typed_on_the_fields_once_verification_is_locked_is_said_to_go_nowhere(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.lock_verification()
        await press(pilot, "f4")

        typed_in_one_go(console, *"Leeds", "enter")
        await settle(pilot)

        locked = "Verification is locked: nothing typed is checked. Read the panel's script."
        assert _told(console).count(locked) == 1  # once, not a notice per key


async def test_an_answer_typed_once_no_more_checks_are_needed_stays_in_the_box_saying_so(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await press(pilot, "f4")

        typed_in_one_go(console, *"Acacia", "enter")
        await settle(pilot)

        assert console.screen.query_one("#answer", Input).value == "Acacia"
        assert "No more checks are needed (High): Up or Down chooses one" in _panel(console)
        assert "Acacia" not in " ".join(_rows(console))

    checked = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert len(checked) == 3
