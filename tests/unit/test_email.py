"""E-mail addresses: lower-cased and normalised; refusals say why without quoting the address."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.email import MAX_EMAIL_LENGTH, normalise_email
from custinfo_tui.domain.validation import FieldError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jane.doe@example.com", "jane.doe@example.com"),
        ("Jane.Doe@Example.COM", "jane.doe@example.com"),
        ("  JANE@EXAMPLE.ORG  ", "jane@example.org"),
        ("jane+orders@mail.example.net", "jane+orders@mail.example.net"),
        ("ZOË@example.com", "zoë@example.com"),
    ],
)
def test_addresses_are_lower_cased_and_trimmed(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


def test_a_normalised_address_normalises_to_itself() -> None:
    once = normalise_email("Jane.Doe@Example.COM")
    assert normalise_email(once) == once


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the e-mail address."),
        ("   ", "Enter the e-mail address."),
        ("jane doe@example.com", "An e-mail address cannot contain spaces."),
        ("jane.example.com", "An e-mail address must have an @ sign."),
        ("[bold]x", "An e-mail address must have an @ sign."),
        ("<b>jane@example.com</b>", "An e-mail address cannot contain < or >."),
        ("jane@", "There must be something after the @-sign."),
        ("@example.com", "There must be something before the @-sign."),
        ("jane@example", "The part after the @-sign is not valid. It should have a period."),
        ("jane..doe@example.com", "An e-mail address cannot have two periods in a row."),
        ("mary@@example", "An e-mail address has one @-sign; this has two."),
        ("mary@jones@example.com", "An e-mail address has one @-sign; this has two."),
        (
            "a" * 250 + "@example.com",
            f"An e-mail address can be at most {MAX_EMAIL_LENGTH} characters long.",
        ),
    ],
)
def test_unacceptable_addresses_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_email(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "raw",
    [
        "jane\x00@example.com",
        "jane\u202e@example.com",
        "jane!#<>@example.com",
        "jane@exa_mple.com",
        "jane@example.invalid",
        "jane@-example.com",
        '"jane"@example.com',
    ],
)
def test_refusal_message_never_quotes_the_address(raw: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_email(raw)
    message = str(caught.value)
    assert "jane" not in message
    assert "example" not in message
    assert ":" not in message
    assert message.endswith(".")


ADDRESSES = [
    "jane.doe@example.com",
    "Jane.Doe@EXAMPLE.ORG",
    "jane@sub.example.net",
    "jane@bücher.example.com",
    "jane@example",
    "jane@-example.com",
    "jane@example..com",
    "jane@localhost",
    "jane@example.invalid",
    "jane@" + "a" * 64 + ".example.com",
    "jane@xn--ls8h.example.com",
    "jane@[192.0.2.1]",
    "a" * 70 + "@example.com",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_remembering_domain_checks_changes_no_answer(address: str) -> None:
    """The domain check is remembered per domain (domain/email.py): the same address gives
    the same stored form or the same refusal as the library's own function, asked twice."""
    import importlib

    from email_validator.syntax import validate_email_domain_name

    library = importlib.import_module("email_validator.validate_email")
    remembered = library.validate_email_domain_name
    assert remembered is not validate_email_domain_name  # the remembering is in place

    first, again = _outcome(address), _outcome(address)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library, "validate_email_domain_name", validate_email_domain_name)
        plain = _outcome(address)
    assert first == again == plain


# --- The plain-address shortcut (domain/email.py) ---------------------------------------------

_LOCAL_PIECES = ["jane", "J.Doe", "a", "_x", "+tag", "-", ".", "..", "o'neil", "zoë", '"q"', "(c)"]
_DOMAIN_PIECES = [
    "example.com", "mail.example.net", "EXAMPLE.ORG", "localhost", "example", "-bad.example",
    "example..com", "example.invalid", "xn--ls8h.example.com", "123.example.com", "com",
    "a" * 64 + ".example.com", "[192.0.2.1]", "bücher.example", "", "example.com.",
]  # fmt: skip


@st.composite
def _addresses(draw: st.DrawFn) -> str:
    local = "".join(draw(st.lists(st.sampled_from(_LOCAL_PIECES), min_size=0, max_size=4)))
    if draw(st.booleans()):
        local = draw(st.text(alphabet="aZ09._+-'#", min_size=0, max_size=70))
    domain = draw(st.sampled_from(_DOMAIN_PIECES))
    return f"{local}@{domain}"


def _outcome(address: str) -> str:
    try:
        return normalise_email(address)
    except FieldError as error:
        return f"refused: {error}"


@given(st.one_of(_addresses(), st.emails()))
def test_the_plain_address_shortcut_gives_the_librarys_answer(address: str) -> None:
    """A plain address skips the library's reading of its local part: the stored form or
    the refusal is the same as the whole library gives."""
    from custinfo_tui.domain import email

    shortcut = _outcome(address)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(email, "_PLAIN", re.compile(r"(?!)"))  # matches nothing
        library = _outcome(address)
    assert shortcut == library
