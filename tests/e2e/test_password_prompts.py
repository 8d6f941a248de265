"""The `custinfo` commands' password prompts when no password comes: Ctrl+D at the
prompt, or no terminal to type at. Found trying them: "internal error" (an EOFError), and
Python's GetPassWarning printed before it."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from tests.support.printed_lines import too_wide, words
from tests.support.terminal import on_a_terminal

SRC = Path(__file__).resolve().parents[2] / "src"
NO_ADMIN_YET = "No administrator was created; run `custinfo init` again to create one."


def _operators(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        [(count,)] = connection.execute("SELECT COUNT(*) FROM operators").fetchall()
    return int(count)


def _without_a_terminal(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`custinfo ARGUMENTS` as cron or a script runs it: standard input empty and not a
    terminal, and no controlling terminal either (a session of its own)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "custinfo_tui", *arguments],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
        start_new_session=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("prompt", ["New admin password: ", "Type it again: "])
def test_ctrl_d_at_inits_password_prompt_says_no_password_was_given(
    tmp_path: Path, prompt: str
) -> None:
    db = tmp_path / "desk.db"
    with on_a_terminal("--db", str(db), "init") as terminal:
        if prompt == "Type it again: ":
            terminal.wait_for("New admin password: ")
            os.write(terminal.master, b"a-long-desk-passphrase\n")
        terminal.wait_for(prompt)
        os.write(terminal.master, b"\x04")  # Ctrl+D: the end of input
        assert terminal.until_closed() == 1
    said = words(terminal.output)
    assert f"custinfo: no password given. {NO_ADMIN_YET}" in said
    assert "internal error" not in said and "Traceback" not in said
    assert _operators(db) == 0


def test_ctrl_d_at_an_administrators_password_prompt_says_no_password_was_given(
    sqlite_demo_url: str,
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    with on_a_terminal("--db", db, "operator", "list", "--as", "admin") as terminal:
        terminal.wait_for("Password for admin: ")
        os.write(terminal.master, b"\x04")
        assert terminal.until_closed() == 1
    assert "custinfo: no password given." in terminal.output
    assert "internal error" not in terminal.output and "username" not in terminal.output


def test_init_without_a_terminal_says_to_use_password_stdin_without_pythons_warning(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.db"

    done = _without_a_terminal("--db", str(db), "init")

    assert done.returncode == 1
    assert words(done.stderr) == (
        "custinfo: no password given: standard input is not a terminal to type it at. Give it "
        f"on standard input's first line with --password-stdin. {NO_ADMIN_YET}"
    )
    assert not too_wide(done.stderr)
    assert _operators(db) == 0


def test_an_operator_command_without_a_terminal_says_to_use_password_stdin(
    sqlite_demo_url: str,
) -> None:
    db = str(make_url(sqlite_demo_url).database)

    done = _without_a_terminal("--db", db, "operator", "list", "--as", "admin")

    assert done.returncode == 1
    assert words(done.stderr) == (
        "custinfo: no password given: standard input is not a terminal to type it at. Give it "
        "on standard input's first line with --password-stdin."
    )
    assert not too_wide(done.stderr)
    assert done.stdout == ""


def test_init_password_stdin_with_nothing_on_standard_input_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(tmp_path / "desk.db"), "init", "--password-stdin"])

    assert stopped.value.code == 1
    assert words(capsys.readouterr().err) == (
        f"custinfo: no password given: standard input was empty. {NO_ADMIN_YET}"
    )


def test_an_operator_commands_password_stdin_with_nothing_on_it_says_so(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    assert main(["--db", db, "operator", "list", "--as", "admin", "--password-stdin"]) == 1

    assert capsys.readouterr().err == "custinfo: no password given: standard input was empty.\n"


def _typing(monkeypatch: pytest.MonkeyPatch, *typed: str) -> list[str]:
    """Each prompt is answered with the next of `typed`; the prompts asked, in order."""
    answers, asked = iter(typed), []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", getpass)
    return asked


def test_a_mistyped_confirmation_at_init_is_asked_again_not_the_end_of_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying `init`: mistyping the confirmation ended the run ("the two passwords
    differ. No administrator was created")."""
    db = tmp_path / "desk.db"
    asked = _typing(
        monkeypatch,
        "a-long-desk-passphrase", "a-long-desk-passphrose",
        "short",
        "a-long-desk-passphrase", "a-long-desk-passphrase",
    )  # fmt: skip

    assert main(["--db", str(db), "init"]) == 0

    assert asked == [
        "New admin password: ", "Type it again: ",
        "New admin password: ",  # refused as typed: no confirmation asked
        "New admin password: ", "Type it again: ",
    ]  # fmt: skip
    said = capsys.readouterr()
    assert said.err == (
        "custinfo: the two passwords differ. Try again (2 tries left).\n"
        "custinfo: password refused. Use at least 12 characters. Try again (1 try left).\n"
    )
    assert "First admin operator: admin" in said.out
    assert _operators(db) == 1


def test_init_stops_after_three_failed_tries_saying_no_administrator_was_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    asked = _typing(monkeypatch, *["a-long-desk-passphrase", "a-long-desk-passphrose"] * 3)

    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db), "init"])

    assert stopped.value.code == 1
    assert len(asked) == 6
    said = words(capsys.readouterr().err)
    assert said.count("Try again") == 2
    assert said.endswith(f"custinfo: the two passwords differ. {NO_ADMIN_YET}")
    assert _operators(db) == 0


def test_init_names_the_username_a_refused_password_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found setting up two desks on PostgreSQL: "Admin-tour-pass-2026" was refused as
    holding "the username", which `init` had never asked for (it is `admin` by default)."""
    db = tmp_path / "desk.db"
    _typing(monkeypatch, "Admin-tour-pass-2026", "tour-boss-pass-2026", "tour-boss-pass-2026")

    assert main(["--db", str(db), "init"]) == 0

    said = capsys.readouterr()
    assert words(said.err) == (
        "custinfo: password refused. Do not include the username (admin) in the password. "
        "Try again (2 tries left)."
    )
    assert _operators(db) == 1
