"""The edit screen when another desk saved the record first: no lost update.

Nothing is saved then. `EditScreen` (screens/edit.py) is built on `EditConflicts`, which
shows both values side by side (screens/conflict.py); the handler chooses per field and
the save goes again against the newer record, or, when they keep every one of the other
desk's values, the record is reloaded (`ReloadRecord`). What was typed is kept at every
step: leaving the choice keeps the form as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message

from custinfo_tui.domain.capture import ConflictField, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.text import printable
from custinfo_tui.services.errors import EditConflict
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.conflict import ConflictScreen
from custinfo_tui.tui.screens.edit_values import stored_or_none

if TYPE_CHECKING:
    from textual.worker import Worker

    from custinfo_tui.domain.records import FieldValue
    from custinfo_tui.tui.saving_form import SavingForm
    from custinfo_tui.tui.widgets.field_input import FieldInput


@dataclass(frozen=True)
class ReloadRecord:
    """Nothing of this handler's was saved (they kept the other desk's values): reload."""


class EditConflicts(Page[CustomerRecord | ReloadRecord | None]):
    """What the edit screen does when its save worker posts `Conflicted`.

    A screen class of its own, so Textual registers its @on handler; the edit screen builds
    on it and gives it what it reads below."""

    if TYPE_CHECKING:
        fields: list[FieldValue]
        before: dict[str, str | None]
        version: int
        _saving: SavingForm

        def _inputs(self) -> dict[str, FieldInput]: ...

        def _say(self, message: str) -> None: ...

        def _send(
            self, edits: dict[str, FieldEdit], confirmation: ReadBackConfirmation, version: int
        ) -> Worker[None]: ...

    class Conflicted(Message):
        """Another desk saved the record meanwhile: nothing was saved; choose per field."""

        def __init__(
            self,
            edits: dict[str, FieldEdit],
            confirmation: ReadBackConfirmation,
            conflict: EditConflict,
        ) -> None:
            super().__init__()
            self.edits = edits
            self.confirmation = confirmation
            self.conflict = conflict

    def _hold(self) -> bool:
        """The form held while the service is asked (tui/saving_form.py): False, and nothing
        to ask, when it is asked already (a second Ctrl+S)."""
        return self._saving.start(self.query_one("#edit-form"))

    @on(Conflicted)
    def _conflict(self, conflicted: Conflicted) -> None:
        edits, confirmation, conflict = (
            conflicted.edits,
            conflicted.confirmation,
            conflicted.conflict,
        )
        self._saving.end()
        theirs, version = conflict.theirs, conflict.current_version
        before = {f.key: f.value if f.shown else None for f in self.fields}
        # Not shown in this call: "(hidden)", not "-", which would say it was empty.
        hidden = {f.key for f in self.fields if not f.shown}
        rows = [
            ConflictField(
                key=key,
                label=FIELDS[key].label,
                before=before.get(key),
                theirs=theirs.get(key),
                yours=edits[key].value or None,
                before_hidden=key in hidden,
            )
            for key in edits
        ]
        self._say("Someone else saved this record meanwhile: choose which values to keep.")

        def chosen(choice: dict[str, str] | None) -> None:
            if choice is None:
                self._say("Not saved. Ctrl+S to choose again; what you typed is kept.")
                return
            self.version = version
            kept = {key: edit for key, edit in edits.items() if choice.get(key) != "theirs"}
            for key in edits:
                if key not in kept:
                    # Their value stands: show it in the form, as the record now holds it.
                    self._inputs()[key].box.value = printable(theirs.get(key) or "")
                    self.before[key] = stored_or_none(key, printable(theirs.get(key) or ""))
            if not kept:
                self.dismiss(ReloadRecord())
                return
            self._hold()
            self._say("Saving your values over theirs...")
            self._send(kept, confirmation, version)

        self.app.push_screen(ConflictScreen(rows), chosen)
