"""A paste arrives whole: `read_pastes_whole` has Textual's terminal drivers read what the
terminal sends with `PasteKeepingParser`.

A terminal in bracketed paste mode sends a paste between ESC [200~ and ESC [201~. Textual's
parser (textual/_xterm_parser.py, 8.2.8) reads an ESC inside the paste as the start of a
key's escape sequence: what follows it, up to the next ESC, is sent as keys before the
paste, and the paste stops at that ESC. Pasting "smi" ESC "[31mth" into the lookup box
gave "^[31mthsmi", and a tab after such an ESC moved the focus. Most terminals take ESC out
of a paste (Alacritty, VTE; xterm makes it a space), but some pass it on (tmux's
paste-buffer -p does), so text copied from a coloured listing or another system's export
can hold one.

`PasteKeepingParser` holds a paste's text until its end marker has come, then takes each
escape sequence in it out whole (`domain.text.strip_escape_sequences`, the one definition
free text is cleaned with), then any ESC left on its own, and only then hands the parser
the text and the end marker: the paste is one `Paste` event holding the rest, in order
("smi" ESC "[31mth" is pasted as "smith", not "smi[31mth"). Taking out only the ESC would
leave the rest of the sequence as text that could no longer be known for one. The text is
held until the end because a read can end inside a sequence. A sequence is taken out, not
kept: a text box shows its value as it is, so an ESC kept in a paste would reach the
terminal and act there ("[2J" after it clears the screen), and no field of the console
holds one (a name refuses it, a search or a note leaves it out).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START
from textual.message import Message

from custinfo_tui.domain.text import strip_escape_sequences
from custinfo_tui.tui.escape_keys import EscapeThenParser

ESC = "\x1b"


class PasteKeepingParser(EscapeThenParser):
    """Textual's parser, reading a bracketed paste whole, without the escape sequences in it,
    and Escape then any character typed at once as the two (tui/escape_keys.py)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        #: Between the paste's start and end markers.
        self._pasting = False
        #: Outside a paste: the last characters read, for a start marker split between reads.
        self._seen = ""
        #: Inside a paste: its text read so far, held until the end marker comes.
        self._pasted = ""

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            self._pasted = ""  # a paste cut off: its end marker can no longer come
            return super().feed("")
        # All of it may be held (inside a paste): feeding "" would end input.
        passed = self._out_of_pastes(data)
        return super().feed(passed) if passed else ()

    def _out_of_pastes(self, data: str) -> str:
        """`data` with each paste's text held until the paste's end marker has come, then
        passed on cleaned (`_cleaned`) with the marker; the start marker is passed on as it
        comes. Outside a paste nothing is changed or held back: an Escape key must reach
        the parser at once, which tells it from a sequence by the time the next byte takes."""
        out: list[str] = []
        text = data
        while text:
            if not self._pasting:
                seen = self._seen + text
                at = seen.find(BRACKETED_PASTE_START)
                if at < 0:
                    out.append(text)
                    self._seen = seen[-(len(BRACKETED_PASTE_START) - 1) :]
                    break
                begun = at + len(BRACKETED_PASTE_START) - len(self._seen)
                out.append(text[:begun])
                text, self._pasting, self._seen = text[begun:], True, ""
            else:
                # The end marker may have begun at the end of what was held already.
                since = max(0, len(self._pasted) - (len(BRACKETED_PASTE_END) - 1))
                pasted = self._pasted + text
                at = pasted.find(BRACKETED_PASTE_END, since)
                if at < 0:
                    self._pasted = pasted
                    break
                out.append(_cleaned(pasted[:at]) + BRACKETED_PASTE_END)
                text = pasted[at + len(BRACKETED_PASTE_END) :]
                self._pasting, self._pasted = False, ""
        return "".join(out)


def _cleaned(pasted: str) -> str:
    """A paste's text with its escape sequences taken out whole, then any ESC left."""
    return strip_escape_sequences(pasted).replace(ESC, "")


def read_pastes_whole() -> None:
    """Have Textual's Linux and macOS drivers read input with `PasteKeepingParser`. They
    make their parser by this module-level name as their input thread starts; a Textual
    that no longer does fails `tests/e2e/test_paste_reading.py`. Doing it again does
    nothing."""
    from textual.drivers import linux_driver, linux_inline_driver

    for driver in (linux_driver, linux_inline_driver):
        # setattr: to mypy --strict the driver modules do not export the name they import.
        setattr(driver, "XTermParser", PasteKeepingParser)  # noqa: B010
