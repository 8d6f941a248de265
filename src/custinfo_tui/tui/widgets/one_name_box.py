"""The *One name only* box of the capture and edit forms, under the given name's box: the
customer has one name, which goes in the family name box, and no given name (none is
invented: domain/one_name.py).

Ticked, the given name's box closes (`follow_one_name`): Tab passes it, what it holds is
kept but neither checked nor saved, and its placeholder says where the name goes. A Tab
stop only while the given name's box is empty, or while ticked: Tab from a given name
typed goes straight on to the family name, as it always has, and from an empty one it
stops here, where the handler sees the choice. Whether it may take the focus is asked as
the Tab is made, after the keys typed before it (tui/tab_in_order.py), so "Budi", Tab
typed in one go never stops here.

Space ticks it as the key is read, not once the screen hears of it (as the tick lists
do, tui/widgets/tick_list.py), and an unticked box is empty rather than an X told apart
by colour alone. Enter moves on, as it does from a box of the form: Enter, Enter from an
empty given name must not tick it, or an empty given name would be saved as one name
only without the handler choosing it.

A letter typed on it goes to the family name's box, where a one-name customer's name goes
(`hand_name_on`, from the app's `on_event`), with the keys typed after it: the box is
neither ticked nor unticked by it. Letters typed here had vanished without a word, so
"Suharto", Tab, "1/1/1960" typed from it lost the name and put the date in the family
name's box.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Checkbox, Input

from custinfo_tui.domain.one_name import (
    FAMILY_NAME,
    GIVEN_NAME,
    GIVEN_NAME_NOT_ASKED,
    ONE_NAME_ONLY,
)
from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.widgets.keys_in_order import KeysInOrder

if TYPE_CHECKING:  # the app imports this module (`hand_name_on`) before the login paints;
    # field_input imports the validators (pydantic), loaded after the first frame
    from custinfo_tui.tui.widgets.field_input import FieldInput

#: The given name's box, on either form.
GIVEN_BOX = f"#{GIVEN_NAME}-input"
#: The family name's box, on either form.
FAMILY_BOX = f"#{FAMILY_NAME}-input"


class OneNameOnly(KeysInOrder, Checkbox, inherit_bindings=False):
    """Ticked: the customer has one name only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick", tooltip="Tick or untick it", show=False),
        Binding("enter", "next_box", "Next box", show=False),
    ]

    DEFAULT_CSS = """
    OneNameOnly, OneNameOnly:focus {
        border: none;
        padding: 0;
        height: 1;
        background: transparent;
    }
    """

    def __init__(self, *, value: bool = False) -> None:
        super().__init__(
            f"{ONE_NAME_ONLY} (Space ticks it)",
            value,
            id="one-name",
            tooltip=(
                "The customer has one name only: no given name is taken, and the one name "
                "goes in the family name box."
            ),
        )

    def allow_focus(self) -> bool:
        """A Tab stop while ticked, or while the given name's box is empty."""
        if self.value:
            return True
        if not self.is_attached:  # asked as the form closes
            return False
        boxes = self.screen.query(GIVEN_BOX).results(Input)
        return not any(box.value.strip() for box in boxes)

    def action_next_box(self) -> None:
        """On to the next box, after the keys typed before (tui/tab_in_order.py)."""
        tabs = getattr(self.app, "tabs", None)
        if isinstance(tabs, TabInOrder):
            tabs.move(self.screen.focus_next)
        else:
            self.screen.focus_next()

    @property
    def _button(self) -> Content:
        # An X only when ticked: an unticked box is empty, never an X in another colour.
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


def follow_one_name(
    fields: Mapping[str, FieldInput], one_name: bool, *, asked: str | None = None
) -> None:
    """Close the given name's box while one name only is ticked (what it holds is kept,
    and said not to be used), and open it again when it is not. On a form that asks the
    questions, the family name's box then asks `asked` (the one name the person goes by,
    `ONE_NAME_QUESTION` as said to this caller), not for a surname, and its own again once
    unticked."""
    given = fields.get(GIVEN_NAME)
    if given is not None:
        given.close(GIVEN_NAME_NOT_ASKED if one_name else None)
    family = fields.get(FAMILY_NAME)
    if family is not None and asked is not None:
        family.ask(asked if one_name else None)


def hand_name_on(focused: object, key: events.Key) -> bool:
    """For a character just read on the *One name only* box (`focused`): the family name's
    box takes the focus, so the key and those read after it go there, after the keys typed
    before it (tui/tab_in_order.py). Space (it ticks) and keys the screen binds stay theirs.
    Returns whether the move waits, the key and those after it held until it is made
    (`TabInOrder.holds`); False for any other key or widget."""
    if not isinstance(focused, OneNameOnly) or not key.is_printable or key.key == "space":
        return False
    screen = focused.screen
    active = screen.active_bindings.get(key.key)
    if active is not None and active.enabled:
        return False
    family = next(iter(screen.query(FAMILY_BOX).results(Input)), None)
    if family is None or family.disabled:
        return False
    tabs = getattr(focused.app, "tabs", None)
    if not isinstance(tabs, TabInOrder):
        screen.set_focus(family)
        return False
    tabs.move(lambda: screen.set_focus(family))
    return tabs.waiting
