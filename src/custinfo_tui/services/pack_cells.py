"""The subject access pack's cells: stored values in words the customer reads.

The pack is written for the person it is about (UK GDPR Art. 12: clear and plain
language), so a value stored as a code shows as the console shows it: `power_of_attorney`
as "Power of attorney", `read:contact` as "read contact details", `phone` as "Phone call".
A code no label is known for (an outcome or a complaint stage a policy file added) shows
with spaces for its underscores. Times are in UTC, to the second, without ISO's "T".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum

from custinfo_tui.domain.card_numbers import CARD_NUMBER_REMOVED
from custinfo_tui.domain.card_security import EXPIRY_REMOVED, SECURITY_CODE_REMOVED
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.consent import Purpose
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import ERASED_PLACEHOLDER
from custinfo_tui.domain.data_protection.pack import PackSection
from custinfo_tui.domain.unseen_text import blank_as_shown
from custinfo_tui.domain.verification import CallerKind, action_label
from custinfo_tui.domain.wrap_up import DEFAULT_OUTCOMES

#: Codes whose enum has no label of its own, in the customer's words.
_WORDS: dict[str, str] = {
    Purpose.SERVICE: "Running your account",
    Purpose.MARKETING: "Marketing",
    CallerKind.CUSTOMER: "You",
    CallerKind.REPRESENTATIVE: "Your representative",
    CallerKind.NO_AUTHORITY: "Someone without authority on file",
    "phone": "Phone",
    "email": "E-mail",
    # A contact point's label, and a record's status.
    "main": "Main",
    CustomerStatus.ACTIVE: "Active",
    CustomerStatus.MERGED: "Merged into another record",
    CustomerStatus.ERASED: "Erased",
}
_OUTCOMES = {outcome.key: outcome.label for outcome in DEFAULT_OUTCOMES}
#: A security answer that is set: only its one-way hash is stored, so that is all there is
#: to say of it.
ANSWER_KEPT = "set (kept only as a one-way hash)"


def text(value: object) -> str:
    """A stored value as the pack shows it: "" for nothing, dates, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        moment = value if value.tzinfo is None else value.astimezone(UTC)
        return f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def said(kind: type[StrEnum], code: str | None) -> str | None:
    """A stored code of `kind` in words: the member's label where it has one."""
    if code is None or code == "":
        return code
    try:
        member = kind(code)
    except ValueError:
        return plain(code)
    label = getattr(member, "label", None)
    return label if isinstance(label, str) else plain(code)


def plain(code: str | None) -> str | None:
    """A code without a label of its own in words ("follow_up" -> "Follow-up needed")."""
    if code is None or code == "":
        return code
    return _WORDS.get(code) or _OUTCOMES.get(code) or code.replace("_", " ")


def may(scope: Iterable[str]) -> str:
    """What a representative may do: "read contact details, change address"."""
    return ", ".join(_action(action) for action in scope)


def _action(action: str) -> str:
    try:
        return action_label(action)
    except ValueError:  # a group the field registry no longer has
        return action.replace(":", " ").replace("_", " ")


def section(
    key: str,
    title: str,
    about: str,
    columns: tuple[str, ...],
    rows: Iterable[Iterable[object]],
    category: DataCategory | None = None,
    *,
    typed: tuple[str, ...] = (),
    typed_count: int | None = None,
) -> PackSection:
    """A pack section, each value as `text` shows it; "We hold nothing of this kind about
    you." when empty (the pack speaks to the person it is about). `typed` names the
    columns quoted as someone typed them (a call's notes, a complaint's words), which may
    name other people (Art. 15(4)): the section counts their entries, or takes
    `typed_count` where only some of a column's entries were typed."""
    cells = tuple(tuple(text(value) for value in row) for row in rows)
    if typed_count is None:
        at = [columns.index(column) for column in typed]
        typed_count = sum(1 for row in cells for i in at if holds_typed_text(row[i]))
    return PackSection(
        key=key,
        title=title,
        category=category,
        about=about if cells else f"{about} We hold nothing of this kind about you.",
        columns=columns,
        rows=cells,
        typed=typed_count,
    )


#: What the console puts in place of typed text it took out: erasure's placeholder, and
#: what card data became (`custinfo redact-cards`, and the cleaner as it is typed).
_REMOVED = (ERASED_PLACEHOLDER, CARD_NUMBER_REMOVED, SECURITY_CODE_REMOVED, EXPIRY_REMOVED)


def holds_typed_text(cell: str | None) -> bool:
    """Whether a free-text entry still holds words someone typed, for the DPO to read for
    other people's data (Art. 15(4)). Not an empty one, one of spaces or hidden characters
    only, nor one of nothing but what the console put in place of what it removed
    ("(erased)", "[card number removed]"): counted, they made the DPO look for names in
    entries that have none."""
    left = cell or ""
    for removed in _REMOVED:
        left = left.replace(removed, "")
    return bool(left.strip()) and blank_as_shown(left) is None
