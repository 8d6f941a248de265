"""A free-text box takes card data out as it is typed (tui/widgets/bounded_input.py):
typed key by key and then settled, the text comes out as the cleaner would leave it."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from custinfo_tui.domain.card_data import CardDetail, redact_card_data
from custinfo_tui.domain.card_numbers import CARD_NUMBER_REMOVED
from custinfo_tui.domain.card_security import EXPIRY_REMOVED, SECURITY_CODE_REMOVED
from custinfo_tui.tui.widgets.bounded_input import take_out_card_data

CARD = "4111 1111 1111 1111"

#: Text made of what matters here: digits, separators, letters, card numbers and phones,
#: security codes and expiry dates and what they are named by, and dates that are neither.
_pieces = st.lists(
    st.sampled_from(
        [
            *(CARD, "4111.1111.1111.1111", "378282246310005", "07700 900123", "01.03.2026"),
            *(" ", "-", ".", "/", "\n", "x", ", ", "1", "42", "5500", "123", "12/28"),
            *("cvv ", "CVC2: ", "security code is ", "exp ", "expiry ", "12/04/1980"),
        ]
    ),
    max_size=12,
)


def _typed(text: str) -> str:
    """`text` typed one key at a time at the end of a box, then the box left."""
    value = ""
    for key in text:
        value = take_out_card_data(value + key, len(value) + 1, whole=False).text
    return take_out_card_data(value, len(value), whole=True).text


@given(_pieces)
# Once the first number is out, the digits after it are a run of their own: a card number.
@example([CARD, " ", "42", CARD, "x"])
# A number typed across two lines of a note (the stored text joins the lines).
@example(["5500", " ", "0000", "\n", "0000", " ", "0004", "x"])
# Dots: a dotted card number goes; two dates side by side (16 digits, Luhn-valid) stay.
@example(["4111.1111.1111.1111", "x", "01.03.2026", " ", "04.04.2026", "x"])
# A dash, then a line break (a tester's note): one number.
@example(["5500", "-", "0000", "-", "\n", "0000", "-", "0004", "x"])
# A date that only turns out to have a day as it is typed is not an expiry.
@example(["exp ", "12/28", "/", "42", "x"])
# A code of 3 digits with a fourth still to come.
@example(["cvv ", "123", "1", "x"])
def test_typing_key_by_key_ends_as_the_cleaner_would_leave_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _typed(text) == redact_card_data(text).text


def test_a_number_is_left_while_it_may_still_be_being_typed() -> None:
    dotted = "4111.1111.1111.1111."
    for partial in (f"paid {CARD}", f"paid {CARD} ", f"paid {CARD}-", f"paid {dotted}"):
        assert take_out_card_data(partial, len(partial), whole=False).text == partial
    for partial in ("cvv 123", "cvv 123 ", "exp 12/28", "exp 12/28/"):
        assert take_out_card_data(partial, len(partial), whole=False).text == partial


def test_the_cursor_stays_with_the_text_around_it() -> None:
    text = f"a {CARD} b"
    taken = take_out_card_data(text, len(text), whole=False)
    assert (taken.text, taken.cursor) == (
        f"a {CARD_NUMBER_REMOVED} b",
        len(f"a {CARD_NUMBER_REMOVED} b"),
    )
    assert take_out_card_data(text, 1, whole=False).cursor == 1  # before it: unmoved
    assert take_out_card_data(text, 5, whole=False).cursor == len(f"a {CARD_NUMBER_REMOVED}")


def test_what_was_taken_out_is_said_by_kind_and_the_cursor_follows_each_marker() -> None:
    text = f"card {CARD} exp 12/28 cvv 123 ok"
    inside_the_code = text.index("123") + 1

    taken = take_out_card_data(text, inside_the_code, whole=False)

    assert taken.text == (
        f"card {CARD_NUMBER_REMOVED} exp {EXPIRY_REMOVED} cvv {SECURITY_CODE_REMOVED} ok"
    )
    assert taken.cursor == taken.text.index(" ok")  # at the end of what replaced the code
    assert taken.details == set(CardDetail)
    assert take_out_card_data("cvv 123 ok", 0, whole=False).details == {CardDetail.SECURITY_CODE}
    assert not take_out_card_data("ring at 12:30 ok", 0, whole=False).details
