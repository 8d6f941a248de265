"""The line over the lookup's search box: who is logged in, and for a supervisor how much
waits on the queue (MP-08, MP-14, MP-17).

Nothing told a supervisor that work was waiting: after logging in the lookup showed only
"^g Queue" in its footer, and a possible-fraud item, where a caller may be waiting, sat
unseen. The line now says "Queue: 3 open, 1 possible fraud (Ctrl+G)", read on mount and
every `POLL_SECONDS` after and on coming back to the lookup (counts only: no customer is
named, so the reading is not audited, as the queue's own is), on the line the name was
on already, so nothing moves at 80x24.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.widgets import Static

from custinfo_tui.domain.interactions import QueueCounts
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.service_calls import attempt

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: How often the queue's counts are read again: a modest interval, for counts that change
#: when a handler's call locks a record or raises a report.
POLL_SECONDS = 15.0


def queue_words(counts: QueueCounts) -> Text:
    """ "Queue: 3 open, 1 possible fraud (Ctrl+G)", the fraud in bold: a caller may be
    waiting on it. With no item open but a lock kept after closing, "Queue: 1 kept lock to
    lift (Ctrl+G)": it had said "Queue: nothing open" while the queue itself listed the
    lock to lift. With items open the kept locks are not counted here (the line would not
    fit 80 columns): the queue's own line counts them."""
    if not counts.open:
        return _kept_words(counts.kept)
    words = Text(f"Queue: {counts.open} open")
    if counts.fraud:
        words.append(", ")
        words.append(f"{counts.fraud} possible fraud", style="bold")
    words.append(" (Ctrl+G)")
    return words


def _kept_words(kept: int) -> Text:
    """The queue with nothing open: its kept locks, to lift, or nothing at all."""
    if not kept:
        return Text("Queue: nothing open")
    locks = "lock" if kept == 1 else "locks"
    return Text(f"Queue: {kept} kept {locks} to lift (Ctrl+G)")


class OperatorLine(Static):
    """ "Sam Supervisor - Supervisor | Queue: 3 open, 1 possible fraud (Ctrl+G)"; the name and
    role alone for a role without the queue."""

    def __init__(self, actor: Actor, *, queue: bool, id: str | None = None) -> None:
        super().__init__(self._who(actor), id=id)
        self.actor = actor
        self.queue = queue
        #: What the last reading said, for tests and the palette's reader.
        self.counts: QueueCounts | None = None

    @staticmethod
    def _who(actor: Actor) -> Text:
        return printable_text(f"{actor.display_name} - {actor.role.label}")

    def on_mount(self) -> None:
        if self.queue:
            self.read_counts()
            self.set_interval(POLL_SECONDS, self.read_counts, name="queue-counts")
            # Read again on coming back to its screen: from the queue, items worked there.
            self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen: object) -> None:
        if screen is self.screen:
            self.read_counts()

    @work(thread=True, exclusive=True, group="queue-counts", exit_on_error=False)
    def read_counts(self) -> None:
        services = cast("CustinfoApp", self.app).services()
        result = attempt("count the queue", services.queue_counts, self.actor)
        if result.value is not None:
            self.app.call_from_thread(self._show, result.value)

    def _show(self, counts: QueueCounts) -> None:
        self.counts = counts
        self.update(Text(" | ").join([self._who(self.actor), queue_words(counts)]))
