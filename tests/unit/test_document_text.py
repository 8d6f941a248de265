"""Stored text in files people read: the HTML holds it inert and escaped, the JSON exactly
but with nothing raw that could drive a terminal (domain/document_text.py)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.document_text import html_text, json_document
from custinfo_tui.domain.text import BIDI_CONTROLS, printable, printable_in_lines

_UNPICTURED = "".join(BIDI_CONTROLS) + "\u2028\u2029"
_any_character = st.one_of(
    st.characters(exclude_categories=[]),
    st.characters(categories=["Cc"]),
    st.sampled_from(sorted(_UNPICTURED)),
)


def _drives_a_terminal(ch: str) -> bool:
    """A character `cat` or a browser would act on, bar the layout of lines."""
    return ch not in "\n\t" and (unicodedata.category(ch) in ("Cc", "Cs") or ch in _UNPICTURED)


@given(raw=st.text(_any_character))
def test_printable_in_lines_keeps_line_breaks_and_tabs_and_makes_the_rest_inert(
    raw: str,
) -> None:
    kept = printable_in_lines(raw)
    assert not any(_drives_a_terminal(ch) for ch in kept)
    assert kept.split("\n") == [printable_in_lines(line) for line in raw.split("\n")]
    assert printable(kept) == printable(raw)  # only the layout differs
    assert printable_in_lines(kept) == kept


@given(raw=st.text(_any_character))
def test_html_text_is_neither_markup_nor_a_control_sequence(raw: str) -> None:
    shown = html_text(raw)
    assert not any(_drives_a_terminal(ch) for ch in shown)
    assert "<" not in shown and ">" not in shown and '"' not in shown


def test_html_text_shows_what_was_stored_visibly() -> None:
    stored = '1 Mill \x1b[31mLane\x1b[0m \u202eesrever <b>"x"</b>\nline two'
    assert html_text(stored) == (
        "1 Mill ␛[31mLane␛[0m \ufffdesrever &lt;b&gt;&quot;x&quot;&lt;/b&gt;\nline two"
    )


@given(values=st.lists(st.text(_any_character), max_size=4))
def test_json_keeps_every_value_exactly_with_nothing_raw_that_drives_a_terminal(
    values: list[str],
) -> None:
    written = json_document({"values": values, "Zoë": "Zoë"})
    assert json.loads(written) == {"values": values, "Zoë": "Zoë"}
    assert not any(_drives_a_terminal(ch) for ch in written)
    assert '"Zoë"' in written  # letters stay readable, not \u00eb
    written.encode("utf-8")  # a lone surrogate is escaped, so the file can be written
