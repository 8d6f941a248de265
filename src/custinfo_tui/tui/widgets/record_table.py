"""The tables on the record screen's tabs share this: columns, one row per item, the
highlighted row in full for the line under the tabs, and, in a call, where text typed on
them goes (`hand_text_on`).

An answer typed on a table can start with a tab's digit: "12/04/1980" took its "1" for
the Details tab and checked "2/04/1980", a failed check towards a genuine caller's
lockout. So the tabs' digits typed together (`TYPED_TOGETHER`) straight before a digit, a
space or a sign handed on to the answer box start the answer (`TabDigits`): their tab
switches are undone and they go into the box first. Before a letter ("1" then a postcode)
or after a pause they stay the tab's key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from time import monotonic
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import DataTable, Input

from custinfo_tui.tui.labelled_lines import labelled_text
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.widgets.sized_rows import Row, fill_sized


def when(moment: datetime) -> Text:
    """A time as the record's tables show it: "05 Nov 2026 14:30"."""
    return Text(f"{moment:%d %b %Y %H:%M}")


#: Seconds within which keys count as typed together with a tab's digit before them: a
#: handler typing an answer presses each key well within it, one reading the tab does not.
TYPED_TOGETHER = 0.3


class TabDigits:
    """The tabs' digits just typed on a call's record tables (one for all of a screen's
    tables: a digit switches the tab, and the focus to that tab's table), kept to be taken
    back for an answer they start (`hand_text_on`)."""

    def __init__(self, shown: Callable[[], str], show: Callable[[str], object]) -> None:
        self._shown, self._show = shown, show
        #: The digits typed together, the tab shown before the first, when the last came.
        self._digits, self._before, self._at = "", "", 0.0

    def read(self, digit: str) -> None:
        """A tab's `digit` read (its tab switches as the table acts on it)."""
        now = monotonic()
        if not self._digits or now - self._at > TYPED_TOGETHER:
            self._digits, self._before = "", self._shown()
        self._digits, self._at = self._digits + digit, now

    def forget(self) -> None:
        """Another key read: the digits before it were the tabs' keys."""
        self._digits = ""

    def started(self, key: events.Key) -> str:
        """The digits that start the answer `key`, handed on to the answer box, goes on:
        typed together straight before it, a digit, a space or a sign; "" for a letter
        (`1` then a postcode shows the details) or after a pause."""
        digits, self._digits = self._digits, ""
        if monotonic() - self._at > TYPED_TOGETHER or (key.character or "").isalpha():
            return ""
        return digits

    def undo(self) -> None:
        """Show again the tab shown before the digits taken back."""
        self._show(self._before)


#: The widest a withheld table's line is drawn before it wraps: within the record's pane
#: beside the verification panel at 80 columns.
WITHHELD_WIDTH = 44


class RecordTable(DataTable[Text]):
    """A table of one part of a customer record; subclasses name their columns and fill it."""

    #: The column headings.
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    #: The columns cut, with an ellipsis, when the columns are wider than the tab, the
    #: first first (sized_rows.py): the others stay whole on the screen, and the line
    #: under the tabs shows the highlighted row whole.
    GIVES_WAY: ClassVar[tuple[str, ...]] = ()
    #: The line under the tabs has the first column (a time) as its label, the rest beside
    #: it, wrapping under itself rather than at the pane's left edge (`labelled_lines.py`).
    LABELLED: ClassVar[bool] = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        #: In a call, where a character typed on the table goes (`hand_text_on`): the box
        #: that takes it, or why none does. Set by the call's screen; None outside a call.
        self.text_goes_to: Callable[[], Widget | str] | None = None
        #: In a call, the tabs' digits just typed on the screen's tables (`TabDigits`).
        self.tab_digits: TabDigits | None = None
        #: Why what is typed here goes nowhere was said since the table took the focus.
        self._told = False
        #: The table shows only why its items are withheld (`withhold`), not a row of them.
        self._withheld = False

    def _on_focus(self, event: events.Focus) -> None:
        self._told = False

    def tell_once(self, why: str) -> None:
        """Say `why` what is typed on the table goes nowhere: once while it has the focus,
        not a notice per key."""
        if not self._told:
            self._told = True
            self.notify(why, severity="warning", markup=False)

    def columns_shown(self) -> tuple[str, ...]:
        return self.COLUMNS

    def fill(self, rows: Sequence[Row], *, empty: str | None = None) -> None:
        """Replace the rows, each column as wide as its widest cell at once (sized_rows.py:
        a table a worker refills while the console is busy never shows a value cut to an
        old width), those of `GIVES_WAY` cut to fit the tab. With no rows, `empty` is the
        one line shown ("No complaints.")."""
        self._withheld = False
        columns = self.columns_shown()
        if not rows and empty is not None:
            rows = [(None, (Text(empty), *(Text("") for _ in columns[1:])))]
        fill_sized(self, columns, rows, gives_way=self.GIVES_WAY)

    def withhold(self, why: str) -> None:
        """Show nothing of the table's items, only `why`, whole: one column (the headings of
        the others left no room for it), wrapped within `WITHHELD_WIDTH` rather than cut
        beside the verification panel ("Shown once the caller passes Standard: 2 more
        checks." is wider than the pane at 80 columns). `fill` brings the columns back."""
        fill_sized(self, ("",), [])  # any earlier fill forgotten: a new width brings it back
        self.clear(columns=True)
        self.add_column("", width=min(len(why), WITHHELD_WIDTH))
        self.add_row(Text(why), height=None)
        self._withheld = True

    def detail(self) -> RenderableType:
        """The highlighted row whole, for the line under the tabs: a long e-mail, address or
        reason is never cut off, however narrow the columns."""
        row = self.cursor_row
        if self._withheld or not 0 <= row < self.row_count:
            return Text("")  # withheld: the table's one line says it all, whole
        return row_in_words([str(cell) for cell in self.get_row_at(row)], self.LABELLED)


def row_in_words(cells: Sequence[str], labelled: bool) -> RenderableType:
    """A row's cells that show something, one after another ("agent · Spouse"), or, when
    `labelled`, after the first as their label ("05 Nov 2026 14:30  Town · ...")."""
    shown = [cell for cell in cells if cell.strip()]
    if labelled and len(shown) > 1:
        return labelled_text(shown[0], " · ".join(shown[1:]))
    return printable_text(" · ".join(shown))


def hand_text_on(focused: Widget | None, key: events.Key) -> bool:
    """For a character just read on a record's table in a call (`focused`): the box its
    screen names (the answer box) takes the focus, so the key, and those read after it (the
    rest of the answer, its Enter), go there; where no box takes it (verification locked),
    why nothing typed is checked is said, once. Letters typed on a table were thrown away
    without a word. Keys the screen acts on (the digits of the tabs) stay theirs, unless
    they start the answer (`TabDigits.started`); nothing for any other key or widget.

    The focus moves once the table has acted on the keys handed to it before (a tab's digit
    typed in the same go switches the tab first, tui/tab_in_order.py): moved as the key was
    read, a `1` typed just before the letter reached the table after the focus had left it,
    and neither switched the tab nor went into the box. Returns whether the move waits, the
    key and those read after it held until it is made (`TabInOrder.holds`)."""
    if not isinstance(focused, RecordTable) or focused.text_goes_to is None:
        return False  # outside a call, or not on a table
    digits = focused.tab_digits
    if not key.is_printable:
        if digits is not None:
            digits.forget()
        return False
    screen = focused.screen
    active = screen.active_bindings.get(key.key)
    if active is not None and active.enabled:
        if digits is not None and (key.character or "").isdigit():
            digits.read(key.key)
        return False
    goes_to = focused.text_goes_to()
    if not isinstance(goes_to, Widget):
        focused.tell_once(goes_to)
        return False
    started = digits.started(key) if digits is not None else ""

    def move() -> None:
        if started and digits is not None:  # the tab the digits switched from comes back
            digits.undo()
        screen.set_focus(goes_to)
        if started and isinstance(goes_to, Input):
            goes_to.insert_text_at_cursor(started)  # before the key and those after it

    tabs = getattr(focused.app, "tabs", None)
    if not isinstance(tabs, TabInOrder):
        move()
        return False
    tabs.move(move)
    return tabs.waiting
