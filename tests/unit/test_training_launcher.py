"""Playing a run from the training screen: `custinfo train play` gets this console's
settings, its database among them, through the environment (training_launcher.py)."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pytest

from custinfo_tui.commands.database import database_to_name
from custinfo_tui.settings import Settings
from custinfo_tui.training_launcher import (
    CLEAR_SCREEN,
    TerminalTrainingLauncher,
    settings_environment,
)
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD


def test_the_command_started_reads_the_same_settings_and_the_demo_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        log_dir=tmp_path / "logs",
        idle_lock_minutes=7,
        access_reasons=["Complaint investigation", "Other"],
        scenarios_dir=tmp_path / "scenarios",
    )

    environment = settings_environment(settings, demo=True)
    for key, value in environment.items():
        if key.startswith("CUSTINFO_"):
            monkeypatch.setenv(key, value)

    seen = Settings()
    assert seen.database_url == f"sqlite+pysqlite:///{tmp_path / 'demo.db'}"
    assert seen.model_dump(exclude={"database_url"}) == settings.model_dump(
        exclude={"database_url"}
    )


@pytest.mark.parametrize(("demo", "named"), [(True, "demo.db"), (False, None)])
def test_the_commands_train_play_prints_name_the_database_unless_it_is_the_default(
    demo: bool, named: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`train report 1 --as trainer`, copied from the demo's `train play` into the
    trainer's own shell, looked at the live database there: the demo's is named."""
    settings = Settings(data_dir=tmp_path, log_dir=tmp_path / "logs")
    for key, value in settings_environment(settings, demo=demo).items():
        if key.startswith("CUSTINFO_"):
            monkeypatch.setenv(key, value)

    db = database_to_name(Settings(), None)

    assert db == (tmp_path / named if named else None)
    assert database_to_name(Settings(), Path("other.db")) == Path("other.db")  # --db given


def test_the_run_is_custinfo_train_play_as_the_trainer_with_this_interpreter_and_no_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[tuple[list[str], dict[str, Any]]] = []

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        ran.append((command, options))
        return subprocess.CompletedProcess(command, 3)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr("builtins.input", lambda: "")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

    assert launcher.launch(7, "trainer") == 3

    ((command, options),) = ran
    assert command == [
        *(sys.executable, "-m", "custinfo_tui", "train", "play", "7"),
        *("--as", "trainer"),
    ]
    assert "shell" not in options
    assert options["env"]["CUSTINFO_DATABASE_URL"].endswith("custinfo.db")
    # Found by a trainer new to it: the console gave the terminal up to a bare "Password
    # for trainer:". What the password is for is said above the prompt.
    # Each line whole at 80 columns.
    said = capsys.readouterr().out.splitlines()
    assert said[:2] == [
        "Role-play run 7: trainer, give your password to start the trainee's console in",
        "this terminal. The trainee then logs in there as themselves.",
    ]


def test_a_run_that_fails_leaves_what_it_said_on_screen_until_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a trainer new to it: a mistyped password at `train play`'s prompt was said
    and wiped in the same instant, the console taking the terminal back at once."""
    asked: list[str] = []
    statuses = iter([1, 0])
    monkeypatch.setattr(
        subprocess, "run", lambda command, **_: subprocess.CompletedProcess(command, next(statuses))
    )
    monkeypatch.setattr("builtins.input", lambda: asked.append("enter") or "")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

    assert launcher.launch(7, "trainer") == 1
    assert asked == ["enter"]
    said = " ".join(capsys.readouterr().out.split())
    assert said.endswith(
        "The role-play's command ended with status 1; what it said is above. "
        "Press Enter to go back to the runs."
    )
    assert launcher.launch(7, "trainer") == 0  # a run that ends well: straight back
    assert asked == ["enter"]
    assert "Press Enter" not in capsys.readouterr().out


def test_a_password_not_accepted_is_said_as_a_run_not_started_not_as_a_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trainer who mistyped their password read "The role-play's command ended with
    status 1", as after a crash: `train play` says a password not accepted with a status
    of its own, and nothing was started."""
    asked: list[str] = []
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **_: subprocess.CompletedProcess(command, PASSWORD_NOT_ACCEPTED),
    )
    monkeypatch.setattr("builtins.input", lambda: asked.append("enter") or "")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

    assert launcher.launch(7, "trainer") == PASSWORD_NOT_ACCEPTED
    assert asked == ["enter"]  # "Username or password not recognised." stays to be read
    said = " ".join(capsys.readouterr().out.split())
    assert said.endswith(
        "The password was not accepted, so role-play run 7 was not started. "
        "Press Enter to go back to the runs."
    )
    assert "status" not in said


def test_ctrl_c_at_the_password_prompt_goes_straight_back_to_the_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trainer pressed Ctrl+C at "Password for trainer:" to go back: nothing to read
    there, so no "Press Enter"; the console says the run was not started."""
    asked: list[str] = []
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **_: subprocess.CompletedProcess(command, STOPPED_AT_PASSWORD),
    )
    monkeypatch.setattr("builtins.input", lambda: asked.append("enter") or "")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

    assert launcher.launch(7, "trainer") == STOPPED_AT_PASSWORD
    assert asked == []
    assert "Press Enter" not in capsys.readouterr().out


#: A command that exits 0 when Ctrl+C would reach it as Python's KeyboardInterrupt.
_SAYS_ITS_CTRL_C = (
    "import signal, sys; "
    "sys.exit(0 if signal.getsignal(signal.SIGINT) is signal.default_int_handler else 9)"
)


def test_ctrl_c_at_the_prompt_is_the_commands_not_the_console_that_started_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found at a real terminal: Ctrl+C at "Password for trainer:" reached the suspended
    console too, whose asyncio handler cancelled it: the console closed (or crashed at the
    lock) as it took the terminal back. While the command runs the console does nothing
    with it, and the command still gets Ctrl+C as Python's KeyboardInterrupt."""
    run = subprocess.run
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
    try:

        def ctrl_c_then_the_command(command: list[str], **_: Any) -> Any:
            os.kill(os.getpid(), signal.SIGINT)  # the whole foreground group gets it
            return run([sys.executable, "-c", _SAYS_ITS_CTRL_C], check=False)

        monkeypatch.setattr(subprocess, "run", ctrl_c_then_the_command)
        launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))
        assert launcher.launch(7, "trainer") == 0  # no KeyboardInterrupt here
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_password_typed_before_the_prompt_is_not_shown_while_the_command_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a trainer new to it: `train play` takes seconds to ask for the password,
    and a password typed ahead showed in clear beside the trainee. The terminal's echo is
    off while the command starts, and back as it was once it has ended."""
    leader, follower = pty.openpty()
    echoed_while_starting: list[bool] = []

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        echoed_while_starting.append(bool(termios.tcgetattr(follower)[3] & termios.ECHO))
        return subprocess.CompletedProcess(command, 0)

    with os.fdopen(follower, "r", closefd=False) as terminal:
        monkeypatch.setattr(sys, "stdin", terminal)
        monkeypatch.setattr(subprocess, "run", run)
        assert termios.tcgetattr(follower)[3] & termios.ECHO
        launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

        assert launcher.launch(7, "trainer") == 0

        assert echoed_while_starting == [False]
        assert termios.tcgetattr(follower)[3] & termios.ECHO
    os.close(leader)
    os.close(follower)


def test_what_earlier_runs_said_is_cleared_when_the_terminal_is_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a trainer: each time the console gave the terminal up, what earlier runs'
    commands had said ("interrupted: nothing was changed.") was still above the new
    prompt, as if said of this run. A terminal is cleared first; a file is not."""
    monkeypatch.setattr(
        subprocess, "run", lambda command, **_: subprocess.CompletedProcess(command, 0)
    )
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)

    assert launcher.launch(7, "trainer") == 0

    assert capsys.readouterr().out.startswith(f"{CLEAR_SCREEN}Role-play run 7: trainer,")
