"""What the answer box holds when keys are typed ahead in a call: a new caller's answers
are never read after the last caller's leftover text, and an answer sent back to the box
(a typing slip, one with no check chosen, one for a caller who could not be recorded) is
never joined to the answer typed after it.

Each test presses a burst of keys in one go (as one read from the terminal delivers them),
then checks what the panel shows and what the audit trail holds.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from custinfo_tui.composition import build_console_services
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.record_messages import AnswerChecked
from tests.e2e.test_keys_typed_ahead_in_a_call import (
    SIZE,
    _caller,
    _CallerNotRecorded,
    _caught_up,
    _events,
    _panel,
    _slow_console,
)
from tests.support.console_page import ConsolePage
from tests.support.screen import press, typed_in_one_go


async def test_a_new_callers_answer_is_not_joined_to_the_last_callers_leftover_text(
    demo_settings: Settings,
) -> None:
    """At High, "hello" entered stays in the box (no more checks needed). Then Priya chosen
    and her date of birth typed in one go: the box showed "hello05/09/1982" and said the
    date was not a date; her answer was never checked."""
    app = _slow_console(demo_settings, after=0.3)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await page.answer("hello")
        assert app.screen.query_one("#answer", Input).value == "hello"

        typed_in_one_go(app, "f2", "down", "enter", "down", "enter", *"05/09/1982", "enter")
        await _caught_up(app)

        shown = _panel(app)
        assert _caller(app).startswith("Caller: Priya Smith")
        assert "Not verified - 1 passed" in shown
        assert "Passed: Date of birth." in shown
        assert app.screen.query_one("#answer", Input).value == ""

    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    checked = sorted((e.details["caller"], e.fields) for e in passed)  # John's three, hers
    assert checked[-1] == ("representative", ("date_of_birth",))
    assert len(checked) == 4


async def test_a_typing_slip_goes_back_alone_and_the_answers_after_it_are_not_checked(
    demo_settings: Settings,
) -> None:
    """The postcode typed for the date of birth (a slip), then the date of birth and the
    security answer, in one go: the slip came back while "Biscuit" was being typed, went
    into the box in front of it, and "SE1 2QTBiscuit" was checked; the date of birth was
    dropped without a word."""
    app = _slow_console(demo_settings)
    rest_read: list[AnswerChecked] = []

    def rest_of_burst(message: Message) -> None:
        # The slip comes back with "Bis" typed: the rest of the burst is read behind it.
        if isinstance(message, AnswerChecked) and not rest_read:
            rest_read.append(message)
            typed_in_one_go(app, *"cuit", "enter")

    async with app.run_test(size=SIZE, message_hook=rest_of_burst) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        typed_in_one_go(app, *"SE1 2QT", "enter", *"12/04/1980", "enter", *"Bis")
        await _caught_up(app)

        shown = _panel(app)
        assert app.screen.query_one("#answer", Input).value == "SE1 2QT"
        assert "The 2 answers typed after it were not checked: type them again" in shown
        assert "Not verified - 0 passed" in shown

    assert _events(demo_settings, AuditAction.CALLER_CHECK_PASSED) == []
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


async def test_an_answer_typed_after_the_one_that_locks_is_said_not_to_be_checked(
    demo_settings: Settings,
) -> None:
    """Found by an explorer: three wrong dates of birth and the postcode typed in one go
    locked verification, and the postcode went without a word: "Failed. Verification is
    now locked" alone, as if it had been checked."""
    app = _slow_console(demo_settings, after=0.3)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        wrong = [*"01/01/1970", "enter"]
        typed_in_one_go(app, *wrong, *wrong, *wrong, *"SE1 2QT", "enter")
        await _caught_up(app, rounds=8)

        shown = _panel(app)
        assert "Verification is now locked" in shown
        assert "The answer typed after it was not checked." in shown

    assert len(_events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED)) == 3
    assert not _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)


async def test_an_answer_refused_with_no_check_to_ask_goes_back_alone(
    demo_settings: Settings,
) -> None:
    """The security answer that reaches High, then "hello" and the start of another answer,
    in one go: "hello" was refused (no check is chosen at the top level) and went back in
    front of the answer being typed, "hellowor"."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")

        typed_in_one_go(app, *"Biscuit", "enter", *"hello", "enter", *"wor")
        await _caught_up(app)

        shown = _panel(app)
        assert "High - 3 passed" in shown
        assert "No more checks are needed (High)" in shown
        assert "The answer typed after it was not checked: type it again then." in shown
        assert app.screen.query_one("#answer", Input).value == "hello"

    assert len(_events(demo_settings, AuditAction.CALLER_CHECK_PASSED)) == 3


async def test_an_answer_refused_at_the_top_level_goes_back_alone(
    demo_settings: Settings,
) -> None:
    """At High, "hello", Enter and the start of another answer in one go: the refused
    answer went back in front of the one being typed."""
    app = _slow_console(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)

        typed_in_one_go(app, *"hello", "enter", *"wor")
        await _caught_up(app)

        assert "No more checks are needed (High)" in _panel(app)
        assert app.screen.query_one("#answer", Input).value == "hello"


async def test_an_answer_typed_for_a_caller_not_recorded_goes_back_alone(
    demo_settings: Settings,
) -> None:
    """Helen chosen, her date of birth entered and her postcode half typed, in one go, and
    who is calling could not be recorded: the date of birth went back in front of the
    postcode, "14/02/1978BS6 5", and the rest of the postcode and Enter would have had it
    checked against her father, still on the line."""
    assert demo_settings.database_url is not None
    services = _CallerNotRecorded(build_console_services(demo_settings.database_url))
    app = CustinfoApp(lambda: services)  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        app._pilot = pilot  # type: ignore[attr-defined]
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("jonathan smythe")
        await press(pilot, "f2")

        typed_in_one_go(app, "down", "enter", *"14/02/1978", "enter", *"BS6 5")
        await _caught_up(app)

        assert _caller(app).startswith("Caller: the customer")
        assert (
            "Who is calling was not changed, so the 2 answers typed after choosing them were "
            "not checked: the first is back in the box, type the others again."
        ) in _panel(app)
        assert app.screen.query_one("#answer", Input).value == "14/02/1978"

    assert _events(demo_settings, AuditAction.CALLER_CHECK_PASSED) == []
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []
