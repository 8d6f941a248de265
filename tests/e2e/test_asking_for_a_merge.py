"""A handler asks for two records of one person to be merged, on the real console at
80x24 (MP-13), driven by keys.

The lookup lists John Smith twice (the same date of birth and address, another phone): the
agent, on the second one's row, presses Ctrl+E (the palette's *Same person*), chooses the
other record listed and says why. The line over the results says it was sent and that
nothing of it is for the caller. The supervisor finds the possible duplicate on the queue,
with the handler's words, and merges the two from it as from any other.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services import queue, same_person
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ChoiceScreen, ReasonScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import cut_off_keys, press, region_text, screen_text, settle, until, words
from tests.support.second_record import saved_as_different
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN = format_reference(NAMED_CUSTOMERS[0].reference)
#: John Smith again, another phone: saved as someone else, which a supervisor accepted.
TWIN = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",
    "phone": "07700 900555",
    "address_line1": "12 Acacia Road",
    "town": "London",
    "postcode": "SE1 2QT",
}
SAME = "Same birthday and address; he uses both phones"


def _john_twice(settings: Settings) -> str:
    """A second John Smith, whose possible-duplicate item a supervisor closed as two
    people: nothing on the queue pairs them. His reference."""
    with console_uow_factory(settings) as uow_factory:
        twin = saved_as_different(uow_factory, TWIN, "Says he is not the John Smith on file")
        supervisor = desk_for(uow_factory, "supervisor")
        [item] = supervisor.items()
        queue.close_item(uow_factory(), supervisor.actor, item.id, "Checked: two people")
    return twin


def _row_of(app: CustinfoApp, reference: str) -> int:
    table = app.screen.query_one("#results", DataTable)
    rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    return rows.index(reference)


async def test_a_handler_asks_for_a_merge_and_the_supervisor_merges_from_the_queue(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    twin = _john_twice(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        lookup = console.screen
        assert isinstance(lookup, LookupScreen)
        await press(pilot, *"john smith", "enter")
        await until(pilot, lambda: lookup.has_matches and not lookup.searching, 20)
        await press(pilot, *["down"] * _row_of(console, twin))
        # The palette names the key where the footer has no room for it.
        await press(pilot, "ctrl+p", *"same person")
        assert "Same person" in screen_text(console)
        await press(pilot, "escape")
        assert console.screen is lookup

        await press(pilot, "ctrl+e")
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        explained = region_text(console, ".choice-explain")
        assert f"same person as John Smith ({twin})? A supervisor" in explained
        assert "Tell the caller nothing of the other record" in explained
        labels = [label for label, _ in choice.choices]
        assert not any(twin in label for label in labels)  # not itself
        [john] = [i for i, label in enumerate(labels) if f"({JOHN})" in label]
        await press(pilot, *["down"] * john, "enter")

        assert isinstance(console.screen, ReasonScreen)
        await press(pilot, *"dup", "enter")  # says nothing: refused, kept to retype
        assert "Give at least 5 characters (3 so far)" in screen_text(console)
        await press(pilot, *SAME, "enter")
        await settle(pilot)
        assert console.screen is lookup
        said = region_text(console, "#search-status")
        assert f"Asked a supervisor to merge {twin} into {JOHN}" in said
        assert "Nothing to tell the caller" in said
        # The search stays, for the next thing to do on what was found.
        assert _row_of(console, twin) >= 0
        await press(pilot, "ctrl+o")
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, *["f3"] * 5)  # fraud, disclosure, discrepancy, complaint, duplicate
        assert "1 open item (Possible duplicate)" in screen_text(console)
        summary = region_text(console, "#queue-summary")
        assert f"{twin} said by a handler to be the same person as {JOHN}" in summary
        await press(pilot, "enter")
        explained = region_text(console, ".choice-explain")
        assert f"Said to be the same person: {SAME}" in explained
        await press(pilot, "enter")  # Compare and merge the two records

        assert isinstance(console.screen, MergeScreen)
        assert f"Merge {twin} (right) into {JOHN}" in screen_text(console)
        await press(pilot, "tab", *"Same man, as the handler found", "ctrl+s", "down", "enter")
        await settle(pilot)
        assert not isinstance(console.screen, MergeScreen)
        assert isinstance(console.screen, (QueueScreen, RecordScreen))

    with console_database(demo_settings) as uow:
        asked = uow.audit.list_recent(action=AuditAction.MERGE_ASKED.value)
        assert {e.reason for e in asked} == {SAME}
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED_INTO.value)
        assert (merged.details["merged"], merged.details["survivor"]) == (twin, JOHN)
        twin_row = uow.customers.get_by_reference(twin.replace(" ", ""))
        assert twin_row is not None and twin_row.status == CustomerStatus.MERGED
        # The item asked for is the one the merge closed.
        [item_id] = {e.details["queue_item"] for e in asked}
        item = uow.queue.get(item_id)
        assert item is not None and item.status == "closed"
        assert item.resolution == f"Merged {twin} into {JOHN}."


async def test_a_handler_asks_from_an_open_record_finding_the_other_by_a_search(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: with John Smith's record open, realising the other John Smith
    on file is the same man, there was no asking from there: back to the lookup, search
    again, find the record again, Ctrl+E. The record's footer names Ctrl+E *Same person*:
    a search for the other record (audited as the lookup's), then the same choice, reason
    and request, audited as from the lookup."""
    twin = _john_twice(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        footer = screen_text(console).splitlines()[-1]
        assert "^e Same person" in footer and cut_off_keys(console) == []

        await press(pilot, "ctrl+e")
        asked = words(screen_text(console).replace("│", ""))
        assert f"Which other record is John Smith ({JOHN}) too?" in asked
        await press(pilot, *"zzzqx", "enter")  # nothing found: said, kept to search again
        await settle(pilot)
        assert "No other record matches." in screen_text(console)
        await press(pilot, "ctrl+u", *"john smith", "enter")
        await settle(pilot)
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        labels = [label for label, _ in choice.choices]
        assert not any(f"({JOHN})" in label for label in labels)  # not the record open
        [other] = [i for i, label in enumerate(labels) if f"({twin})" in label]
        await press(pilot, *["down"] * other, "enter")
        assert isinstance(console.screen, ReasonScreen)
        await press(pilot, *SAME, "enter")
        await settle(pilot)
        assert console.screen is record
        told = " ".join(n.message for n in console._notifications)
        assert f"Asked a supervisor to merge {twin} into {JOHN}" in told
        assert "Nothing to tell the caller" in told

    with console_database(demo_settings) as uow:
        asked_events = uow.audit.list_recent(action=AuditAction.MERGE_ASKED.value)
        assert len(asked_events) == 2 and {e.reason for e in asked_events} == {SAME}
        [item_id] = {e.details["queue_item"] for e in asked_events}
        item = uow.queue.get(item_id)
        assert item is not None and item.said_same_person and item.status == "open"
        searched = uow.audit.list_recent(action=AuditAction.CUSTOMER_SEARCHED.value, limit=2)
        assert [e.details["results"] > 0 for e in searched] == [True, False]


async def test_the_record_asked_from_is_called_a_possible_duplicate_at_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: the request sent from John Smith's record, its title still said
    nothing of the other record until it was opened again. It says "POSSIBLE DUPLICATE of"
    the other at once, from the request sent: the record is not read again, so no second
    view of it is audited (asking from the lookup makes none either)."""
    twin = _john_twice(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        assert "POSSIBLE DUPLICATE" not in region_text(console, "#record-title")
        await press(pilot, "ctrl+e", *"john smith", "enter")
        await settle(pilot)
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        [other] = [i for i, (label, _) in enumerate(choice.choices) if f"({twin})" in label]
        await press(pilot, *["down"] * other, "enter", *SAME, "enter")
        await settle(pilot)
        assert console.screen is record
        title = region_text(console, "#record-title")
        assert f"John Smith ({JOHN}) - POSSIBLE DUPLICATE of {twin}" in title

    with console_database(demo_settings) as uow:
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
        assert len(viewed) == 1  # opened once, from the lookup


async def test_a_call_handler_in_a_call_finds_same_person_in_the_palette(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """In a call the footer is full: the command palette offers *Same person*; the
    supervisor's Ctrl+E is still *Merge with…* outside a call, and no *Same person*."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "ctrl+p", *"same person")
        assert "Same person" in screen_text(console)
        await press(pilot, "enter")  # (the answer box has the focus: its Ctrl+E is its own)
        await settle(pilot)
        assert "Which other record is John Smith" in screen_text(console)
        await press(pilot, "escape")
        await page.end_call()
        await press(pilot, "ctrl+o")
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        assert "Same person" not in screen_text(console).splitlines()[-1]
        await press(pilot, "ctrl+e")
        assert "Merge with another record" in screen_text(console)


async def test_a_supervisor_in_a_call_puts_the_two_on_the_queue_to_merge_after_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a supervisor taking a call: *Same person* (the palette's) read "Same
    person: ask a supervisor to merge", themselves. Their merge waits for the call to end,
    so it says so: the two go on the supervisor queue, to merge once the call is wrapped
    up, and how to get to them (Ctrl+G, Enter on the item); the same request is sent."""
    twin = _john_twice(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        record = await page.call("john smith")
        await press(pilot, "ctrl+p", *"same person", "enter")
        await settle(pilot)
        asked = words(screen_text(console).replace("│", ""))
        assert "Same person: merge once the call is wrapped up" in asked
        assert "ask a supervisor" not in asked
        await press(pilot, *"john smith", "enter")
        await settle(pilot)
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        explained = region_text(console, ".choice-explain")
        assert "A merge waits for the call to end: the two go on the supervisor queue" in explained
        assert "(Ctrl+G, then Enter on the item)" in explained
        [other] = [i for i, (label, _) in enumerate(choice.choices) if f"({twin})" in label]
        await press(pilot, *["down"] * other, "enter")
        assert isinstance(console.screen, ReasonScreen)
        assert "The supervisor reads" not in screen_text(console)
        await press(pilot, *SAME, "enter")
        await settle(pilot)
        assert console.screen is record
        told = " ".join(n.message for n in console._notifications)
        assert (
            f"On the supervisor queue to merge once this call is wrapped up: {twin} into {JOHN}"
            in told
        )
        assert "Asked a supervisor" not in told

    with console_database(demo_settings) as uow:
        [event, _] = uow.audit.list_recent(action=AuditAction.MERGE_ASKED.value)
        item = uow.queue.get(event.details["queue_item"])
        assert item is not None and item.said_same_person and item.status == "open"


async def test_a_request_refused_keeps_its_reason_for_the_next_try(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: a request refused once the reason was given (another desk had
    asked for the same two meanwhile) lost the reason; asked again, the box was empty.
    It starts from what was typed now, until a request is sent."""
    twin = _john_twice(demo_settings)
    with console_uow_factory(demo_settings) as uow_factory:  # another desk asks first
        other_desk = desk_for(uow_factory, "trainer")
        with uow_factory() as uow:
            ids = [uow.customers.get_by_reference(r.replace(" ", "")) for r in (JOHN, twin)]
        john_id, twin_id = (row.id for row in ids if row is not None)
        same_person.ask_to_merge(uow_factory(), other_desk.actor, john_id, twin_id, SAME)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        lookup = console.screen
        assert isinstance(lookup, LookupScreen)
        await press(pilot, *"john smith", "enter")
        await until(pilot, lambda: lookup.has_matches and not lookup.searching, 20)
        await press(pilot, *["down"] * _row_of(console, twin), "ctrl+e")
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        [john] = [i for i, (label, _) in enumerate(choice.choices) if f"({JOHN})" in label]
        await press(pilot, *["down"] * john, "enter", *"He uses both phones", "enter")
        await settle(pilot)
        told = " ".join(n.message for n in console._notifications)
        assert "are on the supervisor queue already as a possible duplicate" in told

        with console_uow_factory(demo_settings) as uow_factory:  # closed as two people
            supervisor = desk_for(uow_factory, "supervisor")
            [item] = supervisor.items()
            queue.close_item(uow_factory(), supervisor.actor, item.id, "Checked: two people")
        await press(pilot, "ctrl+e", *["down"] * john, "enter")
        assert isinstance(console.screen, ReasonScreen)
        assert console.screen.query_one("#reason", Input).value == "He uses both phones"
        await press(pilot, "enter")  # sent, nothing typed again
        await settle(pilot)
        said = region_text(console, "#search-status")
        assert f"Asked a supervisor to merge {twin} into {JOHN}" in said
        await press(pilot, "ctrl+e", *["down"] * john, "enter")
        assert console.screen.query_one("#reason", Input).value == ""  # sent: forgotten
