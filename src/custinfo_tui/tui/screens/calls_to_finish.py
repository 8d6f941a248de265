"""Calls to finish (MP-18): the operator's interactions left without a wrap-up.

Shown at login when there are any (a call open when the console was quit, locked out or
killed, or one left for later), and from the command palette. Each row shows only what
the lookup would: when, how, and the customer's reference and name, so a handler coming
back to a call knows whom it was with (a new customer's call whose details were never
saved says so). To fit 80 columns a long name is cut, ending in "…", then the note of a
record merged into the customer's since; the reference never is, and the line under the
table says the highlighted call whole. `Enter` wraps the highlighted one up, with what was
typed when it was left for later at this desk (tui/wrap_up_drafts.py); `Escape` leaves
them all for later. A call open at this console (in progress, or its wrap-up on the
screen) is not listed: it is wrapped up there, and the command palette does not offer
this list while one is open (tui/console_commands.py). Once the last one is wrapped up
the list closes by itself, saying so: left open empty, it took the next caller's name
typed on it, and did nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import NEW_CUSTOMER_NOT_SAVED, CallToFinish, customer_in_words
from custinfo_tui.services.errors import CallFinished
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from datetime import datetime

    from custinfo_tui.tui.app import CustinfoApp

#: Said when no call is left to finish.
NONE_LEFT = "Every call is wrapped up."
#: The table's columns.
FINISH_COLUMNS = ("Started", "Channel", "Reference", "Customer", "State")
#: Cut with an ellipsis, in this order, to fit the screen: the name, then (a record
#: merged into the customer's since making it long) the reference's note, which at 80
#: columns leaves the reference itself whole.
FINISH_GIVES_WAY = ("Customer", "Reference")


class CallsToFinishScreen(Page[None]):
    """The load worker posts `Loaded`; the worker opening a wrap-up, `Opened`."""

    class Loaded(Message):
        """The calls still to finish, or why they could not be loaded."""

        def __init__(self, calls: list[CallToFinish], error: str | None) -> None:
            super().__init__()
            self.calls = calls
            self.error = error

    class Opened(Message):
        """The call to wrap up; or None, with why it needs no wrap-up any more when so
        (wrapped up at another desk, closed by a supervisor)."""

        def __init__(
            self, interaction_id: int, call: CallToFinish | None, finished: str | None
        ) -> None:
            super().__init__()
            self.interaction_id = interaction_id
            self.call = call
            self.finished = finished

    BINDINGS = [
        Binding("escape", "later", "Later", tooltip="Leave them for later", id="later"),
        # A priority binding: the table would take Enter itself and hide the key's name.
        Binding(
            "enter",
            "wrap_up",
            "Wrap up",
            tooltip="Wrap up the highlighted call",
            id="wrap",
            priority=True,
        ),
    ]

    def __init__(self, actor: Actor, calls: list[CallToFinish] | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.calls = calls or []
        #: A wrap-up is being opened: Enter again opens no second one.
        self._opening = False
        #: A wrap-up was saved and the list is read again: if none is left, it closes.
        self._after_wrap_up = False

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="finish-status")
        yield ChoiceTable(id="finish-table")
        yield Static(id="finish-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#finish-table", DataTable)
        table.add_columns(*FINISH_COLUMNS)
        table.focus()
        self._show(self.calls, None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "wrap_up":
            return bool(self.calls)
        return True

    def _show(self, calls: list[CallToFinish], error: str | None) -> None:
        self.calls = calls
        rows = [
            (
                str(call.interaction_id),
                (
                    Text(f"{call.started_at:%d %b %H:%M}"),
                    Text(call.channel.label),
                    Text(call.customer_shown or ""),
                    printable_text(_customer_cell(call)),
                    Text("never ended" if call.still_open else "ended"),
                ),
            )
            for call in calls
        ]
        fill_sized(
            self.query_one("#finish-table", DataTable),
            FINISH_COLUMNS,
            rows,
            keep_place=True,
            gives_way=FINISH_GIVES_WAY,
        )
        count = len(calls)
        status = error or (
            f"Calls to finish: {count} without a wrap-up. Enter wraps up the highlighted one; "
            "Escape leaves them for later."
            if calls
            else NONE_LEFT
        )
        self.query_one("#finish-status", Static).update(Text(status))
        self.refresh_bindings()
        self._describe()

    @on(DataTable.RowHighlighted, "#finish-table")
    def _describe(self) -> None:
        """The highlighted call whole under the table: its row may be cut to fit."""
        table = self.query_one("#finish-table", DataTable)
        calls = self.calls
        line = call_in_full(calls[table.cursor_row]) if table.cursor_row < len(calls) else ""
        self.query_one("#finish-detail", Static).update(printable_text(line))

    def action_later(self) -> None:
        # Dismissed, not popped: whoever opened the list hears it is closed (the lookup
        # gets ready for the next caller: app.action_calls_to_finish).
        self.dismiss()

    def action_wrap_up(self) -> None:
        table = self.query_one("#finish-table", DataTable)
        if not self.calls or table.cursor_row >= len(self.calls) or self._opening:
            return
        self._opening = True  # a second Enter, read before the wrap-up opens, opens none
        self._open(self.calls[table.cursor_row].interaction_id)

    @work(thread=True, exclusive=True, group="open-wrap-up", exit_on_error=False)
    def _open(self, interaction_id: int) -> None:
        """The call as it stands now, its wrap-up's opening recorded (a supervisor about to
        close it is told the handler has it open)."""
        services = self.custinfo.services()
        result = attempt(
            "open the wrap-up", services.open_call_to_finish, self.actor, interaction_id
        )
        finished = isinstance(result.refusal, CallFinished)
        if not finished:
            tell_handler(self, result)
        said = result.error if finished else None
        self.post_message(self.Opened(interaction_id, result.value, said))

    @on(Opened)
    def _opened(self, opened: Opened) -> None:
        self._opening = False
        if opened.call is None:  # the handler was told why
            if opened.finished is not None:  # no longer to finish: the list says so
                self.custinfo.wrap_up_drafts.drop(opened.interaction_id)
                self.notify(opened.finished, severity="warning", markup=False)
                self.reload()
            return
        call, capture = opened.call, self.custinfo.services().capture
        # What was typed when it was left for later here, given back to carry on with.
        draft = self.custinfo.wrap_up_drafts.take(self.actor, call.interaction_id)
        self.app.push_screen(
            WrapUpScreen(self.actor, call, capture.enquiry_types, capture.outcomes, draft=draft),
            lambda saved: self._wrapped(call.interaction_id, saved),
        )

    def _wrapped(self, interaction_id: int, saved: bool | None) -> None:
        if saved:
            self._after_wrap_up = True
            self.reload()
        elif saved is False:  # Later: the wrap-up is closed, and waits here
            self._left(interaction_id)

    @work(thread=True, group="wrap-up-left", exit_on_error=False)
    def _left(self, interaction_id: int) -> None:
        """Record that the wrap-up was left for later: a supervisor's calls list says it
        waits for this handler, not that they may be typing it now."""
        services = self.custinfo.services()
        tell_handler(
            self,
            attempt(
                "leave the wrap-up for later", services.leave_wrap_up, self.actor, interaction_id
            ),
        )

    @work(thread=True, exclusive=True, group="calls-to-finish", exit_on_error=False)
    def reload(self) -> None:
        """Load the calls to finish again from the service."""
        result = attempt(
            "list the calls to finish", self.custinfo.services().calls_to_finish, self.actor
        )
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        after_wrap_up, self._after_wrap_up = self._after_wrap_up, False
        if after_wrap_up and not loaded.calls and loaded.error is None and self.is_active:
            # Nothing left to finish: back to the lookup, ready for the next caller (who
            # opened the list hears it closed, as after Escape).
            self.notify(NONE_LEFT, markup=False, timeout=4)
            self.dismiss()
            return
        self._show(loaded.calls, loaded.error)


def call_in_full(call: CallToFinish) -> str:
    """ "Phone call with John Smith (1001 2345 P), started 05 Dec 13:56, never ended;
    last activity 14:02. Caller verified to Standard; changed: Phone." """
    who = customer_in_words(call.customer_named)
    said = f"{call.channel.label} with {who}, started {call.started_at:%d %b %H:%M}"
    so_far = call.so_far
    if not call.still_open:
        state = "ended"
    elif so_far is not None and so_far.last_activity is not None:
        state = f"never ended; last activity {so_far.last_activity:%H:%M}"
    else:
        state = "never ended"
    happened = so_far.in_words() if so_far is not None else ""
    if so_far is not None and so_far.wrap_up_unsaved_at is not None:
        happened += f" {wrap_up_lost(so_far.wrap_up_unsaved_at)}"
    return f"{said}, {state}." + (f" {happened.strip()}" if happened else "")


def wrap_up_lost(opened_at: datetime) -> str:
    """Said of a call whose wrap-up was opened and never saved, at a console no longer on
    it: nothing of a wrap-up is stored before its save, so a handler expecting their notes
    back after a crash finds an empty form, and is told so first."""
    return (
        f"Its wrap-up was opened at {opened_at:%H:%M} and never saved: anything typed in it "
        "was lost."
    )


def _customer_cell(call: CallToFinish) -> str:
    """The Customer column: the name, or for a call about no record what it was."""
    if call.customer_reference is None:
        return NEW_CUSTOMER_NOT_SAVED
    return call.customer_name or ""
