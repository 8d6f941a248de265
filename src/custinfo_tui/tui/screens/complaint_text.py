"""A complaint read in full (MP-19): what the customer said, the apology, the solution, the
follow-up and every stage with its note, from the record's Complaints tab or the supervisor
queue's complaints (`v`).

The tables list complaints without their texts; reading one is audited as
`complaint.viewed`, naming it. In a call the record's timeline shows what the customer said,
masked until the caller may hear it, so the record does not offer this then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from custinfo_tui.domain.complaints import ComplaintView
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.labelled_lines import Labelled, labelled_rows
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.paged_scroll import PAGE_ACTIONS, PagedScroll, page_key_bindings

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


def complaint_in_words(complaint: ComplaintView) -> Group:
    """The complaint whole, line by line, every text inert. Under when it was received, how
    far its caller was verified: in bold, with what that asks of a call back, when they
    were not. What the customer said, the apology and the solution each beside its label,
    and the stages last, each beside its date: a text that wraps goes on under itself
    rather than at the box's left edge (`labelled_lines.py`)."""
    caller = complaint.caller
    standing = [caller.in_words(), *([caution] if (caution := caller.caution()) else [])]
    lines = [
        f"Received {complaint.received_at:%d %b %Y %H:%M} by {complaint.steps[0].operator}; "
        f"now {complaint.stage}"
        + (f", closed {complaint.closed_at:%d %b %Y}" if complaint.closed_at else ""),
        *standing,
        f"Acknowledge by {complaint.acknowledge_by:%d %b %Y}; final response by "
        f"{complaint.final_response_by:%d %b %Y}",
    ]
    if complaint.follow_up_on is not None:
        lines.append(f"Follow-up on {complaint.follow_up_on:%d %b %Y}")
    # The lines after "Received": the standing, bold for an unverified caller.
    marked = range(1, 1 + len(standing)) if caller.unverified else range(0)
    # Line by line: printable_text shows a line break inside a text as a visible mark.
    text = Text("\n").join(
        printable_text(line, "bold" if index in marked else "") for index, line in enumerate(lines)
    )
    said = labelled_rows(
        [
            Labelled("Customer said:", complaint.customer_said or "-"),
            Labelled("Apology:", complaint.apology or "-"),
            Labelled("Solution:", complaint.solution or "-"),
        ]
    )
    return Group(text, Text(""), said, Text(""), Text("Stages:"), _stages(complaint))


def _stages(complaint: ComplaintView) -> Table:
    """One row a stage: its date in a column of its own, indented under "Stages:", then the
    stage, who moved it and the note, wrapping within its column (a hanging indent)."""
    return labelled_rows(
        Labelled(
            f"  {step.changed_at:%d %b %Y %H:%M}",
            f"{step.stage} ({step.operator})" + (f": {step.note}" if step.note else ""),
        )
        for step in complaint.steps
    )


class ComplaintTextScreen(Dialog[None]):
    """One complaint in full; Escape goes back."""

    DEFAULT_CSS = """
    #complaint-text-scroll {
        height: auto;
        max-height: 18;
    }
    """

    # A long complaint runs past the box: PgDn is named while there is more below, PgUp
    # once there is more above (the footer said only "esc Back").
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the list", id="back"),
        *page_key_bindings(
            tooltips=(
                "The rest of the complaint, below the box's edge (or the down arrow)",
                "The complaint above the box's edge (or the up arrow)",
            )
        ),
    ]

    def __init__(self, complaint: ComplaintView) -> None:
        super().__init__()
        self.complaint = complaint

    def compose(self) -> ComposeResult:
        complaint = self.complaint
        with Vertical(classes="choice-box", id="complaint-text-box"):
            yield Static(
                printable_text(f"Complaint: {complaint.category} ({complaint.customer_reference})"),
                classes="choice-title",
            )
            with PagedScroll(id="complaint-text-scroll"):
                yield Static(complaint_in_words(complaint), id="complaint-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._scroll.focus()  # the arrows scroll a long one

    @property
    def _scroll(self) -> PagedScroll:
        return self.query_one("#complaint-text-scroll", PagedScroll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in PAGE_ACTIONS:
            return True
        try:
            return self._scroll.key_shown(action)
        except NoMatches:  # not composed yet
            return False

    def action_read_on(self) -> None:
        self._scroll.read_on()

    def action_read_back(self) -> None:
        self._scroll.read_back()

    def action_close(self) -> None:
        self.dismiss(None)


@work(thread=True, group="complaint-text", exit_on_error=False)
def read_complaint(screen: Screen[Any], actor: Actor, complaint_id: int) -> None:
    """Fetch the complaint (audited as read) from a worker of `screen`, then show it."""
    services = cast("CustinfoApp", screen.app).services()
    result = attempt("read the complaint", services.read_complaint, actor, complaint_id)
    tell_handler(screen.app, result)
    if result.value is not None:
        screen.app.call_from_thread(screen.app.push_screen, ComplaintTextScreen(result.value))
