"""The password policy after NIST SP 800-63B: length, common passwords, context words."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH
from custinfo_tui.domain.password_policy import (
    common_passwords,
    is_common_password,
    password_problem,
)

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
    ("x" * MAX_PASSWORD_LENGTH, None, None),
    ("x" * (MAX_PASSWORD_LENGTH + 1), None, TOO_LONG),
    # Unicode: code points after NFKC, not bytes and not keystrokes.
    ("ééééééééééé", None, TOO_SHORT),  # 11 code points, 22 bytes in UTF-8
    ("éééééééééééé", None, None),  # 12 composed
    ("e\u0301" * 12, None, None),  # 12 decomposed "é": NFKC composes them, still 12
    ("e\u0301" * 6, None, TOO_SHORT),  # 12 code points typed, 6 after NFKC
    ("\ufb01" * 11, None, None),  # the "fi" ligature: NFKC makes 22 letters
    ("日本語のパスワードです", None, TOO_SHORT),  # 11 ideographs and kana
    ("日本語のパスワードですね", None, None),
    ("🔒🔑" * 6, None, None),  # 12 emoji code points
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
