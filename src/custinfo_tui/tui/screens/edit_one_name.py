"""One name only on the edit form (screens/edit.py; domain/one_name.py), both ways.

The box under the given name (widgets/one_name_box.py) opens ticked on a record with one
name only. Ticked on a record with a given name, the given name's box closes and the
change is the given name emptied: it takes a reason, as every change does, and is read
back as "One name only" with the family name spelled; the service is told it is one name
only (`FieldEdit.one_name_only`), and refuses an empty given name said any other way.
Unticked on a record with one name only, the given name's box opens for the name the
customer now gives: left empty, it is refused at the box (`GIVEN_NAME_WANTED`), never
saved as nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.widgets import Checkbox

from custinfo_tui.domain.capture import FieldEdit
from custinfo_tui.domain.one_name import (
    FAMILY_NAME,
    GIVEN_NAME,
    ONE_NAME_ONLY,
    ONE_NAME_QUESTION,
)
from custinfo_tui.domain.readback import ReadBackLine, read_back, read_back_one_name
from custinfo_tui.tui.screens.edit_conflict import EditConflicts
from custinfo_tui.tui.screens.edit_values import question_in_call
from custinfo_tui.tui.widgets.one_name_box import OneNameOnly, follow_one_name

if TYPE_CHECKING:
    from textual.widgets import Select

    from custinfo_tui.domain.interactions import VerificationState
    from custinfo_tui.tui.widgets.field_input import FieldInput

#: Said at the given name's box when one name only is unticked and no given name typed.
GIVEN_NAME_WANTED = f"Enter the given name, or tick {ONE_NAME_ONLY}."


class EditOneName(EditConflicts):
    """The edit screen's *One name only* box; the screen builds on it (through
    `EditChanges`) and gives it what it reads below."""

    if TYPE_CHECKING:
        before: dict[str, str | None]
        state: VerificationState | None

        def _inputs(self) -> dict[str, FieldInput]: ...

        def _reason(self, key: str) -> Select[str]: ...

        def _follow_changed_fields(self) -> None: ...

    @property
    def one_name_only(self) -> bool:
        """Whether the box is ticked (a form without both names has none)."""
        return any(box.value for box in self.query(OneNameOnly))

    @property
    def one_name_held(self) -> bool:
        """Whether the record has one name only: a family name held, and no given name."""
        return self.before.get(GIVEN_NAME) is None and self.before.get(FAMILY_NAME) is not None

    def one_name_box(self) -> OneNameOnly:
        """The box, ticked as the record holds it."""
        return OneNameOnly(value=self.one_name_held)

    def follow_one_name(self) -> None:
        """The given name's box closed while the box is ticked, open while not; in a call,
        the family name's box asks for the one name the customer goes by while ticked."""
        asked = question_in_call(ONE_NAME_QUESTION, self.state)
        follow_one_name(self._inputs(), self.one_name_only, asked=asked)

    @on(Checkbox.Changed, "#one-name")
    def _one_name_changed(self) -> None:
        self.follow_one_name()
        self._follow_changed_fields()  # the given name's reason is wanted, or not

    def one_name_differs(self) -> bool | None:
        """Whether the given name is changed, for its reason box: ticked, when the record
        has a given name; unticked with the given name's box empty, never (an empty given
        name is no change to give a reason for, and Tab from it goes on to this box, not to
        its reason; the save refuses it, as ever); None otherwise, the given name's box
        saying whether it differs."""
        if self.one_name_only:
            return not self.one_name_held
        given = self._inputs().get(GIVEN_NAME)
        return False if given is not None and not given.raw.strip() else None

    def given_name_wanted(self) -> bool:
        """Unticked on a record with one name only and no given name typed: refused at the
        given name's box, which gets the focus. False when there is nothing to say."""
        box = self._inputs().get(GIVEN_NAME)
        if box is None or box.closed or box.raw.strip() or not self.one_name_held:
            return False
        box.show_error(GIVEN_NAME_WANTED)
        box.box.focus()
        return True

    def read_back_lines(self, changes: dict[str, str | None]) -> list[ReadBackLine]:
        """A line for each value changed, and for the given name emptied, "One name only"
        with the family name (as it will be held) spelled; other fields emptied have
        nothing to read back."""
        lines = []
        for key, value in changes.items():
            if value is not None:
                lines.append(read_back(key, value))
            elif key == GIVEN_NAME:
                family = changes.get(FAMILY_NAME) or self.before.get(FAMILY_NAME) or ""
                lines.append(read_back_one_name(GIVEN_NAME, family))
        return lines

    def edits(self, changes: dict[str, str | None]) -> dict[str, FieldEdit]:
        """The changes as the service takes them, each with its reason; the given name
        emptied says it is one name only."""
        return {
            key: FieldEdit(
                value=value or "",
                reason=str(self._reason(key).value),
                one_name_only=key == GIVEN_NAME and value is None,
            )
            for key, value in changes.items()
        }
