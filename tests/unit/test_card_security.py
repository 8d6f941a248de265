"""A card's security code and expiry date are taken out of free text with its number (PCI DSS:
the code is never stored, at all); addresses, dates of birth, times and references stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.card_data import (
    CARD_DETAILS_NOTE,
    CardDetail,
    card_data_spans,
    redact_card_data,
    redact_to_fit,
    removed_note,
)
from custinfo_tui.domain.card_numbers import CARD_NUMBER_NOTE, CARD_NUMBER_REMOVED
from custinfo_tui.domain.card_security import EXPIRY_REMOVED, SECURITY_CODE_REMOVED
from custinfo_tui.domain.text import clean_free_text

CARD = "4111111111111111"  # a test card number: passes the Luhn check
CODE = SECURITY_CODE_REMOVED
EXPIRY = EXPIRY_REMOVED

#: A security code as a handler may write it down, and what is kept.
NAMED_CODES = [
    ("cvv 123", f"cvv {CODE}"),
    ("CVV: 1234", f"CVV: {CODE}"),
    ("cvc is 123.", f"cvc is {CODE}."),
    ("Cv2-123", f"Cv2-{CODE}"),
    ("cvc2 123", f"cvc2 {CODE}"),
    ("CVV2:999", f"CVV2:{CODE}"),
    ("csc 321", f"csc {CODE}"),
    ("CID 1234", f"CID {CODE}"),
    ("cvv123", f"cvv{CODE}"),
    ("cvv number is 123", f"cvv number is {CODE}"),
    ("security code 123", f"security code {CODE}"),
    ("Security Code is: 4567", f"Security Code is: {CODE}"),
    ("sec code 123", f"sec code {CODE}"),
    ("card security code 123", f"card security code {CODE}"),
    ("the 3 digits on the back are 123", f"the 3 digits on the back are {CODE}"),
    ("three digits on the back of the card: 123", f"three digits on the back of the card: {CODE}"),
    ("4 digits on the front 1234", f"4 digits on the front {CODE}"),
]

#: An expiry date named as one, and what is kept.
NAMED_EXPIRIES = [
    ("exp 12/28", f"exp {EXPIRY}"),
    ("Exp. 09 / 27", f"Exp. {EXPIRY}"),
    ("expiry 1/2030", f"expiry {EXPIRY}"),
    ("expiry date: 01/2030", f"expiry date: {EXPIRY}"),
    ("EXPIRES 12-28", f"EXPIRES {EXPIRY}"),
    ("expires on 12/28", f"expires on {EXPIRY}"),
    ("valid to 1-29", f"valid to {EXPIRY}"),
    ("valid thru 06/27", f"valid thru {EXPIRY}"),
]

#: Numbers and dates in a handler's notes that are neither a code nor an expiry.
LOOK_ALIKES = [
    "call back at 123 High Street",
    "flat 12/3, 123 High Street",
    "born 12/04/1980",
    "born 12-04-1980",
    "call at 12:30 on 12/04/2026",
    "ref 1234, order ORD-2026-000123",
    "security question 123 Acacia Avenue",
    "code 123",  # not named as a card's
    "cvv not given; called back on 07700 900123",
    "cvv 12345",  # too long for a code
    "cvv 12",  # too short
    "cvv 123-456",  # joined to more digits
    "cvv 12.50",
    "exp 12/28/2026",  # a date with a day
    "expires 13/28",  # no month 13
    "expected 12/28 people",
    "expenses 12/28",
    "decided 123",
    "exp 1228",
    "12/28 people",  # a fraction, nowhere near a card number
    "the 3 digits on the back",
    "sort code 12-34-56, account 12345678",
    "on 12/28 at 10:30",
]


@pytest.mark.parametrize(("typed", "kept"), NAMED_CODES)
def test_a_security_code_named_as_one_is_removed(typed: str, kept: str) -> None:
    redaction = redact_card_data(typed)
    assert (redaction.text, redaction.security_codes, redaction.removed) == (kept, 1, 1)


@pytest.mark.parametrize(("typed", "kept"), NAMED_EXPIRIES)
def test_an_expiry_named_as_one_is_removed(typed: str, kept: str) -> None:
    redaction = redact_card_data(typed)
    assert (redaction.text, redaction.expiries, redaction.removed) == (kept, 1, 1)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert card_data_spans(text) == []
    assert redact_card_data(text).text == text


def test_the_explorers_note_keeps_nothing_of_the_card() -> None:
    redaction = redact_card_data(f"caller read out card {CARD} exp 12/28 cvv 123")
    assert redaction.text == (f"caller read out card {CARD_NUMBER_REMOVED} exp {EXPIRY} cvv {CODE}")
    assert (redaction.card_numbers, redaction.expiries, redaction.security_codes) == (1, 1, 1)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"{CARD} 12/28", f"{CARD_NUMBER_REMOVED} {EXPIRY}"),
        (f"{CARD}, 12/2028.", f"{CARD_NUMBER_REMOVED}, {EXPIRY}."),
        (f"12/28, {CARD}", f"{EXPIRY}, {CARD_NUMBER_REMOVED}"),
        # Read out in the order printed: the digits after the expiry are the code.
        (f"{CARD} 12/28 123 thanks", f"{CARD_NUMBER_REMOVED} {EXPIRY} {CODE} thanks"),
        # A card number taken out before this rule: what is beside it goes now.
        (f"card {CARD_NUMBER_REMOVED} 12/28 123", f"card {CARD_NUMBER_REMOVED} {EXPIRY} {CODE}"),
    ],
)
def test_an_expiry_next_to_a_card_number_is_removed(typed: str, kept: str) -> None:
    assert redact_card_data(typed).text == kept


def test_digits_after_a_card_number_without_an_expiry_are_not_taken_for_a_code() -> None:
    assert redact_card_data(f"{CARD} 123 High Street").text == (
        f"{CARD_NUMBER_REMOVED} 123 High Street"
    )


def test_a_cut_that_leaves_a_code_takes_it_out() -> None:
    """ "cvv 12345" is no code, but cut to fit it becomes one."""
    redaction = redact_to_fit("cvv 12345", 7)
    assert (redaction.text, redaction.security_codes) == ("cvv [se", 1)
    assert clean_free_text("cvv 12345", 7) == "cvv [se"


def test_the_box_names_one_kind_and_calls_more_than_one_card_details() -> None:
    assert removed_note([CardDetail.CARD_NUMBER])[0] == CARD_NUMBER_NOTE
    assert removed_note([CardDetail.SECURITY_CODE])[0] == ("security code removed: never stored")
    note, tooltip = removed_note([CardDetail.SECURITY_CODE, CardDetail.CARD_NUMBER])
    assert note == CARD_DETAILS_NOTE
    assert "(card number removed, security code removed)" in tooltip


#: What notes are made of: words (some that look like a name, none that is one), numbers
#: a handler writes every day, and the names themselves.
_WORDS = [
    *("caller", "said", "call", "back", "at", "on", "the", "digits", "code", "security"),
    *("question", "expected", "expenses", "decided", "valid", "date", "is", "number"),
    *("High Street", "flat", "ref", "born", "people", "from", "to", "three", "four"),
]
_NUMBERS = [
    *("123", "1234", "45", "12/04/1980", "12-04-1980", "2026-03-01", "10:30", "£12.50"),
    *("07700 900123", "020 7946 0018", "ORD-2026-000123", "1001 2345 P", "12-34-56"),
]
_NAMES = ["cvv ", "CVC: ", "security code is ", "exp ", "expiry date ", "valid to "]


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_NUMBERS)), max_size=8))
def test_ordinary_sentences_with_numbers_are_left_alone(pairs: list[tuple[str, str]]) -> None:
    """A word before every number, none naming a code or an expiry: nothing is taken."""
    sentence = " ".join(f"{word} {number}" for word, number in pairs)
    assert redact_card_data(sentence).text == sentence


_notes = st.lists(
    st.sampled_from([*_WORDS, *_NUMBERS, *_NAMES, CARD, "12/28", "12/2028", "1/29", ",", "."]),
    max_size=12,
).map(" ".join)


@given(_notes, st.none() | st.integers(min_value=0, max_value=60))
def test_cleaning_a_note_twice_is_cleaning_it_once(note: str, limit: int | None) -> None:
    once = clean_free_text(note, limit)
    assert clean_free_text(once, limit) == once
    assert card_data_spans(once) == []
