"""What moves with a merged record, as the merge screen says it (MP-13): history as history.

Found by a supervisor exploring the demo at 80x24: a verification lock lifted long ago and
a queue item closed were counted as "1 verification lock, 1 queue item", as if live; and
from the queue, "1 queue item" was the very possible-duplicate item the merge resolves.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.reference import EXAMPLE_REFERENCE, format_reference, normalise_reference
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, screen_text
from tests.support.second_record import second_john_smith
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_ID = 1


def _jon_locked_then_lifted(demo_settings: Settings) -> int:
    """ "Jon Smith" saved as a different person (a possible duplicate on the queue), then
    locked for possible fraud at the agent's desk and lifted by a supervisor: one lock
    lifted, one item closed. His id."""
    with console_uow_factory(demo_settings) as uow_factory:
        reference = second_john_smith(uow_factory)
        with uow_factory() as uow:
            jon = uow.customers.get_by_reference(normalise_reference(reference))
            assert jon is not None
            jon_id = jon.id
        agent, supervisor = (desk_for(uow_factory, name) for name in ("agent", "supervisor"))
        call = agent.start(jon_id).interaction_id
        agent.fail(call, times=3)
        agent.end(call)
        [fraud] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_FRAUD]
        supervisor.lift(fraud.id, "Photo ID seen in branch")
    return jon_id


async def test_a_lifted_lock_and_a_closed_item_move_as_history_not_as_live(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jon_id = _jon_locked_then_lifted(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter", "enter")  # the duplicate, "Compare and merge"
        assert isinstance(console.screen, MergeScreen)
        moving = region_text(console, "#merge-moving")
        assert "1 lifted lock" in moving and "1 closed queue item" in moving
        # Not a live lock, and not the possible-duplicate item this merge resolves.
        assert "verification lock" not in moving and "open queue item" not in moving
        assert "open duplicate item" not in moving
        assert "Locked for possible fraud" not in region_text(console, "#merge-warning")

        await press(pilot, "tab", *"Same man: letter from him says so", "ctrl+s")
        await press(pilot, "down", "enter")  # "Merge"
        assert isinstance(console.screen, QueueScreen)  # back where it started
        assert "The queue is empty" in screen_text(console)

    with console_database(demo_settings) as uow:
        assert uow.queue.active_lock(JOHN_ID) is None  # the lifted lock moved, still lifted
        assert uow.queue.list_open() == []  # the duplicate resolved by the merge, closed
        merged = uow.customers.get(jon_id)
        assert merged is not None and merged.merged_into_id == JOHN_ID


async def test_the_example_reference_to_merge_with_is_never_the_open_records_own(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found at 80x24: Jonathan Smythe's record open, Ctrl+E read "e.g. 1020 5429 F", his
    own reference, which the form then refuses (a record cannot be merged into itself)."""
    smythe = format_reference(NAMED_CUSTOMERS[4].reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("jonathan smythe")
        assert smythe in screen_text(console)
        await press(pilot, "ctrl+e")
        box = console.screen.query_one("#merge-reference", Input)
        assert box.placeholder == f"e.g. {EXAMPLE_REFERENCE}"
        [example] = [line for line in screen_text(console).splitlines() if "e.g. 1" in line]
        assert EXAMPLE_REFERENCE in example and smythe not in example
    with console_database(demo_settings) as uow:  # no record of the demo's has it
        assert uow.customers.get_by_reference(normalise_reference(EXAMPLE_REFERENCE)) is None
