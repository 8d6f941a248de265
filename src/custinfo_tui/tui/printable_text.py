"""Stored text on a screen: inert, and never markup (docs/architecture.md, "Stored text").

Names, addresses, reasons, operator names: anything that came from the database may hold
escape sequences or bidi controls that reached it around the validators. Screens show such
text only through `printable_text`, or `printable` where a widget takes a plain string (a
notification, an input's value). A stored value shown on its own (a field, a name, a
security question) goes through `stored_value_text`, which also says when it would show as
nothing at all.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from custinfo_tui.domain.text import printable
from custinfo_tui.domain.unseen_text import HIDDEN_NOT_SHOWN, blank_as_shown, holds_unseen

#: How a marker standing in for what a value holds is drawn, apart from the value itself.
MARKER_STYLE = "dim"


def printable_text(
    text: str, style: StyleType = "", *, no_wrap: bool | None = None, ellipsis: bool = False
) -> Text:
    """`text` as a widget shows it: control characters visible, square brackets literal."""
    return Text(
        printable(text),
        style=style,
        no_wrap=no_wrap,
        overflow="ellipsis" if ellipsis else None,
    )


def name_text(given: str | None, family: str | None) -> Text:
    """A customer's name, each part as `stored_value_text` shows it; one name only (no given
    name: domain/one_name.py) is that name alone, without a space before it."""
    return Text(" ").join(stored_value_text(part) for part in (given, family) if part)


def stored_value_text(
    value: str,
    style: StyleType = "",
    *,
    no_wrap: bool | None = None,
    ellipsis: bool = False,
    whole: bool = False,
) -> Text:
    """A stored value as `printable_text` shows it, or, where the terminal would draw it as
    nothing (a zero width space an import left, a lone variation selector, spaces), a dim
    marker saying what is there: "(hidden characters only)". A handler must never read "no
    value" where one is stored. `whole`, for a line that shows the value whole: a value
    that shows something yet holds hidden characters too ("Lon\\u200bdon", seen as
    "London") is followed by a dim "(hidden characters not shown)"."""
    shown = printable_text(value, style, no_wrap=no_wrap, ellipsis=ellipsis)
    marker = blank_as_shown(value)
    if marker is not None:
        shown.plain = marker
        shown.stylize(MARKER_STYLE)
    elif whole and holds_unseen(value):
        shown.append(f" {HIDDEN_NOT_SHOWN}", style=MARKER_STYLE)
    return shown
