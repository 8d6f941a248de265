"""The erasure desk's preview: the record found, how much would be erased, what holds it and
the notes to weigh, in a region that scrolls (docs/data-protection.md, "How to erase a
customer").

A record with an open subject access request, a third party's request and a breach report
has more notes than an 80x24 screen has lines between the reference and the reason boxes,
and a preview cut short hid what the DPO was to weigh (the breach note never showed). The
region takes the lines the screen has, scrolls with PgDn and PgUp (the screen's keys: the
region is never a Tab stop, so the reason box stays one Tab from the reference), and shows
a scroll bar when there is more.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from custinfo_tui.domain.data_protection.erasure import (
    ErasureDone,
    ErasurePreview,
    ErasureRefused,
)
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.data_protection.erasure_lines import (
    erased_line,
    holding_line,
    preview_lines,
)
from custinfo_tui.tui.widgets.paged_scroll import PagedScroll


class PreviewPane(PagedScroll, can_focus=False):
    """What the desk says of the record typed: `#erase-found` (the record and its counts, or
    why it was not found) over `#erase-holds` (holds, calls and notes, a line each)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="erase-found")
        yield Static("", id="erase-holds")

    def show_preview(self, preview: ErasurePreview) -> None:
        self._show(Text(f"{preview.reference}. {holding_line(preview)}"), preview_lines(preview))

    def show_said(self, said: str) -> None:
        """A line in place of a preview: why no record was found, or that the one typed is
        still to be found."""
        self._show(Text(said), [])

    def show_erased(self, done: ErasureDone) -> None:
        """What was replaced and closed; and whom to tell of it (Art. 19), kept on screen."""
        told = [printable_text(done.recipients_line, "bold")] if done.recipients_line else []
        self._show(Text(erased_line(done, told=False)), told)

    def show_refused(self, refused: ErasureRefused) -> None:
        """The refusal recorded, and what to do next, in place of the holds (a notice goes
        in seconds)."""
        self.show_said_in_bold(refused.message)

    def show_said_in_bold(self, said: str) -> None:
        """What was recorded and what to do next, in place of the holds: a refusal, or a
        request kept open while the hold stands."""
        self.query_one("#erase-holds", Static).update(printable_text(said, "bold"))
        self.keys_changed()

    def _show(self, found: Text, lines: Sequence[RenderableType]) -> None:
        self.query_one("#erase-found", Static).update(found)
        self.query_one("#erase-holds", Static).update(Group(*lines) if lines else "")
        self.scroll_home(animate=False)
        self.keys_changed()
