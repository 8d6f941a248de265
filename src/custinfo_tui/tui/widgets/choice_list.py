"""A list to choose from whose Enter is named in the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class ChoiceList(OptionList):
    """An option list with Enter in the footer ("Choose"): `OptionList` keeps it hidden.

    The key stays the list's own (not the screen's priority binding), so arrows typed just
    before it are handled first, in the order typed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Choose", tooltip="Choose the highlighted entry")
    ]


class SectionList(ChoiceList):
    """The same, for a menu whose entries open screens ("Open")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="Open the highlighted section")
    ]
