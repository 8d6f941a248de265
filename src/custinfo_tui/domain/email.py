"""E-mail addresses: checked for form only (no network look-up), stored lower-cased."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

import email_validator
from email_validator import EmailNotValidError, validate_email
from email_validator.syntax import validate_email_domain_name

from custinfo_tui.domain.validation import FieldError

# email-validator checks every address's domain anew, character by character against the
# IDNA rules: half the time of checking an address. That check depends on the domain (and
# two flags) alone, and a customer base uses a few thousand domains, so it is remembered:
# the library's own function gives the library's own answers, once per domain (a domain it
# refuses raises each time, as before; the answer is only read). The legacy import checks a
# million addresses (docs/import.md); tests/unit/test_email.py compares the two.
# (The package's `validate_email` attribute is the function: the module is found by name.)
_library: Any = importlib.import_module("email_validator.validate_email")
_library.validate_email_domain_name = lru_cache(maxsize=4_096)(validate_email_domain_name)

MAX_EMAIL_LENGTH = 254

# Most addresses are in the plainest form: ASCII letters, digits and . _ + - before the @,
# with no dot at either end or twice, and at most 64 of them. For such a local part
# email-validator's reading of quotes, comments, display names and Unicode finds nothing
# and gives it back as it is: only its domain check (above) can refuse the address. So a
# plain address goes straight to that check; any other goes through the whole library.
# Same answers, a third of the time (the legacy import checks a million addresses);
# tests/unit/test_email.py compares the two ways on generated addresses.
_PLAIN = re.compile(r"([a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*)@([a-z0-9.-]+)")
_LOCAL_PART_MAX = 64

# email_validator's messages sometimes end by quoting the offending characters or the
# domain ("...: SPACE.", "(... 'bad.example' ...)"). Everything from ": " or " (" on is cut
# so that no part of the typed address reaches the screen or a log.
_QUOTED_DETAIL = re.compile(r"(: | \().*$", re.DOTALL)
_UNICODE_PREFIX = "After Unicode normalization: "
_WHITESPACE = re.compile(r"\s")  # what str.isspace() calls whitespace


def _plain_reason(error: EmailNotValidError) -> str:
    message = str(error).removeprefix(_UNICODE_PREFIX)
    message = _QUOTED_DETAIL.sub("", message).rstrip(". ")
    message = re.sub(r"\bemail\b", "e-mail", message)
    return f"{message}." if message else "That is not a valid e-mail address."


def _library_form(address: str) -> str:
    """The library's normalised form of a lower-cased address, lower-cased."""
    return validate_email(address, check_deliverability=False).normalized.lower()


def _checked_domain(domain: str) -> str:
    """The library's normalised form of a domain, as `validate_email` asks for it (the same
    remembered call, with the library's defaults), lower-cased."""
    checked = _library.validate_email_domain_name(
        domain,
        test_environment=email_validator.TEST_ENVIRONMENT,
        globally_deliverable=email_validator.GLOBALLY_DELIVERABLE,
    )
    return str(checked["domain"]).lower()


#: How many @ signs an address has, said in words.
_COUNTS = {2: "two", 3: "three", 4: "four"}


def normalise_email(raw: str) -> str:
    """Return the address lower-cased and normalised ("jane.doe@example.com"), or raise FieldError.

    The domain is checked for form only; whether it receives mail is not looked up, since
    validation runs as the handler types and must not wait on the network.
    """
    text = raw.strip()
    if not text:
        raise FieldError("Enter the e-mail address.")
    if _WHITESPACE.search(text):
        raise FieldError("An e-mail address cannot contain spaces.")
    if "<" in text or ">" in text:
        # Otherwise email_validator reads "Name <address>" and gives a puzzling reason.
        raise FieldError("An e-mail address cannot contain < or >.")
    if "@" not in text:
        raise FieldError("An e-mail address must have an @ sign.")
    if (signs := text.count("@")) > 1:
        # The library's reason named "invalid characters" after the @, of mary@@example.
        raise FieldError(f"An e-mail address has one @-sign; this has {_COUNTS.get(signs, signs)}.")
    if len(text) > MAX_EMAIL_LENGTH:
        raise FieldError(f"An e-mail address can be at most {MAX_EMAIL_LENGTH} characters long.")
    # Lower-case before validating, so the normalisation email_validator applies is to the
    # final form and a second pass finds nothing left to change.
    lowered = text.lower()
    try:
        plain = _PLAIN.fullmatch(lowered)
        if plain is not None and len(plain[1]) <= _LOCAL_PART_MAX:
            address = f"{plain[1]}@{_checked_domain(plain[2])}"
        else:
            address = _library_form(lowered)
    except EmailNotValidError as error:
        raise FieldError(_plain_reason(error)) from None
    if len(address) > MAX_EMAIL_LENGTH:
        raise FieldError(f"An e-mail address can be at most {MAX_EMAIL_LENGTH} characters long.")
    return address
