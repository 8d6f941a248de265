"""Ctrl+C before a command's own handling is set up (docs/configuration.md): while
`custinfo` loads its modules, parses its arguments, or closes the database after. It ends
as Ctrl+C does at any command: `custinfo: interrupted.` on a line of its own, status 130.

Found pressing Ctrl+C just after typing `custinfo doctor`: a Python traceback of whichever
import it cut short ended in `KeyboardInterrupt`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui import cli
from custinfo_tui.repository import engine

#: `custinfo doctor` with Ctrl+C pressed as its command module loads: a finder asked for
#: the module sends the process SIGINT, handled as Python handles it at a terminal.
_CTRL_C_WHILE_LOADING = """
import os, signal, sys

signal.signal(signal.SIGINT, signal.default_int_handler)


class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "custinfo_tui.commands.doctor":
            os.kill(os.getpid(), signal.SIGINT)
        return None


sys.meta_path.insert(0, CtrlC())
from custinfo_tui.cli import main

sys.exit(main(["--db", sys.argv[1], "doctor"]))
"""


def test_ctrl_c_while_the_command_loads_says_one_line_and_exits_130(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_LOADING, str(tmp_path / "custinfo.db")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 130, done.stderr
    assert done.stderr == "\ncustinfo: interrupted.\n"
    assert done.stdout == ""


def _ctrl_c(*_: object) -> None:
    raise KeyboardInterrupt


def _main_catching(argv: list[str]) -> int:
    """`main`'s status; a Ctrl+C that escapes it fails the test rather than stop pytest."""
    try:
        return cli.main(argv)
    except KeyboardInterrupt:
        pytest.fail("Ctrl+C escaped custinfo's main")


def test_ctrl_c_before_the_command_starts_says_one_line_and_exits_130(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pressed as the arguments are checked, before the command's own handling."""
    monkeypatch.setattr(cli, "refuse_without_a_terminal", _ctrl_c)

    code = _main_catching(["--db", str(make_url(sqlite_demo_url).database), "doctor"])

    assert code == 130
    assert capsys.readouterr().err == "\ncustinfo: interrupted.\n"


def test_ctrl_c_as_the_database_closes_after_a_command_says_one_line_and_exits_130(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pressed once the command is done, as its database is closed."""
    dispose = engine.dispose_engines

    def closed_then_ctrl_c() -> None:
        dispose()
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "dispose_engines", closed_then_ctrl_c)

    code = _main_catching(["--db", str(make_url(sqlite_demo_url).database), "doctor"])

    said = capsys.readouterr()
    assert code == 130
    assert said.err.endswith("\ncustinfo: interrupted.\n") and "Traceback" not in said.err
