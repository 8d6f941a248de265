"""The console while its PostgreSQL server is stopped, and once it is started again.

An outage is not a bug to report (docs/crash-safety.md): the handler is told the database
did not answer, with no error reference and no crash in the log, and carries on once the
server answers again, without restarting the console or typing anything again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.composition import make_app
from custinfo_tui.domain.limits import MAX_UNLOCK_ATTEMPTS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import ConsolePage
from tests.support.outage import DatabaseToStop
from tests.support.screen import press, region_text, settle
from tests.support.tour import AGENT

pytestmark = pytest.mark.postgres

SIZE = (80, 24)


def _console(database: DatabaseToStop, folder: Path, *, url: str | None = None) -> CustinfoApp:
    return make_app(
        Settings(database_url=url or database.url, data_dir=folder, log_dir=folder / "logs")
    )


async def _told_at_start(pilot: Pilot[None]) -> str:
    """What the login screen says once the console has tried to open its database (in a
    thread, after the first frame)."""
    console = pilot.app
    assert isinstance(console, CustinfoApp)
    for _ in range(200):
        if console.startup_error is not None:
            break
        await pilot.pause(0.05)
    await settle(pilot)
    return region_text(console, "#login-message")


def _no_crash_in(log: pytest.LogCaptureFixture) -> None:
    crashes = [record.getMessage() for record in log.records if "crash" in record.getMessage()]
    assert not crashes


async def test_logging_in_while_the_database_does_not_answer_says_so_and_works_once_it_does(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A desk logs out, the server stops, the next agent logs in: they are told the
    database did not answer (it was reported as a crash, with an error reference); once the
    server is back, the password typed again logs them in."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, "ctrl+o")
        postgres_to_stop.stop()

        await page.log_in()

        assert isinstance(console.screen, LoginScreen)
        told = region_text(console, "#login-message")
        assert told.startswith("The database did not answer."), told
        assert "error reference" not in told
        _no_crash_in(caplog)

        postgres_to_stop.start()
        await page.keys(*AGENT[1], "enter")
        assert isinstance(console.screen, LookupScreen)


async def test_logging_out_while_the_database_does_not_answer_tells_the_handler_and_lets_them_go(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Ctrl+O while the server is stopped went back to the login screen in silence, and
    the log-out that was never recorded was logged as a crash."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        postgres_to_stop.stop()

        await press(pilot, "ctrl+o")

        assert isinstance(console.screen, LoginScreen)
        assert console.actor is None
        told = region_text(console, "#login-message")
        assert "the database did not answer" in told
        assert "log-out could not be recorded" in told
        _no_crash_in(caplog)


async def test_quitting_while_the_database_does_not_answer_says_the_log_out_was_not_recorded(
    postgres_to_stop: DatabaseToStop,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl+Q still closes the console; what could not be recorded is printed after it."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        postgres_to_stop.stop()

        await press(pilot, "ctrl+q")

    assert console.return_code == 0
    printed = capsys.readouterr()  # after the console closed, wrapped to the terminal
    assert "log-out could not be recorded" in " ".join((printed.out + printed.err).split())
    _no_crash_in(caplog)


async def test_a_console_started_while_the_database_does_not_answer_opens_it_at_the_next_login(
    postgres_to_stop: DatabaseToStop, tmp_path: Path
) -> None:
    """Started with the server stopped, the console said the database cannot be reached,
    and kept saying it at every login after the server was started again."""
    postgres_to_stop.stop()
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        told = await _told_at_start(pilot)
        assert told.startswith("The database did not answer"), told
        assert "Log in to try again" in told
        assert not console.screen.query_one("#login-button").disabled

        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, LoginScreen)
        assert region_text(console, "#login-message").startswith("The database did not answer")

        postgres_to_stop.start()
        await page.keys(*AGENT[1], "enter")
        assert isinstance(console.screen, LookupScreen)


async def test_a_console_started_on_a_database_that_does_not_exist_says_to_start_it_again(
    postgres_to_stop: DatabaseToStop, tmp_path: Path
) -> None:
    """The server answers, and refuses: trying again cannot help until the setting is put
    right, and the console reads its settings once, at start."""
    wrong = make_url(postgres_to_stop.url).set(database="no_such_database")
    console = _console(postgres_to_stop, tmp_path, url=wrong.render_as_string(False))
    async with console.run_test(size=SIZE) as pilot:
        told = await _told_at_start(pilot)
        assert told.startswith("The server has no database of the name CUSTINFO_DATABASE_URL")
        assert "no_such_database" not in told
        assert console.screen.query_one("#login-button").disabled

        await ConsolePage(pilot).log_in()

        assert isinstance(console.screen, LoginScreen)
        assert "Start the console again once that is put right." in region_text(
            console, "#login-message"
        )


async def test_an_answer_the_database_did_not_answer_stays_in_its_box_to_enter_again(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The answer box emptied as Enter was read, and the answer was lost with the outage:
    the caller had to be asked again."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        postgres_to_stop.stop()

        shown = await page.answer("14 Acacia Road", down=2)  # the first line of address

        assert "The database did not answer. Press Enter to check the answer again" in shown
        assert console.screen.query_one("#answer", Input).value == "14 Acacia Road"
        _no_crash_in(caplog)

        postgres_to_stop.start()
        shown = await page.answer("")

        assert "Did not match." in shown and "2 more failures lock" in shown
        assert console.screen.query_one("#answer", Input).value == ""


async def test_the_right_password_at_the_lock_while_the_database_does_not_answer_is_no_wrong_one(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """It said "That password is not right. 4 tries left before the session ends.", and
    every try during the outage brought the end of the session nearer."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        console.lock_now()
        await settle(pilot)  # the lock is on the audit stream
        postgres_to_stop.stop()

        for _try in range(MAX_UNLOCK_ATTEMPTS):
            await page.keys(*AGENT[1], "enter")
            assert isinstance(console.screen, LockScreen)
            told = region_text(console, "#lock-message")
            assert told == (
                "The database did not answer: your password was not checked. Try again in a moment."
            )
        _no_crash_in(caplog)

        postgres_to_stop.start()
        await page.keys(*AGENT[1], "enter")
        assert isinstance(console.screen, LookupScreen)


async def test_a_password_change_and_a_screen_lock_in_an_outage_are_not_crashes(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Left after the log-in and log-out were put right: a password change said "error
    reference ...", and the lock's and the login notices' records went to the crash log."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, "ctrl+p", *"change password")
        await press(pilot, "enter")
        postgres_to_stop.stop()
        await press(pilot, *AGENT[1], "enter", *"a-new-long-passphrase-2026", "enter")
        await press(pilot, *"a-new-long-passphrase-2026", "enter")
        await settle(pilot)
        told = region_text(console, "#change-message")
        assert told.startswith("The database did not answer"), told
        assert "error reference" not in told

        console.lock_now()
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)
    _no_crash_in(caplog)


async def test_a_session_ended_at_the_lock_in_an_outage_says_its_end_went_unrecorded(
    postgres_to_stop: DatabaseToStop, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Whoever needs the desk ends the locked session while the database does not answer:
    the desk is freed, and the login says the end could not be recorded (it said nothing)."""
    caplog.set_level(logging.INFO)
    console = _console(postgres_to_stop, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        console.lock_now()
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)
        postgres_to_stop.stop()
        await press(pilot, "ctrl+e")
        await settle(pilot)
        assert isinstance(console.screen, LoginScreen)
        told = region_text(console, "#login-message")
        assert told.startswith("The session is ended, but the database did not answer"), told
    _no_crash_in(caplog)
