"""A breach's record in full (MP-20), from the desk's Breaches section (`V`).

The same record `custinfo breach show` prints (`domain.breach_record`): when the breach was
found, reported, assessed and closed and by whom, what Art. 33(3) asks the ICO be told, each
decision with its reason, the ICO's reference, and every saving of the assessment the audit
trail holds. The list under the table shows the highlighted breach in brief; this is what
the ICO or an audit may ask to see (Art. 33(5)). Reading it is audited as `breach.shown`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from custinfo_tui.domain.breach_record import BreachRecord
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.labelled_lines import Labelled, labelled_rows
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The labels' column: the longest label ("Likely consequences") whole.
LABEL_WIDTH = 20


def record_in_words(record: BreachRecord) -> Group:
    """The record, section by section: its heading whole on a line, then its labels and
    values (`labelled_lines.py`); every stored text inert and never markup, wrapped within
    its column."""
    parts: list[RenderableType] = []
    for number, (heading, rows) in enumerate(record.sections()):
        if number:
            parts.append(Text(""))
        parts.append(Text(heading, style="bold"))
        labelled = (Labelled(label, _lines(value)) for label, value in rows)
        parts.append(labelled_rows(labelled, label_style="dim", label_width=LABEL_WIDTH))
    return Group(*parts)


def _lines(value: str) -> Text:
    # Line by line: printable_text shows a line break inside a text as a visible mark.
    return Text("\n").join(printable_text(line) for line in value.split("\n"))


class BreachRecordScreen(Page[None]):
    """One breach's record; the arrows and Page Up/Down scroll it, Escape goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the breaches", id="back"),
    ]

    def __init__(self, record: BreachRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(printable_text(self.record.title()), id="breach-record-title")
        with VerticalScroll(id="breach-record-scroll"):
            yield Static(record_in_words(self.record), id="breach-record")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#breach-record-scroll").focus()  # the arrows scroll a long one

    def action_close(self) -> None:
        self.dismiss(None)


@work(thread=True, group="breach-record", exit_on_error=False)
def read_breach_record(screen: Screen[Any], actor: Actor, breach_id: int) -> None:
    """Fetch the record (audited as read) from a worker of `screen`, then show it."""
    services = cast("CustinfoApp", screen.app).services()
    result = attempt("read the breach's record", services.breach_record, actor, breach_id)
    tell_handler(screen.app, result)
    if result.value is not None:
        screen.app.call_from_thread(screen.app.push_screen, BreachRecordScreen(result.value))
