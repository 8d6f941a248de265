"""The scrolling box a form's boxes sit in: never a stop of Tab or Shift+Tab itself.

Textual's `VerticalScroll` takes the focus like a box, so a form inside one had a stop no
one could see: Tab from the last box, or Shift+Tab from the first, went to the scroll
container, which shows no cursor and takes no typing; the next Tab went back to the first
box. The focused box is kept in view as the focus moves, so the container need not take
the focus to scroll.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormBoxes(VerticalScroll, can_focus=False):
    """A form's boxes, scrolled to whichever has the focus."""
