"""What `custinfo import` prints, wrapped at spaces on an 80-column terminal: a terminal
cut its longer lines mid-word ("possib" / "le duplicates", "co" / "mmand")."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from custinfo_tui.commands import legacy_import as command
from custinfo_tui.services.legacy_import import ImportReport


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


REPORT = ImportReport(
    file_name="customers-from-the-old-system.csv", read=205_051, accepted=204_000,
    rejected=1_051, flagged=12_345, resumed_after=100_000,
    rejects_file=Path("/srv/import/customers-from-the-old-system.rejects.csv"),
    file_changed=True,
)  # fmt: skip


def _lines_and_words(printed: str) -> tuple[list[str], list[str]]:
    lines = printed.splitlines()
    return lines, printed.split()


def test_the_summary_wraps_at_spaces_to_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "80")

    command._print_report(REPORT)

    lines, words = _lines_and_words(terminal.getvalue())
    assert all(len(line) <= 80 for line in lines), lines
    assert "possible" in words and "duplicates" in words  # no word cut in two
    assert "read 205,051 = accepted 204,000 + rejected 1,051; 12,345 accepted flagged" in " ".join(
        lines
    )
    assert any(str(REPORT.rejects_file) in line for line in lines)  # a path is never broken


def test_the_interrupt_message_wraps_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setenv("COLUMNS", "80")

    command._say(
        "custinfo: import interrupted; every batch stored so far is kept. Run the same "
        "command again to continue.",
        terminal,
    )

    assert terminal.getvalue() == (
        "custinfo: import interrupted; every batch stored so far is kept. Run the same\n"
        "command again to continue.\n"
    )


def test_in_a_log_or_a_pipe_each_message_stays_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped)
    monkeypatch.setenv("COLUMNS", "80")

    command._print_report(REPORT)

    assert f"Refused rows (row, field, reason): {REPORT.rejects_file}\n" in piped.getvalue()
    assert (
        "(continued after row 100,000, with the file changed after the rows the import had done)."
        in piped.getvalue()
    )
