"""Comparing what a caller says with what is on file: both sides normalised, then compared.

A FieldError is the handler's typing problem (not a date, a malformed postcode): it is shown
at the field and is not a failed check. Anything else is a pass or a fail.

Each check's cases are tables of one shape, said once for every check: what matches what is
on file (`MATCH`), what fails (`FAIL`), what is a typing problem (`TYPING_PROBLEM`), and
the form a value on file is compared in (`ON_FILE_FORM`); the tests over them come after.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

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
    line2: str | None = None,
) -> bool:
    """What the verification service does: normalise both sides, compare in constant time;
    the first line of an address on file in each form it is accepted in (with `line2`, the
    flat's line, said before or after it)."""
    given_form = normalise_answer(
        kind, said, phone_digits=phone_digits, foreign_postcode=foreign_postcode
    )
    forms: tuple[str | date, ...] = (on_file,)
    if kind is ADDRESS and isinstance(on_file, str):
        forms = address_line1_forms(on_file, line2)
    return any(
        same_answer(stored_form(kind, form, phone_digits=phone_digits), given_form)
        for form in forms
    )


def _said(
    kind: CheckKind, on_file: str | date, said: str, name: str | None = None, **options: Any
) -> ParameterSet:
    """A case of `said` against `on_file`, named by its check and `name` (else `said`)."""
    return pytest.param(kind, on_file, said, options, id=f"{kind.value}-{name or said}")


def _typed(
    kind: CheckKind, said: str, name: str | None = None, *, says: str = "", **options: Any
) -> ParameterSet:
    """A case of `said` that is a typing problem, and what the problem says (if it matters)."""
    return pytest.param(kind, said, options, says, id=f"{kind.value}-{name or repr(said)}")


# --- Dates of birth -------------------------------------------------------------------------

BORN = date(1980, 4, 12)

DOB_MATCH = [
    _said(DOB, on_file, said, f"{said} ({how})")
    for on_file, how in ((BORN, "a date"), ("1980-04-12", "as text"))
    for said in (
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
    )
] + [_said(DOB, date(1980, 2, 29), "29 Feb 1980", "leap-day")]

DOB_FAIL = [
    _said(DOB, BORN, "04/12/1980", "month-first"),
    _said(DOB, BORN, "13 April 1980", "next-day"),
    _said(DOB, BORN, "12 April 1981", "next-year"),
]

DOB_TYPING_PROBLEM = [
    _typed(DOB, "31/04/1980", "april-31"),
    _typed(DOB, "30 February 1980", "february-30"),
    _typed(DOB, "29/02/1981", "february-29-not-leap"),
    _typed(DOB, "12/13/1980", "month-13"),
    _typed(DOB, "32/01/1980", "day-32"),
    _typed(DOB, "00/04/1980", "day-0"),
    _typed(DOB, "12/04/80", "two-digit-year"),
    _typed(DOB, "April 12 1980", "month-first-in-words"),
    _typed(DOB, "12 Aprilis 1980", "unknown-month"),
    _typed(DOB, "12/04/2999", "in-the-future"),
    _typed(DOB, "12/04/1800", "over-120"),
    _typed(DOB, "twelfth of april", "words"),
]


# --- Postcodes ------------------------------------------------------------------------------

POSTCODE_MATCH = [
    _said(POSTCODE, "SE1 2QT", said, repr(said))
    for said in ("SE1 2QT", "se1 2qt", "SE12QT", "se12qt", "  se1   2QT ", "Se1 2Qt", "SE1\t2QT")
] + [
    # A foreign postcode on file is compared tidied, not checked as a UK one.
    _said(POSTCODE, "75001", "75001", "france", foreign_postcode=True),
    _said(POSTCODE, "D-10115", "d-10115", "germany-lower-case", foreign_postcode=True),
    _said(POSTCODE, "1012 AB", "1012  ab", "netherlands-spacing", foreign_postcode=True),
    _said(POSTCODE, "SE1", "se1", "shaped-like-a-uk-outward-code", foreign_postcode=True),
]

POSTCODE_FAIL = [
    _said(POSTCODE, "SE1 2QT", "SE1 2QU"),
    _said(POSTCODE, "SE1 2QT", "SE11 2QT"),
    _said(POSTCODE, "SE1 2QT", "SW1A 1AA"),
    _said(POSTCODE, "75001", "75002", "another-foreign", foreign_postcode=True),
]

POSTCODE_TYPING_PROBLEM = [
    _typed(POSTCODE, "SE1", "outward-code-only"),
    _typed(POSTCODE, "SE1 2Q", "inward-code-short"),
    _typed(POSTCODE, "SE1 2QTT", "inward-code-long"),
    _typed(POSTCODE, "QE1 2QT", "q-never-first"),
    _typed(POSTCODE, "SE1 2CT", "c-never-in-inward-code"),
    _typed(POSTCODE, "12345", "digits-only"),
    _typed(POSTCODE, "SE1-2QT", "hyphen"),
    _typed(POSTCODE, "ＳＥ1 2QT", "full-width-letters"),
    # A foreign postcode with characters no postcode has.
    _typed(POSTCODE, "7500é", "foreign-non-ascii", foreign_postcode=True),
    _typed(POSTCODE, "75001/2", "foreign-slash", foreign_postcode=True),
    _typed(POSTCODE, "1234567890123", "foreign-over-12-characters", foreign_postcode=True),
]


# --- First line of the address --------------------------------------------------------------

ADDRESS_MATCH = [
    _said(ADDRESS, "12 Acacia Road", "12, acacia rd.", "abbreviation-and-punctuation"),
    _said(ADDRESS, "12 Acacia Road", "12 ACACIA ROAD", "capitals"),
    _said(ADDRESS, "12 Acacia Road", "  12   Acacia\tRoad ", "spacing"),
    _said(ADDRESS, "12 Acacia Road", "No. 12 Acacia Road", "number-word-dropped"),
    _said(ADDRESS, "12 Acacia Road", "Number 12, Acacia Rd", "number-spelt-out"),
    _said(ADDRESS, "21 High Street", "21 High St", "street"),
    _said(ADDRESS, "48 Church Lane", "48 church ln", "lane"),
    _said(ADDRESS, "5 Park Avenue", "5 Pk Av", "park-avenue"),
    _said(ADDRESS, "3 Orchard Close", "3 Orchard Cl.", "close"),
    _said(ADDRESS, "9 Hillside Crescent", "9 hillside cres", "crescent"),
    _said(ADDRESS, "Flat 2, 7 Station Road", "flat 2 7 station rd", "flat"),
    _said(ADDRESS, "Flat 2, 7 Station Road", "Apartment 2, 7 Station Road", "apartment"),
    _said(ADDRESS, "Flat 2, 7 Station Road", "Apt 2 7 Station Rd", "apt"),
    _said(ADDRESS, "1 North Terrace", "1 N Terr", "north-terrace"),
    _said(ADDRESS, "1 Café Place", "1 cafe pl", "accents"),
    _said(ADDRESS, "St John's Road", "Saint John's Rd", "saint-with-apostrophe"),
    _said(ADDRESS, "St John's Road", "St John’s Road", "typographic-apostrophe"),
    _said(ADDRESS, "St John's Road", "Saint Johns Rd", "apostrophe-left-out"),
    _said(ADDRESS, "Queen's Road", "Queens Road", "queens-apostrophe-left-out"),
    _said(ADDRESS, "12 Acacia Road", "12 Aca\u200bcia Road", "invisible-character"),
] + [
    # Zoë Taylor's line 1 is "7 Station Road", line 2 "Flat 2": genuine callers say both.
    _said(ADDRESS, "7 Station Road", said, f"with-the-flat-{name}", line2="Flat 2")
    for said, name in (
        ("7 Station Road", "line-1"),
        ("flat 2 7 station road", "flat-first"),
        ("Flat 2, 7 Station Rd.", "flat-first-punctuated"),
        ("7 Station Road, Flat 2", "flat-after"),
        ("Apartment 2 - 7 Station Road", "apartment"),
    )
]

ADDRESS_FAIL = [
    _said(ADDRESS, "12 Acacia Road", "14 Acacia Road", "another-number"),
    _said(ADDRESS, "12 Acacia Road", "12 Acacia Avenue", "another-street-type"),
    _said(ADDRESS, "12 Acacia Road", "12 Acacia", "street-type-left-off"),
    _said(ADDRESS, "Flat 2, 7 Station Road", "7 Station Road", "flat-left-off"),
    _said(ADDRESS, "12a Acacia Road", "12 A Acacia Road", "house-letter-spaced"),
    _said(ADDRESS, "St John's Road", "st john s road", "apostrophe-as-space"),
    # Said with the flat's line, the first line is otherwise as strict.
    *(
        _said(ADDRESS, "7 Station Road", said, f"with-the-flat-{name}", line2="Flat 2")
        for said, name in (
            ("Flat 2", "line-2-alone"),
            ("Flat 3, 7 Station Road", "another-flat"),
            ("Flat 2, 9 Station Road", "another-number"),
            ("7 Flat 2 Station Road", "flat-inside"),
        )
    ),
    # Without a second line on file, only line 1 matches.
    _said(ADDRESS, "12 Acacia Road", "Flat 2 12 Acacia Road", "no-line-2-flat-said"),
]

ADDRESS_TYPING_PROBLEM = [
    _typed(ADDRESS, "", "empty"),
    _typed(ADDRESS, "   ", "spaces"),
    _typed(ADDRESS, ",.", "punctuation-only"),
    _typed(ADDRESS, "No.", "only-the-word-number"),
]


# --- Last digits of a phone number ----------------------------------------------------------

PHONE_MATCH = [
    _said(PHONE, JOHN_SMITH_PHONE, said, f"{said!r}-of-{digits}", phone_digits=digits)
    for said, digits in (
        ("0123", 4),
        ("0 1 2 3", 4),
        (" 01 23 ", 4),
        ("123", 3),
        ("00123", 5),
        ("900123", 6),
    )
]

PHONE_FAIL = [_said(PHONE, JOHN_SMITH_PHONE, said) for said in ("0124", "1230", "7700")]


def _not_the_digits(said: str, phone_digits: int, name: str) -> ParameterSet:
    """Anything but exactly the asked number of digits; said so, unless nothing was typed."""
    says = f"Type exactly the last {phone_digits} digits the caller gave." if said else ""
    return _typed(PHONE, said, name, says=says, phone_digits=phone_digits)


PHONE_TYPING_PROBLEM = [
    _not_the_digits("123", 4, "too-few"),
    _not_the_digits("00123", 4, "too-many"),
    _not_the_digits("0123", 3, "four-when-three-asked"),
    _not_the_digits("0123", 6, "four-when-six-asked"),
    _not_the_digits("+447700900123", 4, "whole-number"),
    _not_the_digits("0I23", 4, "letter-i-for-one"),
    _not_the_digits("01-3", 4, "hyphen"),
    _not_the_digits("０１２３", 4, "full-width-digits"),
    _not_the_digits("٠١٢٣", 4, "arabic-indic-digits"),
    _not_the_digits("", 4, "empty"),
]


# --- Customer references --------------------------------------------------------------------

REFERENCE_MATCH = [
    _said(REFERENCE, JOHN_SMITH_REFERENCE, said, repr(said))
    for said in ("10012345P", "10012345p", "1001 2345 P", "1001-2345-p", " 1001 2345p ")
]

REFERENCE_FAIL = [
    _said(REFERENCE, JOHN_SMITH_REFERENCE, reference_for_number(10012346), "another-customers"),
]

REFERENCE_TYPING_PROBLEM = [
    _typed(REFERENCE, "10012345Q", "wrong-check-letter"),
    _typed(REFERENCE, "10012354P", "digits-swapped"),
    _typed(REFERENCE, "1001234P", "seven-digits"),
    _typed(REFERENCE, "10012345", "no-check-letter"),
    _typed(REFERENCE, "01234567T", "leading-zero"),
    _typed(REFERENCE, "John Smith", "a-name"),
]


# --- Security answers -----------------------------------------------------------------------


def _answer(on_file: str, said: str, name: str) -> ParameterSet:
    """An answer said against one on file, which is kept in its folded form (hashed)."""
    return _said(SECURITY, normalise_security_answer(on_file), said, name)


SECURITY_MATCH = [
    _answer("Biscuit", "biscuit", "case"),
    _answer("Biscuit", "  BISCUIT ", "capitals-and-spaces"),
    _answer("Biscuit", "Biscuit!", "punctuation"),
    _answer("Biscuit", "Bis\u200bcuit", "invisible-character"),
    _answer("Char siu bao", "CHAR-SIU  bao", "hyphen-and-spacing"),
    _answer("Mill Lane", "mill_lane", "underscore"),
    _answer("Zoë", "zoe", "accent"),
    _answer("Siobhán", "SIOBHAN", "fada"),
    _answer("Straße", "strasse", "sharp-s"),
    _answer("O'Brien", "obrien", "apostrophe-left-out"),
    _answer("O'Brien", "O’Brien", "typographic-apostrophe"),
]

SECURITY_FAIL = [
    _answer("Biscuit", "Biscuits", "plural"),
    _answer("Morris Minor", "Morris", "part-of-the-answer"),
    _answer("Char siu bao", "charsiubao", "spaces-left-out"),
    _answer("O'Brien", "o brien", "apostrophe-as-space"),
]

#: Answers with nothing left once folded: refused when set, and when said.
EMPTY_SECURITY_ANSWERS = (
    ("", "empty"),
    ("   ", "spaces"),
    ("?!", "punctuation-only"),
    ("___", "underscores-only"),
    ("\u200b", "invisible-only"),
)

SECURITY_TYPING_PROBLEM = [_typed(SECURITY, raw, name) for raw, name in EMPTY_SECURITY_ANSWERS]


# --- Any check ------------------------------------------------------------------------------

BLANK_TYPING_PROBLEM = [
    _typed(kind, blank, f"blank-{blank!r}", says="Type what the caller said.")
    for kind in CheckKind
    for blank in ("", " ", "\t\n")
]


# --- Every check's cases, and the tests over them -----------------------------------------

MATCH = [
    *DOB_MATCH,
    *POSTCODE_MATCH,
    *ADDRESS_MATCH,
    *PHONE_MATCH,
    *REFERENCE_MATCH,
    *SECURITY_MATCH,
]
FAIL = [*DOB_FAIL, *POSTCODE_FAIL, *ADDRESS_FAIL, *PHONE_FAIL, *REFERENCE_FAIL, *SECURITY_FAIL]
TYPING_PROBLEM = [
    *DOB_TYPING_PROBLEM,
    *POSTCODE_TYPING_PROBLEM,
    *ADDRESS_TYPING_PROBLEM,
    *PHONE_TYPING_PROBLEM,
    *REFERENCE_TYPING_PROBLEM,
    *SECURITY_TYPING_PROBLEM,
    *BLANK_TYPING_PROBLEM,
]

#: A value on file, in the form answers are compared in.
ON_FILE_FORM = [
    _said(DOB, BORN, "1980-04-12", "a-date"),
    _said(DOB, "1980-04-12", "1980-04-12", "as-text"),
    _said(POSTCODE, "SE1 2QT", "SE1 2QT"),
    _said(POSTCODE, "se1  2qt", "SE1 2QT", "lower-case-spaced"),
    _said(ADDRESS, "12 Acacia Road", "12 acacia rd"),
    _said(PHONE, JOHN_SMITH_PHONE, "0123", "four"),
    _said(PHONE, JOHN_SMITH_PHONE, "123", "three", phone_digits=3),
    _said(PHONE, JOHN_SMITH_PHONE, "900123", "six", phone_digits=6),
    _said(PHONE, "+44 20 7946 0018", "0018", "international-spaced"),
    _said(PHONE, "020 7946 0018", "0018", "national"),
    _said(REFERENCE, JOHN_SMITH_REFERENCE, JOHN_SMITH_REFERENCE),
    _said(SECURITY, "biscuit", "biscuit"),
]


@pytest.mark.parametrize(("kind", "on_file", "said", "options"), MATCH)
def test_an_answer_said_so_matches_the_one_on_file(
    kind: CheckKind, on_file: str | date, said: str, options: dict[str, Any]
) -> None:
    assert _matches(kind, on_file, said, **options)


@pytest.mark.parametrize(("kind", "on_file", "said", "options"), FAIL)
def test_an_answer_said_so_fails(
    kind: CheckKind, on_file: str | date, said: str, options: dict[str, Any]
) -> None:
    assert not _matches(kind, on_file, said, **options)


@pytest.mark.parametrize(("kind", "said", "options", "says"), TYPING_PROBLEM)
def test_an_answer_typed_so_is_a_typing_problem_not_a_failed_check(
    kind: CheckKind, said: str, options: dict[str, Any], says: str
) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_answer(kind, said, **options)
    if says:
        assert str(caught.value) == says


@pytest.mark.parametrize(("kind", "on_file", "form", "options"), ON_FILE_FORM)
def test_a_value_on_file_is_put_in_the_form_answers_are_compared_in(
    kind: CheckKind, on_file: str | date, form: str, options: dict[str, Any]
) -> None:
    assert stored_form(kind, on_file, **options) == form


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


def test_without_a_second_line_only_line_1_is_accepted() -> None:
    assert address_line1_forms("12 Acacia Road", None) == ("12 Acacia Road",)


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
    "raw", [pytest.param(raw, id=name) for raw, name in EMPTY_SECURITY_ANSWERS]
)
def test_an_empty_security_answer_cannot_be_set(raw: str) -> None:
    with pytest.raises(FieldError):
        normalise_security_answer(raw)


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
    assert not _matches(ADDRESS, f"{number} {street}", said, line2=line2)
