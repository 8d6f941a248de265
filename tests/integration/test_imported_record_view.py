"""An imported customer's record says where it came from, and that a possible duplicate of
it waits on the supervisors' queue: read from the import's own tables and the queue, not
from an event per customer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services import queue
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.imported_duplicates import flag_imported_duplicates, import_same_people_again

JOHN_SMITH = 1
WHY = AccessReason(reason="Other (describe below)", detail="checking an import")


def test_an_imported_record_names_its_import_and_its_open_possible_duplicate(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: an imported record's timeline, and `custinfo audit show
    --customer`, said nothing of where the record came from."""
    flag_imported_duplicates(demo_uow_factory, tmp_path, 2)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    [item, _] = queue.open_items(demo_uow_factory(), supervisor, QueueKind.POSSIBLE_DUPLICATE)
    assert item.customer_id is not None and item.other_customer_id is not None
    today = f"{datetime.now(UTC):%d %b %Y}"

    second = open_record(demo_uow_factory(), supervisor, item.customer_id, WHY)
    first = open_record(demo_uow_factory(), supervisor, item.other_customer_id, WHY)
    demo = open_record(demo_uow_factory(), supervisor, JOHN_SMITH, WHY)

    # The oldest line of the timeline, where the record began (newest first above it).
    assert second.history[-1].what == (
        f"Imported from a legacy system (second-export.csv, import 2) on {today}"
    )
    assert first.history[-1].what == (
        f"Imported from a legacy system (first-export.csv, import 1) on {today}"
    )
    assert not any(e.what.startswith("Imported from") for e in demo.history)
    assert second.possible_duplicate_of == (first.reference,)
    assert demo.possible_duplicate_of == ()

    queue.close_item(demo_uow_factory(), supervisor, item.id, "two different people")
    again = open_record(demo_uow_factory(), supervisor, item.customer_id, WHY)
    assert again.possible_duplicate_of == ()
    assert again.history[-1].what.startswith("Imported from a legacy system (second-export")


def test_the_earlier_record_an_open_possible_duplicate_names_says_so_too(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found after the imported record named the item: the earlier record the item points
    at said nothing, so a handler on it could not tell a supervisor might merge it. Both
    records name each other until the item is closed, every open item counted."""
    flag_imported_duplicates(demo_uow_factory, tmp_path, 1)
    assert import_same_people_again(demo_uow_factory, tmp_path, 1, "Robbin") == 1
    supervisor = actor_for(demo_uow_factory, "supervisor")
    [item, later] = queue.open_items(demo_uow_factory(), supervisor, QueueKind.POSSIBLE_DUPLICATE)
    assert item.customer_id is not None and later.customer_id is not None
    assert item.other_customer_id is not None and later.other_customer_id == item.other_customer_id
    second = open_record(demo_uow_factory(), supervisor, item.customer_id, WHY)
    third = open_record(demo_uow_factory(), supervisor, later.customer_id, WHY)

    first = open_record(demo_uow_factory(), supervisor, item.other_customer_id, WHY)
    assert first.possible_duplicate_of == (second.reference, third.reference)
    assert third.possible_duplicate_of == (first.reference,)

    queue.close_item(demo_uow_factory(), supervisor, item.id, "two different people")
    first = open_record(demo_uow_factory(), supervisor, item.other_customer_id, WHY)
    second = open_record(demo_uow_factory(), supervisor, item.customer_id, WHY)
    assert first.possible_duplicate_of == (third.reference,)
    assert second.possible_duplicate_of == ()
