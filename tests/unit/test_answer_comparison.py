"""Comparing what a caller says with what is on file: both sides normalised, then compared.

A FieldError is the handler's typing problem (not a date, a malformed postcode): it is shown
at the field and is not a failed check. Anything else is a pass or a fail.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.answers import (
    address_comparison_key,
    address_line1_forms,
    normalise_answer,
    normalise_security_answer,
    same_answer,
    stored_form,
)
from custinfo_tui.domain.reference import HIGHEST_NUMBER, LOWEST_NUMBER, reference_for_number
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import CheckKind

DOB = CheckKind.DATE_OF_BIRTH
POSTCODE = CheckKind.POSTCODE
ADDRESS = CheckKind.ADDRESS_LINE1
PHONE = CheckKind.PHONE_DIGITS
REFERENCE = CheckKind.REFERENCE
SECURITY = CheckKind.SECURITY_ANSWER

#: The demo's John Smith.
JOHN_SMITH_REFERENCE = "10012345P"
JOHN_SMITH_PHONE = "+447700900123"


def _matches(
    kind: CheckKind,
    on_file: str | date,
    said: str,
    *,
    phone_digits: int = 4,
    foreign_postcode: bool = False,
) -> bool:
    """What the verification service does: normalise both sides, compare in constant time."""
    given_form = normalise_answer(
        kind, said, phone_digits=phone_digits, foreign_postcode=foreign_postcode
    )
    return same_answer(stored_form(kind, on_file, phone_digits=phone_digits), given_form)


# --- Dates of birth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "12/04/1980",
        "12/4/1980",
        "12-04-1980",
        "12.4.1980",
        "12 04 1980",
        "12 April 1980",
        "12 april 1980",
        "12th April 1980",
        "12 Apr 1980",
        "12 of April, 1980",
        "1980-04-12",
        "1980/4/12",
        "  12 /  04 / 1980 ",
    ],
)
def test_a_date_of_birth_in_any_usual_form_matches_the_date_on_file(said: str) -> None:
    assert normalise_answer(DOB, said) == "1980-04-12"
    assert _matches(DOB, date(1980, 4, 12), said)
    assert _matches(DOB, "1980-04-12", said)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("04/12/1980", id="month-first"),
        pytest.param("13 April 1980", id="next-day"),
        pytest.param("12 April 1981", id="next-year"),
    ],
)
def test_a_different_date_of_birth_fails(said: str) -> None:
    assert not _matches(DOB, date(1980, 4, 12), said)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("31/04/1980", id="april-31"),
        pytest.param("30 February 1980", id="february-30"),
        pytest.param("29/02/1981", id="february-29-not-leap"),
        pytest.param("12/13/1980", id="month-13"),
        pytest.param("32/01/1980", id="day-32"),
        pytest.param("00/04/1980", id="day-0"),
        pytest.param("12/04/80", id="two-digit-year"),
        pytest.param("April 12 1980", id="month-first-in-words"),
        pytest.param("12 Aprilis 1980", id="unknown-month"),
        pytest.param("12/04/2999", id="in-the-future"),
        pytest.param("12/04/1800", id="over-120"),
        pytest.param("twelfth of april", id="words"),
    ],
)
def test_an_impossible_date_of_birth_is_a_typing_problem_not_a_failed_check(said: str) -> None:
    with pytest.raises(FieldError):
        normalise_answer(DOB, said)


def test_a_leap_day_matches() -> None:
    assert _matches(DOB, date(1980, 2, 29), "29 Feb 1980")


# --- Postcodes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    ["SE1 2QT", "se1 2qt", "SE12QT", "se12qt", "  se1   2QT ", "Se1 2Qt", "SE1\t2QT"],
)
def test_a_uk_postcode_in_any_case_and_spacing_matches(said: str) -> None:
    assert normalise_answer(POSTCODE, said) == "SE1 2QT"
    assert _matches(POSTCODE, "SE1 2QT", said)


@pytest.mark.parametrize("said", ["SE1 2QU", "SE11 2QT", "SW1A 1AA"])
def test_a_different_uk_postcode_fails(said: str) -> None:
    assert not _matches(POSTCODE, "SE1 2QT", said)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("SE1", id="outward-code-only"),
        pytest.param("SE1 2Q", id="inward-code-short"),
        pytest.param("SE1 2QTT", id="inward-code-long"),
        pytest.param("QE1 2QT", id="q-never-first"),
        pytest.param("SE1 2CT", id="c-never-in-inward-code"),
        pytest.param("12345", id="digits-only"),
        pytest.param("SE1-2QT", id="hyphen"),
        pytest.param("ＳＥ1 2QT", id="full-width-letters"),
    ],
)
def test_a_malformed_uk_postcode_is_a_typing_problem_not_a_failed_check(said: str) -> None:
    with pytest.raises(FieldError):
        normalise_answer(POSTCODE, said)


@pytest.mark.parametrize(
    ("on_file", "said"),
    [
        pytest.param("75001", "75001", id="france"),
        pytest.param("D-10115", "d-10115", id="germany-lower-case"),
        pytest.param("1012 AB", "1012  ab", id="netherlands-spacing"),
        pytest.param("SE1", "se1", id="shaped-like-a-uk-outward-code"),
    ],
)
def test_a_foreign_postcode_on_file_is_compared_tidied_not_checked_as_uk(
    on_file: str, said: str
) -> None:
    assert _matches(POSTCODE, on_file, said, foreign_postcode=True)


def test_a_different_foreign_postcode_fails() -> None:
    assert not _matches(POSTCODE, "75001", "75002", foreign_postcode=True)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("7500é", id="non-ascii"),
        pytest.param("75001/2", id="slash"),
        pytest.param("1234567890123", id="over-12-characters"),
    ],
)
def test_a_foreign_postcode_with_impossible_characters_is_a_typing_problem(said: str) -> None:
    with pytest.raises(FieldError):
        normalise_answer(POSTCODE, said, foreign_postcode=True)


# --- First line of the address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_file", "said"),
    [
        pytest.param("12 Acacia Road", "12, acacia rd.", id="abbreviation-and-punctuation"),
        pytest.param("12 Acacia Road", "12 ACACIA ROAD", id="capitals"),
        pytest.param("12 Acacia Road", "  12   Acacia\tRoad ", id="spacing"),
        pytest.param("12 Acacia Road", "No. 12 Acacia Road", id="number-word-dropped"),
        pytest.param("12 Acacia Road", "Number 12, Acacia Rd", id="number-spelt-out"),
        pytest.param("21 High Street", "21 High St", id="street"),
        pytest.param("48 Church Lane", "48 church ln", id="lane"),
        pytest.param("5 Park Avenue", "5 Pk Av", id="park-avenue"),
        pytest.param("3 Orchard Close", "3 Orchard Cl.", id="close"),
        pytest.param("9 Hillside Crescent", "9 hillside cres", id="crescent"),
        pytest.param("Flat 2, 7 Station Road", "flat 2 7 station rd", id="flat"),
        pytest.param("Flat 2, 7 Station Road", "Apartment 2, 7 Station Road", id="apartment"),
        pytest.param("Flat 2, 7 Station Road", "Apt 2 7 Station Rd", id="apt"),
        pytest.param("1 North Terrace", "1 N Terr", id="north-terrace"),
        pytest.param("1 Café Place", "1 cafe pl", id="accents"),
        pytest.param("St John's Road", "Saint John's Rd", id="saint-with-apostrophe"),
        pytest.param("St John's Road", "St John’s Road", id="typographic-apostrophe"),
        pytest.param("St John's Road", "Saint Johns Rd", id="apostrophe-left-out"),
        pytest.param("Queen's Road", "Queens Road", id="queens-apostrophe-left-out"),
        pytest.param("12 Acacia Road", "12 Aca\u200bcia Road", id="invisible-character"),
    ],
)
def test_an_address_line_said_differently_matches(on_file: str, said: str) -> None:
    assert _matches(ADDRESS, on_file, said)


@pytest.mark.parametrize(
    ("on_file", "said"),
    [
        pytest.param("12 Acacia Road", "14 Acacia Road", id="another-number"),
        pytest.param("12 Acacia Road", "12 Acacia Avenue", id="another-street-type"),
        pytest.param("12 Acacia Road", "12 Acacia", id="street-type-left-off"),
        pytest.param("Flat 2, 7 Station Road", "7 Station Road", id="flat-left-off"),
        pytest.param("12a Acacia Road", "12 A Acacia Road", id="house-letter-spaced"),
        pytest.param("St John's Road", "st john s road", id="apostrophe-as-space"),
    ],
)
def test_an_address_line_that_differs_fails(on_file: str, said: str) -> None:
    assert not _matches(ADDRESS, on_file, said)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("12, Acacia Road", "12 acacia rd"),
        ("St John's Road", "st johns rd"),
        ("Saint Johns Rd", "st johns rd"),
        ("Flat 2, 7 Station Road", "flat 2 7 station rd"),
        ("No. 12 Acacia Road", "12 acacia rd"),
        ("Apt 4, 1 West Mount Gardens", "flat 4 1 w mt gdns"),
        ("", ""),
        ("..., ", ""),
    ],
)
def test_an_address_line_reduces_to_its_comparison_key(line: str, key: str) -> None:
    assert address_comparison_key(line) == key


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param(",.", id="punctuation-only"),
        pytest.param("No.", id="only-the-word-number"),
    ],
)
def test_an_address_line_with_nothing_to_compare_is_a_typing_problem(said: str) -> None:
    with pytest.raises(FieldError):
        normalise_answer(ADDRESS, said)


# --- Last digits of a phone number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "phone_digits"),
    [
        ("0123", 4),
        ("0 1 2 3", 4),
        (" 01 23 ", 4),
        ("123", 3),
        ("00123", 5),
        ("900123", 6),
    ],
)
def test_the_last_digits_of_the_phone_on_file_match(said: str, phone_digits: int) -> None:
    assert _matches(PHONE, JOHN_SMITH_PHONE, said, phone_digits=phone_digits)


@pytest.mark.parametrize("said", ["0124", "1230", "7700"])
def test_other_digits_fail(said: str) -> None:
    assert not _matches(PHONE, JOHN_SMITH_PHONE, said)


@pytest.mark.parametrize(
    ("said", "phone_digits"),
    [
        pytest.param("123", 4, id="too-few"),
        pytest.param("00123", 4, id="too-many"),
        pytest.param("0123", 3, id="four-when-three-asked"),
        pytest.param("0123", 6, id="four-when-six-asked"),
        pytest.param("+447700900123", 4, id="whole-number"),
        pytest.param("0I23", 4, id="letter-i-for-one"),
        pytest.param("01-3", 4, id="hyphen"),
        pytest.param("０１２３", 4, id="full-width-digits"),
        pytest.param("٠١٢٣", 4, id="arabic-indic-digits"),
        pytest.param("", 4, id="empty"),
    ],
)
def test_anything_but_exactly_the_asked_number_of_digits_is_a_typing_problem(
    said: str, phone_digits: int
) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_answer(PHONE, said, phone_digits=phone_digits)
    if said:
        assert str(caught.value) == f"Type exactly the last {phone_digits} digits the caller gave."


@pytest.mark.parametrize(
    ("on_file", "phone_digits", "form"),
    [
        (JOHN_SMITH_PHONE, 4, "0123"),
        (JOHN_SMITH_PHONE, 3, "123"),
        (JOHN_SMITH_PHONE, 6, "900123"),
        ("+44 20 7946 0018", 4, "0018"),
        ("020 7946 0018", 4, "0018"),
    ],
)
def test_a_phone_on_file_is_compared_by_its_last_digits(
    on_file: str, phone_digits: int, form: str
) -> None:
    assert stored_form(PHONE, on_file, phone_digits=phone_digits) == form


# --- Customer references --------------------------------------------------------------------


@pytest.mark.parametrize(
    "said", ["10012345P", "10012345p", "1001 2345 P", "1001-2345-p", " 1001 2345p "]
)
def test_the_customer_reference_in_any_case_and_grouping_matches(said: str) -> None:
    assert normalise_answer(REFERENCE, said) == JOHN_SMITH_REFERENCE
    assert _matches(REFERENCE, JOHN_SMITH_REFERENCE, said)


def test_another_customers_reference_fails() -> None:
    other = reference_for_number(10012346)
    assert not _matches(REFERENCE, JOHN_SMITH_REFERENCE, other)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("10012345Q", id="wrong-check-letter"),
        pytest.param("10012354P", id="digits-swapped"),
        pytest.param("1001234P", id="seven-digits"),
        pytest.param("10012345", id="no-check-letter"),
        pytest.param("01234567T", id="leading-zero"),
        pytest.param("John Smith", id="a-name"),
    ],
)
def test_a_reference_that_cannot_be_one_is_a_typing_problem(said: str) -> None:
    with pytest.raises(FieldError):
        normalise_answer(REFERENCE, said)


# --- Security answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_file", "said"),
    [
        pytest.param("Biscuit", "biscuit", id="case"),
        pytest.param("Biscuit", "  BISCUIT ", id="capitals-and-spaces"),
        pytest.param("Biscuit", "Biscuit!", id="punctuation"),
        pytest.param("Biscuit", "Bis\u200bcuit", id="invisible-character"),
        pytest.param("Char siu bao", "CHAR-SIU  bao", id="hyphen-and-spacing"),
        pytest.param("Mill Lane", "mill_lane", id="underscore"),
        pytest.param("Zoë", "zoe", id="accent"),
        pytest.param("Siobhán", "SIOBHAN", id="fada"),
        pytest.param("Straße", "strasse", id="sharp-s"),
        pytest.param("O'Brien", "obrien", id="apostrophe-left-out"),
        pytest.param("O'Brien", "O’Brien", id="typographic-apostrophe"),
    ],
)
def test_a_security_answer_matches_whatever_its_case_accents_and_punctuation(
    on_file: str, said: str
) -> None:
    assert _matches(SECURITY, normalise_security_answer(on_file), said)


@pytest.mark.parametrize(
    ("on_file", "said"),
    [
        pytest.param("Biscuit", "Biscuits", id="plural"),
        pytest.param("Morris Minor", "Morris", id="part-of-the-answer"),
        pytest.param("Char siu bao", "charsiubao", id="spaces-left-out"),
        pytest.param("O'Brien", "o brien", id="apostrophe-as-space"),
    ],
)
def test_a_different_security_answer_fails(on_file: str, said: str) -> None:
    assert not _matches(SECURITY, normalise_security_answer(on_file), said)


def test_a_security_answer_keeps_the_form_its_hash_was_made_in_around_a_variation_selector() -> (
    None
):
    # Answers are stored hashed: a selector between letters still parts them, as it did.
    assert normalise_security_answer("葛\U000e0100城") == "葛 城"
    assert normalise_security_answer("Rover\ufe0f") == "rover"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("O'Brien", "obrien"),
        ("obrien", "obrien"),
        ("Char-siu  BAO!", "char siu bao"),
        ("snake_case", "snake case"),
        ("Zoë", "zoe"),
    ],
)
def test_a_security_answer_is_hashed_in_its_folded_form(raw: str, key: str) -> None:
    assert normalise_security_answer(raw) == key


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("?!", id="punctuation-only"),
        pytest.param("___", id="underscores-only"),
        pytest.param("\u200b", id="invisible-only"),
    ],
)
def test_an_empty_security_answer_is_a_typing_problem(raw: str) -> None:
    with pytest.raises(FieldError):
        normalise_security_answer(raw)
    with pytest.raises(FieldError):
        normalise_answer(SECURITY, raw)


# --- Any check ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CheckKind))
@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_a_blank_answer_is_a_typing_problem_for_every_check(kind: CheckKind, blank: str) -> None:
    with pytest.raises(FieldError, match=r"Type what the caller said\."):
        normalise_answer(kind, blank)


@pytest.mark.parametrize(
    ("kind", "on_file", "form"),
    [
        (DOB, date(1980, 4, 12), "1980-04-12"),
        (DOB, "1980-04-12", "1980-04-12"),
        (POSTCODE, "SE1 2QT", "SE1 2QT"),
        (POSTCODE, "se1  2qt", "SE1 2QT"),
        (ADDRESS, "12 Acacia Road", "12 acacia rd"),
        (PHONE, JOHN_SMITH_PHONE, "0123"),
        (REFERENCE, JOHN_SMITH_REFERENCE, JOHN_SMITH_REFERENCE),
        (SECURITY, "biscuit", "biscuit"),
    ],
)
def test_a_value_on_file_is_put_in_the_form_answers_are_compared_in(
    kind: CheckKind, on_file: str | date, form: str
) -> None:
    assert stored_form(kind, on_file) == form


@pytest.mark.parametrize(
    ("expected", "given_form", "same"),
    [
        ("0123", "0123", True),
        ("0123", "0124", False),
        ("0123", "01234", False),
        ("", "", True),
        ("zoë", "zoë", True),
        ("zoë", "zoe", False),
    ],
)
def test_normalised_answers_are_compared_exactly(
    expected: str, given_form: str, same: bool
) -> None:
    assert same_answer(expected, given_form) is same


# --- Any text -------------------------------------------------------------------------------

#: (kind, foreign_postcode) for every way an answer is normalised.
ANSWER_FORMS = [
    pytest.param(kind, False, id=kind.value) for kind in CheckKind if kind is not POSTCODE
] + [
    pytest.param(POSTCODE, False, id="uk_postcode"),
    pytest.param(POSTCODE, True, id="foreign_postcode"),
]

_address_like = st.text(
    st.characters(categories=["L", "M", "Nd", "Zs", "P"], include_characters="'’_\t"),
    max_size=40,
)

SHAPED_ANSWERS: dict[CheckKind, st.SearchStrategy[str]] = {
    DOB: st.one_of(
        st.dates(min_value=date(1910, 1, 1), max_value=date(2020, 12, 31)).map(
            lambda d: f"{d.day}/{d.month}/{d.year:04d}"
        ),
        st.from_regex(r"[0-9]{1,2}[ /.-][0-9]{1,2}[ /.-][0-9]{2,4}", fullmatch=True),
    ),
    POSTCODE: st.from_regex(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}", fullmatch=True),
    ADDRESS: _address_like,
    PHONE: st.from_regex(r"[0-9 ]{0,8}", fullmatch=True),
    REFERENCE: st.one_of(
        st.integers(LOWEST_NUMBER, HIGHEST_NUMBER).map(reference_for_number),
        st.from_regex(r"[0-9]{4}[ -]?[0-9]{4}[ -]?[A-Za-z]", fullmatch=True),
    ),
    SECURITY: _address_like,
}


def _normalised_or_refused(kind: CheckKind, raw: str, *, foreign_postcode: bool) -> str | None:
    try:
        form = normalise_answer(kind, raw, foreign_postcode=foreign_postcode)
    except FieldError as error:
        assert str(error), "a refusal must say why"
        return None
    assert isinstance(form, str)
    assert form, "an accepted answer is never empty"
    # Typed again in its normalised form, an answer is the same answer.
    assert normalise_answer(kind, form, foreign_postcode=foreign_postcode) == form
    return form


def test_every_check_has_shaped_answers() -> None:
    assert set(SHAPED_ANSWERS) == set(CheckKind)


@pytest.mark.parametrize(("kind", "foreign_postcode"), ANSWER_FORMS)
@given(raw=st.text())
def test_any_text_is_an_answer_or_a_typing_problem(
    kind: CheckKind, foreign_postcode: bool, raw: str
) -> None:
    _normalised_or_refused(kind, raw, foreign_postcode=foreign_postcode)


@pytest.mark.parametrize(("kind", "foreign_postcode"), ANSWER_FORMS)
@given(data=st.data())
def test_answer_shaped_text_is_an_answer_or_a_typing_problem(
    kind: CheckKind, foreign_postcode: bool, data: st.DataObject
) -> None:
    _normalised_or_refused(kind, data.draw(SHAPED_ANSWERS[kind]), foreign_postcode=foreign_postcode)


@given(raw=st.one_of(st.text(), _address_like))
def test_the_security_answer_form_is_stable(raw: str) -> None:
    try:
        key = normalise_security_answer(raw)
    except FieldError:
        return
    assert normalise_security_answer(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(raw=st.one_of(st.text(), _address_like))
def test_the_address_comparison_key_is_stable(raw: str) -> None:
    key = address_comparison_key(raw)
    assert address_comparison_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(line=_address_like)
def test_a_caller_repeating_the_address_line_on_file_passes(line: str) -> None:
    try:
        said = normalise_answer(ADDRESS, line)
    except FieldError:
        return
    assert same_answer(stored_form(ADDRESS, line), said)


@given(raw=SHAPED_ANSWERS[POSTCODE])
def test_a_caller_repeating_the_postcode_on_file_passes(raw: str) -> None:
    try:
        on_file = normalise_answer(POSTCODE, raw)
    except FieldError:
        return
    assert _matches(POSTCODE, on_file, raw.lower())


@given(
    number=st.from_regex(r"\+447700900[0-9]{3}", fullmatch=True),
    phone_digits=st.integers(3, 6),
)
def test_a_caller_giving_the_last_digits_of_the_phone_on_file_passes(
    number: str, phone_digits: int
) -> None:
    assert _matches(PHONE, number, number[-phone_digits:], phone_digits=phone_digits)


@given(born=st.dates(min_value=date(1910, 1, 1), max_value=date(2020, 12, 31)))
def test_a_caller_giving_the_date_of_birth_on_file_passes(born: date) -> None:
    assert _matches(DOB, born, f"{born.day}/{born.month}/{born.year}")
    assert _matches(DOB, born, born.isoformat())


# --- The first line said with the flat's line ----------------------------------------------


def _matches_address(line1: str, line2: str | None, said: str) -> bool:
    """What the verification service does with an address's two lines on file."""
    given_form = normalise_answer(ADDRESS, said)
    return any(
        same_answer(stored_form(ADDRESS, form), given_form)
        for form in address_line1_forms(line1, line2)
    )


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("7 Station Road", id="line-1"),
        pytest.param("flat 2 7 station road", id="flat-first"),
        pytest.param("Flat 2, 7 Station Rd.", id="flat-first-punctuated"),
        pytest.param("7 Station Road, Flat 2", id="flat-after"),
        pytest.param("Apartment 2 - 7 Station Road", id="apartment"),
    ],
)
def test_the_first_line_said_with_the_flat_matches(said: str) -> None:
    """Zoë Taylor's line 1 is "7 Station Road", line 2 "Flat 2": genuine callers say both."""
    assert _matches_address("7 Station Road", "Flat 2", said)


@pytest.mark.parametrize(
    "said",
    [
        pytest.param("Flat 2", id="line-2-alone"),
        pytest.param("Flat 3, 7 Station Road", id="another-flat"),
        pytest.param("Flat 2, 9 Station Road", id="another-number"),
        pytest.param("7 Flat 2 Station Road", id="flat-inside"),
    ],
)
def test_the_first_line_with_the_flat_is_otherwise_strict(said: str) -> None:
    assert not _matches_address("7 Station Road", "Flat 2", said)


def test_without_a_second_line_only_line_1_matches() -> None:
    assert address_line1_forms("12 Acacia Road", None) == ("12 Acacia Road",)
    assert not _matches_address("12 Acacia Road", None, "Flat 2 12 Acacia Road")


@given(
    number=st.integers(1, 999),
    other=st.integers(1, 999),
    street=st.sampled_from(["Station Road", "Acacia Road", "High Street", "Church Lane"]),
    flat=st.one_of(st.none(), st.integers(1, 99)),
    form=st.sampled_from(["{n} {s}", "Flat {f}, {n} {s}", "{n} {s}, Flat {f}", "flat {f} {n} {s}"]),
)
def test_a_different_house_number_never_passes(
    number: int, other: int, street: str, flat: int | None, form: str
) -> None:
    """Whatever the flat and however the lines are said together, another house number
    fails."""
    if number == other:
        other = number + 1
    line2 = None if flat is None else f"Flat {flat}"
    said = form.format(n=other, s=street, f=flat or 1)
    assert not _matches_address(f"{number} {street}", line2, said)
