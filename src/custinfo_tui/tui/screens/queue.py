"""The supervisor queue: every kind of item (`QueueKind`), or one kind at a time (F3),
most urgent first (`QUEUE_ORDER`); the line over the table counts every item, and says
when only the first are listed.

Possible fraud (MP-08): a supervisor reads the item, checks with the customer by a safe
route (a branch visit with photo ID, a letter to the address on file), then lifts the
lock with a reason, or closes the item and leaves the lock in place.

Discrepancy (MP-14): a supervisor reads the report, then opens the record to correct it
through the normal edit (reason "Discrepancy report", read back), or rejects it with a
reason (screens/discrepancy.py).

Disclosure request (MP-17): a supervisor other than the handler who recorded it approves
or refuses it with a reason, then releases an approved one (screens/disclosure_decision.py).

Calls to finish (MP-18): the line under the items counts each operator's calls left
without a wrap-up; F6 lists them, to close one its handler cannot
(screens/unfinished_calls.py).

Complaints due (MP-19): their own table under the items (screens/queue_complaints.py,
this screen's base, under screens/queue_discrepancies.py, which decides discrepancy
items).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.disclosures import Disclosure
from custinfo_tui.domain.interactions import QueueItem, QueueKind, QueuePage
from custinfo_tui.domain.merging import MergeDone
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import OpenWrapUps
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.disclosure_decision import work_disclosure
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.queue_discrepancies import QueueDiscrepanciesPage
from custinfo_tui.tui.screens.queue_keys import QUEUE_KEYS, key_applies
from custinfo_tui.tui.screens.queue_lines import (
    KIND_FILTERS,
    describe_item,
    kind_filter_label,
    status_line,
)
from custinfo_tui.tui.screens.resolve_item import (
    LIFT,
    Resolution,
    ResolveItemScreen,
    closed_message,
)
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.complaints_table import (
    ComplaintsDueTable,
)
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized


class QueueItemsTable(DataTable[object]):
    """The queue's items: Enter works the highlighted one (shown in the footer, which a
    plain table's Enter is not)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Work",
            tooltip="Work the highlighted item: read it, then resolve, decide or merge",
        )
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":  # an empty queue has no item to work
            return self.row_count > 0
        return super().check_action(action, parameters)


#: The queue table's columns.
QUEUE_COLUMNS = ("Raised", "Kind", "Reference", "Channel", "By", "Lock")
#: Cut with an ellipsis to fit 80 columns (the line under the table names who raised the
#: highlighted item whole): a long username had pushed Lock off the screen.
QUEUE_GIVES_WAY = ("By",)


class QueueScreen(QueueDiscrepanciesPage):
    """The load worker posts `Loaded`."""

    class Loaded(Message):
        """The queue's first items and its counts, or why they could not be loaded."""

        def __init__(self, page: QueuePage | None, error: str | None) -> None:
            super().__init__()
            self.page = page
            self.error = error

    class WrapUpsCounted(Message):
        """How many interactions each operator has not wrapped up (MP-18)."""

        def __init__(self, counts: list[OpenWrapUps], error: str | None) -> None:
            super().__init__()
            self.counts = counts
            self.error = error

    BINDINGS = QUEUE_KEYS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(self, action)

    @property
    def in_complaints(self) -> bool:
        """The complaints table has the focus (its keys take the footer's room)."""
        return isinstance(self.focused, ComplaintsDueTable)

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.items: list[QueueItem] = []
        #: The kind shown, or None for every kind (F3 steps through KIND_FILTERS).
        self.kind: QueueKind | None = None
        self._reload_on_resume = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Supervisor queue: open items, most urgent first.", id="queue-status")
        yield QueueItemsTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="queue-summary")
        yield Static(id="supervisor-wrap-ups")
        yield Static("Complaints due", id="queue-complaints-status")
        yield ComplaintsDueTable(id="complaints-due-table")
        yield Static(id="complaints-due-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.add_columns(*QUEUE_COLUMNS)
        table.focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load()
        self._count_wrap_ups()
        self._load_complaints()

    def read_again(self) -> None:
        """After the idle lock (tui/read_again.py): the queue as of now, not as of before
        it, as F5 reads it."""
        self.action_refresh()

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
            each = ", ".join(
                f"{c.operator} {c.count}" + (f" ({c.not_ended} not ended)" if c.not_ended else "")
                for c in counted.counts
            )
            line = f"Calls to finish (no wrap-up yet): {each}. F6 lists them, to close one."
        else:
            line = "Calls to finish: none, every call is wrapped up."
        self.query_one("#supervisor-wrap-ups", Static).update(printable_text(line))

    # -- Kind filter ----------------------------------------------------------------------

    def action_next_kind(self) -> None:
        """Show the next kind of item (all, then each kind in `QUEUE_ORDER`, then all again)."""
        self.show_kind(KIND_FILTERS[(KIND_FILTERS.index(self.kind) + 1) % len(KIND_FILTERS)])

    def show_kind(self, kind: QueueKind | None) -> None:
        """Show only `kind`'s items (None: every kind), reloading the queue."""
        self.kind = kind
        self.query_one("#queue-status", Static).update(
            Text(f"Showing {kind_filter_label(kind)}: loading...")
        )
        self._load()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load(self) -> None:
        result = attempt(
            "load the queue", self.custinfo.services().queue_items, self.actor, self.kind
        )
        self.post_message(self.Loaded(result.value, result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        page, error = loaded.page, loaded.error
        items = page.items if page is not None else []
        self.items = items
        rows = [
            (
                str(item.id),
                (
                    Text(f"{item.raised_at:%d %b %H:%M}"),
                    printable_text(item.kind_label),
                    printable_text(item.customer_reference or "-"),
                    printable_text(item.channel or "-"),
                    printable_text(item.raised_by),
                    Text("kept" if item.lock_kept else "locked" if item.lock_active else "-"),
                ),
            )
            for item in items
        ]
        table = self.query_one("#queue-table", DataTable)
        fill_sized(table, QUEUE_COLUMNS, rows, keep_place=True, gives_way=QUEUE_GIVES_WAY)
        table.refresh_bindings()  # Work, for an item to work
        # The queue is read when opened and at F5, not as it changes: said when, so that
        # a supervisor knows how old a count is (another desk may have acted since).
        at = f"as of {datetime.now():%H:%M}"
        status = error or status_line(page, self.kind, at)
        self.query_one("#queue-status", Static).update(Text(status))
        self._summarise()

    @on(DataTable.RowHighlighted, "#queue-table")
    def _summarise(self) -> None:
        item = self._current()
        said = "" if item is None else describe_item(item)
        self.query_one("#queue-summary", Static).update(printable_text(said))

    def _current(self) -> QueueItem | None:
        table = self.query_one("#queue-table", DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    @on(DataTable.RowSelected, "#queue-table")
    def _item_chosen(self) -> None:
        if not self.is_active:  # a second Enter, read before the first opened its screen
            return
        item = self._current()
        if item is None:
            return
        if item.kind == QueueKind.POSSIBLE_DUPLICATE:
            self._open_possible_duplicate(item)
            return
        if item.kind == QueueKind.DISCREPANCY:
            self._load_discrepancy(item.id)
            return
        if item.kind == QueueKind.DISCLOSURE_REQUEST:
            self._load_disclosure(item.id)
            return
        self._resolve_item(item)

    def _resolve_item(self, item: QueueItem) -> None:
        def resolved(choice: Resolution | None) -> None:
            if choice is not None:
                self._resolve(item, choice)

        self.app.push_screen(ResolveItemScreen(item, self.actor), resolved)

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
                self._resolve(item, given)

        def chosen(choice: str | None) -> None:
            if choice == "merge":
                screen = MergeScreen(self.actor, existing_id, new_id, queue_item_id=item.id)
                self.app.push_screen(screen, merged)
            elif choice == "close":
                self.app.push_screen(ResolveItemScreen(item, self.actor), resolved)

        # The handler's own words, shown inert like every text the screen is given, on a
        # line of their own: a line break made printable would show as "␊".
        lines = [printable_text(item.summary)]
        if item.why_same:  # whoever asked for the merge: why they say one person
            lines.append(printable_text(f"Said to be the same person: {item.why_same}"))
        if item.why_different:
            lines.append(printable_text(f"Saved as different: {item.why_different}"))
        explain = Text("\n").join(lines)
        self.app.push_screen(
            ChoiceScreen(
                f"{item.kind_label}: {item.customer_reference or '-'}",
                explain,
                [
                    ("Compare and merge the two records", "merge"),
                    ("Close the item: they are different people", "close"),
                ],
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="resolve", exit_on_error=False)
    def _resolve(self, item: QueueItem, resolution: Resolution) -> None:
        how, reason = resolution.how, resolution.reason
        services = self.custinfo.services()
        if how == LIFT:
            result = attempt(
                "lift the lock", services.lift_verification_lock, self.actor, item.id, reason
            )
            done = "Lock lifted; the customer can be verified by phone again."
        else:
            result = attempt(
                "close the item", services.close_queue_item, self.actor, item.id, reason
            )
            done = closed_message(item)
        tell_handler(self, result, done=done)
        self._load()

    def on_screen_resume(self) -> None:
        """Back from a record opened to correct a report: the item may have closed, and a
        complaint may have been raised or moved on there; back from the calls to finish,
        some may have been closed."""
        if self._reload_on_resume:
            self._reload_on_resume = False
            self._load()
            self._load_complaints()
            self._count_wrap_ups()

    # -- Calls to finish (MP-18): every operator's, to close one (screens/unfinished_calls.py)

    def action_unfinished_calls(self) -> None:
        self._reload_on_resume = True
        self.app.push_screen(UnfinishedCallsScreen(self.actor))

    def action_unfinished_calls_unlisted(self) -> None:
        self.action_unfinished_calls()

    # -- Disclosure requests (MP-17): decided, then released (screens/disclosure_decision.py)

    class DisclosureLoaded(Message):
        """The request behind a disclosure item, for the supervisor to decide."""

        def __init__(self, disclosure: Disclosure) -> None:
            super().__init__()
            self.disclosure = disclosure

    @work(thread=True, exclusive=True, group="disclosure", exit_on_error=False)
    def _load_disclosure(self, item_id: int) -> None:
        result = attempt(
            "read the request", self.custinfo.services().disclosure_for_item, self.actor, item_id
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(self.DisclosureLoaded(result.value))

    @on(DisclosureLoaded)
    def _work_disclosure(self, loaded: DisclosureLoaded) -> None:
        work_disclosure(self, self.actor, loaded.disclosure, done=self._load)
