"""Merging two records on the real console (MP-13), driven by keys.

A supervisor opens John Smith's record, merges Jonathan Smythe's into it keeping John's
name and Jonathan's phone; the record then shows the merged values and the merge on its
timeline, the audit trail holds it, and the lookup finds John through Jonathan's name.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.merging import MergeSide
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.services import queue
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.resolve_item import ResolveItemScreen
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.merge_table import MergeTable
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    typed_in_one_go,
    until,
    words,
)
from tests.support.second_record import JON_SMITH, saved_as_different, second_john_smith
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN, JONATHAN = NAMED_CUSTOMERS[0], NAMED_CUSTOMERS[4]
JOHN_ID, JONATHAN_ID = 1, 5
#: The merge screen's rows, in the field registry's order.
PHONE_ROW = 3
#: Why the supervisor opens the other record (MP-09), asked with its reference.
WHY = "Same birthday on a letter, new phone"


def compare_with(reference: str, why: str = WHY) -> tuple[str, ...]:
    """The keys that ask, from a record, to compare it with the record `reference`
    (Ctrl+E): its reference, Enter, why it is opened, Enter."""
    return ("ctrl+e", *reference, "enter", *why, "enter")


async def _john_beside_jonathan(page: ConsolePage) -> MergeScreen:
    """The supervisor logged in, John Smith's record opened outside a call, Jonathan
    Smythe's typed in to compare with it (with a reason): the merge screen."""
    await page.log_in(SUPERVISOR)
    await page.open_back_office("john smith")
    await press(page.pilot, *compare_with(format_reference(JONATHAN.reference)))
    merge = page.pilot.app.screen
    assert isinstance(merge, MergeScreen)
    return merge


async def test_a_supervisor_merges_two_records_choosing_a_field_from_each_side(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jonathan = format_reference(JONATHAN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _john_beside_jonathan(page)
        shown = screen_text(console)
        assert "Jonathan" in shown and "Smythe" in shown and "21 High Street" in shown

        # Names stay John's (left); the phone is Jonathan's (right).
        await press(pilot, *["down"] * PHONE_ROW, "right")
        await press(pilot, "tab", *"Same man: moved from Bristol, new phone", "ctrl+s")
        assert f"Merge {jonathan} into" in screen_text(console)
        await press(pilot, "enter")  # the highlighted answer is "Go back": nothing merged
        assert isinstance(console.screen, MergeScreen)
        await press(pilot, "ctrl+s", "down", "enter")
        # Two names and two dates of birth: asked again, naming it, before merging.
        assert "These look like two different people" in screen_text(console)
        await press(pilot, "down", "enter")

        record = console.screen
        assert isinstance(record, RecordScreen)
        assert record.record.value("phone") == "07700 900555"
        assert record.record.value("given_name") == "John"
        assert record.record.value("address_line1") == "12 Acacia Road"
        table = record.query_one("#history-table", DataTable)
        timeline = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert f"Merged: {jonathan} joined this record; kept from it: Phone" in timeline
        # The merged record's own event names it: not "Merged into" the record read.
        john = format_reference(JOHN.reference)
        assert f"{jonathan} merged into {john}" in timeline
        assert f"Merged into {john}" not in timeline

        await press(pilot, "escape", "escape", *"jonathan smythe")
        assert f"John Smith (merged from {jonathan})" in screen_text(console)

    with console_database(demo_settings) as uow:
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        assert merged.fields == ("phone",) and merged.details["merged"] == jonathan
        assert merged.reason == "Same man: moved from Bristol, new phone"
        other = uow.customers.get_by_reference(JONATHAN.reference)
        assert other is not None and other.status == CustomerStatus.MERGED


async def test_a_possible_duplicate_on_the_queue_opens_both_records_side_by_side(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    values = {
        "given_name": "John",
        "family_name": "Smith",
        "date_of_birth": "12/04/1980",
        "phone": "07700 900777",
        "address_line1": "3 Mill Lane",
        "town": "Bristol",
        "postcode": "BS1 4DJ",
    }
    with console_uow_factory(demo_settings) as uow_factory:
        twin = saved_as_different(uow_factory, values, "Says he is not the John Smith on file")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter")
        shown = screen_text(console)
        assert "Compare and merge the two records" in shown
        # What the handler said when saving him as someone else: the supervisor's choice.
        said = "Saved as different: Says he is not the John Smith on file"
        explained = region_text(console, ".choice-explain")
        assert said in " ".join(explained.split())
        # On a line of its own, not after a control picture ("same person.␊Saved as...").
        assert "\u240a" not in explained
        await press(pilot, "enter")

        assert isinstance(console.screen, MergeScreen)
        shown = screen_text(console)
        assert f"Merge {twin} (right) into {format_reference(JOHN.reference)}" in shown
        assert "12 Acacia Road" in shown
        assert "^s Merge" in shown.splitlines()[-1]
        # The handler's reason for saving a different person, to weigh before merging.
        moving = region_text(console, "#merge-moving")
        assert "Saved as different: Says he is not the John Smith on file" in moving
        # A line of its own, not a control picture ("1 queue item.␊Saved as different").
        [said] = [line for line in screen_text(console).splitlines() if "Saved as diff" in line]
        assert "\u240a" not in moving and "queue item" not in said

        # Restricted meanwhile: the screen says so whole, and offers no merge.
        await press(pilot, "escape")
        with console_uow_factory(demo_settings) as uow_factory:
            restrict_processing(uow_factory(), None, JOHN.reference, "Accuracy contested")
        await press(pilot, "enter", "enter")  # the item, then "Compare and merge"
        await settle(pilot)
        assert isinstance(console.screen, MergeScreen)
        shown = screen_words(console)
        assert "contact the data protection officer" in shown
        # Nothing to choose or give a reason for: the footer offers going back only.
        footer = screen_text(console).splitlines()[-1]
        assert "Back" in footer
        for offered in ("Merge", "Keep left", "Keep right", "Switch"):
            assert offered not in footer
        assert "Reason" not in shown


async def test_a_misread_reference_to_merge_is_said_on_the_form_which_keeps_it(
    console: CustinfoApp,
) -> None:
    """The reference was asked for in a reason box that closed on any answer: a misread
    check letter was said in passing and the reference had to be typed again."""
    jonathan = format_reference(JONATHAN.reference)
    misread = jonathan[:-1] + ("A" if jonathan[-1] != "A" else "B")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await press(pilot, "ctrl+e")
        # Finding the record merges nothing yet: its key says so (it read "^s Save").
        assert "^s Compare" in screen_text(console).splitlines()[-1]
        await press(pilot, *compare_with(misread)[1:])
        await settle(pilot)
        # As the lookup says it, offering the record one slip away: it said only "a digit
        # or the letter is wrong", leaving the supervisor to work out which.
        said = region_text(console, "#desk-form-message")
        assert said == (
            "That reference's check letter does not match: a digit or the letter is wrong. "
            f"Did you mean {jonathan}?"
        )
        assert misread in screen_text(console)  # still in its box, which has the focus
        assert console.screen.focused is console.screen.query_one("#merge-reference")
        await press(pilot, "backspace", jonathan[-1], "ctrl+s")
        assert isinstance(console.screen, MergeScreen)


async def test_the_records_own_reference_is_refused_on_the_form_which_keeps_it(
    console: CustinfoApp,
) -> None:
    """The record's own reference opened the merge screen, reading that a record cannot be
    merged into itself, with no way to choose the other one: its footer offered Left/Right
    and Switch, which did nothing, and its reason box took text."""
    john = format_reference(JOHN.reference)
    jonathan = format_reference(JONATHAN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await press(pilot, *compare_with(john))
        assert isinstance(console.screen, DeskFormScreen)
        shown = screen_words(console)
        assert "cannot be merged into itself: choose the other record" in shown
        assert john in screen_text(console)  # still in its box, to correct
        assert console.screen.focused is console.screen.query_one("#merge-reference")

        await press(pilot, *["backspace"] * len(john), *jonathan, "ctrl+s")
        assert isinstance(console.screen, MergeScreen)
        assert f"Merge {jonathan} (right) into {john} (left)" in screen_text(console)


async def test_sides_chosen_with_the_arrows_typed_in_one_go_land_on_their_own_rows(
    console: CustinfoApp,
) -> None:
    """Found typing fast: Right then Down together set the row below, so the value kept
    was not the one chosen (the choice was applied where the highlight had moved to)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        merge = await _john_beside_jonathan(page)
        assert merge.preview is not None
        typed_in_one_go(console, "right", "down", "right", "down", "down", "enter", "down")
        await settle(pilot)
        keys = [row.key for row in merge.preview.rows]
        kept = [merge.keep[key].value for key in keys[:5]]
        assert kept == ["right", "right", "left", "right", "left"]


async def test_a_reason_typed_at_the_table_goes_to_the_reason_box_and_switches_nothing(
    console: CustinfoApp,
) -> None:
    """Found by a tester: typing "Same person: ..." straight away landed on the table,
    where the space switched the highlighted row's side and the rest was lost."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        merge = await _john_beside_jonathan(page)
        assert merge.preview is not None
        before = dict(merge.keep)
        typed_in_one_go(console, *"Same person: same date of birth")
        await settle(pilot)
        reason = merge.query_one("#merge-reason", Input)
        assert reason.value == "Same person: same date of birth" and reason.has_focus
        assert merge.keep == before


async def test_a_possible_duplicate_closed_as_two_people_is_never_spoken_of_as_a_lock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: closing a possible duplicate offered "Lift lock / Close, keep
    lock", Ctrl+L said "There is no active lock to lift.", and Ctrl+N said the lock was kept
    and the item stayed on the queue; the item was gone and there never was a lock."""
    with console_uow_factory(demo_settings) as uow_factory:
        twin = second_john_smith(uow_factory)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter", "down", "enter")
        assert isinstance(console.screen, ResolveItemScreen)
        shown = screen_words(console)
        assert f"Possible duplicate: {twin}" in shown
        assert "keeps both records apart, as two different people" in shown
        assert "lock" not in shown.lower()
        assert "^n Close item" in screen_text(console).splitlines()[-1]

        await press(pilot, "ctrl+l")  # no lock to lift: the key does nothing here
        assert "lock" not in screen_text(console).lower()
        await press(pilot, *"Checked by letter: not the same person", "ctrl+n")
        assert isinstance(console.screen, QueueScreen)
        told = [n.message for n in console._notifications]
        assert "Item closed; the two records stay apart, as different people." in told
        assert not any("lock" in message for message in told)
        assert "The queue is empty, as of" in screen_text(console)

    with console_database(demo_settings) as uow:
        [closed] = uow.audit.list_recent(action=AuditAction.QUEUE_ITEM_CLOSED.value)
        assert closed.details["kind"] == "possible_duplicate"
        assert closed.reason == "Checked by letter: not the same person"
        item = uow.queue.get(closed.details["queue_item"])
        assert item is not None and item.status == "closed"
        assert uow.queue.lock_of(item.id) is None


async def test_escape_on_the_merge_screen_asks_before_losing_the_reason_and_the_sides(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: Escape went straight back to the record, the reason typed and
    the sides chosen lost without the "Leave...?" every other form asks."""
    jonathan = format_reference(JONATHAN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        merge = await _john_beside_jonathan(page)
        await press(pilot, *["down"] * PHONE_ROW, "right")
        await press(pilot, "tab", *"Same man: new phone", "escape")
        shown = screen_words(console)
        assert "Leave the merge?" in shown
        said = region_text(console, ".choice-explain")
        assert (
            "you lose: the reason typed for the merge and 1 field's value chosen from the "
            "right record (nothing is merged yet)" in said
        )
        await press(pilot, "enter")  # the highlighted answer: go back to it
        assert console.screen is merge
        assert merge.query_one("#merge-reason", Input).value == "Same man: new phone"
        assert merge.keep["phone"] is MergeSide.OTHER

        await press(pilot, "escape", "down", "enter")  # leave, and lose it
        assert isinstance(console.screen, RecordScreen)
        # Nothing typed or chosen: Escape goes straight back, as before.
        await press(pilot, *compare_with(jonathan))
        assert isinstance(console.screen, MergeScreen)
        await press(pilot, "escape")
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        assert uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value) == []
        other = uow.customers.get_by_reference(JONATHAN.reference)
        assert other is not None and other.status == CustomerStatus.ACTIVE


async def test_a_merge_without_a_reason_says_so_at_the_box_on_an_80x24_screen(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: Ctrl+S with no reason showed nothing at 80x24. From the queue the
    line of what moves wraps and the handler's reason has a line too, so the message line
    under the reason box was under the footer; the box itself says it now."""
    with console_uow_factory(demo_settings) as uow_factory:
        second_john_smith(uow_factory)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter", "enter")  # the item, "Compare and merge"
        merge = console.screen
        assert isinstance(merge, MergeScreen)
        assert "Saved as different: " in region_text(console, "#merge-moving")
        await press(pilot, "ctrl+s")
        assert console.screen is merge
        assert "Give the reason for merging first." in screen_text(console)
        reason = merge.query_one("#merge-reason", Input)
        assert reason.has_focus and reason.has_class("-problem")
        await press(pilot, *"Same man")
        assert not reason.has_class("-problem") and not reason.border_subtitle

    with console_database(demo_settings) as uow:
        assert uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value) == []


async def test_a_one_word_reason_for_a_merge_is_refused_at_the_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: "test" was accepted as the reason for a merge, which cannot be
    undone; every other reason a supervisor gives (lifting a lock, closing an item or a
    call) needs a few words."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        merge = await _john_beside_jonathan(page)
        await press(pilot, "tab", *"test", "ctrl+s")
        assert console.screen is merge  # no "Merge ...?" asked
        said = screen_words(console)
        assert "Give the reason for merging in a few words" in said
        reason = merge.query_one("#merge-reason", Input)
        assert reason.has_focus and reason.has_class("-problem") and reason.value == "test"

    with console_database(demo_settings) as uow:
        assert uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value) == []


async def test_the_merge_screen_from_the_queue_fits_80x24_with_every_value_and_key_in_sight(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found at 80x24: from the queue the line of what moves wraps and the handler's reason
    has a line of its own, so the screen was a line taller than the terminal: the line
    under the reason box was below the footer, and the screen scrolled, its scrollbar
    squeezing the footer. Every field's row, what moves, the handler's reason, the reason
    box and its line, and every key are in sight, and nothing scrolls."""
    with console_uow_factory(demo_settings) as uow_factory:
        second_john_smith(uow_factory)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter", "enter")  # the item, "Compare and merge"
        merge = console.screen
        assert isinstance(merge, MergeScreen) and merge.preview is not None
        assert merge.max_scroll_y == 0, "the screen is taller than the terminal"
        footer = merge.query_one(Footer).region
        assert footer.bottom == SIZE[1]
        for part in ("#merge-title", "#merge-table", "#merge-detail", "#merge-moving"):
            region = merge.query_one(part).region
            assert region.height and region.bottom <= footer.y, part
        for part in ("#merge-reason", "#merge-message"):
            region = merge.query_one(part).region
            assert region.height and region.bottom <= footer.y, part
        assert merge.query_one(MergeTable).max_scroll_y == 0, "a field's row is out of sight"
        shown = screen_text(console)
        assert all(row.label in shown for row in merge.preview.rows)
        said = words(shown)
        assert "Moves to the left record:" in said
        assert "queue item" not in said  # its only item is the duplicate the merge resolves
        assert "Saved as different: Says he has never been a customer" in said
        assert "Reason (recorded on the audit trail)" in said
        keys = shown.splitlines()[-1]
        for key in ("← Keep left", "→ Keep right", "space Switch", "^s Merge", "esc Back"):
            assert key in keys

        await press(pilot, "ctrl+s")  # no reason: said at the box and on the line under it
        said = screen_words(console)
        assert said.count("Give the reason for merging first.") == 2
        assert merge.max_scroll_y == 0


async def test_a_long_reason_from_the_handler_takes_rows_from_the_table_not_the_reason_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The handler's reason can run to 300 characters, five lines at 80 columns: the table
    then shows fewer rows and scrolls with the highlight, its scrollbar in sight, while the
    reason whole, the reason box, the line under it and the keys stay on the screen."""
    long_reason = ("Says he is not the John Smith on file, never lived in London. " * 5)[:300]
    with console_uow_factory(demo_settings) as uow_factory:
        saved_as_different(uow_factory, JON_SMITH, long_reason)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter", "enter")
        merge = console.screen
        assert isinstance(merge, MergeScreen) and merge.preview is not None
        assert merge.max_scroll_y == 0, "the screen is taller than the terminal"
        footer = merge.query_one(Footer).region
        for part in ("#merge-table", "#merge-moving", "#merge-reason", "#merge-message"):
            region = merge.query_one(part).region
            assert region.height and region.bottom <= footer.y, part
        table = merge.query_one(MergeTable)
        assert table.max_scroll_y > 0 and table.show_vertical_scrollbar
        said = screen_words(console)
        assert " ".join(f"Saved as different: {long_reason}".split()) in said
        assert "^s Merge" in screen_text(console).splitlines()[-1]

        last = merge.preview.rows[-1]
        await press(pilot, *["down"] * (len(merge.preview.rows) - 1))
        shown = screen_text(console)
        assert f"{last.label}, left:" in shown  # the lines under the table
        assert [line for line in shown.splitlines() if line.startswith(f" {last.label} ")]


async def test_ones_own_merge_reloads_the_record_once_and_says_no_other_desk_changed_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: after their own merge the console said "This record was changed
    at another desk", and the trail held two reloads in the same second, "Reloaded after
    another desk changed the record" and "Reloaded after merging a record into it": the
    timeline tab's own check found the merged version before the merge's reload showed it."""
    jonathan = format_reference(JONATHAN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _john_beside_jonathan(page)
        await press(pilot, "tab", *"Same man: one birthday, new phone", "ctrl+s", "down", "enter")
        await press(pilot, "down", "enter")  # "Merge anyway": the names and births differ
        await settle(pilot)
        record = console.screen
        assert isinstance(record, RecordScreen) and record.active_tab == "history"
        told = [n.message for n in console._notifications]
        assert f"Merged {jonathan} into {format_reference(JOHN.reference)}." in told
        assert not any("another desk" in message for message in told)

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(
            customer_id=1, action=AuditAction.CUSTOMER_VIEWED.value, limit=20
        )
        reloads = [event.reason for event in viewed if (event.reason or "").startswith("Reloaded")]
        assert reloads == ["Reloaded after merging a record into it"]


async def test_another_record_is_shown_for_a_merge_only_with_the_supervisors_reason(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: Ctrl+E, any reference, Ctrl+S showed that customer's whole record
    (date of birth, phone, e-mail, address) without asking why, and the trail recorded an
    automatic "Merging duplicate records" though nothing was merged. The reason is asked
    with the reference, before the other record is read, and the trail keeps it."""
    jonathan = format_reference(JONATHAN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await press(pilot, "ctrl+e", *jonathan, "ctrl+s")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        shown = screen_words(console)
        assert "Fill in: Your reason for opening it." in shown
        assert form.focused is form.query_one("#merge-why")
        for value in ("Smythe", "21 High Street", "Bristol", "900555", "1949"):
            assert value not in shown
        await press(pilot, *"dup", "ctrl+s")  # a word that says nothing on the trail
        assert console.screen is form
        shown = screen_words(console)
        assert "Say why you are opening the other record, in a few words" in shown

        # The word refused stays in sight, selected: the reason typed replaces it.
        await press(pilot, *"duplicate: same phone on a letter", "enter")
        assert isinstance(console.screen, MergeScreen)
        assert "Smythe" in screen_text(console)
        await press(pilot, "escape")
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value, limit=50)
        previews = [event for event in viewed if event.details.get("merge_preview")]
        assert {event.customer_id for event in previews} == {1, 5}
        why = "Merging duplicate records: duplicate: same phone on a letter"
        assert [event.reason for event in previews] == [why, why]
        # Jonathan's record was read for the merge only.
        assert [event.customer_id for event in viewed].count(5) == 1


def _locked_for_possible_fraud(
    demo_settings: Settings, customer_id: int, *, close_item: bool = True
) -> None:
    """Three wrong dates of birth at the agent's desk lock the customer's verification and
    raise a possible-fraud item, which a supervisor closes keeping the lock (unless
    `close_item` is False: then it is left open on the queue)."""
    with console_uow_factory(demo_settings) as uow_factory:
        agent, supervisor = (desk_for(uow_factory, name) for name in ("agent", "supervisor"))
        call = agent.start(customer_id).interaction_id
        agent.fail(call, times=3)
        agent.end(call)
        if not close_item:
            return
        [item] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_FRAUD]
        queue.close_item(
            uow_factory(), supervisor.actor, item.id, "Lock kept for the fraud team to look at"
        )


async def test_a_merge_of_two_people_or_of_a_locked_record_is_warned_of_and_asked_twice(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: merging a record locked for possible fraud into a plainly
    different person's (every field different) said only "1 verification lock" among what
    moves, took "test" as the reason, and the lock then stood on the innocent customer's
    record. The screen now says first that these look like two people and what becomes of
    the lock, and the merge is asked a second time, naming both, before it is done."""
    _locked_for_possible_fraud(demo_settings, JONATHAN_ID)
    john, jonathan = (format_reference(c.reference) for c in (JOHN, JONATHAN))
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        merge = await _john_beside_jonathan(page)
        warned = region_text(console, "#merge-warning")
        assert "These look like two different people" in warned
        assert f"Locked for possible fraud: {jonathan} (phone verification)" in warned
        assert f"The lock moves with it, so {john} cannot be verified by phone" in warned
        assert merge.query_one("#merge-reason").region.bottom <= SIZE[1] - 1  # all in sight

        await press(pilot, "tab", *"Same man: letter says so", "ctrl+s", "down", "enter")
        shown = screen_words(console)
        assert "Merge anyway?" in shown
        assert "These look like two different people" in shown and "lock moves" in shown
        await press(pilot, "enter")  # the highlighted answer: go back, nothing merged
        assert console.screen is merge
        await press(pilot, "ctrl+s", "down", "enter", "down", "enter")
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        assert merged.details["warnings"] == ["two_people", "merged_record_locked"]
        lock = uow.queue.active_lock(JOHN_ID)
        assert lock is not None and lock.channels == ["phone"]


async def test_two_locked_records_merged_are_one_item_on_the_queue_and_one_lift_unlocks(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the product: John Smith and Jonathan Smythe, both locked for possible
    fraud, merged: the queue listed John twice, and the supervisor who lifted his lock found
    him locked still. One lock stands on him now, one item on the queue, one lift."""
    for customer_id in (JOHN_ID, JONATHAN_ID):
        _locked_for_possible_fraud(demo_settings, customer_id, close_item=False)
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _john_beside_jonathan(page)
        warned = region_text(console, "#merge-warning")
        assert "It stays locked after the merge" in warned and "The lock moves" in warned
        await press(pilot, "tab", *"Same man: letter says so", "ctrl+s", "down", "enter")
        await press(pilot, "down", "enter")  # merge anyway
        assert isinstance(console.screen, RecordScreen)

        await press(pilot, "escape", "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        items = region_text(console, "#queue-table")
        assert items.count("Possible fraud") == 1 and items.count(john) == 1
        assert "1 open item" in screen_text(console)

        await press(pilot, "enter")
        await settle(pilot)
        # The checks that set the lock kept, filed under Jonathan's record merged into John's.
        shown = screen_text(console)
        assert "The failed checks:" in shown and shown.count("agent, phone call: ") == 3
        await press(pilot, *"Photo ID seen in branch", "ctrl+l")
        assert "The queue is empty, as of" in screen_text(console)

    with console_database(demo_settings) as uow:
        assert uow.queue.active_lock(JOHN_ID) is None
        [folded] = uow.audit.list_recent(action=AuditAction.VERIFICATION_LOCK_FOLDED.value)
        assert folded.customer_id == JOHN_ID and folded.details["item_closed"] is True


async def test_a_lock_set_after_the_comparison_stops_the_merge_until_it_is_shown(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The warnings are those the supervisor saw: a record locked for possible fraud since
    the two were compared is not merged on a confirmation given without it; the screen
    compares again, showing it, and keeps the sides chosen."""
    with console_uow_factory(demo_settings) as uow_factory:
        twin = saved_as_different(uow_factory, JON_SMITH, "Says he has never been a customer")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await press(pilot, *compare_with(twin))
        merge = console.screen
        assert isinstance(merge, MergeScreen) and not merge.preview.warnings
        assert not merge.query_one("#merge-warning").display
        await press(pilot, *["down"] * PHONE_ROW, "right", "tab", *"Same man, new phone")
        with console_database(demo_settings) as uow:
            held = uow.customers.get_by_reference(normalise_reference(twin))
            assert held is not None
            twin_id = held.id
        _locked_for_possible_fraud(demo_settings, twin_id)
        await press(pilot, "ctrl+s", "down", "enter")  # one question: no warning was shown
        await settle(pilot)
        assert console.screen is merge
        told = " ".join(n.message for n in console._notifications)
        assert "Nothing was merged: look at the two records again." in told
        assert f"Locked for possible fraud: {twin}" in region_text(console, "#merge-warning")
        assert merge.keep["phone"] is MergeSide.OTHER

        await press(pilot, "ctrl+s", "down", "enter", "down", "enter")
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        assert merged.details["warnings"] == ["merged_record_locked"]
        assert merged.fields == ("phone",)


async def test_a_supervisors_ctrl_e_on_the_lookup_merges_the_two_records_listed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a supervisor: Ctrl+E on the lookup's results read "ask a supervisor to
    merge", a request to the queue they work themselves. Theirs starts the merge, as their
    Ctrl+E on a record does: the other record listed, why both are opened, then the two
    side by side, the highlighted one kept; merged, the search runs again."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        lookup = console.screen
        assert isinstance(lookup, LookupScreen)
        await press(pilot, *"john smith", "enter")
        await until(pilot, lambda: lookup.has_matches and not lookup.searching, 20)
        table = lookup.query_one("#results", DataTable)
        listed = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert listed[0] == john and len(listed) == 2
        other = listed[1]
        await press(pilot, "ctrl+p", *"merge with")
        assert "Merge with…" in screen_text(console)
        await press(pilot, "ctrl+u", *"same person")
        assert "ask a supervisor" not in screen_text(console)
        await press(pilot, "escape", "ctrl+e")

        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        explained = region_text(console, ".choice-explain")
        assert f"same person as John Smith ({john})? It is kept" in explained
        assert [f"({other})" in label for label, _ in choice.choices] == [True]
        await press(pilot, "enter", *WHY, "enter")

        merge = console.screen
        assert isinstance(merge, MergeScreen)
        assert f"Merge {other} (right) into {john} (left)" in screen_text(console)
        await press(pilot, "tab", *"Same man: one birthday, two phones", "ctrl+s", "down")
        await press(pilot, "enter")  # one name: no second question
        await until(pilot, lambda: not lookup.searching and table.row_count == 1, 20)
        assert console.screen is lookup

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value, limit=2)
        assert {event.reason for event in viewed} == {f"Merging duplicate records: {WHY}"}
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        assert (merged.details["merged"], merged.details["survivor"]) == (other, john)
