"""Escape typed quickly before another key, which the terminal reads as one Alt key: the
app reads the two again, in order (`CustinfoApp.on_event`). The console has no Alt or
Option keys (README), so an Alt key, however it arrives, is Escape then the key.

A terminal sends Escape as the byte ESC, and Alt+1 as ESC then "1": Escape then a key
typed at once arrive as Alt and the key. Textual reads most such pairs as Alt keys
(`escape_then` splits them), but some it reads as other keys (`read_escape_then_keys_apart`
makes it read them as Alt keys too):

- ESC then a digit, "-", "=" or "§" as the character macOS types for Option and that key
  ("¡" for Option+1, "£" for Option+3: what WezTerm sends there), which cannot be told
  from one typed as itself (a "£" on a British keyboard). Escape then a reference or a
  phone number typed at once was lost on the results ("¡001 2345 P" reached a list) and
  scrambled in the search box ("smithº7700 900123").
- ESC then "b" or "f" as Ctrl+Left and Ctrl+Right (iTerm's word moves for Option+Left and
  Option+Right), which a text box moves its cursor a word by: "smith", then Escape and
  "bond" typed at once, read "ondsmith" in the search box, and with "ford" "smithord".
- ESC then Backspace (DEL) as Ctrl+W, which deletes the word before the cursor: read as
  Escape then Backspace, as Textual itself reads Alt+Delete as Escape then Delete.

And ESC then any other printable character that is not a letter or digit ("+", "(", "-",
"@", "£", a space) Textual reads as that character alone, the Escape lost (it gives Alt
only to a key named by one character, and names "+" "plus"): "+447700900401", then Escape
and "+33123456789" typed at once, read "+447700900401+33123456789" in the search box.
`EscapeThenParser`, the parser the console reads its terminal with
(tui/paste_reading.py), reads them as Alt and the character, so as Escape then it.

A terminal that reports Alt apart (the kitty keyboard protocol, which Textual asks for)
sends Escape on its own, and a real Alt key as one key ("alt+b", "alt+backspace", with no
character): `escape_then` reads those as Escape then the key too, so none of the Alt keys
of Textual's text boxes (Alt+Backspace, Alt+Delete: delete a word) acts in the console.

But for Tab: ESC then Tab is what some keyboards and terminals send for Shift+Tab (and
Textual reads ESC Tab typed at once so), and an Alt+Tab that reaches the console is one
of those. Read as Escape then Tab, it left a form: Escape on the edit form asked "Leave
the form?" over the changes typed, or closed one with none; the wrap-up's put it aside
for later. `back_tab` reads "alt+tab" as Shift+Tab: the focus goes back a box.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser
from textual.keys import Keys, _character_to_key, key_to_character

ESC = "\x1b"
#: What a terminal sends for Backspace.
DEL = "\x7f"


def read_escape_then_keys_apart() -> None:
    """Have Textual read ESC then one printable character as Alt and that character (so,
    for the console, Escape then it), not as the one character macOS types for Option and
    it, nor as a word move; and ESC then Backspace as Escape then Backspace, not as a word
    deleted. Textual's table of what terminals send is read as each key comes, so this
    holds from the next key on. Done once for the process; doing it again does nothing."""
    sequences = cast("dict[str, object]", ANSI_SEQUENCES_KEYS)
    for sent in [sent for sent in sequences if _escape_then_printable(sent)]:
        del sequences[sent]
    sequences[ESC + DEL] = (Keys.Escape, Keys.Backspace)


class EscapeThenParser(XTermParser):
    """Textual's parser, reading ESC then any printable character typed at once as Alt and
    that character: Textual's own keeps Alt only for a letter or a digit."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        # `alt`: the character came straight after an ESC that began no escape sequence.
        if alt and len(sequence) == 1 and sequence.isprintable() and not sequence.isalnum():
            return (events.Key(f"alt+{_character_to_key(sequence)}", sequence),)
        return super()._sequence_to_key_events(sequence, alt)


def _escape_then_printable(sent: str) -> bool:
    """Whether `sent` is ESC then one printable character: with no entry in Textual's
    table, it is read as Alt and that character."""
    return len(sent) == 2 and sent[0] == ESC and sent[1].isprintable()


def back_tab(event: events.Event) -> events.Key | None:
    """Shift+Tab for Escape and Tab read as one key ("alt+tab"); None for any other event."""
    if isinstance(event, events.Key) and event.key == "alt+tab":
        return events.Key("shift+tab", None)
    return None


def escape_then(event: events.Event) -> tuple[events.Key, events.Key] | None:
    """Escape and the key typed straight after it, for a key read as Alt and that key: the
    terminal sends Escape as the Alt prefix, so Escape then "z" typed quickly arrives as
    "alt+z"; a terminal that reports Alt apart sends a real Alt+z as "alt+z" too. The
    console has no Alt keys; the handler meant both (on the lookup, Escape then a name
    searches anew). None for any other event, and for Alt with Ctrl or Super."""
    if not isinstance(event, events.Key) or not event.key.startswith("alt+"):
        return None
    escape = events.Key("escape", ESC)
    character = event.character
    if character is not None and len(character) == 1 and character.isprintable():
        return escape, events.Key(_character_to_key(character), character)
    key = event.key.removeprefix("alt+")
    if "+" in key:
        return None
    return escape, events.Key(key, key_to_character(key))
