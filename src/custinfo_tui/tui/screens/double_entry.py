"""Typing a phone number or e-mail a second time (double entry), from the read-back.

On a call the handler types what the caller says once more; with no caller on the line (a
change made from a report or paperwork) they type it again from the source. Either way the
value read back is not shown, so the second entry cannot be copied from the screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from custinfo_tui.domain.fields import FIELD_NORMALISERS, FIELDS, check_field
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer

MISMATCH = "That does not match what was read back: check with the caller."
#: The same, with no caller on the line: the value was checked against a source.
MISMATCH_SOURCE = "That does not match the changed details: check it against the source."


def stored_value(key: str, text: str) -> str | None:
    """`text` as the field stores it, or None when it is not a valid value for the field."""
    if key not in FIELD_NORMALISERS:  # free text: compared as typed, without outer spaces
        return text.strip()
    return check_field(key, text).value


def double_entry_problem(key: str, typed: str, expected: str, *, caller: bool = True) -> str | None:
    """Why what was typed again does not confirm the value read back, or None. `caller`
    False: no caller is on the line, so the value is typed from the source."""
    if not typed.strip():
        given = "as the caller says it" if caller else "as the source gives it"
        return f"Type the {FIELDS[key].label.lower()} {given}."
    if key in FIELD_NORMALISERS:
        result = check_field(key, typed)
        if not result.ok:
            return result.message
    if stored_value(key, typed) == expected:
        return None
    return MISMATCH if caller else MISMATCH_SOURCE


class TypedAgainBox(BoundedInput):
    """The box for the value typed again, whose Enter (it checks the value) the footer
    names: the dialog's footer said only "esc Cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Check", tooltip="Check it against what was read back"),
    ]


class DoubleEntryScreen(Dialog[bool]):
    """The value typed again, as the caller says it (or from the source, with no caller on
    the line); True when it matches.

    The value read back is never shown here, and the backdrop hides the read-back screen:
    the second entry must come from the caller, or the source.
    """

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Back to the read-back without typing it twice",
            id="double_entry_cancel",
        ),
    ]

    def __init__(
        self, label: str, expected_normalised_value: str, key: str, *, caller: bool = True
    ) -> None:
        super().__init__()
        self.label = label
        self.expected = expected_normalised_value
        self.key = key
        self.caller = caller

    def compose(self) -> ComposeResult:
        explain = (
            "Ask the caller to say it once more and type what they say. "
            "Enter checks it against what was read back."
            if self.caller
            else "Type it again from the source: the report or paperwork the change comes "
            "from, not the screen. Enter checks it against the changed details."
        )
        with Vertical(id="double-entry-box"):
            yield Static(Text(f"Type the {self.label.lower()} again"), id="double-entry-title")
            yield Static(Text(explain), id="double-entry-explain")
            max_length = FIELDS[self.key].max_length if self.key in FIELDS else 200
            yield TypedAgainBox(id="double-entry-input", limit=max_length)
            yield Static("", id="double-entry-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#double-entry-input", Input).focus()

    @on(Input.Submitted, "#double-entry-input")
    def _check(self, event: Input.Submitted) -> None:
        problem = double_entry_problem(self.key, event.value, self.expected, caller=self.caller)
        if problem is None:
            self.dismiss(True)
            return
        self.query_one("#double-entry-message", Static).update(Text(problem))

    @on(Input.Changed, "#double-entry-input")
    def _typing(self) -> None:
        self.query_one("#double-entry-message", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(False)
