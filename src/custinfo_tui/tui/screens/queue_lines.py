"""What the supervisor queue says in words: the line over its table (how many items, as of
when), the line under it (the highlighted item), and the kinds its filter (F3) steps
through, in the order the queue lists them (`QUEUE_ORDER`). Kept apart from the screen
(screens/queue.py), which puts them on the screen.
"""

from __future__ import annotations

from custinfo_tui.domain.interactions import QUEUE_ORDER, QueueItem, QueueKind, QueuePage

#: What F3 steps through: every kind (None), then each kind on its own, most urgent
#: first, as the queue lists them.
KIND_FILTERS: tuple[QueueKind | None, ...] = (None, *QUEUE_ORDER)


def kind_filter_label(kind: QueueKind | None) -> str:
    """The filter in words: "all kinds", or the kind's label."""
    return "all kinds" if kind is None else kind.label


def describe_item(item: QueueItem) -> str:
    """The line under the table: what the item is about, or how its lock was kept, which
    record a report was made on when merged since, and who raised it (their username
    whole, however narrow the By column)."""
    about = item.lock_kept or item.summary
    ends = "" if about.endswith((".", "?", "!")) else "."
    lift = " Enter to lift it." if item.lock_kept else ""
    merged = f" {item.merged_since}" if item.merged_since else ""
    return f"{about}{ends}{merged} Raised by {item.raised_by}.{lift}"


def queue_status(page: QueuePage, shown: str, at: str) -> str:
    """The line over the table: how many items there are in all, the kept locks among
    them, and, when only the first are listed, how many of them. With only kept locks
    listed it says so, and that Enter lifts one ("0 open items ... Enter on an item to
    resolve it" read as if something were left to resolve)."""
    opened, kept = page.open_total, page.kept_total
    locks = "lock" if kept == 1 else "locks"
    still = f", and {kept:,} {locks} kept after closing" if kept else ""
    first = (
        f", showing the first {len(page.items):,} of {page.total:,}, most urgent first"
        if page.partial
        else ""
    )
    count = f"{opened:,} open {'item' if opened == 1 else 'items'}" if opened else "No open items"
    act = "Enter on an item to resolve it." if opened else "Enter on a kept lock to lift it."
    return f"{count}{still} ({shown}), {at}{first}. {act}"


def status_line(page: QueuePage | None, kind: QueueKind | None, at: str) -> str:
    """The line over the table for `kind` (None: every kind), read `at` ("as of 10:02")."""
    shown = kind_filter_label(kind)
    if page is not None and page.total:
        status = queue_status(page, shown, at)
    elif kind is None:
        status = f"The queue is empty, {at}."
    else:
        status = f"No open items ({shown}), {at}."
    if kind is QueueKind.COMPLAINT_FOLLOW_UP:
        # Complaints move through several stages, so they have their own table.
        status += " Complaints to answer or follow up are in the table below: F4."
    return status
