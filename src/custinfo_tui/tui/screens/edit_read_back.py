"""The edit form's read-back (MP-03): the changed fields, and with a change to the address
the rest of the address as it will be.

A caller confirms an address as a whole: given a new street and postcode, they hear the
town kept with them too, marked unchanged, and confirm each line (domain/readback.py,
`unchanged_address_lines`). In a call the form does not hold the lines not revealed, so it
asks the service for them first (services/edit_read_back.py), which records each one the
caller may hear as disclosed to them; one they may not hear is not read out, and the
read-back says so. Before, only the lines typed were read back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from custinfo_tui.domain.capture import ReadBackConfirmation
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.readback import (
    ADDRESS_LINES,
    UnchangedLine,
    in_record_order,
    read_back,
)
from custinfo_tui.tui.screens.edit_changes import EditChanges
from custinfo_tui.tui.screens.readback import CorrectField, ReadBackScreen
from custinfo_tui.tui.service_calls import attempt, closes_ended_call, closes_erased_record
from custinfo_tui.tui.widgets.field_input import show_at_field

if TYPE_CHECKING:
    from custinfo_tui.tui.screens.readback import ConfirmedSoFar

#: Said while the service reads the lines of the address the change leaves as they are.
READING_ADDRESS = "Reading the rest of the address to read back with the change..."


class EditReadBack(EditChanges):
    """The edit screen's read-back; `AddressRead` is posted by its worker.

    A screen class of its own, so Textual registers its @on handler; the edit screen builds
    on it and gives it what it reads below."""

    if TYPE_CHECKING:
        confirmed_so_far: ConfirmedSoFar

        def _save(
            self, changes: dict[str, str | None], confirmation: ReadBackConfirmation
        ) -> None: ...

    class AddressRead(Message):
        """The service's answer: the unchanged lines of the address, or why it could not
        say them."""

        def __init__(
            self,
            changes: dict[str, str | None],
            lines: tuple[UnchangedLine, ...] | None,
            error: str | None,
        ) -> None:
            super().__init__()
            self.changes = changes
            self.lines = lines
            self.error = error

    def read_back_changes(self, changes: dict[str, str | None]) -> None:
        """Read back the changes (each changed field with a reason): with a change to the
        address, once the service has said the rest of it."""
        if not any(key in changes for key in ADDRESS_LINES):
            self._open_read_back(changes, ())
            return
        self._hold()  # a second Ctrl+S meanwhile does nothing
        self._say(READING_ADDRESS)
        self._read_address(changes)

    @work(thread=True, exclusive=True, group="held", exit_on_error=False)
    def _read_address(self, changes: dict[str, str | None]) -> None:
        result = attempt(
            "read the address",
            self.custinfo.services().address_to_read_back,
            self.actor,
            self.record.customer_id,
            {key: value or "" for key, value in changes.items()},
            self.state.interaction_id if self.state is not None else None,
        )
        if result.value is not None:
            self.post_message(self.AddressRead(changes, result.value, None))
        elif closes_erased_record(self, result) or closes_ended_call(
            self, result, lost="the changes were not saved"
        ):
            pass  # the app closes the record and this form with it
        else:
            self.post_message(self.AddressRead(changes, None, result.error))

    @on(AddressRead)
    def _address_read(self, read: AddressRead) -> None:
        self._saving.end()
        if read.lines is None:
            self._say(read.error or "")
            show_at_field(self._inputs().values(), read.error or "")
            return
        self._say("")
        self._open_read_back(read.changes, read.lines)

    def _open_read_back(
        self, changes: dict[str, str | None], unchanged: tuple[UnchangedLine, ...]
    ) -> None:
        """The read-back of the new values and the unchanged lines of the address (those
        the caller may not hear named at its foot); saved at once when nothing is to read."""
        # Each new value, and "One name only" for a given name emptied (edit_one_name.py).
        lines = self.read_back_lines(changes)
        lines += [
            read_back(line.key, line.value, unchanged=True)
            for line in unchanged
            if line.value is not None
        ]
        if not lines:
            self._save(changes, ReadBackConfirmation())
            return
        withheld = [line for line in unchanged if line.value is None]
        note = "; ".join(f"{FIELDS[w.key].label} ({w.withheld})" for w in withheld)
        self.app.push_screen(
            ReadBackScreen(
                in_record_order(lines),
                title=(
                    "Read back the changed details"
                    if self.state is not None
                    else "Check the changed details"
                ),
                caller=self.state is not None,
                so_far=self.confirmed_so_far,
                note=f"Not read out, unchanged: {note}." if note else None,
                title_bar=self.sub_title,
            ),
            lambda result: self._read_back(changes, result),
        )

    def _read_back(
        self,
        changes: dict[str, str | None],
        result: ReadBackConfirmation | CorrectField | None,
    ) -> None:
        if isinstance(result, CorrectField):
            field = self._inputs().get(result.key)
            if field is not None:
                field.box.focus()
                self._say(f"Correct the {field.label.lower()}, then Ctrl+S to read back again.")
        elif isinstance(result, ReadBackConfirmation):
            self._save(changes, result)
