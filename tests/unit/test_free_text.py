"""The one free-text cleaner (reasons, notes, resolutions, representatives' details, queries)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.text import BIDI_CONTROLS, INVISIBLE_FORMATTING, clean_free_text

_limits = st.none() | st.integers(min_value=0, max_value=40)


@given(raw=st.text(), limit=_limits)
def test_cleaning_twice_is_cleaning_once(raw: str, limit: int | None) -> None:
    once = clean_free_text(raw, limit)
    assert clean_free_text(once, limit) == once


@given(raw=st.text(), limit=_limits)
def test_cleaned_text_has_no_control_or_hidden_characters(raw: str, limit: int | None) -> None:
    cleaned = clean_free_text(raw, limit)
    assert not any(unicodedata.category(ch) == "Cc" for ch in cleaned)
    assert not set(cleaned) & (BIDI_CONTROLS | INVISIBLE_FORMATTING)


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
    assert clean_free_text(raw).startswith(clean_free_text(raw, limit))


@given(words=st.lists(st.text(st.characters(categories=["L", "N", "P"]), min_size=1), max_size=6))
def test_ordinary_single_spaced_text_is_kept_as_typed(words: list[str]) -> None:
    text = " ".join(words)
    assert clean_free_text(text) == text


def test_tabs_and_newlines_become_one_space_and_controls_go() -> None:
    assert clean_free_text("  ID seen\tin\r\n branch\x1b[2J\u202e ") == "ID seen in branch[2J"


def test_a_cut_does_not_leave_a_trailing_space() -> None:
    assert clean_free_text("Customer wrote in", 9) == "Customer"
