"""A record's fields: outside a call with their data category; in a call masked until the
caller's verification allows, each with what revealing it needs ("...123 · needs High")."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.one_name import GIVEN_NAME, NO_GIVEN_NAME
from custinfo_tui.domain.records import CustomerRecord, FieldValue
from custinfo_tui.domain.verification import NO_LEVEL
from custinfo_tui.services.capabilities import RecordCapabilities
from custinfo_tui.tui.labelled_lines import labelled_text
from custinfo_tui.tui.printable_text import stored_value_text
from custinfo_tui.tui.widgets.record_table import RecordTable
from custinfo_tui.tui.widgets.sized_rows import Row

REVEAL_HINT = "Enter: reveal"
#: Between a masked value and what revealing it needs, in a call.
ACCESS_SEPARATOR = " · "


def nothing_to_reveal(state: VerificationState, capabilities: RecordCapabilities) -> str:
    """What F5 says with no field left that the caller's verification lets the handler
    reveal: what to do next. "Nothing more may be shown." before any check left a trainee
    wondering why; a caller not yet verified is the usual reason."""
    next_step = f" Next: {state.next_step}." if state.next_step else ""
    if state.level == NO_LEVEL:
        if not state.can_rise:
            return f"Nothing may be shown: the caller cannot be verified in this call.{next_step}"
        return (
            "Verify the caller first: nothing may be shown until they pass the checks. "
            f"Ask the panel's next check (F3), then F5 again.{next_step}"
        )
    representative = state.caller.representative
    if representative is None:
        shown = f"Everything {state.level_title} allows is shown."
    else:  # their scope narrows what the level allows: the level alone is not the limit
        shown = f"Everything within {representative.name}'s scope is shown."
    # A field outside a representative's scope, or that no level may show, needs no check.
    further = any(need.startswith("needs ") for need in capabilities.reveal_needs.values())
    if further and state.can_rise:
        return f"{shown} The rest needs a further check (F3).{next_step}"
    return f"{shown}{next_step}"


def shown_value(field: FieldValue) -> str:
    """The value, or its mask, or a dash or "(hidden)" when there is nothing to show; no
    given name is one name only, which says so (domain/one_name.py)."""
    if field.shown and not field.value and field.key == GIVEN_NAME:
        return NO_GIVEN_NAME
    if field.shown:
        return field.value or "-"
    return field.value or "(hidden)"


class FieldsTable(RecordTable):
    """Enter on a masked field asks to reveal it (`RevealRequested`); one the caller may
    not be told yet is asked all the same, so the service's refusal is on the trail, and
    what revealing it needs is what the handler is told (`refused`)."""

    class RevealRequested(Message):
        """The handler asks to reveal these fields to the caller; `refused`, for a field
        the screen already knows the caller may not be told, what to say when the
        service refuses it ("Phone: needs Standard.")."""

        def __init__(self, keys: tuple[str, ...], refused: str | None = None) -> None:
            super().__init__()
            self.keys = keys
            self.refused = refused

    #: A long value is cut (the line under the tabs shows it whole): its data category,
    #: outside a call, stays whole.
    GIVES_WAY = ("Value",)

    def __init__(self, *, in_call: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.in_call = in_call
        self._fields: tuple[FieldValue, ...] = ()
        self._capabilities = RecordCapabilities()

    def columns_shown(self) -> tuple[str, ...]:
        # In a call what may be revealed goes with the value, to leave the value room.
        return ("Field", "Value") if self.in_call else ("Field", "Value", "Category")

    def show(self, record: CustomerRecord, capabilities: RecordCapabilities) -> None:
        """Fill the table from `record`, keeping the cursor on the same row."""
        row = self.cursor_row
        self._fields = tuple(field for field in record.fields if field.listed)
        self._capabilities = capabilities
        rows: list[Row] = []
        for field in self._fields:
            cells: tuple[Text, ...]
            if self.in_call:
                cells = (self._shown_in_call(field),)
            else:
                cells = (stored_value_text(shown_value(field)), Text(field.category.label))
            rows.append((field.key, (Text(field.label), *cells)))
        self.fill(rows)
        if self._fields:
            self.move_cursor(row=min(row, len(self._fields) - 1))

    def move_to(self, key: str) -> None:
        """Move the cursor to the field `key`, if the table lists it."""
        keys = [field.key for field in self._fields]
        if key in keys:
            self.move_cursor(row=keys.index(key))

    @property
    def highlighted(self) -> FieldValue | None:
        """The field under the cursor, if any."""
        row = self.cursor_row
        if not 0 <= row < min(self.row_count, len(self._fields)):
            return None
        return self._fields[row]

    def access(self, field: FieldValue) -> str:
        """In a call, what a masked field needs: REVEAL_HINT, or why it may not be shown."""
        if field.key in self._capabilities.revealable:
            return REVEAL_HINT
        return self._capabilities.reveal_needs.get(field.key, "")

    def _shown_in_call(self, field: FieldValue, *, whole: bool = False) -> Text:
        """The value, or its mask with what revealing it needs: "...123 · needs Standard"."""
        shown = stored_value_text(shown_value(field), whole=whole)
        if access := self.access(field):
            shown.append(f"{ACCESS_SEPARATOR}{access}")
        return shown

    def detail(self) -> RenderableType:
        """The highlighted field whole beside its label, wrapping under itself: a value that
        shows as nothing, or holds hidden characters, says so (`stored_value_text`)."""
        row = self.cursor_row
        if not 0 <= row < min(self.row_count, len(self._fields)):
            return super().detail()
        field = self._fields[row]
        if self.in_call:
            shown = self._shown_in_call(field, whole=True)
        else:
            shown = stored_value_text(shown_value(field), whole=True)
        return labelled_text(f"{field.label}:", shown)

    @on(DataTable.RowSelected)
    def _field_chosen(self, event: DataTable.RowSelected) -> None:
        if not self.in_call or event.row_key.value is None:
            return
        field = next(f for f in self._fields if f.key == event.row_key.value)
        access = self.access(field)
        if access == REVEAL_HINT:
            self.post_message(self.RevealRequested((field.key,)))
        elif access:  # refused by the service, which records the attempt (MP-08, MP-10)
            self.post_message(self.RevealRequested((field.key,), f"{field.label}: {access}."))
