"""The supervisor queue: possible-fraud alerts after repeated failed verification (MP-08).

A supervisor reads the item, checks with the customer by a safe route (a branch visit with
photo ID, a letter to the address on file), then lifts the lock with a reason, or closes
the item and leaves the lock in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from custinfo_tui.domain.interactions import QueueItem, QueueKind
from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.merging import MergeDone
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import OpenWrapUps
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.bounded_input import BoundedInput, too_long_message

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

LIFT = "lift"
CLOSE = "close"


@dataclass(frozen=True, slots=True)
class Resolution:
    """How the supervisor resolves a queue item, and why (for the audit trail)."""

    #: LIFT the verification lock, or CLOSE the item keeping it.
    how: str
    reason: str


class QueueScreen(Screen[None]):
    """The load worker posts `Loaded`."""

    class Loaded(Message):
        """The open queue items, or why they could not be loaded."""

        def __init__(self, items: list[QueueItem], error: str | None) -> None:
            super().__init__()
            self.items = items
            self.error = error

    class WrapUpsCounted(Message):
        """How many interactions each operator has not wrapped up (MP-18)."""

        def __init__(self, counts: list[OpenWrapUps], error: str | None) -> None:
            super().__init__()
            self.counts = counts
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
        Binding("f5", "refresh", "Refresh", tooltip="Reload the queue", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.items: list[QueueItem] = []

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Supervisor queue: open items, oldest first.", id="queue-status")
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="queue-summary")
        yield Static(id="supervisor-wrap-ups")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.add_columns("Raised", "Kind", "Reference", "Channel", "By", "Lock")
        table.focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load()
        self._count_wrap_ups()

    @work(thread=True, exclusive=True, group="wrap-ups", exit_on_error=False)
    def _count_wrap_ups(self) -> None:
        result = attempt(
            "count the calls to finish", self.custinfo.services().open_wrap_ups, self.actor
        )
        self.post_message(self.WrapUpsCounted(result.value or [], result.error))

    @on(WrapUpsCounted)
    def _show_wrap_ups(self, counted: WrapUpsCounted) -> None:
        if counted.error is not None:
            line = counted.error
        elif counted.counts:
            each = ", ".join(f"{c.operator} {c.count}" for c in counted.counts)
            line = f"Calls to finish (no wrap-up yet): {each}"
        else:
            line = "Calls to finish: none, every call is wrapped up."
        self.query_one("#supervisor-wrap-ups", Static).update(printable_text(line))

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load(self) -> None:
        result = attempt("load the queue", self.custinfo.services().queue_items, self.actor)
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        items, error = loaded.items, loaded.error
        self.items = items
        table = self.query_one("#queue-table", DataTable)
        table.clear()
        for item in items:
            table.add_row(
                Text(f"{item.raised_at:%d %b %H:%M}"),
                printable_text(item.kind_label),
                printable_text(item.customer_reference or "-"),
                printable_text(item.channel or "-"),
                printable_text(item.raised_by),
                Text("locked" if item.lock_active else "-"),
                key=str(item.id),
            )
        status = error or (
            f"{len(items)} open {'item' if len(items) == 1 else 'items'}. "
            "Enter on an item to resolve it."
            if items
            else "The queue is empty."
        )
        self.query_one("#queue-status", Static).update(Text(status))
        self._summarise()

    @on(DataTable.RowHighlighted, "#queue-table")
    def _summarise(self) -> None:
        item = self._current()
        summary = printable_text(item.summary if item else "")
        self.query_one("#queue-summary", Static).update(summary)

    def _current(self) -> QueueItem | None:
        table = self.query_one("#queue-table", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    @on(DataTable.RowSelected, "#queue-table")
    def _item_chosen(self) -> None:
        item = self._current()
        if item is None:
            return
        if item.kind == QueueKind.POSSIBLE_DUPLICATE:
            self._open_possible_duplicate(item)
            return

        def resolved(choice: Resolution | None) -> None:
            if choice is not None:
                self._resolve(item.id, choice)

        self.app.push_screen(ResolveItemScreen(item), resolved)

    # -- Possible duplicates (MP-13): merged on their own screen --------------------------

    def _open_possible_duplicate(self, item: QueueItem) -> None:
        """Compare the two records side by side and merge them, or close the item when
        they are different people."""
        if item.customer_id is None or item.other_customer_id is None:
            return
        new_id, existing_id = item.customer_id, item.other_customer_id

        def merged(_done: MergeDone | None) -> None:
            self._load()

        def resolved(given: Resolution | None) -> None:
            if given is not None:
                self._resolve(item.id, given)

        def chosen(choice: str | None) -> None:
            if choice == "merge":
                screen = MergeScreen(self.actor, existing_id, new_id, queue_item_id=item.id)
                self.app.push_screen(screen, merged)
            elif choice == "close":
                self.app.push_screen(ResolveItemScreen(item), resolved)

        self.app.push_screen(
            ChoiceScreen(
                f"{item.kind_label}: {item.customer_reference or '-'}",
                item.summary,
                [
                    ("Compare and merge the two records", "merge"),
                    ("Close the item: they are different people", "close"),
                ],
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="resolve", exit_on_error=False)
    def _resolve(self, item_id: int, resolution: Resolution) -> None:
        how, reason = resolution.how, resolution.reason
        services = self.custinfo.services()
        if how == LIFT:
            result = attempt(
                "lift the lock", services.lift_verification_lock, self.actor, item_id, reason
            )
            done = "Lock lifted; the customer can be verified by phone again."
        else:
            result = attempt(
                "close the item", services.close_queue_item, self.actor, item_id, reason
            )
            done = "Item closed."
        tell_handler(self, result, done=done)
        self._load()


class ResolveItemScreen(ModalScreen[Resolution | None]):
    """Lift the lock (or close the item keeping it), with the reason for the audit trail."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without changing anything"),
        Binding("ctrl+l", "lift", "Lift lock", tooltip="Lift the verification lock"),
        Binding("ctrl+n", "close_item", "Close, keep lock", tooltip="Close, lock stays"),
    ]

    def __init__(self, item: QueueItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="choice-box"):
            yield Static(
                printable_text(f"{self.item.kind_label}: {self.item.customer_reference or '-'}"),
                classes="choice-title",
            )
            yield Static(printable_text(self.item.summary), classes="choice-explain")
            yield Label("Reason (recorded on the audit trail)", classes="field-label")
            yield BoundedInput(
                id="resolve-reason",
                limit=MAX_REASON_LENGTH,
                placeholder="e.g. ID seen in branch",
                free_text=True,
            )
            yield Static("", id="resolve-message", classes="error")
            with Horizontal(classes="button-row"):
                yield Button(
                    "Lift lock",
                    id="resolve-lift",
                    variant="warning",
                    disabled=not self.item.lock_active,
                )
                yield Button("Close, keep lock", id="resolve-close")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#resolve-reason", Input).focus()

    def _reason(self) -> str | None:
        reason = self.query_one("#resolve-reason", BoundedInput).settled_value().strip()
        if not reason:
            self.query_one("#resolve-message", Static).update("Give a reason first.")
            self.query_one("#resolve-reason", Input).focus()
            return None
        if len(reason) > MAX_REASON_LENGTH:
            self.query_one("#resolve-message", Static).update(
                too_long_message("The reason", len(reason), MAX_REASON_LENGTH)
            )
            return None
        return reason

    @on(Button.Pressed, "#resolve-lift")
    def action_lift(self) -> None:
        if not self.item.lock_active:
            self.query_one("#resolve-message", Static).update("There is no active lock to lift.")
            return
        if reason := self._reason():
            self.dismiss(Resolution(LIFT, reason))

    @on(Button.Pressed, "#resolve-close")
    def action_close_item(self) -> None:
        if reason := self._reason():
            self.dismiss(Resolution(CLOSE, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
