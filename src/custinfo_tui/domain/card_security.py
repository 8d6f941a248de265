"""A card's security code and expiry date in free text, found before anything is stored.

PCI DSS forbids storing the card security code (CVV, CVC, CV2, CSC, CID: "sensitive
authentication data") after a payment is authorised, at all, and counts the expiry date as
cardholder data when it goes with a card number. A caller reading their card out gives all
three ("card 4111111111111111 exp 12/28 cvv 123"), and the handler types what they hear.

Digits alone do not say they are a code or an expiry: "call back at 123 High Street", a
date of birth ("12/04/1980"), a time, a reference. So only these are taken:

- a security code: a number of 3 or 4 digits after a word naming it (`_CODE_NAME`: "cvv",
  "cvc2", "security code", "the 3 digits on the back" ...), in any case, with ":", "-",
  "is", "number" and the like between or nothing ("cvv: 123", "CVV is 1234", "cvv123");
- an expiry date (MM/YY, MM/YYYY or MM-YY, the month 1 to 12) after a word naming it
  (`_EXPIRY_NAME`: "exp", "expiry", "expires", "valid to" ...), or next to a card number
  (only spaces or a comma between, before or after it: "4111111111111111 12/28"), where
  a card number is one found in the text or one already removed (`[card number removed]`,
  so text cleaned before this rule is caught by `custinfo redact-cards` too);
- the 3 or 4 digits straight after such an expiry that follows a card number: a card's
  details read out in the order printed ("4111111111111111 12/28 123").

A date with a day ("12/04/1980", "12/28/2026") is never an expiry, and a number joined to
more digits by a dash, a slash or a dot ("cvv 123-456") is not a code. Only the digits are
replaced: "cvv 123" becomes "cvv [security code removed]", so the note still says what the
caller gave, and nothing left in it has a digit to be found again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: What a security code becomes, in the stored text.
SECURITY_CODE_REMOVED = "[security code removed]"
#: What an expiry date becomes, in the stored text.
EXPIRY_REMOVED = "[expiry removed]"

#: What the card number itself became, where it was removed before (domain.card_numbers).
_CARD_NUMBER_REMOVED = "[card number removed]"

#: Words naming a security code. The longer name first: "cvv2" is one name, not "cvv".
_CODE_NAME = (
    r"(?:cvv2|cvc2|cvv|cvc|cv2|csc|cid"
    r"|card\s+security\s+code|sec(?:urity)?\.?\s+code"
    r"|(?:the\s+)?(?:3|4|three|four)\s+digits?\s+on\s+the\s+(?:back|front)(?:\s+of\s+the\s+card)?)"
)
#: Words naming an expiry date.
_EXPIRY_NAME = (
    r"(?:exp(?:iry|iration)?\.?(?:\s+date)?|expires|valid\s+(?:to|thru|through)|good\s+thru)"
)
#: What may stand between a name and its number: nothing, spaces, and any of ":", "-",
#: "=", "#", "is", "are", "was", "on", "number", "no." ("cvv number is: 123").
_JOIN = r"(?:\s*(?:[:=#-]|\b(?:is|are|was|on|number|no)\b\.?))*\s*"

#: A security code's digits: 3 or 4, not part of a longer number or joined to one.
_CODE = r"(?<!\d)\d{3,4}(?!\d)(?![ \t]?[/.-][ \t]?\d)"
#: An expiry date, MM/YY, MM/YYYY or MM-YY (a space either side of the "/" or "-" too), not
#: part of a longer date: nothing joined to it by a dash, a slash or a dot, either side.
_EXPIRY_DATE = (
    r"(?<!\d)(?<!\d[/.-])(?:0?[1-9]|1[0-2])[ \t]?[/-][ \t]?(?:20)?\d{2}"
    r"(?!\d)(?![ \t]?[/.-][ \t]?\d)"
)
#: Only this may part an expiry, or a code after it, from the card number it goes with.
_BESIDE = r"[ \t]*,?[ \t]*"

_NAMED_CODE = re.compile(rf"(?<!\w){_CODE_NAME}{_JOIN}({_CODE})", re.IGNORECASE)
_NAMED_EXPIRY = re.compile(rf"(?<!\w){_EXPIRY_NAME}{_JOIN}({_EXPIRY_DATE})", re.IGNORECASE)
_EXPIRY_AFTER = re.compile(rf"{_BESIDE}({_EXPIRY_DATE})(?:{_BESIDE}({_CODE}))?")
_EXPIRY_BEFORE = re.compile(rf"({_EXPIRY_DATE}){_BESIDE}")
_REMOVED_CARD = re.compile(re.escape(_CARD_NUMBER_REMOVED))

Span = tuple[int, int]


def card_anchors(text: str, card_numbers: Iterable[Span]) -> list[Span]:
    """Where card numbers are or were in `text`: those given (found in it) and each
    `[card number removed]` already there, in order."""
    removed = [match.span() for match in _REMOVED_CARD.finditer(text)]
    return sorted([*card_numbers, *removed])


def expiry_and_code_spans(text: str, anchors: Iterable[Span]) -> tuple[list[Span], list[Span]]:
    """Where expiry dates and security codes are in `text`, as (start, end) offsets, given
    where its card numbers are (`card_anchors`): (expiry dates, security codes), each in
    order. Spans may overlap a card number's; the caller keeps the card number's."""
    expiries = {match.span(1) for match in _NAMED_EXPIRY.finditer(text)}
    codes = {match.span(1) for match in _NAMED_CODE.finditer(text)}
    starts = set()
    for start, end in anchors:
        starts.add(start)
        after = _EXPIRY_AFTER.match(text, end)
        if after:
            expiries.add(after.span(1))
            if after.group(2) is not None:
                codes.add(after.span(2))
    for match in _EXPIRY_BEFORE.finditer(text):
        if match.end() in starts:
            expiries.add(match.span(1))
    return sorted(expiries), sorted(codes)
