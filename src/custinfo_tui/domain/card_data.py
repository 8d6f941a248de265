"""Card data in free text: card numbers, security codes and expiry dates, taken out
together before anything is stored (PCI DSS; docs/security.md, "Card numbers").

What counts as each is in domain.card_numbers (the number) and domain.card_security (the
code and the expiry). Here they are found in one pass, so that the free-text cleaner
(domain.text.clean_free_text), the boxes that clean as they are typed
(tui/widgets/bounded_input.py) and `custinfo redact-cards` all take out the same, and say
what they took out in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from custinfo_tui.domain.card_numbers import (
    CARD_NUMBER_MESSAGE,
    CARD_NUMBER_NOTE,
    CARD_NUMBER_REMOVED,
    card_number_spans,
)
from custinfo_tui.domain.card_security import (
    EXPIRY_REMOVED,
    SECURITY_CODE_REMOVED,
    card_anchors,
    expiry_and_code_spans,
)


class CardDetail(Enum):
    """A kind of card data, by what replaces it in the text. In the order a span found as
    more than one is kept as: a card number before an expiry, an expiry before a code."""

    CARD_NUMBER = CARD_NUMBER_REMOVED
    EXPIRY = EXPIRY_REMOVED
    SECURITY_CODE = SECURITY_CODE_REMOVED

    @property
    def marker(self) -> str:
        """What the detail becomes in the text."""
        return self.value


@dataclass(frozen=True)
class Found:
    """One piece of card data in a text: where it is and what it is."""

    start: int
    end: int
    detail: CardDetail


def card_data_spans(text: str) -> list[Found]:
    """Every piece of card data in `text`, in order, none overlapping another."""
    numbers = card_number_spans(text)
    expiries, codes = expiry_and_code_spans(text, card_anchors(text, numbers))
    kept: list[Found] = []
    for detail, spans in (
        (CardDetail.CARD_NUMBER, numbers),
        (CardDetail.EXPIRY, expiries),
        (CardDetail.SECURITY_CODE, codes),
    ):
        kept += [
            Found(start, end, detail)
            for start, end in spans
            if not any(start < other.end and other.start < end for other in kept)
        ]
    return sorted(kept, key=lambda found: found.start)


@dataclass(frozen=True)
class CardRedaction:
    """Free text with its card data replaced, and how many of each kind were."""

    text: str
    card_numbers: int = 0
    security_codes: int = 0
    expiries: int = 0

    @classmethod
    def of(cls, text: str, details: list[CardDetail]) -> CardRedaction:
        """`text`, the `details` taken out of it counted by kind."""
        return cls(
            text,
            details.count(CardDetail.CARD_NUMBER),
            details.count(CardDetail.SECURITY_CODE),
            details.count(CardDetail.EXPIRY),
        )

    @property
    def removed(self) -> int:
        """How many pieces of card data were replaced, of every kind."""
        return self.card_numbers + self.security_codes + self.expiries


def replace_found(text: str, found: list[Found]) -> str:
    """`text` with each piece of card data in `found` (in order, none overlapping) replaced
    by its marker."""
    parts: list[str] = []
    end = 0
    for piece in found:
        parts += [text[end : piece.start], piece.detail.marker]
        end = piece.end
    parts.append(text[end:])
    return "".join(parts)


def _redacted(text: str, details: list[CardDetail]) -> str:
    """`text` with its card data replaced, round after round, each kind taken out added to
    `details`. A number taken out can leave the digits after it a card number of their
    own, so the text is looked at again after each round; each takes digits out, so it
    ends."""
    while found := card_data_spans(text):
        details += [piece.detail for piece in found]
        text = replace_found(text, found)
    return text


def redact_card_data(text: str) -> CardRedaction:
    """`text` with every card number, security code and expiry date replaced by its marker
    (`CardDetail`), and how many of each were."""
    details: list[CardDetail] = []
    return CardRedaction.of(_redacted(text, details), details)


def redact_to_fit(text: str, limit: int | None) -> CardRedaction:
    """`text` with its card data replaced, cut to at most `limit` characters.

    The replacement can be longer than what it replaces (a 16-digit number becomes 21
    characters), so text at its column's limit is cut; a cut through a longer run of digits
    can leave a card number's worth (or "cvv 12345", not a code, cut to "cvv 123"), which
    is replaced in turn. Each round takes digits out, so it ends.
    """
    details: list[CardDetail] = []
    while True:
        text = _redacted(text, details)
        if limit is not None:
            text = text[:limit].rstrip()
        if not card_data_spans(text):
            return CardRedaction.of(text, details)


#: What the handler is told at the box, per kind taken out: (the border's note, the
#: tooltip's whole reason). The border's note is short enough for a narrow box.
_TOLD: dict[CardDetail, tuple[str, str]] = {
    CardDetail.CARD_NUMBER: (CARD_NUMBER_NOTE, CARD_NUMBER_MESSAGE),
    CardDetail.SECURITY_CODE: (
        "security code removed: never stored",
        "A card security code was removed: security codes are never stored, not even "
        "after a payment (PCI DSS). Take payments only through the payment line.",
    ),
    CardDetail.EXPIRY: (
        "expiry removed: never stored",
        "A card expiry date was removed: card details are never stored (PCI DSS). "
        "Take payments only through the payment line.",
    ),
}

#: The border's note when more than one kind was taken out.
CARD_DETAILS_NOTE = "card details removed: never stored"


def removed_note(details: Iterable[CardDetail]) -> tuple[str, str]:
    """What a box says once `details` were taken out of it: (its border's note, its
    tooltip). One kind is named; more than one are "card details", the tooltip naming
    each, in the order of `CardDetail`."""
    taken = [detail for detail in CardDetail if detail in set(details)]
    if len(taken) == 1:
        return _TOLD[taken[0]]
    named = ", ".join(_TOLD[detail][0].split(":")[0] for detail in taken)
    return (
        CARD_DETAILS_NOTE,
        f"Card details were removed ({named}): a card's number, expiry date and "
        "security code are never stored (PCI DSS). Take payments only through the "
        "payment line.",
    )


@dataclass(frozen=True)
class ColumnSweep:
    """Card data found in one stored column ("table.column"): in how many rows, and how
    many of each kind in all."""

    column: str
    rows: int
    card_numbers: int
    security_codes: int = 0
    expiries: int = 0

    @property
    def removed(self) -> int:
        """Pieces of card data of every kind."""
        return self.card_numbers + self.security_codes + self.expiries


@dataclass(frozen=True)
class CardDataSweep:
    """What `custinfo redact-cards` found in the stored free text: counts and ids, never a
    value. `redacted` is False for a dry run, which changes nothing."""

    columns: tuple[ColumnSweep, ...]
    #: Audit events whose reason holds card data: append-only, so left as they are.
    audit_event_ids: tuple[int, ...]
    redacted: bool

    @property
    def rows(self) -> int:
        return sum(column.rows for column in self.columns)

    @property
    def card_numbers(self) -> int:
        return sum(column.card_numbers for column in self.columns)

    @property
    def security_codes(self) -> int:
        return sum(column.security_codes for column in self.columns)

    @property
    def expiries(self) -> int:
        return sum(column.expiries for column in self.columns)

    @property
    def removed(self) -> int:
        """Pieces of card data of every kind, in every column."""
        return sum(column.removed for column in self.columns)
