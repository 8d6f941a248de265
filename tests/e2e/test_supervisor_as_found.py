"""The supervisor's desk as a new supervisor found it, on the real console at 80x24.

Touring the queue: a reason typed for lifting a customer's verification lock was dropped
without a word by Escape (a supervisor leaving the box to read the failed checks again lost
it), where every other dialog that takes a reason asks first. The calls to finish said of
a call the handler was still on that it started "(0 min ago)", and the queue's notices
were drawn over the line naming the highlighted complaint; a complaint's stage dialog went
on asking for a note under the note typed.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets._toast import Toast

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm.audit import AuditEventRow
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.complaint_stage import MoveStageScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.resolve_item import ResolveItemScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from tests.e2e.test_what_a_supervisor_decides_with import _agent_locks_john
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, screen_text, screen_words, settle, until, words
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
REASON = "Photo ID seen in branch"
NOTE_NEEDED = "Type a note saying why the complaint moves on."
LIFTED = "Lock lifted; the customer can be verified by phone again."


def _lifts(settings: Settings) -> int:
    with console_database(settings) as uow:
        return len(
            uow.session.scalars(
                select(AuditEventRow.id).where(
                    AuditEventRow.action == AuditAction.VERIFICATION_LOCK_LIFTED.value
                )
            ).all()
        )


async def test_escape_asks_before_dropping_a_reason_typed_to_lift_a_lock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(console.screen, ResolveItemScreen)
        await settle(pilot)
        await press(pilot, *REASON, "escape")
        assert isinstance(console.screen, LeaveScreen)
        assert "you lose: the reason being typed" in screen_words(console)

        await press(pilot, "enter")  # Go back to it
        assert isinstance(console.screen, ResolveItemScreen)
        assert console.screen.query_one("#resolve-reason", BoundedInput).value == REASON

        await press(pilot, "escape", "down", "enter")  # Leave the reason and lose it
        assert isinstance(console.screen, QueueScreen)
    assert _lifts(demo_settings) == 0


async def test_escape_with_no_reason_typed_leaves_the_item_at_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(console.screen, ResolveItemScreen)
        await press(pilot, "escape")
        assert isinstance(console.screen, QueueScreen)


async def test_a_call_to_finish_acted_on_within_the_minute_says_just_now(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The calls to finish said "started 06 Dec 14:34 (0 min ago)" and "Its console
    recorded an action at 14:35 (0 min ago)" of a call the agent was still on."""
    _agent_locks_john(demo_settings, end=False)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "f6")
        await settle(pilot)
        assert isinstance(console.screen, UnfinishedCallsScreen)
        detail = screen_words(console)
        assert "(just now), never ended. Its console recorded an action at " in detail
        assert "(just now): the call may still be going on there." in detail
        await press(pilot, "enter")
        assert isinstance(console.screen, ReasonScreen)
        asked = region_text(console, ".choice-explain")
        assert "(just now): the call may still be going on there." in asked
        assert "0 min ago" not in detail + asked


async def test_a_notification_on_the_queue_takes_rows_from_its_tables_not_its_last_line(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """ "Lock lifted; the customer can be verified by phone again.", said on the queue as
    the item closed, was drawn over the line naming the highlighted complaint whole."""
    _agent_locks_john(demo_settings, end=True)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        detail = region_text(console, "#complaints-due-detail")
        assert detail.endswith("(v: read in full)")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, *REASON, "ctrl+l")
        await settle(pilot)
        screen = console.screen
        assert isinstance(screen, QueueScreen)
        await until(pilot, lambda: bool(screen.query(Toast)))
        [toast] = screen.query(Toast)
        shown = screen_words(console)
        assert LIFTED in shown
        assert detail in shown  # the highlighted complaint, named whole beside it
        for part in ("#complaints-due-detail", "#queue-complaints-status", "#queue-summary"):
            assert not toast.region.overlaps(screen.query_one(part).region), part


async def test_a_call_closed_is_said_beside_every_operators_calls_to_finish_not_over_them(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The same on every operator's calls to finish: "Call closed: ..." was drawn over the
    line naming the highlighted call whole, and over the last rows of the list."""
    _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "f6")
        await settle(pilot)
        screen = console.screen
        assert isinstance(screen, UnfinishedCallsScreen)
        await press(pilot, "enter", *"Agent went home ill", "enter")
        await settle(pilot)
        assert console.screen is screen
        await until(pilot, lambda: bool(screen.query(Toast)))
        [toast] = screen.query(Toast)
        assert "Call closed: agent's phone call with" in screen_words(console)
        for part in ("#unfinished-detail", "#unfinished-status"):
            assert not toast.region.overlaps(screen.query_one(part).region), part


async def test_the_stage_dialog_stops_asking_for_a_note_once_one_is_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Enter before the note said "Type a note saying why the complaint moves on.", and went
    on saying it under the note typed, as if it had not been taken."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "f4", "enter")
        assert isinstance(console.screen, MoveStageScreen)
        await press(pilot, "tab", "enter")  # Enter in the note's box, nothing typed
        assert isinstance(console.screen, MoveStageScreen)
        assert words(region_text(console, "#stage-message")) == NOTE_NEEDED
        await press(pilot, *"Letter sent")
        assert words(region_text(console, "#stage-message")) == ""
        assert console.screen.query_one("#stage-note", BoundedInput).value == "Letter sent"
        await press(pilot, "ctrl+u", "enter")  # emptied again: asked again
        assert words(region_text(console, "#stage-message")) == NOTE_NEEDED


async def test_the_stage_dialog_opens_on_the_stage_and_a_note_typed_at_once_is_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The stage is chosen first, the note says why: the dialog opened in the note's box.
    The stage it opens on is the next one, chosen already, so a note typed at once goes on
    into its box rather than being lost on the drop-down."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "f4", "enter")
        screen = console.screen
        assert isinstance(screen, MoveStageScreen)
        assert console.focused is screen.query_one("#stage-next", ChoiceSelect)
        await press(pilot, *"Letter sent")
        note = screen.query_one("#stage-note", BoundedInput)
        assert console.focused is note and note.value == "Letter sent"


async def test_the_lock_dialog_says_what_a_reason_reads_like_and_stops_asking_once_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Ctrl+L with no reason said "Give a reason first.", and went on saying it under the
    reason typed."""
    _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "ctrl+l")
        assert isinstance(console.screen, ResolveItemScreen)
        asked = "Type the reason first, e.g. ID seen in branch."
        assert words(region_text(console, "#resolve-message")) == asked
        assert asked in screen_text(console)  # in sight at 80x24, the buttons under it too
        assert "Lift lock" in screen_text(console)
        await press(pilot, *"ID se")
        assert words(region_text(console, "#resolve-message")) == ""
    assert _lifts(demo_settings) == 0
