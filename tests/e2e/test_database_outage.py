"""The console while its PostgreSQL server is stopped, and once it is started again.

An outage is not a bug to report (docs/crash-safety.md): the handler is told the database
did not answer, with no error reference and no crash in the log, and carries on once the
server answers again, without restarting the console or typing anything again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import ConsolePage
from tests.support.outage import DatabaseToStop
from tests.support.screen import press, region_text
from tests.support.tour import AGENT

pytestmark = pytest.mark.postgres

SIZE = (80, 24)


def _console(database: DatabaseToStop, folder: Path) -> CustinfoApp:
    return make_app(Settings(database_url=database.url, data_dir=folder, log_dir=folder / "logs"))


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
