"""The audit trail for supervisors, the DPO and admins (MP-10): filter the one event stream."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Header, Input, Select, Static

from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.events import (
    AuditAction,
    AuditTrailEntry,
    AuditTrailFilters,
)
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.errors import UnknownInFilter
from custinfo_tui.tui.field_problems import show_problem
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The table's columns. About is whom the event was about: a customer's reference, or
#: "op: agent" for an `operator.*` event about a login (where Customer said "-", and an
#: administrator had to open each event to learn whose login was disabled or refused).
AUDIT_COLUMNS = ("When", "Who", "What", "About", "Fields", "Why")
#: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table has
#: the highlighted event whole): the customer's reference always shows whole, where a What
#: as wide as "interaction.wrapped_up (closed_by_supervisor)" had cut it to "2730". About
#: gives way only down to a reference's width (`AUDIT_KEEPS`): a username of 49 characters
#: is cut, never the reference beside it, and What is cut last.
AUDIT_GIVES_WAY = ("Why", "Fields", "About", "What")
#: How narrow About is cut at the narrowest: a reference whole ("1001 2345 P").
AUDIT_KEEPS = {"About": len(format_reference("10012345P"))}
#: What is cut in the middle, its end kept: cut at its end, "caller.verification_failed"
#: read as "caller.verificatio…", its failure cut off, and "operator.login_failed (denied)"
#: as "operator.login_fai…", its outcome lost at 80 columns.
AUDIT_CUT_WITHIN = ("What",)
#: Outcomes that mean the action did not happen: shown in bold after it.
_NOT_DONE = frozenset({"refused", "denied", "locked"})


def describe_entry(entry: AuditTrailEntry) -> str:
    """One event whole, for the line under the table: the year and seconds too, every
    field, the reason and the outcome."""
    parts = [
        f"{entry.occurred_at:%d %b %Y %H:%M:%S} UTC",
        entry.operator,
        entry.action,
        about(entry),
        f"fields: {field_names(entry.fields)}",
        f"why: {entry.reason or '-'}",
        f"outcome: {entry.outcome}",
    ]
    if entry.details:  # which run, how many found...: facts, never a personal value
        parts.append(entry.facts())
    return " · ".join(parts)


def field_names(keys: tuple[str, ...]) -> str:
    """The fields by their labels, as the record names them ("Given name, Date of birth"):
    the stored code names read as jargon, and at 80 columns "given_name" was cut to
    "given_n…". A name the registry no longer holds (a field since removed) shows as
    stored, so an old event still says which field it touched; "-" for none."""
    return ", ".join(FIELDS[key].label if key in FIELDS else key for key in keys) or "-"


def _what(entry: AuditTrailEntry) -> Text:
    """The action, and its outcome after it unless "ok": a refused erasure must not read as
    an erasure in a list scanned by eye ("customer.erased (refused)")."""
    what = printable_text(entry.action)
    if entry.outcome != "ok":
        style = "bold" if entry.outcome in _NOT_DONE else ""
        what.append_text(printable_text(f" ({entry.outcome})", style))
    return what


def about(entry: AuditTrailEntry) -> str:
    """Whom the event was about: the customer's reference in its groups, "op: USERNAME"
    for an event about an operator's login (`AuditTrailEntry.about_operator`), or "-"."""
    if entry.customer_reference:
        return format_reference(entry.customer_reference)
    operator = entry.about_operator()
    return f"{ABOUT_OPERATOR}{operator}" if operator else "-"


#: What the About column puts before an operator's username, and what the About box
#: reads before one: "op: agent" in the list, "op:agent" or "op: agent" in the box.
ABOUT_OPERATOR = "op: "
#: Said at the About box for a username typed bare: a reference's problem would send the
#: administrator looking for a digit that is not missing.
NOT_A_REFERENCE = (
    "That is not a customer reference. For events about an operator's login, type op: "
    "and their username (op:agent)."
)

#: The filter boxes read before a search, by id, and what their problem is said after:
#: a day's names its box; a reference's message names what a reference is already.
_CHECKED_BOXES = {"f-about": "", "f-since": "From: ", "f-until": "To: "}
#: Every box a problem may be marked at: the checked ones, and the operator's, whose
#: username only the search can find unknown.
_MARKED_BOXES = ("f-operator", *_CHECKED_BOXES)
#: Said for a To day before the From day, at the To box: the service's "The first day
#: comes after the last day." named neither box, nor what to do.
TO_BEFORE_FROM = "To: that day is before the From day. Type a later day, or empty To."
#: What is said of a filter naming no one, by the filter's name (`UnknownInFilter`), and
#: the box marked: "No operator has that username." alone did not say which box held it
#: (the operator's, or About's after op:), nor what to do.
UNKNOWN_IN_FILTER = {
    "operator": (
        "f-operator",
        "Operator: no operator has that username. Check its spelling, or empty the box "
        "for every operator's events.",
    ),
    "about_operator": (
        "f-about",
        "About: no operator has the username after op:. Check its spelling.",
    ),
    "customer_reference": (
        "f-about",
        "About: no customer has that reference. Check it against the record, or empty "
        "the box for events about anyone.",
    ),
}


class _FilterProblem(FieldError):
    """A filter box's text that reads as no day or reference: which box, to mark it."""

    def __init__(self, box_id: str, message: str) -> None:
        super().__init__(message)
        self.box_id = box_id


def _filter_value(raw: str, box_id: str) -> date | None:
    """The day typed in the box `box_id` (None: left empty)."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return parse_calendar_date(raw)
    except FieldError as error:
        raise _FilterProblem(box_id, f"{_CHECKED_BOXES[box_id]}{error}") from None


def about_filter(raw: str) -> tuple[str | None, str | None]:
    """The About box read as (customer reference, operator): "op:agent" (any case, a
    space after the colon or not) asks for the events about that operator's login, as
    the About column shows them; anything else is a reference. A bare username, with no
    digit in it, is said to need "op:" (`NOT_A_REFERENCE`)."""
    raw = raw.strip()
    if raw.casefold().startswith(ABOUT_OPERATOR.strip()):
        operator = raw[len(ABOUT_OPERATOR.strip()) :].strip()
        if not operator:
            raise _FilterProblem("f-about", "Type the operator's username after op:.")
        return None, operator
    if not raw:
        return None, None
    try:
        return normalise_reference(raw), None
    except FieldError as error:
        said = str(error) if any(ch.isdigit() for ch in raw) else NOT_A_REFERENCE
        raise _FilterProblem("f-about", said) from None


class AuditScreen(Page[None]):
    """The search worker posts `EventsFound`."""

    class EventsFound(Message):
        """The events matching the filters, newest first, and the line to show above them."""

        def __init__(
            self, entries: list[AuditTrailEntry], status: str, box_id: str | None = None
        ) -> None:
            super().__init__()
            self.entries = entries
            self.status = status
            #: The filter box the search's refusal was about, to mark (None: none).
            self.box_id = box_id

    BINDINGS = [
        Binding("ctrl+s", "search", "Search", tooltip="Show events matching the filters", id="run"),
        # Down from a filter box, as from the lookup's search box; Ctrl+F back, as there.
        # A priority key: the box's own Down (scroll) would take it, and the footer would
        # not name it (`check_action` leaves it to the list and the action list).
        Binding(
            "down",
            "to_events",
            "Events",
            tooltip="To the events found: Up and Down move through them (Ctrl+F: filters)",
            id="events",
            priority=True,
        ),
        Binding(
            "ctrl+f",
            "to_filters",
            "Filters",
            tooltip="Back to the filters, to search again",
            id="filters",
        ),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.entries: list[AuditTrailEntry] = []
        #: A search the supervisor asked for: its events take the focus once found.
        self._to_events_when_found = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="filter-row"):
            yield BoundedInput(id="f-operator", placeholder="operator username", limit=64)
            # A reference, or "op:" and a username (64 characters at most).
            yield BoundedInput(id="f-about", placeholder="ref. or op:username", limit=70)
            yield ChoiceSelect(
                [(action.value, action) for action in sorted(AuditAction, key=str)],
                id="f-action",
                prompt="any action",
            )
        with Horizontal(classes="filter-row"):
            yield BoundedInput(id="f-since", placeholder="from (day, e.g. 1/12/2026)", limit=20)
            yield BoundedInput(id="f-until", placeholder="to (day)", limit=20)
            yield Button("Search", id="f-run", variant="primary")
        yield Static("Set filters and press Ctrl+S.", id="audit-status", markup=False)
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        # The highlighted event whole: at 80 columns Why and Outcome are off to the right.
        yield Static(id="audit-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#audit-table", DataTable)
        table.add_columns(*AUDIT_COLUMNS)
        self.query_one("#f-operator", Input).focus()
        self.action_search()
        self._to_events_when_found = False  # the newest events, listed as it opens

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_events = self.focused is self.query_one("#audit-table", DataTable)
        if action == "to_events":  # from a box or the button: the action list has its own
            return bool(self.entries) and isinstance(self.focused, Input | Button)
        if action == "to_filters":
            return in_events
        return True

    def action_to_events(self) -> None:
        self.set_focus(self.query_one("#audit-table", DataTable))

    def action_to_filters(self) -> None:
        self.set_focus(self.query_one("#f-operator", Input))

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    @on(Input.Submitted)
    @on(Button.Pressed, "#f-run")
    def action_search(self) -> None:
        status = self.query_one("#audit-status", Static)
        try:
            action = self.query_one("#f-action", Select).value
            reference, about_operator = about_filter(self.query_one("#f-about", Input).value)
            show_problem(self, "f-about", None)
            since, until = self._checked("f-since"), self._checked("f-until")
            if since and until and since > until:
                raise _FilterProblem("f-until", TO_BEFORE_FROM)
            filters = AuditTrailFilters(
                operator=self.query_one("#f-operator", Input).value.strip() or None,
                customer_reference=reference,
                about_operator=about_operator,
                action=action if isinstance(action, AuditAction) else None,
                since=since,
                until=until,
            )
        except _FilterProblem as problem:
            # The events listed were found with other filters: not shown under this message.
            self.post_message(self.EventsFound([], str(problem), problem.box_id))
            return
        status.update("Searching...")
        self._to_events_when_found = True
        self._search(filters)

    def _checked(self, box_id: str) -> date | None:
        """The day the box `box_id` holds, read (None: empty); its problem cleared once read."""
        value = _filter_value(self.query_one(f"#{box_id}", Input).value, box_id)
        show_problem(self, box_id, None)
        return value

    @work(
        thread=True,
        exclusive=True,
        group="audit",
        exit_on_error=False,
        description="audit trail search",
    )
    def _search(self, filters: AuditTrailFilters) -> None:
        result = attempt(
            "search the audit trail", self.custinfo.services().search_events, self.actor, filters
        )
        entries = result.value or []
        found = _events_found(len(entries), filters)
        message = result.error or f"{found}, newest first."
        box_id = None
        if isinstance(result.refusal, UnknownInFilter):
            box_id, message = UNKNOWN_IN_FILTER.get(result.refusal.filter, (None, message))
        if result.error is None and len(entries) >= filters.limit:
            message = (
                f"The newest {found}: there may be older ones. Narrow the search "
                "(a day, an operator, a customer) to see them."
            )
        self.post_message(self.EventsFound(entries, message, box_id))

    @on(EventsFound)
    def _show(self, found: EventsFound) -> None:
        entries, message = found.entries, found.status
        self.entries = entries
        self._mark(found.box_id)
        rows = [
            (
                None,
                (
                    Text(f"{entry.occurred_at:%d %b %H:%M}"),
                    printable_text(entry.operator),
                    _what(entry),
                    printable_text(about(entry)),
                    printable_text(field_names(entry.fields)),
                    printable_text(entry.reason or "-"),
                ),
            )
            for entry in entries
        ]
        table = self.query_one("#audit-table", DataTable)
        fill_sized(
            table,
            AUDIT_COLUMNS,
            rows,
            gives_way=AUDIT_GIVES_WAY,
            keeps=AUDIT_KEEPS,
            cut_within=AUDIT_CUT_WITHIN,
        )
        self.query_one("#audit-status", Static).update(message)
        self._detail()
        if entries and self._to_events_when_found:
            self.set_focus(table)  # what was searched for, ready to read
        self._to_events_when_found = False
        self.refresh_bindings()

    def _mark(self, box_id: str | None) -> None:
        """Mark the box `box_id` as holding the problem said on the status line, and give
        it the focus with what was typed in it, to correct; clear the others' marks."""
        for box in _MARKED_BOXES:
            show_problem(self, box, "" if box == box_id else None, at_border=False)
        if box_id is not None:
            self.query_one(f"#{box_id}", Input).focus()

    @on(DataTable.RowHighlighted, "#audit-table")
    def _detail(self) -> None:
        row = self.query_one("#audit-table", DataTable).cursor_row
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        line = "" if entry is None else describe_entry(entry)
        self.query_one("#audit-detail", Static).update(printable_text(line))


def _events_found(count: int, filters: AuditTrailFilters) -> str:
    """ "12 events", or "12 events of verification.lock_lifted" with an action chosen: at 80
    columns the action box cuts most names ("verification.lock_…" is two actions), so the
    line above the table says whole which one the events are."""
    found = counted(count, "event")
    return f"{found} of {filters.action.value}" if filters.action is not None else found
