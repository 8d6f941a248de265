"""Every operator's calls to finish, for supervisors (MP-18): close one its handler cannot.

Opened from the supervisor queue (F6). Each row shows what the handler's own calls to
finish show (when, the channel, the customer's reference as the lookup shows it, whether
it ever ended), whose call it is and how long it has waited; the line under the table says
what the call's console last did, whether its handler has logged in again since, and
whether they have its wrap-up open. `Enter` closes the highlighted call with a reason
(services/closing_calls.py): the reason box says first, in red, that the handler may be
typing its wrap-up, or that a call whose console acted lately may still be going on there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import UnfinishedCall, customer_in_words, open_work_in_words
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The table's columns.
UNFINISHED_COLUMNS = ("Started", "Channel", "Customer", "Operator", "State", "Waiting")
#: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table says
#: the highlighted call whole): a long username, or a reference with the record merged
#: into it, had pushed State and Waiting off the screen.
UNFINISHED_GIVES_WAY = ("Operator", "Customer")
#: The Customer cell of a new customer's call, never saved: "new customer, not saved" did
#: not fit beside the other columns at 80 (it read "new customer, no…"); under the heading
#: Customer, this says the same.
NEW_NOT_SAVED = "new, not saved"


def waiting(since: datetime, now: datetime) -> str:
    """How long ago, in the largest whole unit: "4 min", "3 h", "2 days"."""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def state_of(call: UnfinishedCall) -> str:
    """The call's state in the table: its wrap-up perhaps being typed, ended, its desk
    perhaps in use, its handler back at another console, or never ended."""
    if call.wrap_up_open:
        return "wrapping up?"
    if not call.still_open:
        return "ended"
    if call.desk_in_use:
        return "desk in use?"
    return "handler back" if call.handler_back_at is not None else "never ended"


def ago(since: datetime, now: datetime) -> str:
    """ "4 min ago", "3 h ago"; "just now" within the minute, which read "0 min ago"."""
    if now - since < timedelta(minutes=1):
        return "just now"
    return f"{waiting(since, now)} ago"


def _at(when: datetime, now: datetime) -> str:
    """ "10:31 (4 min ago)", "10:31 (just now)" """
    return f"{when:%H:%M} ({ago(when, now)})"


def call_in_words(call: UnfinishedCall) -> str:
    """ "agent's phone call with 1001 2345 P" ("... with a new customer (not saved)")"""
    who = customer_in_words(call.customer_shown)
    return f"{call.operator}'s {call.channel.label.lower()} with {who}"


def desk_in_words(call: UnfinishedCall, now: datetime) -> str:
    """What the call's console last did, for a call never ended."""
    if call.desk_active_at is None:
        return "Its console has logged out, or is not known."
    at = _at(call.desk_active_at, now)
    if call.desk_in_use:
        return f"Its console recorded an action at {at}: the call may still be going on there."
    if call.handler_back_at is not None:
        return f"Its console last recorded an action at {at}."
    return f"Its console has been quiet since {at}."


def handler_in_words(call: UnfinishedCall, now: datetime) -> list[str]:
    """What the handler has done since, from the event stream: opened the call's wrap-up
    (they may be typing it now) or left it for later, logged in again at another console."""
    said = []
    if call.wrap_up_opened_at is not None:
        said.append(
            f"{call.operator} opened its wrap-up at {_at(call.wrap_up_opened_at, now)} and "
            "may be typing it now."
        )
    elif call.wrap_up_left_at is not None:
        said.append(
            f"{call.operator} left its wrap-up for later at {_at(call.wrap_up_left_at, now)}: "
            "it waits for their wrap-up in their calls to finish."
        )
    if call.handler_back_at is not None:
        said.append(
            f"{call.operator} logged in again at {_at(call.handler_back_at, now)}: they can "
            "finish it from their calls to finish."
        )
    return said


def detail(call: UnfinishedCall, now: datetime) -> str:
    """The highlighted call in full, under the table."""
    started = f"started {call.started_at:%d %b %H:%M} ({ago(call.started_at, now)})"
    if call.ended_at is not None:
        line = f"{call_in_words(call)}, {started}, ended {call.ended_at:%H:%M} without a wrap-up."
    else:
        line = f"{call_in_words(call)}, {started}, never ended. {desk_in_words(call, now)}"
    return " ".join([line, *handler_in_words(call, now)])


class UnfinishedCallsScreen(Page[None]):
    """The load worker posts `Loaded`."""

    class Loaded(Message):
        """Every operator's calls to finish, or why they could not be loaded."""

        def __init__(self, calls: list[UnfinishedCall], error: str | None) -> None:
            super().__init__()
            self.calls = calls
            self.error = error

    BINDINGS = [
        # A priority binding: the table would take Enter itself and hide the key's name.
        Binding(
            "enter",
            "close_call",
            "Close call",
            tooltip="Close the highlighted call, with your reason",
            id="close",
            priority=True,
        ),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the queue", id="back"),
        Binding("f5", "refresh", "Refresh", tooltip="Load the calls again", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.calls: list[UnfinishedCall] = []

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Calls to finish, every operator: loading...", id="unfinished-status")
        yield ChoiceTable(id="unfinished-table")
        yield Static(id="unfinished-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#unfinished-table", DataTable)
        table.add_columns(*UNFINISHED_COLUMNS)
        table.focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_call":
            return bool(self.calls)
        return True

    def action_refresh(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="unfinished-calls", exit_on_error=False)
    def _load(self) -> None:
        result = attempt(
            "list the calls to finish", self.custinfo.services().unfinished_calls, self.actor
        )
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.calls = loaded.calls
        now = datetime.now(UTC)
        rows = [
            (
                str(call.interaction_id),
                (
                    Text(f"{call.started_at:%d %b %H:%M}"),
                    Text(call.channel.label),
                    printable_text(call.customer_shown or NEW_NOT_SAVED),
                    printable_text(call.operator),
                    Text(state_of(call)),
                    Text(waiting(call.started_at, now)),
                ),
            )
            for call in loaded.calls
        ]
        table = self.query_one("#unfinished-table", DataTable)
        fill_sized(table, UNFINISHED_COLUMNS, rows, keep_place=True, gives_way=UNFINISHED_GIVES_WAY)
        count = len(loaded.calls)
        status = loaded.error or (
            f"Calls to finish, every operator: {count} without a wrap-up, oldest first. "
            "Enter closes the highlighted one, with your reason."
            if count
            else "Calls to finish: none, every call is wrapped up."
        )
        self.query_one("#unfinished-status", Static).update(Text(status))
        self.refresh_bindings()
        self._describe()

    @on(DataTable.RowHighlighted, "#unfinished-table")
    def _describe(self) -> None:
        call = self._current()
        line = detail(call, datetime.now(UTC)) if call else ""
        self.query_one("#unfinished-detail", Static).update(printable_text(line))

    def _current(self) -> UnfinishedCall | None:
        table = self.query_one("#unfinished-table", DataTable)
        if not self.calls or table.cursor_row >= len(self.calls):
            return None
        return self.calls[table.cursor_row]

    def action_close_call(self) -> None:
        call = self._current()
        if call is None or not self.is_active:  # a second Enter, read before the first
            return

        def given(reason: str | None) -> None:
            if reason is not None:
                self._close(call, reason)

        now = datetime.now(UTC)
        self.app.push_screen(
            ReasonScreen(
                f"Close {call_in_words(call)}",
                _what_closing_does(call, now),
                "Why close it? (Enter closes it)",
                "Give the reason in a few words, for example: handler off sick, console "
                "closed mid-call.",
                warning=_wrap_up_warning(call, now),
                key="Close call",
            ),
            given,
        )

    @work(thread=True, exclusive=True, group="close-call", exit_on_error=False)
    def _close(self, call: UnfinishedCall, reason: str) -> None:
        result = attempt(
            "close the call",
            self.custinfo.services().close_call,
            self.actor,
            call.interaction_id,
            reason,
            desk_in_use_confirmed=call.desk_in_use,
            wrap_up_open_confirmed=call.wrap_up_open,
        )
        tell_handler(self, result, done=f"Call closed: {call_in_words(call)}.")
        self._load()


def _what_closing_does(call: UnfinishedCall, now: datetime) -> str:
    """The reason box's explanation: what closing does, and first, for a call whose
    console acted lately, that it may still be going on; and that its handler is back."""
    ends = "wraps it up" if not call.still_open else "ends it and wraps it up"
    first = ""
    if call.desk_in_use:
        first, ends = f"{desk_in_words(call, now)} ", "ends it there too and wraps it up"
    back = ""
    if call.handler_back_at is not None:
        back = (
            f" {call.operator} logged in again at {_at(call.handler_back_at, now)}: they "
            "can finish it from their calls to finish."
        )
    raised = open_work_in_words(call.open_work)
    left_open = (
        f" Raised in it and still open: {raised}. Closing the call leaves them open."
        if raised
        else ""
    )
    return (
        f"{first}Closing it {ends} as closed by a supervisor, with your reason on the audit "
        f"trail and told to {call.operator}; it leaves their calls to finish.{back}{left_open}"
    )


def _wrap_up_warning(call: UnfinishedCall, now: datetime) -> str | None:
    """Said first in the reason box, in red, when the handler has the call's wrap-up open,
    or is logged in and at work now (unless at the call's own desk, which the explanation
    says is perhaps still in the call): they may be about to finish it themselves."""
    if call.wrap_up_opened_at is not None:
        return (
            f"{call.operator} opened this call's wrap-up at {_at(call.wrap_up_opened_at, now)} "
            "and may be typing it now: closing the call throws away what they typed. Ask "
            "them first if you can."
        )
    if call.handler_active_at is not None and not call.desk_in_use:  # that says it already
        return (
            f"{call.operator} is logged in and did something at "
            f"{_at(call.handler_active_at, now)}: they may be about to finish it. Ask them "
            "first if you can."
        )
    return None
