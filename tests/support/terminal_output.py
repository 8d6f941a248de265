"""What a running console sends to the terminal, checked for text that could drive it.

Stored text planted around the validators must arrive inert: no escape sequence, no C1
control, no bidi override, whichever way the screen is looked at.

The segments come from each widget's own rendering (`Widget.render_lines`, public) of
every screen on the stack, and the bytes from those lines as the terminal would be sent
them (`Strip.render`): a screenshot (what `tests.support.screen.screen_text` reads) drops
control segments and hyperlinks, the very things looked for here. The toasts come from
`App._notifications`, private: no public API lists them, and a toast's text is wrapped on
screen. A Textual upgrade that moves it fails these helpers loudly.
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import DataTable, Input, OptionList, Static

from custinfo_tui.domain.text import BIDI_CONTROLS

#: Textual's own output: colours and styles (SGR) and cursor moves, all CSI sequences.
_TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]")


def unsafe_characters(text: str) -> list[str]:
    """Characters that could drive a terminal: C0 and C1 controls (bar newline), bidi."""
    found = {
        ch
        for ch in text
        if ch in BIDI_CONTROLS
        or ch in "\u2028\u2029"
        or (unicodedata.category(ch) == "Cc" and ch != "\n")
    }
    return sorted(f"U+{ord(ch):04X}" for ch in found)


def _rendered_lines(app: App[object]) -> list[Strip]:
    """Every line every shown widget of every screen on the stack renders, as it stands."""
    lines: list[Strip] = []
    for screen in app.screen_stack:
        for widget in screen.query("*"):
            width, height = widget.size
            if widget.display and widget.visible and width and height:
                lines += widget.render_lines(Region(0, 0, width, height))
    return lines


def segment_text(app: App[object]) -> str:
    """The text of every segment the widgets render, one line per rendered line.

    Control segments are left out; no segment may carry a hyperlink (an OSC 8 from a style).
    """
    rows = []
    for strip in _rendered_lines(app):
        row = []
        for segment in strip:
            if segment.control:
                continue
            assert segment.style is None or not segment.style.link, segment
            row.append(segment.text)
        rows.append("".join(row))
    return "\n".join(rows)


def terminal_data(app: App[object]) -> str:
    """What those lines send to the terminal, escape sequences and all."""
    return "\n".join(strip.render(app.console) for strip in _rendered_lines(app))


def _plain(shown: object) -> str:
    if isinstance(shown, Text | Content):
        return shown.plain
    return str(shown)


def widget_text(screen: Screen[object]) -> str:
    """What the screen's widgets hold to show, including rows scrolled away and other tabs."""
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.extend(_plain(cell) for cell in widget.get_row_at(row))
        elif isinstance(widget, OptionList):
            parts.extend(_plain(option.prompt) for option in widget.options)
        elif isinstance(widget, Input):
            parts += [widget.value, widget.placeholder]
        elif isinstance(widget, Static):
            parts.append(_plain(widget.content))
    return "\n".join(parts)


def assert_inert(app: App[object]) -> str:
    """Fail if anything on the current screen could drive the terminal; the rows as text.

    Looks at the compositor's segments, the raw terminal bytes, an SVG screenshot, the
    widgets' own content and the notifications.
    """
    shown = segment_text(app)
    views = {
        "segments": shown,
        "screenshot": app.export_screenshot(),
        "widgets": widget_text(app.screen),
        "notifications": "\n".join(n.message for n in app._notifications),
    }
    for view, text in views.items():
        assert not unsafe_characters(text), f"{view}: {unsafe_characters(text)}"
    raw = terminal_data(app)
    leftover = _TEXTUAL_SEQUENCE.sub("", raw)
    assert "\x1b" not in leftover, "an escape sequence other than Textual's own CSI"
    assert not unsafe_characters(leftover), unsafe_characters(leftover)
    return shown
