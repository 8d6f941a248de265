"""A console started without a terminal is refused (console_terminal.py).

Found in session 37: `custinfo run --demo` started by a tool that gave it no terminal
(standard input /dev/null, the output piped) ran on, at about a third of a core, for two
hours after the tool that started it was killed: Textual's input thread read the end of
its input again and again. Now `custinfo` refuses to start a console, or the trainer's
caller and watcher, without a terminal, with one line saying what to do instead and
status 2, before it asks for a key or opens a database. A console whose terminal goes
away while it runs: test_console_losing_its_terminal.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

#: A `custinfo train` command's trainer (asked for their password, after the terminal).
AS = ("--as", "trainer")

#: What `custinfo` says, on standard error, started by a tool that gives it no terminal.
REFUSED = (
    "custinfo: {what} needs a terminal, and standard input, output and error are not "
    "terminals: start it in a terminal window (from a script or a tool without one, inside "
    "tmux or screen). Nothing was started."
)


def _custinfo(
    *arguments: str, terminal: int | None = None, password: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`custinfo ARGUMENTS` as a tool with no terminal runs it: standard input /dev/null
    (or `password`'s line, for `--password-stdin`), the output read through pipes; or with
    standard input and error on `terminal`, the output still piped. Waited for: a console
    that ran on is killed when the wait runs out, and the test fails."""
    stdin = subprocess.DEVNULL if terminal is None else terminal
    return subprocess.run(
        [sys.executable, "-m", "custinfo_tui", *arguments],
        stdin=None if password is not None else stdin,
        input=f"{password}\n".encode() if password is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if terminal is None else terminal,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("arguments", "what"),
    [
        (["run", "--demo"], "the console"),
        ([], "the console"),
        (["demo", "--start"], "the console"),
        (["train", "start", "change-of-address", "--trainee", "agent", *AS], "the console"),
        (["train", "play", "1", *AS], "the console"),
        (["train", "caller", "1", *AS], "`custinfo train caller`"),
        (["train", "watch", "1", *AS], "`custinfo train watch`"),
    ],
    ids=["run --demo", "run (the default)", "demo --start", "train start", "train play",
         "train caller", "train watch"],
)  # fmt: skip
def test_a_console_started_without_a_terminal_is_refused_before_anything_is_opened(
    arguments: list[str], what: str, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Started by a tool that gives it no terminal (standard input /dev/null, the output
    piped): refused at once with status 2 and one line saying what to do instead; nothing
    was created (no demo database, no log, no sandbox) and no run was recorded."""
    db = str(make_url(sqlite_demo_url).database)
    uses_the_demo = arguments[:1] == ["demo"] or "--demo" in arguments
    refused = _custinfo(*(arguments if uses_the_demo else ["--db", db, *arguments]))

    assert refused.returncode == 2
    assert refused.stderr.decode() == REFUSED.format(what=what) + "\n"
    assert not (tmp_path / "data").exists() and not (tmp_path / "logs").exists()
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM training_runs").fetchone() == (0,)


def test_a_console_whose_output_is_not_a_terminal_is_refused_naming_it(
    sqlite_demo_url: str,
) -> None:
    """`custinfo train start ... > run.log` in a terminal window: the run's score would
    go into the file, and the trainer would not see it; standard output is named, on the
    terminal."""
    db = str(make_url(sqlite_demo_url).database)
    master, slave = os.openpty()
    try:
        start = ("train", "start", "change-of-address", "--trainee", "agent", *AS)
        refused = _custinfo("--db", db, *start, terminal=slave)
        said = os.read(master, 4096).decode()
    finally:
        os.close(slave)
        os.close(master)

    assert refused.returncode == 2 and refused.stdout == b""
    assert said.startswith("custinfo: the console needs a terminal, and standard output is not one")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM training_runs").fetchone() == (0,)


def test_training_commands_that_only_print_work_without_a_terminal(
    sqlite_demo_url: str,
) -> None:
    """Listing the scenarios and the runs starts no console."""
    db = str(make_url(sqlite_demo_url).database)
    scenarios = _custinfo("--db", db, "train", "scenarios")
    listed = _custinfo(
        "--db", db, "train", "list", *AS, "--password-stdin", password="trainer-demo-2026"
    )

    assert scenarios.returncode == 0 and b"change-of-address" in scenarios.stdout
    assert listed.returncode == 0, listed.stderr
