"""What the line over a customer's record says: who it is, its reference, the channel in a
call, and what the handler must know before reading it out (restricted, a possible
duplicate, or said to be another person than a record like it)."""

from __future__ import annotations

from rich.text import Text

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.printable_text import name_text, printable_text

#: The fields the record's title names the customer by.
NAME_KEYS = ("given_name", "family_name")


def record_title(record: CustomerRecord, state: VerificationState | None) -> Text:
    """The title of `record`, opened in a call with the caller's `state` (None outside one):
    "John Smith  (1001 2345 P)  - POSSIBLE DUPLICATE of 1001 2399 Q"."""
    title = f"  ({record.reference})"
    if state is not None:
        title += f"  - {state.channel.label}"
    if record.restricted_since is not None:
        title += f"  - RESTRICTED (Art. 18) since {record.restricted_since:%d %b %Y}"
    if record.possible_duplicate_of:
        first, *more = record.possible_duplicate_of
        title += f"  - POSSIBLE DUPLICATE of {first}" + (f" (+{len(more)})" if more else "")
    elif record.said_different_from:
        # A handler said why they are two people: the supervisor reviews the item, but
        # the record is no longer called a duplicate on every call meanwhile.
        first, *more = record.said_different_from
        title += f"  - not the same person as {first}" + (f" (+{len(more)})" if more else "")
    # Each name alone: one a screen would draw as nothing says so (`name_text`).
    given, family = (record.value(key) for key in NAME_KEYS)
    return Text.assemble(name_text(given, family), printable_text(title))
