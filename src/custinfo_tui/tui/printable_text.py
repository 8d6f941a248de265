"""Stored text on a screen: inert, and never markup (docs/architecture.md, "Stored text").

Names, addresses, reasons, operator names: anything that came from the database may hold
escape sequences or bidi controls that reached it around the validators. Screens show such
text only through `printable_text`, or `printable` where a widget takes a plain string (a
notification, an input's value).
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from custinfo_tui.domain.text import printable


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
