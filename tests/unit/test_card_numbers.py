"""Card numbers are taken out of free text; phone numbers, references and dates stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.card_numbers import (
    CARD_NUMBER_REMOVED,
    card_number_spans,
    luhn_valid,
    redact_card_numbers,
)

#: The card schemes' published test numbers, as a customer might read them out.
TEST_CARD_NUMBERS = [
    "4111 1111 1111 1111",  # Visa
    "4012888888881881",  # Visa, typed together
    "4222222222222",  # Visa, 13 digits
    "4111111111111111110",  # Visa, 19 digits
    "5555-5555-5555-4444",  # Mastercard, with dashes
    "4111.1111.1111.1111",  # Visa, with dots
    "4111 - 1111 - 1111 - 1111",  # spaced dashes
    "4111  1111  1111  1111",  # two spaces
    "4111\t1111\t1111\t1111",  # tabs
    "5500-0000- 0000-0004",  # typed across two lines, as the stored text joins them
    "4111-1111 1111-1111",  # dashes and spaces mixed, in the groups printed on cards
    "4111.1111 1111.1111",
    "5105 1051 0510 5100",  # Mastercard
    "2223 0031 2200 3222",  # Mastercard, 2-series
    "3782 822463 10005",  # American Express, 4-6-5
    "371449635398431",  # American Express
    "6011 1111 1111 1117",  # Discover
    "6011000990139424",  # Discover
    "3056 930902 5904",  # Diners Club, 4-6-4
    "38520000023237",  # Diners Club
    "3530 1113 3330 0000",  # JCB
    "3566002020360505",  # JCB
    "6200 0000 0000 0005",  # UnionPay
    "6759 6498 2643 8453",  # Maestro
]

#: Numbers a handler writes in notes every day, which must come through untouched.
LOOK_ALIKES = [
    "07700 900123",  # a mobile number
    "+44 7700 900123",
    "020 7946 0123",  # a London number
    "07700 900123 07700 900456",  # two numbers one after the other
    "07700 900123\n07700 900456",  # the same on two lines of a note
    "ref 1001 2345\n020 7946 0123",
    "12-34-56 12345678",  # sort code and account number
    "1001 2345 P",  # a customer reference
    "card expires 12/27",
    "from 01.03.2026 04.04.2026",  # two dates, 16 digits passing the Luhn check
    "from 01.03.2026 - 04.04.2026",
    "from 2026-03-01 2026-04-04",  # the same, written as ISO dates
    "2026-03-01 to 2026-04-04",  # (not one run: the word parts them)
    "from 2026-03-01\n2026-04-04",
    "07700 900123 - 07700 900456",
    "born 12.04.1980",
    "192.168.100.200",  # an address on the network
    "born 01/01/1980",
    "4111 1111 1111 1112",  # a slip: fails the Luhn check
    "1234 5678 9012 3456",  # an order number that fails the Luhn check
    "42222222222222222222",  # 20 digits: longer than any card number
    "GB29 NWBK 6016 1331 9268 19",  # an IBAN
    "ORD-2026-000123",
    "case 2026-11-30 ref 000123456",
]


@pytest.mark.parametrize("number", TEST_CARD_NUMBERS)
def test_every_schemes_test_number_is_removed(number: str) -> None:
    redacted = redact_card_numbers(f"card {number} exp 12/27, paid")
    assert redacted.text == f"card {CARD_NUMBER_REMOVED} exp 12/27, paid"
    assert redacted.removed == 1


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert redact_card_numbers(text).text == text
    assert redact_card_numbers(text).removed == 0


def test_a_card_number_straight_after_a_reference_is_still_found() -> None:
    redacted = redact_card_numbers("ref 12345 4111-1111-1111-1111.")
    assert redacted.text == f"ref 12345 {CARD_NUMBER_REMOVED}."


def test_a_card_number_broken_after_a_dash_across_two_lines_is_one() -> None:
    """Found by a tester: "5500-0000-", a line break, "0000-0004" was stored whole."""
    redacted = redact_card_numbers("and 5500-0000-\n0000-0004 end")
    assert redacted.text == f"and {CARD_NUMBER_REMOVED} end"


def test_a_dashed_card_number_broken_across_two_lines_without_a_dash_is_one() -> None:
    redacted = redact_card_numbers("and 5500-0000\n0000-0004 end")
    assert redacted.text == f"and {CARD_NUMBER_REMOVED} end"


def test_a_card_number_typed_across_two_lines_of_a_note_is_one() -> None:
    """The stored text joins a note's lines, so the box must see the number as it will."""
    redacted = redact_card_numbers("call was about 5500 0000\n0000 0004 end")
    assert redacted.text == f"call was about {CARD_NUMBER_REMOVED} end"
    assert redacted.removed == 1


def test_a_dotted_card_number_after_other_words_is_found() -> None:
    redacted = redact_card_numbers("card 3782.822463.10005, exp 12.27")
    assert redacted.text == f"card {CARD_NUMBER_REMOVED}, exp 12.27"


def test_two_card_numbers_are_both_removed_and_counted() -> None:
    redacted = redact_card_numbers("old 4111 1111 1111 1111 new 5555555555554444")
    assert redacted.text == f"old {CARD_NUMBER_REMOVED} new {CARD_NUMBER_REMOVED}"
    assert redacted.removed == 2


@given(st.text())
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact_card_numbers(text)
    assert redact_card_numbers(once.text) == type(once)(once.text, 0)


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",))))
def test_text_without_digits_is_never_touched(text: str) -> None:
    assert card_number_spans(text) == []


@given(st.lists(st.integers(0, 9), min_size=12, max_size=18))
def test_any_luhn_valid_run_of_13_to_19_digits_is_removed(digits: list[int]) -> None:
    body = "".join(map(str, digits))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    assert redact_card_numbers(f"no. {body}{check}").text == f"no. {CARD_NUMBER_REMOVED}"


@given(st.lists(st.integers(0, 9), min_size=13, max_size=19))
def test_a_run_that_fails_the_luhn_check_is_kept(digits: list[int]) -> None:
    number = "".join(map(str, digits))
    if not luhn_valid(number):
        assert redact_card_numbers(number).text == number
