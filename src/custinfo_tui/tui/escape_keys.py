"""Escape typed quickly before another key, which the terminal reads as one Alt key: the
app reads the two again, in order (`CustinfoApp.on_event`).

A terminal sends Escape as the byte ESC, and Alt+1 as ESC then "1": Escape then a digit
typed at once arrive as Alt and the digit. Textual reads most such pairs as Alt keys
(`escape_then` splits them), but ESC then a digit, "-", "=" or "§" it reads as the
character macOS types for Option and that key ("¡" for Option+1, "£" for Option+3: what
WezTerm sends there), and that character cannot be told from one typed as itself (a "£"
on a British keyboard). Escape then a reference or a phone number typed at once was lost
on the results ("¡001 2345 P" reached a list) and scrambled in the search box
("smithº7700 900123"). The console reads those pairs as Alt keys too
(`read_escape_then_digits_apart`), so Escape then "07700 900123" searches for it.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual.keys import _character_to_key

ESC = "\x1b"


def read_escape_then_digits_apart() -> None:
    """Have Textual read ESC then one character as Alt and that character (so, for the
    console, Escape then it), not as the one character macOS types for Option and it.
    Textual's table of what terminals send is read as each key comes, so this holds from
    the next key on. Done once for the process; doing it again does nothing."""
    sequences = cast("dict[str, object]", ANSI_SEQUENCES_KEYS)
    for sent in [sent for sent, read in sequences.items() if _option_character(sent, read)]:
        del sequences[sent]


def _option_character(sent: str, read: object) -> bool:
    """Whether Textual reads `sent` as `read`, a character typed with Option: ESC then one
    printable character, read as one other character."""
    return (
        len(sent) == 2
        and sent[0] == ESC
        and sent[1].isprintable()
        and isinstance(read, str)
        and len(read) == 1
    )


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
    return events.Key("escape", ESC), events.Key(_character_to_key(character), character)
