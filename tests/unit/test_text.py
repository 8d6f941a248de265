"""Text hygiene: control characters, bidi controls, spacing and search folding."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.text import (
    collapse_spaces,
    contains_bidi_control,
    counted,
    describe_character,
    fold_for_search,
    strip_control_characters,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane\x00Doe", "JaneDoe"),
        ("Jane\tDoe", "Jane Doe"),
        ("Jane\r\nDoe", "Jane  Doe"),
        ("\x1b[31mred", "red"),
        ("abc\u202edef", "abcdef"),
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffbom", "bom"),
        ("plain text", "plain text"),
    ],
)
def test_control_and_invisible_characters_are_removed(raw: str, expected: str) -> None:
    assert strip_control_characters(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A control sequence (CSI): colours, cursor moves, clearing the screen.
        ("Zoë \x1b[31mÓlafsdóttir\x1b[0m", "Zoë Ólafsdóttir"),
        ("\x1b[2J\x1b[1;1HJones", "Jones"),
        ("\x1b[?25lhidden cursor", "hidden cursor"),
        ("shape\x1b[2 q", "shape"),  # an intermediate byte before the final one
        ("\x9b31mred", "red"),  # the 8-bit CSI
        # Control strings (OSC, DCS...), ended by BEL or the string terminator, whole.
        ("\x1b]8;;https://example.com/\x1b\\Smith\x1b]8;;\x1b\\", "Smith"),
        ("\x1b]0;a window title\x07Smith", "Smith"),
        ("\x9d0;title\x9cSmith", "Smith"),
        ("\x1bP1$r0m\x1b\\Smith", "Smith"),
        # Two-character sequences and character-set choices.
        ("\x1b7Smith\x1b8", "Smith"),
        ("\x1bcSmith", "Smith"),
        ("Smith\x1b(B\x1b[m", "Smith"),  # what `tput sgr0` prints
        # A sequence that never ends: only its start goes, the rest is kept as text.
        ("Smith\x1b[31", "Smith31"),
        ("Smith\x1b]0;title", "Smith0;title"),
        # A lone ESC, or one before a character no sequence has, goes on its own.
        ("Zoë \x1bÓlafsdóttir", "Zoë Ólafsdóttir"),
        ("Smith\x1b", "Smith"),
        ("\x1b\x1b[31mred", "red"),
    ],
)
def test_an_escape_sequence_is_removed_whole(raw: str, expected: str) -> None:
    """Found with `custinfo dsar log --asked-by $'Zoë \\x1b[31mÓlafsdóttir'`: the DPO desk
    showed "Asked by Zoë [31mÓlafsdóttir", only the ESC itself removed."""
    assert strip_control_characters(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Sm\u3164ith", "Smith"), ("Sm\uffa0ith", "Smith"), ("Sm\u034fith", "Smith")],
)
def test_letters_that_draw_nothing_are_removed(raw: str, expected: str) -> None:
    assert strip_control_characters(raw) == expected


@pytest.mark.parametrize(
    ("character", "described"),
    [
        ("€", '"€" (U+20AC, euro sign)'),
        ("0", '"0" (U+0030, digit zero)'),
        ('"', "'\"' (U+0022, quotation mark)"),
        ("\u200d", "U+200D (zero width joiner)"),
        ("\u0301", "U+0301 (combining acute accent)"),
        ("\ue000", "U+E000"),  # private use: no name, nothing sure to be seen
    ],
)
def test_a_refused_character_is_described_by_itself_its_code_and_its_name(
    character: str, described: str
) -> None:
    assert describe_character(character) == described


def test_zero_width_joiners_are_kept_because_some_scripts_need_them() -> None:
    persian = "می\u200cخواهم"
    assert strip_control_characters(persian) == persian
    assert strip_control_characters("क्\u200dष") == "क्\u200dष"


@pytest.mark.parametrize(
    "raw",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_each_bidi_control_is_detected(raw: str) -> None:
    assert contains_bidi_control(f"abc{raw}def")


@pytest.mark.parametrize("raw", ["", "Zoë", "李小龍", "\u200d", "abc\x00"])
def test_text_without_bidi_controls_is_not_flagged(raw: str) -> None:
    assert not contains_bidi_control(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  John   Smith ", "John Smith"),
        ("a\t\nb", "a b"),
        ("a\u00a0\u3000b", "a b"),
        ("   ", ""),
        ("", ""),
    ],
)
def test_whitespace_runs_collapse_to_one_space_and_ends_are_trimmed(
    raw: str, expected: str
) -> None:
    assert collapse_spaces(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoë", "zoe"),
        ("Siobhán", "siobhan"),
        ("  O'NEILL   Ní  Bhriain ", "o'neill ni bhriain"),
        ("Straße", "strasse"),
        ("Ｊａｎｅ", "jane"),
        ("İpek", "ipek"),
        ("李小龍", "李小龍"),
        ("김민준", "김민준"),
        ("ガ", "ガ"),
    ],
)
def test_search_folding_drops_accents_and_case_but_keeps_other_scripts(
    raw: str, expected: str
) -> None:
    assert fold_for_search(raw) == expected


def test_folded_text_folds_to_itself() -> None:
    folded = fold_for_search("Siobhán O'Neill-Ní Bhriain")
    assert fold_for_search(folded) == folded


def test_a_count_agrees_with_its_noun() -> None:
    assert counted(1, "record") == "1 record"
    assert counted(0, "record") == "0 records"
    assert counted(1204, "value") == "1,204 values"
    assert counted(2, "merged record") == "2 merged records"
    assert counted(3, "person", "people") == "3 people"
