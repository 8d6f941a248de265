"""A console whose terminal goes away while it runs: its window closed, tmux's server
killed, an ssh connection dropped (tui/lost_terminal.py).

Found in session 37, with the console refused without a terminal
(test_console_without_a_terminal.py): on a pseudo-terminal that was then closed without
SIGHUP (under `nohup`, or not its controlling terminal) the console spun at a whole core
for good, reading the end of its input again and again; with SIGHUP it could hang on its
way out, writing to the terminal that was gone, and it left its session open on the trail
and the call in progress never ended. Now it ends as quitting ends it: the session logged
out, its call ended to wait in the calls to finish, status 129 (as a shell reports a
process SIGHUP ended). A role-play's terminals close, the run left to play on.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from textual.widgets import DataTable

from custinfo_tui.composition import build_console_services
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.terminal import on_a_terminal

#: Keys as a terminal sends them.
F6, ENTER = b"\x1b[17~", b"\r"
#: How long a console whose terminal went away may take to close, on a busy machine (it
#: takes about a second and a half, three under a load of 15 on two cores: the session's
#: end is recorded, as when quitting).
CLOSES_WITHIN_SECONDS = 20.0


@pytest.mark.parametrize(
    "controlling", [True, False], ids=["window closed (SIGHUP)", "hang-up alone (no SIGHUP)"]
)
async def test_a_console_whose_terminal_goes_away_ends_the_session_and_leaves_the_call_to_finish(
    controlling: bool, console: CustinfoApp, demo_settings: Settings
) -> None:
    """The agent is in a new customer's call when the terminal goes away: the console
    closes within seconds with status 129, the session logged out on the trail, and the
    call ended with it, waiting in the agent's calls to finish at the next login."""
    assert demo_settings.database_url is not None
    db = str(make_url(demo_settings.database_url).database)
    with on_a_terminal("--db", db, controlling=controlling) as terminal:
        terminal.wait_for("Operator login")
        os.write(terminal.master, b"agent" + ENTER + b"agent-demo-2026" + ENTER)
        terminal.wait_for("New customer")
        os.write(terminal.master, F6)
        terminal.wait_for("How is the new customer in touch?")
        os.write(terminal.master, ENTER)
        terminal.wait_for("Consent before taking details")

        terminal.close_window()
        status = terminal.until_ended(CLOSES_WITHIN_SECONDS)

    assert status == 128 + signal.SIGHUP, "the console ran on without its terminal"
    with console_database(demo_settings) as uow:
        session = uow.session  # type: ignore[attr-defined]
        (call,) = session.scalars(select(Interaction))
        assert call.ended_at is not None and call.wrapped_up_at is None
    with sqlite3.connect(db) as connection:
        trail = connection.execute("SELECT action FROM audit_events ORDER BY id")
        actions = [action for (action,) in trail]
    assert actions[-2:] == ["interaction.ended", "operator.logged_out"]

    async with console.run_test(size=(80, 24)) as pilot:
        await ConsolePage(pilot).log_in()
        assert isinstance(console.screen, CallsToFinishScreen)
        table = console.screen.query_one("#finish-table", DataTable)
        [[_, channel, _, customer, _]] = [
            [cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)
        ]
        assert (channel, customer) == ("Phone call", "new customer, not saved")


@pytest.mark.parametrize("command", ["start", "caller", "watch"])
def test_a_role_plays_terminals_close_when_their_terminal_goes_away_and_the_run_waits(
    command: str, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """The trainee's console (`train start`) and the trainer's caller and watcher, their
    terminal gone with no SIGHUP: each closes with status 129 instead of spinning, and the
    run is still running, to be played on or ended (docs/training.md)."""
    db = str(make_url(sqlite_demo_url).database)
    if command == "start":
        arguments, shows = ("start", "change-of-address", "--trainee", "agent"), "Operator login"
    else:
        services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
        trainer = services.authenticate("trainer", "trainer-demo-2026").actor
        assert trainer is not None
        services.start_training_run(trainer, "change-of-address", "agent")
        arguments, shows = (command, "1"), "change-of-address" if command == "watch" else "John"
    with on_a_terminal("--db", db, "train", *arguments, "--as", "trainer") as terminal:
        terminal.log_in_as("trainer", "trainer-demo-2026")
        terminal.wait_for(shows)
        terminal.close_window()
        status = terminal.until_ended(CLOSES_WITHIN_SECONDS)

    assert status == 128 + signal.SIGHUP, "it ran on without its terminal"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM training_runs").fetchall() == [("running",)]


async def test_a_console_drawing_when_its_terminal_goes_away_still_closes(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in session 38 by killing tmux's server under a console: the agent was in the
    calls to finish, a wrap-up's notes focused (its cursor blinking), and the console
    never closed, blocked on its way out writing to the terminal that was gone. Here its
    output is silenced a second late (tests/support/late_silence), as on a busy machine,
    so that what Textual draws meanwhile fails, as it then did: the console still closes
    within seconds, the session logged out."""
    assert demo_settings.database_url is not None
    db = str(make_url(demo_settings.database_url).database)
    late_silence = Path(__file__).parents[1] / "support" / "late_silence"
    search_path = [str(late_silence), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(search_path))
    with on_a_terminal("--db", db, controlling=True) as terminal:
        terminal.wait_for("Operator login")
        os.write(terminal.master, b"agent" + ENTER + b"agent-demo-2026" + ENTER)
        terminal.wait_for("New customer")  # the search box focused, its cursor blinking

        terminal.close_window()
        status = terminal.until_ended(CLOSES_WITHIN_SECONDS)

    assert status == 128 + signal.SIGHUP, "the console never closed"
    with sqlite3.connect(db) as connection:
        trail = connection.execute("SELECT action FROM audit_events ORDER BY id")
        assert [action for (action,) in trail][-1] == "operator.logged_out"


def test_a_console_sent_sigcont_still_closes_when_its_terminal_goes_away(
    sqlite_demo_url: str,
) -> None:
    """A SIGCONT with nothing suspended (`kill -CONT`) makes Textual start its terminal
    mode again, a second input thread with it, which can be left reading for good when
    the terminal goes away: with the console writing nothing once its terminal is gone
    (the test above) and every SIGCONT resuming, it never closed, twice in two runs. Only
    a return from Ctrl+Z resumes now."""
    db = str(make_url(sqlite_demo_url).database)
    with on_a_terminal("--db", db, controlling=True) as terminal:
        terminal.wait_for("Operator login")
        terminal.process.send_signal(signal.SIGCONT)
        os.write(terminal.master, b"agent" + ENTER + b"agent-demo-2026" + ENTER)
        terminal.wait_for("New customer")

        terminal.close_window()
        status = terminal.until_ended(CLOSES_WITHIN_SECONDS)

    assert status == 128 + signal.SIGHUP, "the console never closed"
