"""The line over the supervisor queue counts in the console's number format."""

from __future__ import annotations

from custinfo_tui.domain.interactions import QueuePage
from custinfo_tui.tui.screens.queue_lines import queue_status


def test_an_imports_hundreds_of_thousands_of_items_are_counted_with_separators() -> None:
    """Found trying the import: after a big import the queue said "205051 open items ...
    first 200 of 205051"."""
    page = QueuePage(items=[], open_total=205_051, kept_total=1_200)

    status = queue_status(page, "all kinds", "as of 10:00")

    assert status.startswith(
        "205,051 open items, and 1,200 locks kept after closing (all kinds), as of 10:00, "
        "showing the first 0 of 206,251, most urgent first."
    )


def test_with_only_kept_locks_left_it_says_no_open_items_and_how_to_lift_one() -> None:
    """Found on a supervisor's first day: "0 open items, and 1 lock kept after closing ...
    Enter on an item to resolve it." over a queue whose one row was a lock to lift."""
    page = QueuePage(items=[], open_total=0, kept_total=1)

    status = queue_status(page, "all kinds", "as of 10:00")

    assert status.startswith("No open items, and 1 lock kept after closing (all kinds), ")
    assert status.endswith(". Enter on a kept lock to lift it.")
