"""Text hygiene: control characters, bidi controls, spacing and search folding."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.text import (
    collapse_spaces,
    contains_bidi_control,
    counted,
    fold_for_search,
    strip_control_characters,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane\x00Doe", "JaneDoe"),
        ("Jane\tDoe", "Jane Doe"),
        ("Jane\r\nDoe", "Jane  Doe"),
        ("\x1b[31mred", "[31mred"),
        ("abc\u202edef", "abcdef"),
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffbom", "bom"),
        ("plain text", "plain text"),
    ],
)
def test_control_and_invisible_characters_are_removed(raw: str, expected: str) -> None:
    assert strip_control_characters(raw) == expected


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
