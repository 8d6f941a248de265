"""Phone numbers: stored in E.164 (+447700900123), shown and read back as the caller says them."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

from custinfo_tui.domain.text import strip_control_characters
from custinfo_tui.domain.validation import FieldError

_UK_COUNTRY_CODE = 44
_ALLOWED_PUNCTUATION = frozenset("+()-./ ")
# Ofcom reserves 07700 900000-900999 for drama and training. libphonenumber deliberately
# marks that block invalid (it is never allocated), but our demo data, training scenarios
# and tests use it precisely because it can never reach a real person.
_DRAMA_MOBILE_PREFIX = "7700900"

_PARSE_MESSAGES = {
    NumberParseException.INVALID_COUNTRY_CODE: "That country code is not recognised.",
    NumberParseException.NOT_A_NUMBER: "That is not a phone number.",
    NumberParseException.TOO_SHORT_AFTER_IDD: "That number is too short.",
    NumberParseException.TOO_SHORT_NSN: "That number is too short.",
    NumberParseException.TOO_LONG: "That number is too long.",
}

_LENGTH_MESSAGES = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "That country code is not recognised.",
    phonenumbers.ValidationResult.TOO_SHORT: "That number is too short.",
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: (
        "That number is too short; check it includes the area code."
    ),
    phonenumbers.ValidationResult.TOO_LONG: "That number is too long.",
    phonenumbers.ValidationResult.INVALID_LENGTH: "That number has the wrong number of digits.",
}


def _is_drama_number(number: PhoneNumber) -> bool:
    national = phonenumbers.national_significant_number(number)
    return (
        number.country_code == _UK_COUNTRY_CODE
        and len(national) == 10
        and national.startswith(_DRAMA_MOBILE_PREFIX)
    )


#: Digits of a UK number after the trunk 0 (or after +44): "07700 900123" has 10.
_UK_DIGITS = 10
#: What a UK number one digit short is told.
UK_ONE_DIGIT_SHORT = (
    "That number is one digit short: UK numbers have 11 digits starting 0, or +44 and 10."
)


def _not_valid(number: PhoneNumber) -> str:
    """Why `number`, of a possible length, is not valid: a UK one with a digit missing (a
    few UK areas have 10-digit numbers, so the length alone passed) is said to be short."""
    national = str(number.national_number)  # no zero kept after the trunk 0 ("012...")
    short = len(national) == _UK_DIGITS - 1 and not number.italian_leading_zero
    if number.country_code == _UK_COUNTRY_CODE and short:
        return UK_ONE_DIGIT_SHORT
    return f"That is not a valid number for {_where(number)}."


def _where(number: PhoneNumber) -> str:
    """Name the numbering plan a number was checked against, for the 'not valid' message.

    Outside the UK, the calling code and its region's ISO code ("+31 (NL)"): English
    country names would need phonenumbers' geocoder, a quarter of a second and about
    100 MB to load, which search as you type would pay on the first partial number.
    """
    if number.country_code == _UK_COUNTRY_CODE:
        return "the UK"
    country_code = number.country_code or 0
    regions = phonenumbers.region_codes_for_country_code(country_code)
    code = f"country code +{country_code}"
    # Shared codes (+1, +7) name no single region.
    return f"{code} ({regions[0]})" if len(regions) == 1 else code


def _clean(raw: str) -> str:
    """Unify full-width digits and drop pasted invisible characters, then check what is left."""
    text = strip_control_characters(unicodedata.normalize("NFKC", raw)).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    if not text:
        raise FieldError("Enter the phone number.")
    if any(ch.isalpha() for ch in text):
        raise FieldError("A phone number cannot contain letters.")
    if any(not (ch in "0123456789" or ch in _ALLOWED_PUNCTUATION or ch.isspace()) for ch in text):
        raise FieldError(
            "A phone number can only contain digits, spaces, brackets, hyphens and a leading +."
        )
    if "+" in text[1:]:
        raise FieldError("A + can only come at the start of a phone number.")
    return text


#: A UK number as typed at home: the trunk 0, then 9 or 10 digits not starting with 0, in
#: groups split by single spaces ("020 7946 0958", "07700900123").
_PLAIN_UK = re.compile(r"0([1-9](?: ?[0-9]){8,9})")


def _parse(text: str, region: str) -> PhoneNumber:
    """The number `text` is, read as dialled in `region`.

    A plain UK number is read directly, in 2 µs against the library's 22 (a number's
    whole check, 61 to 32 µs: what a legacy import of a million distinct numbers spends
    most on). The library would do the same: strip the trunk 0 (GB's national prefix; 9
    or 10 digits after it are a possible length, so it keeps them stripped) and take the
    rest as the national number. tests/unit/test_phone.py compares the two readings.
    """
    if region == "GB" and (plain := _PLAIN_UK.fullmatch(text)):
        national = int(plain[1].replace(" ", ""))
        return PhoneNumber(country_code=_UK_COUNTRY_CODE, national_number=national)
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        raise FieldError(
            _PARSE_MESSAGES.get(error.error_type, "That is not a phone number.")
        ) from None


def normalise_phone(raw: str, region: str = "GB", allow_premium: bool = False) -> str:
    """Return the number in E.164 form ("+447700900123"), or raise FieldError saying what is wrong.

    National numbers are read as belonging to `region`; international ones may start with
    + or 00, and a UK trunk zero in brackets ("+44 (0)20...") is understood. Premium-rate
    numbers are refused unless `allow_premium`.
    """
    number = _parse(_clean(raw), region)
    drama = _is_drama_number(number)
    if not drama:
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason in _LENGTH_MESSAGES:
            raise FieldError(_LENGTH_MESSAGES[reason])
        # One look-up of the number's type answers both questions: a number is valid
        # exactly when its type is known (`is_valid_number` asks the same look-up, which
        # is a quarter of a number's check; tests/unit/test_phone.py compares the two).
        kind = phonenumbers.number_type(number)
        if kind == PhoneNumberType.UNKNOWN:
            raise FieldError(_not_valid(number))
        if not allow_premium and kind == PhoneNumberType.PREMIUM_RATE:
            raise FieldError("Premium-rate numbers (09…) are not accepted.")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _parse_stored(e164: str) -> PhoneNumber:
    try:
        return phonenumbers.parse(e164, None)
    except NumberParseException:
        raise FieldError("That is not a stored phone number.") from None


def format_phone_national(e164: str) -> str:
    """Show a stored number as a UK caller says it ("07700 900123"); other countries as +33 1...."""
    number = _parse_stored(e164)
    style = (
        PhoneNumberFormat.NATIONAL
        if number.country_code == _UK_COUNTRY_CODE
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def format_phone_international(e164: str) -> str:
    """Show a stored number in international format ("+44 7700 900123")."""
    return phonenumbers.format_number(_parse_stored(e164), PhoneNumberFormat.INTERNATIONAL)


def phone_last_digits(e164: str, n: int = 3) -> str:
    """The last `n` digits, the most a hint may show before the caller is verified.

    Works on any text (never raises), so a hint can always be drawn.
    """
    digits = "".join(ch for ch in e164 if ch in "0123456789")
    return digits[-n:] if n > 0 else ""


def _spoken_chunks(digits: str) -> list[str]:
    """Split a long block the way people read it aloud: threes, never leaving a lone digit."""
    if len(digits) <= 4:
        return [digits]
    if len(digits) == 5:
        return [digits[:2], digits[2:]]
    return [digits[:3], *_spoken_chunks(digits[3:])]


def spoken_phone_groups(e164: str) -> list[str]:
    """The digit groups to read back, in order: ["07700", "900", "123"] or ["020", "7946", "0958"].

    The first group (area code, or +country code) stays whole; longer blocks after it are
    split into threes because a caller checks six digits in one breath poorly.
    """
    shown = format_phone_national(e164)
    groups = [g.strip("()") for g in shown.replace("-", " ").split()]
    groups = [g for g in groups if g]
    return groups[:1] + [chunk for group in groups[1:] for chunk in _spoken_chunks(group)]
