"""Payment card numbers (PANs) in free text, found and replaced before anything is stored.

PCI DSS forbids keeping a card number where it is not needed, and a contact centre never
needs one in a note or a reason. A card number is a run of 13 to 19 digits, with spaces,
dashes, dots or line breaks between groups (`_SEPARATOR`), that passes the Luhn check every
card scheme uses. Inside a longer run (a card number typed straight after a reference), or
where the groups are parted by more than one kind of separator (a dash here, a space
there, as in two dates side by side: "2026-03-01 2026-04-04"), only the groups printed on
cards are looked for: 4-4-4-4, 4-4-4-4-3, Amex's 4-6-5, Diners' 4-6-4, or the digits
together.

Everything else with digits is left alone: phone numbers (11 or 12 digits, grouped 5-6 or
3-4-4), sort codes, account numbers, references, dates, and a 16-digit number that fails
the Luhn check (a typing slip, an order number). A digit run inside a longer one (a
20-digit number) is not a card number either.

The card's security code and expiry date are found in domain.card_security; free text has
all three taken out together (domain.card_data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

#: What a card number becomes, in the stored text.
CARD_NUMBER_REMOVED = "[card number removed]"

#: What the handler is told, at the field, when a card number has been taken out.
CARD_NUMBER_MESSAGE = (
    "A card number was removed: card numbers are never stored (PCI DSS). "
    "Take payments only through the payment line."
)

#: The same, short enough for the border of a text box as narrow as the new-customer
#: form's at 80x24 (the rule's name, PCI DSS, is in the message, the box's tooltip).
CARD_NUMBER_NOTE = "card number removed: never stored"

_SHORTEST, _LONGEST = 13, 19

#: What may stand between a card's digit groups: one or two spaces (or tabs); a dash or a
#: dot, with a space either side or none; a line break, after a dash, dot or space or not
#: (a number typed across two lines of a note is still one: the stored text joins its
#: lines with a space, "5500-0000- 0000-0004").
_SEPARATOR = r"(?:[ \t]?[.-][ \t]?|[ \t]{1,2}|[ \t.-]?\r?\n[ \t]?)"
#: Digit groups joined by separators, not touching other digits.
_DIGIT_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(r"\d+")

#: Group lengths printed on cards besides runs of four: American Express and Diners Club.
_SCHEME_GROUPINGS = ((4, 6, 5), (4, 6, 4))


@dataclass(frozen=True)
class Redaction:
    """Free text with any card numbers replaced, and how many were."""

    text: str
    removed: int


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every card scheme's numbers pass."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_like(lengths: tuple[int, ...], *, any_grouping: bool) -> bool:
    """Whether groups of these lengths can be a card number: in any grouping (a whole run of
    digits parted alike) or in the groups printed on cards only."""
    if not _SHORTEST <= sum(lengths) <= _LONGEST:
        return False
    if any_grouping or len(lengths) == 1:
        return True
    if lengths in _SCHEME_GROUPINGS:
        return True
    return all(length == 4 for length in lengths[:-1]) and 1 <= lengths[-1] <= 4


def _one_kind_of_separator(text: str, window: list[re.Match[str]]) -> bool:
    """Whether the groups are parted alike: all by spaces (or line breaks), all by dashes or
    all by dots, as a card is written (`4111-1111-1111-1111`; a dash before a line break is
    a dash). Two dates side by side (`2026-03-01 2026-04-04`, `01.03.2026 - 04.04.2026`: 16
    digits that can pass the Luhn check) mix them."""
    between = [text[a.end() : b.start()] for a, b in pairwise(window)]
    return len({separator.strip(" \t\r\n") for separator in between}) <= 1


def card_number_spans(text: str) -> list[tuple[int, int]]:
    """Where card numbers are in `text`, as (start, end) offsets, in order."""
    spans: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_GROUP.finditer(text, run.start(), run.end()))
        first = 0
        while first < len(groups):
            for last in range(len(groups) - 1, first - 1, -1):  # the longest window first
                window = groups[first : last + 1]
                lengths = tuple(len(group[0]) for group in window)
                digits = "".join(group[0] for group in window)
                any_grouping = len(window) == len(groups) and _one_kind_of_separator(text, window)
                if _card_like(lengths, any_grouping=any_grouping) and luhn_valid(digits):
                    spans.append((window[0].start(), window[-1].end()))
                    first = last + 1
                    break
            else:
                first += 1
    return spans


def redact_card_numbers(text: str) -> Redaction:
    """`text` with every card number replaced by `CARD_NUMBER_REMOVED`.

    A replaced number no longer joins the digits after it into one run, so those digits
    are looked at again as a run of their own: in "4111 1111 1111 1111 424111 1111 1111
    1111" the second number is part of a longer run until the first is out, and a card
    number after that (18 digits passing the Luhn check). Typed key by key, the first is
    taken out before the second is typed (`tui/widgets/bounded_input.py`); either way the
    text ends the same. Each round takes digits out, so it ends.
    """
    removed = 0
    while spans := card_number_spans(text):
        parts: list[str] = []
        end = 0
        for start, stop in spans:
            parts += [text[end:start], CARD_NUMBER_REMOVED]
            end = stop
        parts.append(text[end:])
        text = "".join(parts)
        removed += len(spans)
    return Redaction(text, removed)
