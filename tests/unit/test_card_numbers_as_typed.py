"""A free-text box takes card numbers out as they are typed (tui/widgets/bounded_input.py):
typed key by key and then settled, the text comes out as the cleaner would leave it."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from custinfo_tui.domain.card_numbers import CARD_NUMBER_REMOVED, redact_card_numbers
from custinfo_tui.tui.widgets.bounded_input import take_out_card_numbers

CARD = "4111 1111 1111 1111"

#: Text made of what matters here: digits, separators, letters, card numbers and phones.
_pieces = st.lists(
    st.sampled_from(
        [
            *(CARD, "4111.1111.1111.1111", "378282246310005", "07700 900123", "01.03.2026"),
            *(" ", "-", ".", "\n", "x", ", ", "1", "42", "5500"),
        ]
    ),
    max_size=12,
)


def _typed(text: str) -> str:
    """`text` typed one key at a time at the end of a box, then the box left."""
    value = ""
    for key in text:
        value, _ = take_out_card_numbers(value + key, len(value) + 1, whole=False)
    value, _ = take_out_card_numbers(value, len(value), whole=True)
    return value


@given(_pieces)
# Once the first number is out, the digits after it are a run of their own: a card number.
@example([CARD, " ", "42", CARD, "x"])
# A number typed across two lines of a note (the stored text joins the lines).
@example(["5500", " ", "0000", "\n", "0000", " ", "0004", "x"])
# Dots: a dotted card number goes; two dates side by side (16 digits, Luhn-valid) stay.
@example(["4111.1111.1111.1111", "x", "01.03.2026", " ", "04.04.2026", "x"])
# A dash, then a line break (a tester's note): one number.
@example(["5500", "-", "0000", "-", "\n", "0000", "-", "0004", "x"])
def test_typing_key_by_key_ends_as_the_cleaner_would_leave_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _typed(text) == redact_card_numbers(text).text


def test_a_number_is_left_while_it_may_still_be_being_typed() -> None:
    dotted = "4111.1111.1111.1111."
    for partial in (f"paid {CARD}", f"paid {CARD} ", f"paid {CARD}-", f"paid {dotted}"):
        assert take_out_card_numbers(partial, len(partial), whole=False)[0] == partial


def test_the_cursor_stays_with_the_text_around_it() -> None:
    text = f"a {CARD} b"
    assert take_out_card_numbers(text, len(text), whole=False) == (
        f"a {CARD_NUMBER_REMOVED} b",
        len(f"a {CARD_NUMBER_REMOVED} b"),
    )
    assert take_out_card_numbers(text, 1, whole=False)[1] == 1  # before it: unmoved
    assert take_out_card_numbers(text, 5, whole=False)[1] == len(f"a {CARD_NUMBER_REMOVED}")
