"""A search's results, on which what is typed starts a new search.

A handler back on the lookup's results from a record (or on them after Down) who typed a
name typed it into the list, which drops characters: nothing was searched, and nothing
said the keys had gone. Here a character typed on the results starts a new search, as
Escape then the character does: the search box is emptied and takes the character, and
the keys typed after it (the rest of the name). Going back to the box to add to what it
holds is Ctrl+F. The focus moves as the key is read (`search_anew_with`, from the app's
`on_event`), not once the list gets to the key: keys read in one go, "john", would
otherwise have reached the list and the box out of order.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.data_table import CellType

from custinfo_tui.tui.widgets.choice_table import ChoiceTable


class SearchResults(ChoiceTable[CellType]):
    """A search's matches, whose cursor keys act as they are read (`ChoiceTable`); a
    character typed on them starts a new search in the box `box` names. Enter opens the
    highlighted match, and the footer says so (Textual's table Enter is nameless)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the highlighted customer: how are they in touch?",
        ),
    ]

    def __init__(self, *, box: str, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The selector of the search box, on the same screen.
        self.box = box

    def action_open(self) -> None:
        self.action_select_cursor()


def search_anew_with(focused: Widget | None, key: events.Key) -> None:
    """For a character just read on a search's results (`focused`): empty the search box
    and give it the focus at once, so the key, and those read after it, go there. Nothing
    for any other key or widget, or where the box cannot take it (a role that does not
    search)."""
    if not isinstance(focused, SearchResults) or not key.is_printable:
        return
    box = focused.screen.query_one(focused.box, Input)
    if box.focusable:
        box.value = ""
        focused.screen.set_focus(box)
