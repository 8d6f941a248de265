"""The one free-text cleaner (reasons, notes, resolutions, representatives' details, queries)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from custinfo_tui.domain.card_numbers import card_number_spans
from custinfo_tui.domain.text import (
    BIDI_CONTROLS,
    INVISIBLE_FORMATTING,
    INVISIBLE_LETTERS,
    clean_free_text,
)
from tests.support.escape_text import escape_heavy_text

_limits = st.none() | st.integers(min_value=0, max_value=40)


@given(raw=st.text() | escape_heavy_text, limit=_limits)
def test_cleaning_twice_is_cleaning_once(raw: str, limit: int | None) -> None:
    once = clean_free_text(raw, limit)
    assert clean_free_text(once, limit) == once


@given(raw=st.text() | escape_heavy_text, limit=_limits)
def test_cleaned_text_has_no_control_or_hidden_characters(raw: str, limit: int | None) -> None:
    cleaned = clean_free_text(raw, limit)
    assert not any(unicodedata.category(ch) == "Cc" for ch in cleaned)  # no ESC, no C1 CSI
    assert not set(cleaned) & (BIDI_CONTROLS | INVISIBLE_FORMATTING | INVISIBLE_LETTERS)


@given(before=st.text(st.characters(codec="ascii", categories=["L"])), sgr=st.integers(0, 107))
def test_a_whole_colour_sequence_goes_and_nothing_of_it_is_left(before: str, sgr: int) -> None:
    assert clean_free_text(f"{before}\x1b[{sgr}mÓlafsdóttir") == f"{before}Ólafsdóttir"


@given(raw=st.text(), limit=_limits)
def test_cleaned_text_is_single_spaced_and_trimmed(raw: str, limit: int | None) -> None:
    cleaned = clean_free_text(raw, limit)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert cleaned.split() == cleaned.split(" ") or not cleaned


@given(raw=st.text(), limit=st.integers(min_value=0, max_value=40))
def test_cleaned_text_keeps_within_the_limit(raw: str, limit: int) -> None:
    assert len(clean_free_text(raw, limit)) <= limit


@given(raw=st.text(), limit=st.integers(min_value=0, max_value=40))
def test_a_limit_only_cuts_the_end_of_the_whole_cleaned_text(raw: str, limit: int) -> None:
    # Unless the cut leaves a card number's worth of digits: those go too (below).
    assume(not re.search(r"\d{13}", raw))
    assert clean_free_text(raw).startswith(clean_free_text(raw, limit))


def test_card_data_is_removed_before_anything_is_kept() -> None:
    typed = "card 4111 1111 1111 1111 exp 12/27 cvv 123, call back on 07700 900123"
    assert clean_free_text(typed) == (
        "card [card number removed] exp [expiry removed] cvv [security code removed], "
        "call back on 07700 900123"
    )


def test_a_cut_never_leaves_part_of_a_card_number_or_one_cut_from_a_longer_number() -> None:
    assert clean_free_text("paid 4111 1111 1111 1111", 12) == "paid [card n"
    # 4111111111111111 followed by four more digits: not a card number, until cut.
    assert clean_free_text("ref 41111111111111119999", 20) == "ref [card number rem"


@given(raw=st.text(alphabet="0123456789 -ab"), limit=_limits)
def test_no_card_number_survives_cleaning(raw: str, limit: int | None) -> None:
    assert not card_number_spans(clean_free_text(raw, limit))


_seen = st.characters(categories=["L", "N", "P"], exclude_characters="".join(INVISIBLE_LETTERS))


@given(words=st.lists(st.text(_seen, min_size=1), max_size=6))
def test_ordinary_single_spaced_text_is_kept_as_typed(words: list[str]) -> None:
    text = " ".join(words)
    assert clean_free_text(text) == text


def test_tabs_and_newlines_become_one_space_and_controls_go() -> None:
    assert clean_free_text("  ID seen\tin\r\n branch\x1b[2J\u202e ") == "ID seen in branch"


def test_a_cut_does_not_leave_a_trailing_space() -> None:
    assert clean_free_text("Customer wrote in", 9) == "Customer"
