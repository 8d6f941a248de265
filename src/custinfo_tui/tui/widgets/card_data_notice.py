"""The whole reason card data was taken out of a box, said once by keyboard as well.

A free-text box (`BoundedInput(free_text=True)`, `FreeTextArea`) that takes card data out
says so on its border in a few words ("card number removed: never stored"); the rest, the
rule and what to do instead ("Take payments only through the payment line."), was only in
the box's tooltip, which needs a mouse. The console is worked by keyboard, so the whole
reason is also said in a notification as the data goes: once a removal, not once a key,
and one at a time from a box (a number, its expiry and its code typed in one breath would
stack three over the form). It stands at the top of the screen, over its title lines, not
at the bottom right, where Textual puts notifications: there it covered the note box of a
call's dialog, and the complaint's follow-up box typed in next. A box in the top rows
(`TOP_ROWS`) has it at the bottom instead. It is gone in `TOLD_FOR` seconds. The words are
the console's own, never what was typed (docs/security.md, "Card numbers").
"""

from __future__ import annotations

from time import monotonic

from textual.css.query import NoMatches
from textual.widget import Widget

from custinfo_tui.domain.card_data import CardDetail, removed_note

#: How long the whole reason stays on show, in seconds: about twenty words, read once
#: (Textual's default, 5, cut it short on a call; a call's warnings stay 15).
TOLD_FOR = 8

#: The class that puts a screen's notifications at its top, the screen's width (app.tcss):
#: set as a box says why card data went, and kept for the screen's next notifications.
AT_TOP = "-at-top"

#: The rows the whole reason takes at the top at 80 columns (two or three lines and the
#: notification's padding): a box that begins in them has it at the bottom instead.
TOP_ROWS = 6


def tell_card_data_removed(box: Widget, details: frozenset[CardDetail], told_until: float) -> float:
    """Say in a notification why `details` went from `box`, unless what it said last is
    still on show (until `told_until`, by `monotonic()`); return when this one goes."""
    now = monotonic()
    if not details or now < told_until:
        return told_until
    _stand_clear_of(box)
    box.notify(removed_note(details)[1], severity="warning", markup=False, timeout=TOLD_FOR)
    return now + TOLD_FOR


def _stand_clear_of(box: Widget) -> None:
    """Put the screen's notifications at its top, unless `box` is in its top rows."""
    try:
        rack = box.screen.query_one("#textual-toastrack")
    except NoMatches:  # an app run without notifications
        return
    rack.set_class(box.region.y >= TOP_ROWS, AT_TOP)
