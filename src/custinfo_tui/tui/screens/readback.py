"""Reading captured or changed fields back to the caller (MP-03), one line at a time.

The handler says each line aloud (names spelled with the NATO alphabet, phone digits in
groups, dates as "3 March 1985") and marks it confirmed when the caller says it is right.
A phone number or e-mail can also be typed a second time from what the caller says
(double entry, double_entry.py). With no caller on the line (a change made from a report
or paperwork) each line is checked against the source instead, and typed again from it.
Save hands the form a ReadBackConfirmation; Correct sends the handler back to one field,
and nothing typed in the form is lost either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.capture import DOUBLE_ENTRY_FIELDS, ReadBackConfirmation
from custinfo_tui.domain.readback import ReadBackLine
from custinfo_tui.domain.training.cues import CueKind
from custinfo_tui.tui.cues import announce
from custinfo_tui.tui.printable_text import stored_value_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.double_entry import DoubleEntryScreen, stored_value
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer

TO_CONFIRM = "to confirm"
CONFIRMED = "confirmed"
TYPED_TWICE = "confirmed (typed twice)"
#: A line of the address the change leaves as it is, read back with the changed ones.
UNCHANGED_TO_CONFIRM = "unchanged: to confirm"
UNCHANGED_CONFIRMED = "unchanged: confirmed"

#: What the keys say they do (footer, palette) with no caller on the line.
_SOURCE_TOOLTIPS = {
    "confirm": "This line matches the source",
    "double_entry": "Type it again from the source",
}

_STATUS_WIDTH = len(TYPED_TWICE)
#: Status given way to the Say column: each status on two lines at most ("confirmed" over
#: "(typed twice)").
_NARROW_STATUS_WIDTH = len("(typed twice)")
#: A Say column narrower than this beside a whole Status takes the room from Status.
_ROOMY_SAY_WIDTH = 48
_MIN_SAY_WIDTH = 16
#: The table's margin, its cells' padding and a scrollbar, beside the three columns.
_TABLE_EDGES = 12


@dataclass(slots=True)
class ConfirmedSoFar:
    """The lines a form's earlier read-backs had confirmed, each with the value then read
    (and those typed twice): a line still the same when the handler comes back from the
    form is not asked again, so correcting one line keeps the caller's "yes" to the rest.
    A value is kept under its label (`ReadBackLine.heard`): "Family name: Suharto"
    confirmed does not confirm "One name only: Suharto". The form keeps one and hands it
    to each read-back, which keeps it up to date."""

    confirmed: dict[str, str] = field(default_factory=dict)
    typed_twice: dict[str, str] = field(default_factory=dict)
    #: When the last of them was confirmed.
    confirmed_at: datetime | None = None
    #: Every line the form's read-backs have shown, with the value last shown: a value
    #: changed since was corrected after being read back to the caller.
    shown: dict[str, str] = field(default_factory=dict)
    #: The lines whose value changed after a read-back had shown it.
    corrected: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class CorrectField:
    """The handler wants to correct this field: the form jumps back to it."""

    key: str


class ReadBackScreen(Page[ReadBackConfirmation | CorrectField | None]):
    """Each line read aloud and confirmed; Save returns which were confirmed and typed twice.

    Dismissed with a ReadBackConfirmation once every line is confirmed, a CorrectField to
    go back to one field, or None to return to the form as it was.
    """

    BINDINGS = [
        # Priority, so Enter confirms rather than the table's own "select".
        Binding(
            "enter,space",
            "confirm",
            "Confirmed",
            tooltip="The caller says this line is right",
            id="readback_confirm",
            priority=True,
        ),
        Binding(
            "ctrl+e",
            "correct",
            "Correct",
            tooltip="Back to this field in the form; nothing typed is lost",
            id="readback_correct",
        ),
        Binding(
            "ctrl+d",
            "double_entry",
            "Type twice",
            tooltip="Type it again as the caller says it",
            id="readback_double_entry",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save once every line is confirmed",
            id="readback_save",
        ),
        Binding(
            "escape",
            "back",
            # "Back", as everywhere: a phone's or e-mail's line adds "Type twice", and
            # "Back to form" then cut the quit key short at 80 columns.
            "Back",
            tooltip="Back to the form; nothing typed is lost",
            id="readback_back",
        ),
    ]

    def __init__(
        self,
        lines: Sequence[ReadBackLine],
        *,
        title: str = "Read back to the caller",
        double_entry: Collection[str] = DOUBLE_ENTRY_FIELDS,
        caller: bool = True,
        so_far: ConfirmedSoFar | None = None,
        note: str | None = None,
        title_bar: str | None = None,
    ) -> None:
        """`caller` False: no caller is on the line (a change made from paperwork or a
        report), so each line is checked against the source instead of read aloud.
        `so_far`: what earlier read-backs of the form confirmed, kept for lines unchanged.
        `note`: said at the foot as the screen opens (lines not read out, and why).
        `title_bar`: what the form read back says in its title bar ("new customer - Phone
        call", "back office"), said here too: it is the same call or the same work."""
        super().__init__()
        if title_bar:
            self.sub_title = title_bar
        self.note = note
        keys = [line.key for line in lines]
        if len(set(keys)) != len(keys):
            raise ValueError("each field can be read back only once")
        self.lines = tuple(lines)
        self.heading = title
        #: What the middle column is: words to say to a caller, or, with no caller on the
        #: line, the value as it reads, to check against the paperwork (`_reads`).
        self.say_label = "Say" if caller else "Reads as"
        self.double_entry = frozenset(double_entry)
        #: Whether the lines are read to a caller (the scripted caller answers them in a
        #: role-play), not checked against paperwork.
        self.to_caller = caller
        self.instruction = (
            "Read each line aloud. Enter: the caller says it is right. Ctrl+E: correct it."
            if caller
            else "Check each line against the source. Enter: it is right. Ctrl+E: correct it."
        )
        if not caller:  # the keys' tooltips say the source too, not a caller
            for key, bindings in list(self._bindings.key_to_bindings.items()):
                self._bindings.key_to_bindings[key] = [
                    dataclasses.replace(b, tooltip=_SOURCE_TOOLTIPS.get(b.action, b.tooltip))
                    for b in bindings
                ]
        self.so_far = so_far if so_far is not None else ConfirmedSoFar()
        self.confirmed: set[str] = {
            line.key for line in self.lines if self.so_far.confirmed.get(line.key) == line.heard
        }
        self.double_entered: set[str] = {
            line.key for line in self.lines if self.so_far.typed_twice.get(line.key) == line.heard
        } & self.confirmed
        #: When a line was last confirmed (here, or before for lines kept): the read-back's
        #: time, which a new customer's save records (ReadBackConfirmation.confirmed_at).
        self.confirmed_at = self.so_far.confirmed_at if self.confirmed else None
        shown = self.so_far.shown
        self.so_far.corrected |= {
            line.key for line in self.lines if shown.get(line.key, line.heard) != line.heard
        }
        shown.update((line.key, line.heard) for line in self.lines)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.heading), id="readback-title")
        yield Static(self.instruction, id="readback-instruction")
        yield ChoiceTable(id="readback-table")
        yield Static("", id="readback-say")
        yield Static(Text(self.note or ""), id="readback-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self._table()
        field_width, say_width, status_width = self._column_widths()
        table.add_column("Field", width=field_width, key="field")
        table.add_column(self.say_label, width=say_width, key="say")
        table.add_column("Status", width=status_width, key="status")
        for line in self.lines:
            label = Text(line.label)
            reads = stored_value_text(self._reads(line))
            statuses = [Text(status) for status in self._statuses(line)]
            height = max(
                _lines(self, label, field_width),
                _lines(self, reads, say_width),
                *(_lines(self, status, status_width) for status in statuses),
            )
            table.add_row(label, reads, self._status(line.key), key=line.key, height=height)
        table.focus()
        if self.confirmed and self._unconfirmed():  # lines kept from before: the first not
            table.move_cursor(row=self._unconfirmed()[0])
        self._show_current()

    def _column_widths(self) -> tuple[int, int, int]:
        """Field, Say and Status. The handler reads the caller each line down the table, so
        a long value is never cut there ("B for Bravo, A for Alfa, ..." for a long e-mail):
        it wraps onto as many rows as it needs, and at 80 columns Status gives way to it,
        wrapping onto a second row itself, rather than leave the spelling a third of the
        line and twice as many rows."""
        width = self.app.size.width
        field_width = max((len(line.label) for line in self.lines), default=0)
        field_width = min(max(field_width, len("Field")), 25)
        status_width = _STATUS_WIDTH
        if width - field_width - status_width - _TABLE_EDGES < _ROOMY_SAY_WIDTH:
            status_width = _NARROW_STATUS_WIDTH
        say_width = max(_MIN_SAY_WIDTH, width - field_width - status_width - _TABLE_EDGES)
        return field_width, say_width, status_width

    def _reads(self, line: ReadBackLine) -> str:
        """The middle column: what to say to a caller (names and postcodes spelled in the
        phonetic alphabet), or, with no caller to hear it, the value as the record will
        show it, to check against the source: "S for Sierra..." helps no one reading a
        letter, and spelled a postcode left unchanged as if someone were listening."""
        return line.say if self.to_caller else line.value

    def _table(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#readback-table", DataTable)
        return table

    def _current(self) -> ReadBackLine | None:
        row = self._table().cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _status(self, key: str) -> Text:
        unchanged = any(line.key == key and line.unchanged for line in self.lines)
        if key in self.double_entered:
            return Text(TYPED_TWICE)
        if key in self.confirmed:
            return Text(UNCHANGED_CONFIRMED if unchanged else CONFIRMED)
        return Text(UNCHANGED_TO_CONFIRM if unchanged else TO_CONFIRM, style="bold")

    def _statuses(self, line: ReadBackLine) -> tuple[str, ...]:
        """Every status the line can show: its row is as tall as the tallest of them."""
        said = (
            (UNCHANGED_TO_CONFIRM, UNCHANGED_CONFIRMED)
            if line.unchanged
            else (TO_CONFIRM, CONFIRMED)
        )
        typed_twice = (TYPED_TWICE,) if line.key in self.double_entry else ()
        return (*said, *typed_twice)

    def _unconfirmed(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.key not in self.confirmed]

    def say(self, message: str) -> None:
        self.query_one("#readback-message", Static).update(Text(message))

    @on(DataTable.RowHighlighted, "#readback-table")
    def _show_current(self) -> None:
        line = self._current()
        shown = Text()
        if line is not None:
            # A value that would show as nothing says so: read as nothing, it is confirmed
            # as nothing (`stored_value_text`).
            value = stored_value_text(line.value, whole=True)
            label = f"{line.label} (unchanged)" if line.unchanged else line.label
            # Only the value as the record holds it: the table shows what to say whole, and
            # said again here a long e-mail's spelling took the rows its line needed there.
            shown = Text.assemble((f"{label}: ", "bold"), value)
            if self.to_caller:
                # The scripted caller (training) objects to a value not theirs.
                announce(self, CueKind.READ_BACK, line.key, value=line.value)
        self.query_one("#readback-say", Static).update(shown)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "correct", "double_entry"):
            line = self._current()
            if line is None:
                return False
            if action == "double_entry":
                return line.key in self.double_entry
        return True

    def _mark(self, line: ReadBackLine, *, typed_twice: bool = False) -> None:
        self.confirmed.add(line.key)
        self.confirmed_at = datetime.now(UTC)
        if typed_twice:
            self.double_entered.add(line.key)
        self._table().update_cell(line.key, "status", self._status(line.key))
        self._move_to_next_unconfirmed()

    def _move_to_next_unconfirmed(self) -> None:
        remaining = self._unconfirmed()
        if not remaining:
            self.say("Every line is confirmed: Ctrl+S to save.")
            return
        here = self._table().cursor_row
        after = [i for i in remaining if i > here]
        self._table().move_cursor(row=(after or remaining)[0])
        self.say(self.note or "")

    def action_confirm(self) -> None:
        line = self._current()
        if line is not None:
            self._mark(line)

    def action_correct(self) -> None:
        line = self._current()
        if line is not None:
            self._keep(but=line.key)  # the line to correct is asked again, changed or not
            self.dismiss(CorrectField(line.key))

    def _keep(self, *, but: str | None = None) -> None:
        """Note in `so_far` the lines confirmed here, with their values, but `but`."""
        values = {line.key: line.heard for line in self.lines}
        self.so_far.confirmed = {k: values[k] for k in self.confirmed if k != but}
        self.so_far.typed_twice = {k: values[k] for k in self.double_entered if k != but}
        self.so_far.confirmed_at = self.confirmed_at

    def action_double_entry(self) -> None:
        line = self._current()
        if line is None or line.key not in self.double_entry:
            return
        expected = stored_value(line.key, line.value)
        if expected is None:  # a value the form would not save: correct it instead
            self.say(f"The {line.label.lower()} is not valid: Ctrl+E to correct it.")
            return

        def typed_again(matched: bool | None) -> None:
            if matched:
                self._mark(line, typed_twice=True)

        self.app.push_screen(
            DoubleEntryScreen(line.label, expected, line.key, caller=self.to_caller), typed_again
        )

    def action_save(self) -> None:
        remaining = self._unconfirmed()
        if remaining:
            count = len(remaining)
            lines = "line" if count == 1 else "lines"
            how = "read each aloud" if self.to_caller else "check each against the source"
            self.say(f"{count} {lines} still to confirm: {how} and press Enter.")
            self._table().move_cursor(row=remaining[0])
            return
        self.dismiss(
            ReadBackConfirmation(
                confirmed=frozenset(self.confirmed),
                double_entered=frozenset(self.double_entered),
                confirmed_at=self.confirmed_at,
                corrected=frozenset(self.so_far.corrected & self.confirmed),
            )
        )

    def action_back(self) -> None:
        self._keep()
        self.dismiss(None)


def _lines(screen: ReadBackScreen, text: Text, width: int) -> int:
    """The rows `text` takes wrapped to `width` cells, as the table draws it."""
    return len(text.wrap(screen.app.console, width))
