"""A merge waits while a legal hold is in force (MP-13, MP-16), on the real console.

Found in review: a supervisor could merge a record the data protection officer had put
under a legal hold, and the merge changed what the hold was to keep as it is (the kept
record's values, the merged record's calls and history moved, the merged record ended).
The merge screen now says which record is held, by what kind of hold and since when, and
that the DPO can lift it, and offers no merge; the refusal is on the audit trail.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services import erasure
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, screen_text, screen_words, settle
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN, JONATHAN = NAMED_CUSTOMERS[0], NAMED_CUSTOMERS[4]
JOHN_ID, JONATHAN_ID = 1, 5
WHY = "Same birthday on a letter, new phone"


def _hold(settings: Settings, reference: str, kind: HoldKind) -> str:
    """The DPO records a hold on the record; the day it holds since, as the screen says it."""
    with console_uow_factory(settings) as uow_factory:
        dpo = desk_for(uow_factory, "dpo")
        hold = erasure.set_legal_hold(
            uow_factory(), dpo.actor, reference, kind, "Claim by the customer's solicitor"
        )
    return f"{hold.since:%d %b %Y}"


async def _compare_john_with_jonathan(page: ConsolePage) -> None:
    await page.log_in(SUPERVISOR)
    await page.open_back_office("john smith")
    jonathan = format_reference(JONATHAN.reference)
    await press(page.pilot, "ctrl+e", *jonathan, "enter", *WHY, "enter")
    assert isinstance(page.pilot.app.screen, MergeScreen)


def _nothing_merged(settings: Settings) -> None:
    with console_database(settings) as uow:
        assert not uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        jonathan = uow.customers.get(JONATHAN_ID)
        assert jonathan is not None and jonathan.status == CustomerStatus.ACTIVE


async def test_a_held_record_is_not_compared_for_a_merge_and_the_screen_says_who_can_lift_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jonathan = format_reference(JONATHAN.reference)
    since = _hold(demo_settings, jonathan, HoldKind.LEGAL_CLAIM)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _compare_john_with_jonathan(page)
        shown = screen_words(console)
        assert f"Under a legal hold: {jonathan} (legal claim, since {since})." in shown
        assert "merging would change it: nothing was merged" in shown
        assert "The data protection officer can lift the hold" in shown
        # Nothing of either record is read, nothing to choose: going back only.
        assert "Smythe" not in shown and "Reason" not in shown
        footer = screen_text(console).splitlines()[-1]
        assert "Back" in footer and "Merge" not in footer and "Switch" not in footer
        await press(pilot, "escape")  # nothing to lose: no question
        assert isinstance(console.screen, RecordScreen)

    _nothing_merged(demo_settings)
    with console_database(demo_settings) as uow:
        [refused] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGE_REFUSED.value)
        assert (refused.customer_id, refused.outcome) == (JONATHAN_ID, "refused")
        assert refused.details["kinds"] == ["legal_claim"]
        assert refused.details["merged"] == jonathan
        assert refused.reason == f"Merging duplicate records: {WHY}"
        # Neither record was shown: no view of either for the merge.
        viewed = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
        assert not [event for event in viewed if event.details.get("merge_preview")]


async def test_a_hold_recorded_after_the_comparison_stops_the_merge_and_is_said_whole(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The kept record put under a hold at the DPO's desk while the supervisor chose the
    sides: Ctrl+S merges nothing, and the screen says why where the table was."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _compare_john_with_jonathan(page)
        await press(pilot, "tab", *"Same man: letter says so")
        since = _hold(demo_settings, john, HoldKind.REGULATORY_RETENTION)
        # Two names and two dates of birth: asked twice, as always.
        await press(pilot, "ctrl+s", "down", "enter", "down", "enter")
        await settle(pilot)
        assert isinstance(console.screen, MergeScreen)
        shown = screen_words(console)
        assert f"Under a legal hold: {john} (regulatory retention, since {since})." in shown
        assert "The data protection officer can lift the hold" in shown
        assert "Merge" not in screen_text(console).splitlines()[-1]
        await press(pilot, "escape")
        assert isinstance(console.screen, RecordScreen)

    _nothing_merged(demo_settings)
    with console_database(demo_settings) as uow:
        [refused] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGE_REFUSED.value)
        assert refused.customer_id == JOHN_ID
        assert refused.reason == "Same man: letter says so"


def _lift_holds(settings: Settings) -> None:
    """The DPO lifts every hold in force: the claim is settled."""
    with console_uow_factory(settings) as uow_factory:
        dpo = desk_for(uow_factory, "dpo")
        for _, hold in erasure.holds_in_force(uow_factory(), dpo.actor):
            assert hold.hold_id is not None
            erasure.lift_legal_hold(uow_factory(), dpo.actor, hold.hold_id, "Claim settled")


async def test_a_merge_refused_for_a_hold_keeps_what_was_typed_for_the_next_try(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a supervisor: a merge refused after the reasons were typed (a hold recorded
    on one of the records meanwhile) lost them, the other record's reference, why it was
    opened and the reason for merging; once the hold was lifted, Ctrl+E asked them all
    again. Asked again, the form and the merge screen start from what was typed."""
    jonathan = format_reference(JONATHAN.reference)
    _hold(demo_settings, jonathan, HoldKind.LEGAL_CLAIM)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _compare_john_with_jonathan(page)  # refused: nothing to merge
        assert "Under a legal hold" in screen_text(console)
        await press(pilot, "escape")
        assert isinstance(console.screen, RecordScreen)
        _lift_holds(demo_settings)

        await press(pilot, "ctrl+e")
        form = console.screen
        assert form.query_one("#merge-reference", Input).value == jonathan
        assert form.query_one("#merge-why", Input).value == WHY
        await press(pilot, "ctrl+s")  # compared, with nothing typed again
        merge = console.screen
        assert isinstance(merge, MergeScreen)
        await settle(pilot)
        assert merge.preview is not None
        await press(pilot, "tab", *"Same man: letter says so")
        _hold(demo_settings, jonathan, HoldKind.LEGAL_CLAIM)
        await press(pilot, "ctrl+s", "down", "enter", "down", "enter")
        await settle(pilot)
        assert "Under a legal hold" in screen_text(console)  # refused again, at the merge
        await press(pilot, "escape")
        _lift_holds(demo_settings)

        await press(pilot, "ctrl+e", "ctrl+s")
        merge = console.screen
        assert isinstance(merge, MergeScreen)
        await settle(pilot)
        assert merge.query_one("#merge-reason", Input).value == "Same man: letter says so"
        await press(pilot, "ctrl+s", "down", "enter", "down", "enter")  # no reason retyped
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        [merged] = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGED.value)
        assert merged.reason == "Same man: letter says so"
        jonathan_row = uow.customers.get(JONATHAN_ID)
        assert jonathan_row is not None and jonathan_row.status == CustomerStatus.MERGED


async def test_a_merge_left_on_purpose_starts_afresh(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Only a refusal keeps what was typed: a supervisor who goes back from two records
    that could be merged (asked first, saying what is lost) is asked afresh next time."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _compare_john_with_jonathan(page)
        await settle(pilot)
        await press(pilot, "tab", *"Same man: letter says so", "escape", "down", "enter")
        assert isinstance(console.screen, RecordScreen)
        await press(pilot, "ctrl+e")
        assert console.screen.query_one("#merge-reference", Input).value == ""
        assert console.screen.query_one("#merge-why", Input).value == ""
