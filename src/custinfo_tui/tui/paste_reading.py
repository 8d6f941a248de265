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

`PasteKeepingParser` takes each ESC out of a paste before Textual's parser reads it, as
those terminals do, so the paste is one `Paste` event with everything else in it, in
order. It is taken out, not kept: a text box shows its value as it is, so an ESC kept in a
paste would reach the terminal and act there ("[2J" after it clears the screen), and no
field of the console holds one (a name refuses it, a search or a note leaves it out).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

ESC = "\x1b"


class PasteKeepingParser(XTermParser):
    """Textual's parser, reading a bracketed paste whole, without the ESCs in it."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        #: Between the paste's start and end markers.
        self._pasting = False
        #: Outside a paste: the last characters read, for a start marker split between reads.
        self._seen = ""
        #: Inside a paste: the end of the last read, when it may be the end marker's start.
        self._held = ""

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            self._held = ""  # a paste cut off: its end marker can no longer come
            return super().feed("")
        # All of it may be held (an ESC at the end of a read): feeding "" would end input.
        passed = self._out_of_pastes(data)
        return super().feed(passed) if passed else ()

    def _out_of_pastes(self, data: str) -> str:
        """`data` with every ESC inside a paste taken out, the paste's markers kept. The
        end of a read that may be the start of the end marker is held for the next read.
        Outside a paste nothing is changed or held back: an Escape key must reach the
        parser at once, which tells it from a sequence by the time the next byte takes."""
        out: list[str] = []
        text, self._held = self._held + data, ""
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
                at = text.find(BRACKETED_PASTE_END)
                if at < 0:
                    cut = len(text) - _end_marker_begun(text)
                    out.append(text[:cut].replace(ESC, ""))
                    self._held = text[cut:]
                    break
                out.append(text[:at].replace(ESC, "") + BRACKETED_PASTE_END)
                text, self._pasting = text[at + len(BRACKETED_PASTE_END) :], False
        return "".join(out)


def _end_marker_begun(text: str) -> int:
    """How many characters at the end of `text` may be the start of the end marker."""
    for length in range(min(len(BRACKETED_PASTE_END) - 1, len(text)), 0, -1):
        if BRACKETED_PASTE_END.startswith(text[-length:]):
            return length
    return 0


def read_pastes_whole() -> None:
    """Have Textual's Linux and macOS drivers read input with `PasteKeepingParser`. They
    make their parser by this module-level name as their input thread starts; a Textual
    that no longer does fails `tests/e2e/test_paste_reading.py`. Doing it again does
    nothing."""
    from textual.drivers import linux_driver, linux_inline_driver

    for driver in (linux_driver, linux_inline_driver):
        # setattr: to mypy --strict the driver modules do not export the name they import.
        setattr(driver, "XTermParser", PasteKeepingParser)  # noqa: B010
