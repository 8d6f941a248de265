"""The password policy after NIST SP 800-63B: length, common passwords and the ways people
stretch them, context words; and how long a temporary password lasts."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH
from custinfo_tui.domain.password_policy import (
    COMMON_STRETCHED,
    REPEATED,
    SEQUENCE,
    TEMPORARY_PASSWORD_LIFETIME,
    common_passwords,
    is_common_password,
    password_problem,
    temporary_password_expired,
)
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.operators import generate_temporary_password

TOO_SHORT = "Use at least 12 characters."
TOO_LONG = f"Use at most {MAX_PASSWORD_LENGTH} characters."
COMMON = "That password is on a list of common passwords that attackers try first."
USERNAME = "Do not include the username in the password."
PRODUCT = "Do not include the name custinfo in the password."

CASES = [
    # (password, username, expected problem)
    ("", None, TOO_SHORT),
    ("elevenchars", None, TOO_SHORT),
    ("twelve chars", None, None),
    ("correct horse battery staple", None, None),
    ("alllowercaseletters", None, None),  # no composition rules
    (("a long walk by the river " * 11)[:MAX_PASSWORD_LENGTH], None, None),
    ("x" * (MAX_PASSWORD_LENGTH + 1), None, TOO_LONG),
    # Unicode: code points after NFKC, not bytes and not keystrokes.
    ("éàèùâêîôûëïü"[:11], None, TOO_SHORT),  # 11 code points, 22 bytes in UTF-8
    ("éàèùâêîôûëïü", None, None),  # 12 composed
    # The same 12 decomposed (24 code points typed): NFKC composes them, still 12.
    (unicodedata.normalize("NFD", "éàèùâêîôûëïü"), None, None),
    ("e\u0301" * 6, None, TOO_SHORT),  # 12 code points typed, 6 after NFKC
    ("\ufb01ve-\ufb01sh-\ufb01g", None, None),  # the "fi" ligature: 10 typed, 13 after NFKC
    ("日本語のパスワードです", None, TOO_SHORT),  # 11 ideographs and kana
    ("日本語のパスワードですね", None, None),
    ("🔒🔑🗝🚪🏠🌳🌊🔥🍎🚲📚🎻", None, None),  # 12 emoji code points
    # Common passwords, whatever the case.
    ("qwerty123456", None, COMMON),
    ("QWERTY123456", None, COMMON),
    ("1qaz2wsx3edc", None, COMMON),
    ("JustinBieber", None, COMMON),
    ("ｑｗｅｒｔｙ１２３４５６", None, COMMON),  # full-width forms fold to ASCII under NFKC
    # Context words: the username and the product.
    ("my-name-is-alex.agent", "alex.agent", USERNAME),
    ("MY-NAME-IS-ALEX.AGENT", "Alex.Agent", USERNAME),
    ("al-is-my-username-here", "al", None),  # too short a username to refuse
    ("my custinfo password", None, PRODUCT),
    ("MyCustInfoPassword", "someone", PRODUCT),
    ("a-perfectly-fine-phrase", "someone", None),
    # A common password stretched to the length with digits or symbols around it, or
    # with those of a common one taken away (found by an administrator: "Password123!").
    ("Password123!", None, COMMON_STRETCHED),
    ("!!summer2024!!", None, COMMON_STRETCHED),
    ("2024-Sunshine-", None, COMMON_STRETCHED),
    ("password 2026 x", None, None),  # "x" at the end: digits and symbols only are stripped
    ("3-1-4-1-5-9-2-6-5", None, None),  # no letters: nothing common is left in it
    ("a-7294018365-", None, None),  # one letter amid digits is no common word
    # One character, or a piece shorter than the minimum, typed over and over.
    ("aaaaaaaaaaaa", None, REPEATED),
    ("AaAaAaAaAaAa", None, REPEATED),  # whatever the case
    ("abcabcabcabc", None, REPEATED),
    ("monkey7monkey7", None, REPEATED),
    ("111111111111", None, COMMON),  # on the list itself: said as common
    ("correct horse correct horse", None, None),  # a piece of 14: long enough on its own
]


@pytest.mark.parametrize(("password", "username", "expected"), CASES)
def test_policy_refuses_with_a_plain_reason(
    password: str, username: str | None, expected: str | None
) -> None:
    assert password_problem(password, username=username) == expected


@pytest.mark.parametrize(("password", "username", "expected"), CASES)
def test_messages_never_repeat_the_password(
    password: str, username: str | None, expected: str | None
) -> None:
    problem = password_problem(password, username=username)
    if problem is not None and password:
        assert password not in problem


def test_the_bundled_list_holds_ten_thousand_lower_cased_common_passwords() -> None:
    passwords = common_passwords()
    assert len(passwords) == 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= passwords
    assert all(entry == entry.lower() for entry in passwords)
    assert not any(entry.startswith("# ") for entry in passwords)  # the header is not an entry


def test_common_passwords_are_checked_case_insensitively() -> None:
    assert is_common_password("PassWord")
    assert not is_common_password("correct horse battery staple")


def test_the_list_is_read_once() -> None:
    assert common_passwords() is common_passwords()


def test_a_temporary_password_lasts_72_hours_from_when_it_was_issued() -> None:
    issued = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert timedelta(hours=72) == TEMPORARY_PASSWORD_LIFETIME
    assert not temporary_password_expired(issued, issued + timedelta(hours=71, minutes=59))
    assert temporary_password_expired(issued, issued + timedelta(hours=72))
    # A time read back from SQLite comes without its zone: it was stored in UTC.
    assert temporary_password_expired(issued.replace(tzinfo=None), issued + timedelta(days=4))


@pytest.mark.parametrize(
    "password",
    [
        # Found by an IT-operations explorer: each was accepted.
        "123456789012",
        "1234567890123",
        "abcdefghijkl",
        "qwertyuiopas",
        # Backwards, in capitals, along other rows, with a little added.
        "210987654321",
        "LKJIHGFEDCBA",
        "poiuytrewqlk",
        "asdfghjkl;zx",
        "hjkl;0987654",
        "mnopqrstuvw!",
    ],
)
def test_a_sequence_or_a_keyboard_run_is_refused(password: str) -> None:
    assert password_problem(password) == SEQUENCE


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "first of the 1234 lanterns",  # a short run in a longer passphrase
        "a-long-desk-passphrase",
        "defghost lantern",
    ],
)
def test_a_passphrase_with_a_short_run_in_it_is_accepted(password: str) -> None:
    assert password_problem(password) is None


@given(data=st.data(), backwards=st.booleans(), extra=st.text(alphabet="!#%&*@^~", max_size=3))
def test_most_of_a_password_being_a_run_is_refused_whatever_its_length(
    data: st.DataObject, backwards: bool, extra: str
) -> None:
    """A run of the digits (wrapping round: 9 then 0 is the digit row) or of the alphabet,
    forwards or backwards, in either case, with up to three symbols added, is refused."""
    if data.draw(st.booleans(), label="digits"):
        start = data.draw(st.integers(min_value=0, max_value=9), label="start")
        length = data.draw(st.integers(min_value=12, max_value=40), label="length")
        piece = ("0123456789" * 6)[start : start + length]
    else:
        alphabet = data.draw(
            st.sampled_from(["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
        )
        start = data.draw(st.integers(min_value=0, max_value=14), label="start")
        length = data.draw(st.integers(min_value=12, max_value=26 - start), label="length")
        piece = alphabet[start : start + length]
    password = (piece[::-1] if backwards else piece) + extra
    assert password_problem(password) is not None


@given(st.integers(min_value=0, max_value=10_000))
def test_temporary_passwords_pass_the_policy(_: int) -> None:
    assert password_problem(generate_temporary_password("jbloggs"), username="jbloggs") is None


def test_the_demo_passwords_are_no_sequence() -> None:
    for operator in DEMO_OPERATORS:
        assert password_problem(operator.password) is None
