"""Escape typed quickly before another key, which the terminal reads as one Alt key: the
app reads the two again, in order (`CustinfoApp.on_event`)."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key


def escape_then(event: events.Event) -> tuple[events.Key, events.Key] | None:
    """Escape and the key typed straight after it, for a key the terminal read as Alt and
    that key: it sends Escape as the Alt prefix, so Escape then "z" typed quickly arrives
    as "alt+z". The console has no Alt keys; the handler meant both (on the lookup, Escape
    then a name searches anew). None for any other event."""
    if not isinstance(event, events.Key) or not event.key.startswith("alt+"):
        return None
    character = event.character
    if character is None or len(character) != 1 or not character.isprintable():
        return None
    return events.Key("escape", "\x1b"), events.Key(_character_to_key(character), character)
