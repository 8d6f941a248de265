"""The supervisor queue's keys, and which of them apply now.

The footer has room at 80 columns for every queue key while the items table has the focus;
once the complaints table has it, that table's own keys (Enter moves one on, V reads it)
take the room, and F6 would push "^q Quit" off the footer. So F6 has two bindings for the
one action, and `key_applies` decides from the focus which one applies: shown in the
footer, or only in the command palette (and named on the line counting the calls). Either
way F6 opens the calls to finish.

F4 moves between the two tables: to the complaints while there are any (an empty table
would hold the focus where no key shown acts), and back to the items from them.
"""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding, BindingType

from custinfo_tui.domain.interactions import QUEUE_ORDER

#: The first kinds F3 shows, in the queue's own order.
_FIRST_KINDS = ", ".join(kind.label.lower() for kind in QUEUE_ORDER[:2])

#: What F6 opens (screens/unfinished_calls.py).
_CALLS = "Every operator's calls to finish: close one its handler cannot"


class KeyedQueue(Protocol):
    """What `key_applies` reads of the queue screen."""

    @property
    def in_complaints(self) -> bool: ...

    @property
    def has_complaints(self) -> bool: ...


QUEUE_KEYS: list[BindingType] = [
    Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
    Binding(
        "f3",
        "next_kind",
        "Kind",
        tooltip=f"Show one kind of item: all, {_FIRST_KINDS}, ...",
        id="kind",
    ),
    Binding("f5", "refresh", "Refresh", tooltip="Reload the queue", id="refresh"),
    Binding(
        "f4",
        "focus_complaints",
        "Complaints",
        tooltip="The complaints due, soonest first (Enter moves one on)",
        id="complaints",
    ),
    # Also F4, from the complaints: `key_applies` says which of the two applies.
    Binding(
        "f4",
        "focus_items",
        "Items",
        tooltip="Back to the queue's items (Enter works one)",
        id="items",
    ),
    # Both on F6: the one that applies (`key_applies`) runs, and only the first shows.
    Binding("f6", "unfinished_calls", "Calls", tooltip=_CALLS, id="calls"),
    Binding(
        "f6",
        "unfinished_calls_unlisted",
        "Calls",
        tooltip=_CALLS,
        id="calls_unlisted",
        show=False,  # the complaints table's keys fill the footer: the palette lists it
    ),
]


def key_applies(screen: KeyedQueue, action: str) -> bool:
    """Whether the key of `action` applies on `screen` now (Textual's `check_action`)."""
    if action in ("unfinished_calls", "unfinished_calls_unlisted"):
        return (action == "unfinished_calls_unlisted") == screen.in_complaints
    if action == "focus_complaints":
        return screen.has_complaints and not screen.in_complaints
    if action == "focus_items":
        return screen.in_complaints
    return True
