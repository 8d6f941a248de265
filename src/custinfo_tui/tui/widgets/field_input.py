"""One form field: label, the question to ask, the box, and a live message underneath.

As the handler types, the value goes through the field's normaliser (the same one the
service uses) and the line under the box shows either what will be stored
(`-> +44 7700 900123`) or what is wrong. What was typed is never changed or lost.

A box opened with a stored value that does not pass today's checks (a legacy import's)
can be left as it is: `hold_as_stored` has the line say so as a note in the warning
colour, not an error, while the box holds what it opened with, and the box then counts
as fine (`left_as_stored`): the form neither checks it nor sends it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from custinfo_tui.domain.training.cues import CueKind
from custinfo_tui.domain.validation import Normaliser, check
from custinfo_tui.tui.cues import announce
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message


@dataclass(frozen=True)
class _AsStored:
    """A stored value a box opened with, which may be left as it is (`hold_as_stored`)."""

    raw: str
    note: str
    retyped_is_a_change: bool


class FieldInput(Vertical):
    DEFAULT_CSS = """
    FieldInput { height: auto; }
    FieldInput > Label { width: 100%; }
    FieldInput .field-message { color: $text-muted; height: auto; }
    FieldInput .field-message.error { color: $error; }
    FieldInput .field-message.note { color: $warning; }
    FieldInput.-invalid > BoundedInput { border: tall $error; }
    FieldInput.-invalid > BoundedInput:focus { border: tall $error; }
    """

    def __init__(
        self,
        key: str,
        label: str,
        *,
        normalise: Normaliser | None = None,
        required: bool = False,
        password: bool = False,
        placeholder: str = "",
        max_length: int = 200,
        question: str | None = None,
        value: str = "",
        preview: Callable[[str], str] | None = None,
        free_text: bool = False,
        cue: CueKind = CueKind.FIELD,
    ) -> None:
        super().__init__(id=f"field-{key}")
        self.key = key
        self.label = label
        self.normalise = normalise
        self.required = required
        self._password = password
        self._placeholder = placeholder
        self._max_length = max_length
        self.question = question
        #: The question the field was built with, asked again after `ask` with None.
        self._own_question = question
        self._value = value
        #: How the normalised value is shown under the box (default: as stored).
        self.preview = preview
        #: Typed in the handler's own words: card numbers are taken out (BoundedInput).
        self._free_text = free_text
        #: What focusing the box asks the scripted caller (training): a capture field, or a
        #: field of the change form.
        self._cue = cue
        #: Why the box is closed (`close`), or None while it is open.
        self._closed_why: str | None = None
        #: The stored value the box opened with that may be left as it is (`hold_as_stored`).
        self._as_stored: _AsStored | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._title())
        yield BoundedInput(
            self._value,
            id=f"{self.key}-input",
            password=self._password,
            placeholder=self._placeholder,
            limit=self._max_length,
            free_text=self._free_text,
        )
        yield Static(id=f"{self.key}-message", classes="field-message")

    def _title(self) -> Text:
        title = Text(self.label + (" *" if self.required else ""), style="bold")
        if self.question:
            title.append(f'  Ask: "{self.question}"', style="italic")
        return title

    def ask(self, question: str | None) -> None:
        """Ask `question` beside the box in place of the field's own (a customer with one
        name only is asked for that name, not a surname), or the field's own again with
        None."""
        question = question or self._own_question
        if question != self.question:
            self.question = question
            self.query_one(Label).update(self._title())

    @property
    def raw(self) -> str:
        return self.query_one(Input).value

    @property
    def box(self) -> BoundedInput:
        return self.query_one(BoundedInput)

    @property
    def closed(self) -> bool:
        """Closed by `close` (not asked of this customer): neither checked nor saved."""
        return self._closed_why is not None

    def close(self, why: str | None) -> None:
        """Close the box, saying `why` in it (Tab then passes it; what it holds is kept, and
        said not to be used), or open it again with None."""
        if why == self._closed_why:
            return
        self._closed_why = why
        self.box.disabled = why is not None
        self.box.placeholder = why if why is not None else self._placeholder
        if why is not None:
            self._say(
                Text(f"Not used: {why[:1].lower()}{why[1:]}." if self.raw else ""), error=False
            )
        else:
            self.show_check(final=False)

    def hold_as_stored(self, note: str, *, retyped_is_a_change: bool) -> None:
        """The box opened with a stored value that does not pass today's checks: while it
        holds what it opened with, the line says `note` (in the warning colour) and the box
        counts as fine (`left_as_stored`). Changed, the box is checked as anything typed.

        `retyped_is_a_change`: the box shows a value that passes (the stored one held
        hidden characters the box leaves out), so the same typed again is a correction,
        not the stored value left: the hold ends at the first change."""
        self._as_stored = _AsStored(self.raw, note, retyped_is_a_change)
        self.show_check(final=False)

    @property
    def left_as_stored(self) -> bool:
        """The box holds the stored value it opened with, to be left as it is (neither
        checked nor saved): see `hold_as_stored`."""
        return self._as_stored is not None and self.raw == self._as_stored.raw

    def show_error(self, message: str) -> None:
        """Show a message from the service (for example a refused save) at the field."""
        self._say(Text(message), error=True)

    def focus_problem(self) -> None:
        """Focus the box and bring the whole field into view, its message under the box
        included: focusing scrolls only the box into view, and a box at the foot of the
        form kept what was wrong with it below the fold."""
        self.box.focus()
        self.call_after_refresh(self.scroll_visible, animate=False)

    @property
    def problem(self) -> str | None:
        """Why the field cannot be saved as it is, or None."""
        raw = self.raw
        if not raw.strip():
            return f"Enter the {self.label.lower()}." if self.required else None
        if len(raw) > self._max_length:
            return too_long_message(self.label, len(raw), self._max_length)
        if self.normalise is None:
            return None
        return check(self.normalise, raw).message

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The handler is asking it: for the scripted caller (training). Not while the form
        # is held for its save (tui/saving_form.py): the edit form, given its focus back
        # as the read-back closed to save, had the caller say "Given name: No, that one
        # stays the same." on the record and the wrap-up, and the trainer's caller terminal
        # show the given name as asked, after the save.
        if self.question and not self.is_disabled:
            announce(self, self._cue, self.key)

    @on(Input.Changed)
    def _changed(self) -> None:
        held = self._as_stored
        if held is not None and held.retyped_is_a_change and self.raw != held.raw:
            self._as_stored = None  # changed: from now on checked as anything typed
        self.show_check(final=False)

    def show_check(self, *, final: bool = True) -> bool:
        """Show the message under the box; True when the field can be saved.

        While typing, an empty required field is not yet an error; on save it is, and a card
        number still at the end of a free-text box is taken out then.
        """
        raw = self.box.settled_value() if final else self.raw
        if self._as_stored is not None and raw == self._as_stored.raw:
            self._say(Text(self._as_stored.note), error=False, note=True)
            return True
        if not raw.strip():
            problem = self.problem if final else None
            self._say(Text(problem or ""), error=problem is not None)
            return problem is None
        if len(raw) > self._max_length:
            self._say(Text(too_long_message(self.label, len(raw), self._max_length)), error=True)
            return False
        if self.normalise is None or self._password:
            self._say(Text(""), error=False)
            return True
        result = check(self.normalise, raw)
        if result.ok and result.value is not None:
            value = self.preview(result.value) if self.preview else result.value
            shown = f"-> {value}" if value != raw else ""
            self._say(Text(shown), error=False)
        else:
            self._say(Text(result.message or ""), error=not result.ok)
        return result.ok

    def _say(self, message: Text, *, error: bool, note: bool = False) -> None:
        """`message` under the box; an error in red, with the box's border red too; a note
        in the warning colour."""
        line = self.query_one(f"#{self.key}-message", Static)
        line.update(message)
        line.set_class(error, "error")
        line.set_class(note, "note")
        self.set_class(error, "-invalid")


def show_at_field(fields: Iterable[FieldInput], message: str) -> bool:
    """Put a service's "Label: what is wrong" message under the field it names, and move
    there; False when no field has that label."""
    for field in fields:
        if message.startswith(f"{field.label}:"):
            field.show_error(message.removeprefix(f"{field.label}:").strip())
            field.focus_problem()
            return True
    return False
