"""A list to choose from whose Enter is named in the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from custinfo_tui.tui.widgets.keys_in_order import cursor_keys_in_order


class ChoiceList(OptionList):
    """An option list with Enter in the footer ("Choose"): `OptionList` keeps it hidden.

    The key stays the list's own (not the screen's priority binding), so arrows typed just
    before it are handled first, in the order typed.

    Up on the first entry and Down on the last stay there, as on the console's tables:
    Textual's list wraps, and a handler holding Down to the last entry of "Who is calling?"
    (someone with no authority) went round to the first (the customer), and Enter chose
    them; on the DPO's desk Up from the first section landed on the last.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Choose", tooltip="Choose the highlighted entry")
    ]

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()


class SectionList(ChoiceList):
    """The same, for a menu whose entries open screens ("Open")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="Open the highlighted section")
    ]


class ChoiceThenTypeList(ChoiceList):
    """A list whose Enter chooses and moves the focus to a box to type in, as the key is
    read: the reason for opening a record, then its detail.

    Textual posts the choice as a message and the screen moves the focus when it arrives;
    letters typed straight after Enter (a fast handler, keys arriving together over a slow
    remote session) reached the list, which drops them, and the detail lost its first
    letters. Here the list's keys are priority bindings, run in the order read, and Enter
    moves the focus before the next key is forwarded.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_keys_in_order(OptionList.BINDINGS, leaving_out="select"),
        Binding("enter", "choose", "Choose", tooltip="Choose the highlighted entry", priority=True),
    ]

    def __init__(self, *options: str, then: str, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        #: The selector of the box the focus moves to once a choice is made.
        self.then = then

    def action_choose(self) -> None:
        self.action_select()
        self.screen.set_focus(self.screen.query_one(self.then))
