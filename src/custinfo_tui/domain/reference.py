"""Customer references: eight digits and a check letter, so a misheard reference is caught at once.

The check letter is the eight-digit number modulo 23, looked up in CHECK_LETTERS (23
different letters). One wrong digit changes the number by d x 10^k with 1 <= |d| <= 9; two
neighbouring digits a, b swapped change it by 9 x (a - b) x 10^k with 1 <= |a - b| <= 9.
23 is prime and divides none of those factors, so the remainder, and with it the letter,
always changes: every single-digit error and every adjacent transposition is detected.
The letters leave out I, O and U, which are easily taken for 1, 0 and V.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from custinfo_tui.domain.validation import FieldError

CHECK_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
LOWEST_NUMBER = 10_000_000
HIGHEST_NUMBER = 99_999_999
MAX_SUGGESTIONS = 10

#: A reference to show as an example in a box asking for one: well formed, and the record
#: of no demo customer (the demo numbers its first million only), so never the record open
#: beside the box, which a form asking for another record's reference would refuse.
EXAMPLE_REFERENCE = "1234 5678 Z"
#: Said at a data protection form's reference box when no customer has the one typed,
#: with what to do next: the DPO types it from a request or a letter, where a slip is
#: likeliest ("No customer has that reference." left them nowhere to go).
NOT_ON_FILE = "No customer has that reference: check it against the request or letter."

#: Said of a reference whose check letter does not match its digits, before what to do
#: (`wrong_check_letter`). True at a desk with no caller (the DPO's, the audit trail's) as
#: in a call.
CHECK_LETTER_WRONG = "That reference's check letter does not match: a digit or the letter is wrong."
#: What to do with such a reference when no customer's is one slip away from it.
CHECK_IT_AGAIN = "Check each digit and the letter again."
#: Said of eight digits typed without their letter, before what to do (`missing_check_letter`).
LETTER_MISSING = "A reference ends with a letter."


class CheckLetterWrong(FieldError):
    """A reference shaped right whose check letter does not match its digits."""


def did_you_mean(references: Sequence[str]) -> str:
    """The customers' references one slip away from what was typed, as a question (three
    at most): "Did you mean 1001 2345 P?"."""
    return f"Did you mean {' or '.join(references[:3])}?"


def wrong_check_letter(on_file: Sequence[str] = ()) -> str:
    """A reference whose check letter does not match, and what to do: the customers'
    references one slip away from it (`on_file`, formatted) offered, or, with none, to
    check it again. One sentence for the lookup and every form taking a reference: the
    merge form's had said only that "a digit or the letter is wrong"."""
    return f"{CHECK_LETTER_WRONG} {did_you_mean(on_file) if on_file else CHECK_IT_AGAIN}"


def missing_check_letter(on_file: Sequence[str] = ()) -> str:
    """Eight digits typed without their letter (or the middle of a phone number), and what
    to do: the customer's reference with those digits offered, or, with none, to read it
    back (it said "did you mean this one?" over its own "Did you mean 1001 2345 P?")."""
    if on_file:
        return f"{LETTER_MISSING} {did_you_mean(on_file)}"
    return f"{LETTER_MISSING} No customer's has these digits: read it back, or search by name."


_CANONICAL = re.compile(r"(?P<digits>[1-9][0-9]{7})(?P<letter>[A-Z])")
_SEPARATORS = re.compile(r"[\s-]+")


def _check_letter(number: int) -> str:
    return CHECK_LETTERS[number % 23]


def _compact(raw: str) -> str:
    """Drop spaces and hyphens and upper-case; ASCII only, so upper() cannot invent letters."""
    text = _SEPARATORS.sub("", raw)
    return text.upper() if text.isascii() else text


def reference_for_number(n: int) -> str:
    """The reference for an eight-digit number: 12345678 -> "12345678Z"."""
    if not LOWEST_NUMBER <= n <= HIGHEST_NUMBER:
        raise ValueError(f"reference numbers run from {LOWEST_NUMBER} to {HIGHEST_NUMBER}")
    return f"{n}{_check_letter(n)}"


def random_reference(rng: random.Random | None = None) -> str:
    """A new reference at random; unguessable (secrets) unless a seeded `rng` is given for tests."""
    import secrets  # pulls in ssl: imported when a reference is made, not at start-up

    span = HIGHEST_NUMBER - LOWEST_NUMBER + 1
    offset = rng.randrange(span) if rng is not None else secrets.randbelow(span)
    return reference_for_number(LOWEST_NUMBER + offset)


#: A bulk draw's stretch of numbers is this many times as long as the references it takes.
STRETCH_PER_REFERENCE = 90


def reference_stretch(count: int) -> range:
    """A stretch of reference numbers at a random place, for drawing `count` references.

    It is STRETCH_PER_REFERENCE times as long as `count` (the whole range at most), so
    references drawn in it are as sparse as a million customers' over the whole range: one
    reference known gives no better odds of guessing another. A bulk import draws each
    batch's references in one stretch: scattered over the whole range, each batch of ten
    thousand rewrote nearly every page of the reference index (9 s of a million-row import
    here, docs/performance.md).
    """
    import secrets

    length = min(STRETCH_PER_REFERENCE * max(count, 1), HIGHEST_NUMBER - LOWEST_NUMBER + 1)
    start = LOWEST_NUMBER + secrets.randbelow(HIGHEST_NUMBER - LOWEST_NUMBER + 2 - length)
    return range(start, start + length)


def random_references(count: int, within: range | None = None) -> list[str]:
    """`count` new references at random (repeats possible, as with `random_reference`), from
    the operating system's random bytes in one draw: for a bulk import, where drawing them
    one by one costs more than storing them. From the numbers `within` (a
    `reference_stretch`) when given, else from the whole range."""
    import secrets

    numbers = within if within is not None else range(LOWEST_NUMBER, HIGHEST_NUMBER + 1)
    span = len(numbers)
    limit = (1 << 32) // span * span  # below this, `value % span` is unbiased
    references: list[str] = []
    while len(references) < count:
        wanted = count - len(references)
        drawn = secrets.token_bytes(4 * (wanted + wanted // 32 + 8))
        for value in memoryview(drawn).cast("I"):
            if value < limit:
                references.append(reference_for_number(numbers.start + value % span))
        del references[count:]
    return references


def normalise_reference(raw: str) -> str:
    """Return the reference in canonical form ("12345678Z"), or raise FieldError.

    Spaces and hyphens are ignored and any case is accepted, so "1234 5678 z" is fine.
    """
    text = _compact(raw)
    if not text:
        raise FieldError("Enter the customer reference.")
    match = _CANONICAL.fullmatch(text)
    if match is None:
        raise FieldError("A customer reference is 8 digits then a letter, for example 1234 5678 Z.")
    if _check_letter(int(match["digits"])) != match["letter"]:
        raise CheckLetterWrong(wrong_check_letter())
    return text


def format_reference(ref: str) -> str:
    """Show a reference in readable groups: "12345678Z" -> "1234 5678 Z".

    For display only, so it never raises: text that is not shaped like a reference is
    returned unchanged.
    """
    text = _compact(ref)
    if _CANONICAL.fullmatch(text) is None:
        return ref
    return f"{text[:4]} {text[4:8]} {text[8]}"


def _one_digit_changes(digits: str) -> list[str]:
    """Every 8-digit string one adjacent swap or one substitution away, swaps first.

    Swaps come first because they are the commonest slip when a reference is read aloud.
    """
    swaps = [
        digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1]
    ]
    substitutions = [
        digits[:i] + other + digits[i + 1 :]
        for i in range(len(digits))
        for other in "0123456789"
        if other != digits[i]
    ]
    return [d for d in swaps + substitutions if d[0] != "0"]


def suggest_references(raw: str) -> list[str]:
    """Valid references one slip away from what was typed, for "did you mean...?" (at most 10).

    Considers a corrected check letter (or the missing one, when only the digits were
    given), each adjacent swap of digits and each single wrong digit. A reference that is
    already valid, or text too far from the format, gets no suggestions.
    """
    text = _compact(raw)
    if re.fullmatch(r"[1-9][0-9]{7}", text):
        return [reference_for_number(int(text))]
    match = _CANONICAL.fullmatch(text)
    if match is None:
        return []
    digits, letter = match["digits"], match["letter"]
    if _check_letter(int(digits)) == letter:
        return []
    suggestions = [reference_for_number(int(digits))]
    suggestions += [
        f"{candidate}{letter}"
        for candidate in _one_digit_changes(digits)
        if _check_letter(int(candidate)) == letter
    ]
    return list(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]
