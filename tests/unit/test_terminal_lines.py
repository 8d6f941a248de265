"""What a command prints for a person at a terminal: wrapped at words to its width, each
command to copy on a line of its own, whole (terminal_lines.py)."""

from __future__ import annotations

import pytest

from custinfo_tui.terminal_lines import Aligned, ToRun, as_parts, terminal_lines

LONG_DB = "/home/trainer/custinfo-data/training/demo-database-for-the-spring-cohort.db"


def test_words_wrap_at_spaces_and_a_command_stands_whole_on_its_own_line() -> None:
    command = f"custinfo train report 12 --db {LONG_DB} --as trainer"
    lines = terminal_lines(
        "Not played: the trainee logged in but took no step of the call (no search, no "
        "record opened, no call).",
        "The run:",
        ToRun(command),
        width=40,
    )
    assert lines == [
        "Not played: the trainee logged in but",
        "took no step of the call (no search, no",
        "record opened, no call).",
        "The run:",
        f"  {command}",  # wider than the terminal, but never broken
    ]


def test_an_aligned_sentence_continues_under_its_first_word_and_keeps_its_tail_whole() -> None:
    step = "Record created (New account), saved despite a possible-duplicate warning"
    lines = terminal_lines(
        Aligned("  10:31:05  ", step, "[MP-13 -, MP-04 -]"),
        Aligned("  ", "Should have: found the caller's existing record and updated it."),
        Aligned("MP-13 ", "Update records promptly, the existing record:", "not met", gap=" "),
        width=40,
    )
    assert lines == [
        "  10:31:05  Record created (New",
        "            account), saved despite a",
        "            possible-duplicate warning",
        "            [MP-13 -, MP-04 -]",  # too wide for the line before: its own, whole
        "  Should have: found the caller's",
        "  existing record and updated it.",
        "MP-13 Update records promptly, the",
        "      existing record: not met",  # fits on the last line, after its gap
    ]


def test_the_width_is_the_terminals_less_one_column_and_80_when_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = " ".join(["word"] * 40)
    monkeypatch.setenv("COLUMNS", "60")
    assert max(map(len, terminal_lines(words))) <= 59
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr("os.get_terminal_size", _no_terminal)
    assert 70 < max(map(len, terminal_lines(words))) <= 79


def _no_terminal(*_: object) -> object:
    raise OSError("not a terminal")


def test_a_command_quoted_in_a_sentence_wraps_as_one_word_where_it_fits() -> None:
    fix = (
        "See who each is with `custinfo audit show --as ADMIN --operator ID`; disable those "
        "who no longer need access."
    )
    assert terminal_lines(Aligned("fix: ", fix), width=56) == [
        "fix: See who each is with",
        "     `custinfo audit show --as ADMIN --operator ID`;",  # whole, not "audit" / "show"
        "     disable those who no longer need access.",
    ]
    # Too wide for the room under its lead, it breaks at its spaces: past the edge the
    # terminal would cut it mid-word.
    narrow = terminal_lines(Aligned("fix: ", fix), width=40)
    assert max(map(len, narrow)) <= 40 and " ".join(" ".join(narrow).split()) == f"fix: {fix}"


def test_lines_written_one_a_line_are_read_as_sentences_commands_and_notes() -> None:
    parts = as_parts(
        [
            "Before the consoles use this database, do again on it what that one records:",
            "  custinfo operator disable --as ADMIN trainer",
            "  (set the others again with `custinfo operator`)",
        ]
    )
    assert parts == [
        "Before the consoles use this database, do again on it what that one records:",
        ToRun("custinfo operator disable --as ADMIN trainer"),
        Aligned("  ", "(set the others again with `custinfo operator`)"),
    ]
