"""The supervisor's audit trail screen, driven by keystrokes."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services import audit
from custinfo_tui.services.closing_calls import close_call
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.audit import AuditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.actors import actor_for, desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import press, region_text, screen_text, screen_words, settle
from tests.support.tour import SUPERVISOR, wait_until

SIZE = (80, 24)
#: The demo's first customer, 1001 2345 P.
JOHN_SMITH = 1


async def _log_in(pilot: Pilot[None], username: str, password: str) -> None:
    await press(pilot, *username, "enter", *password, "enter")
    assert isinstance(pilot.app.screen, LookupScreen)


def _footer(app: CustinfoApp) -> str:
    return screen_text(app).splitlines()[-1]


def _column(app: CustinfoApp, index: int) -> list[str]:
    table = app.screen.query_one("#audit-table", DataTable)
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


async def test_supervisor_filters_the_trail_by_operator_and_action(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, *"smith")

        await press(pilot, "ctrl+t")
        assert isinstance(console.screen, AuditScreen)
        assert "operator.login_succeeded" in _column(console, 2)

        await press(pilot, *"supervisor", "enter")
        who = _column(console, 1)
        assert who and set(who) == {"supervisor"}
        assert "customer.searched" in _column(console, 2)
        assert "events, newest first" in screen_text(console)


async def test_bad_date_is_explained_at_the_filter(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        assert _column(console, 2)  # the newest events, as the screen opens
        await press(pilot, "tab", "tab", "tab", *"31/11/2026", "enter")
        said = screen_words(console)
        assert "From: That date does not exist: that month has only 30 days." in said
        await press(pilot, "ctrl+a", "ctrl+k", *"banana", "enter")
        said = region_text(console, "#audit-status")
        assert said.endswith("12 January 2027."), said  # the whole example, not cut
        assert _column(console, 2) == []  # not the last search's events under the message


async def test_a_day_typed_wrong_is_marked_at_its_box_which_takes_the_focus(
    console: CustinfoApp,
) -> None:
    """Found on a supervisor's first day: a wrong "to" day, Ctrl+S pressed from the operator
    box, said "To: ..." above the table with no box marked and the focus left where it was
    (a reference typed wrong too). The box turns red and takes the focus, what was typed in
    it kept, until it reads."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t", "tab", "tab", "tab", "tab", *"31/13/2026")
        await press(pilot, *["shift+tab"] * 4, *"supervisor", "ctrl+s")
        until = console.screen.query_one("#f-until", Input)
        since = console.screen.query_one("#f-since", Input)
        assert "To: The month must be between 1 and 12." in screen_text(console)
        assert console.focused is until and until.value == "31/13/2026"
        assert until.has_class("-problem") and not since.has_class("-problem")
        assert until.styles.border_bottom[1] != since.styles.border_bottom[1]  # red

        await press(pilot, "ctrl+a", "ctrl+k", *"31/12/2099", "ctrl+s")
        assert "events, newest first" in screen_text(console)
        assert not until.has_class("-problem")
        assert console.screen.query_one("#f-operator", Input).value == "supervisor"

        # A reference typed wrong is marked at its box the same way, before any search.
        customer = console.screen.query_one("#f-about", Input)
        await press(pilot, "ctrl+f", "tab", *"1001 2345", "ctrl+s")
        assert "A customer reference is 8 digits then a letter" in screen_text(console)
        assert console.focused is customer and customer.has_class("-problem")
        await press(pilot, *" P", "ctrl+s")
        assert "events, newest first" in screen_text(console)
        assert not customer.has_class("-problem")


async def test_a_username_no_one_has_or_a_to_day_before_from_is_marked_at_its_box(
    console: CustinfoApp,
) -> None:
    """Found touring a supervisor's first week: "No operator has that username." was said
    above the table with no box marked, for a slip in the operator box and after About's
    op: alike, and "The first day comes after the last day." named neither day's box.
    Each is said by its box's name, with what to do, and marked there; the box takes the
    focus with what was typed in it, to correct."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t", *"agnt", "ctrl+s")
        await wait_until(pilot, lambda: "Operator:" in region_text(console, "#audit-status"))
        operator = console.screen.query_one("#f-operator", Input)
        about = console.screen.query_one("#f-about", Input)
        said = region_text(console, "#audit-status")
        assert said == (
            "Operator: no operator has that username. Check its spelling, or empty the "
            "box for every operator's events."
        )
        assert console.focused is operator and operator.value == "agnt"
        assert operator.has_class("-problem") and not about.has_class("-problem")

        await press(pilot, "ctrl+a", "ctrl+k", "tab", *"op:nobdy", "ctrl+s")
        said = region_text(console, "#audit-status")
        assert said == "About: no operator has the username after op:. Check its spelling."
        assert console.focused is about and about.value == "op:nobdy"
        assert about.has_class("-problem") and not operator.has_class("-problem")

        await press(pilot, "ctrl+a", "ctrl+k", "tab", "tab", *"1/1/2026", "tab", *"1/12/2025")
        await press(pilot, "ctrl+s")
        until = console.screen.query_one("#f-until", Input)
        since = console.screen.query_one("#f-since", Input)
        said = region_text(console, "#audit-status")
        assert said == "To: that day is before the From day. Type a later day, or empty To."
        assert console.focused is until and until.value == "1/12/2025"
        assert until.has_class("-problem") and not since.has_class("-problem")
        assert not about.has_class("-problem")
        assert _column(console, 2) == []

        await press(pilot, "ctrl+a", "ctrl+k", *"31/12/2099", "ctrl+s")
        assert "events, newest first" in screen_text(console)
        assert not until.has_class("-problem") and since.value == "1/1/2026"


async def test_days_are_typed_the_uk_way_or_any_other_the_console_reads(
    console: CustinfoApp,
) -> None:
    """The filters read a day as every other date box does: 3/12/2026, 3 December 2026 or
    2026-12-03 (they asked for 2026-11-23 alone, unlike the rest of the console)."""
    today = datetime.now(UTC).date()
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t", "tab", "tab", "tab")
        await press(pilot, *f"{today.day}/{today.month}/{today.year}", "tab")
        await press(pilot, *f"{today.day} {today:%B %Y}", "enter")
        assert "events, newest first" in screen_text(console)
        assert "operator.login_succeeded" in _column(console, 2)


async def test_agents_have_no_audit_key(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "agent", "agent-demo-2026")
        assert "Audit" not in screen_text(console)
        await press(pilot, "ctrl+t")
        assert isinstance(console.screen, LookupScreen)


async def test_the_line_under_the_table_shows_the_highlighted_event_whole(
    console: CustinfoApp,
) -> None:
    """At 80 columns the table shows When to Fields; the reason and the outcome of the
    highlighted event, its year and every field are on the line under it."""
    john = format_reference(NAMED_CUSTOMERS[0].reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith", "letter of 20 Nov")
        await press(pilot, "escape", "ctrl+t", "tab", *john, "enter")

        assert _column(console, 3)[0] == john  # the reference in its groups, as everywhere
        detail = region_text(console, "#audit-detail")
        assert "supervisor · customer.viewed · " + john in detail
        assert "fields: Given name, Family name," in detail and "why: " in detail
        assert "letter of 20 Nov" in " ".join(detail.split())
        assert "outcome: ok" in detail and " 2026 " in detail


async def test_a_refused_action_says_so_in_the_list_and_every_action_name_fits_its_list(
    console: CustinfoApp,
) -> None:
    """A refused erasure read "customer.erased" in the list (its outcome was off to the
    right at 80 columns), and the open list of actions broke names mid-word
    ("operator.login_succ" / "eeded")."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        assert "operator.login_succeeded" in _column(console, 2)  # "ok" says nothing more
        await press(pilot, "escape", "ctrl+o")
        await press(pilot, *"supervisor", "enter", *"not-the-password", "enter")  # denied
        await press(pilot, *"supervisor-demo-2026", "enter")
        assert isinstance(console.screen, LookupScreen)
        await press(pilot, "ctrl+t")
        # Cut to fit 80 columns in the middle, so its outcome stays in sight.
        denied = [what for what in _column(console, 2) if what.endswith("(denied)")]
        assert denied and denied[0].startswith("operat"), denied
        # The line under the table has the event's facts too (why it was refused).
        table = console.screen.query_one("#audit-table", DataTable)
        table.move_cursor(row=_column(console, 2).index(denied[0]))
        await settle(pilot)
        assert "reason " in region_text(console, "#audit-detail")

        await press(pilot, "tab", "tab", "enter")  # the list of actions, open
        longest = max((action.value for action in AuditAction), key=len)
        for _ in AuditAction:
            if longest in screen_text(console):
                break
            await press(pilot, "down")
        assert any(longest in line for line in screen_text(console).splitlines())
        # Chosen, it is cut on its one line, not wrapped over the filters under it.
        await press(pilot, "enter")
        rows = screen_text(console).splitlines()
        assert f"{longest[:18]}" in rows[2] and "…" in rows[2]
        assert longest[-6:] not in rows[3]


async def test_a_full_list_says_there_may_be_older_events(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the audit screen: "100 events, newest first." with about 145 stored,
    and nothing saying the list stopped at its limit."""
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        for _ in range(120):
            audit.record(uow, None, AuditAction.QUEUE_VIEWED, details={"open": 0})
        uow.commit()
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        assert len(_column(console, 2)) == 100
        said = region_text(console, "#audit-status")
        assert "there may be older ones" in said
        assert said.endswith(".")  # whole at 80 columns: it wraps, not cut at one line
        await press(pilot, *"supervisor", "enter")  # narrowed: all of them
        assert "events, newest first" in screen_text(console)


async def test_after_a_search_the_events_have_the_focus_and_the_footer_says_the_way_back(
    console: CustinfoApp,
) -> None:
    """Ctrl+S left the focus in the filters, where Down did nothing: six Tabs reached the
    events, and the footer said only "^s Search esc Back"."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        table = console.screen.query_one("#audit-table", DataTable)
        assert console.focused is console.screen.query_one("#f-operator")
        # The newest events, listed as the screen opens: the footer says how to reach them.
        await wait_until(pilot, lambda: "↓ Events" in _footer(console))
        await press(pilot, "down")
        assert console.focused is table

        await press(pilot, "ctrl+f")
        assert console.focused is console.screen.query_one("#f-operator")
        await press(pilot, *"supervisor", "ctrl+s")
        assert console.focused is table
        assert "^f Filters" in _footer(console)
        await press(pilot, "down")
        assert table.cursor_row == 1
        shown = region_text(console, "#audit-detail")
        assert shown.startswith(f"{console.screen.entries[1].occurred_at:%d %b %Y}")


async def test_the_customer_reference_shows_whole_beside_the_longest_action(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A supervisor's close of an unfinished call is "interaction.wrapped_up
    (closed_by_supervisor)": What that wide cut the reference to "1001"."""
    with console_uow_factory(demo_settings) as uows:
        call = desk_for(uows, "agent").start(JOHN_SMITH)
        supervisor = actor_for(uows, "supervisor")
        reason = "Agent went home"
        close_call(uows(), supervisor, call.interaction_id, reason, desk_in_use_confirmed=True)
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t", "tab", *"1001 2345 P", "ctrl+s")
        lines = screen_text(console).splitlines()
        heading = next(line for line in lines if line.startswith(" When "))
        assert heading.split() == ["When", "Who", "What", "About", "Fields", "Why"]
        closed = [line for line in lines if "supervisor  intera" in line and "…" in line]
        assert closed and all("upervisor)  1001 2345 P  " in line for line in closed)
        assert "outcome: closed_by_supervisor" in region_text(console, "#audit-detail")


async def test_the_search_button_shows_whole_inside_the_screen_at_80_columns(
    console: CustinfoApp,
) -> None:
    """Found by an explorer: the Search button sat flush against the screen's right edge
    and the "to" box, its borders top and bottom only, and read as cut off there. It
    keeps a column of the screen either side now."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        screen = console.screen
        assert isinstance(screen, AuditScreen)
        button = screen.query_one("#f-run", Button).region
        until = screen.query_one("#f-until").region
        assert button.right < SIZE[0]  # a column of the screen after it
        assert button.x > until.right  # and one between it and the box before it
        assert "Search" in screen_text(console).splitlines()[button.y + 1]


async def test_a_failed_check_and_a_refused_login_read_so_in_the_list_at_80_columns(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found on a supervisor's first day: What was cut at its end at 80 columns, so a failed
    check read "caller.verificatio…", its failure cut off, and a refused login
    "operator.login_fai…", its "(denied)" lost. It is cut in the middle now, its end kept."""
    with console_uow_factory(demo_settings) as uows:
        desk = desk_for(uows, "agent")
        call = desk.start(JOHN_SMITH)
        desk.fail(call.interaction_id)
        desk.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
        # A wide What and a Why beside the checks, as on any day: the table must cut What.
        supervisor = actor_for(uows, "supervisor")
        close_call(
            uows(), supervisor, call.interaction_id, "Agent went home", desk_in_use_confirmed=True
        )
    async with console.run_test(size=SIZE) as pilot:
        await press(pilot, *"supervisor", "enter", *"not-the-password", "enter")  # denied
        await press(pilot, *"supervisor-demo-2026", "enter")
        assert isinstance(console.screen, LookupScreen)
        await press(pilot, "ctrl+t", "tab", *"1001 2345 P", "ctrl+s")
        rows = [line for line in screen_text(console).splitlines() if "  agent  " in line]
        checks = [line.split("  agent  ")[1].split("  1001")[0].strip() for line in rows]
        assert sum(what.endswith("(failed)") for what in checks) == 1, checks
        assert checks.count("caller.check_passed") == 2, checks
        assert all(what.startswith("caller") for what in checks if "…" in what), checks

        await press(pilot, "ctrl+f", "tab", "ctrl+a", "ctrl+k", "ctrl+s")  # every event
        lines = screen_text(console).splitlines()
        assert any(" operat" in line and "d (denied)  " in line for line in lines), "\n".join(lines)


async def test_fields_read_by_their_labels_and_a_removed_one_as_stored(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The Fields column and the line under it read the registry's code names
    ("given_name, date_of_birth", cut to "given_n…" at 80 columns): they name each field as
    the record does. A field no longer in the registry still shows, by its stored name;
    the event keeps the names it was stored with."""
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        fields = ("given_name", "date_of_birth", "maiden_name")
        event = audit.record(
            uow, None, AuditAction.CUSTOMER_VIEWED, customer_id=JOHN_SMITH, fields=fields
        )
        uow.commit()
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t", "tab", *"1001 2345 P", "ctrl+s")
        assert _column(console, 4)[0] == "Given name, Date of birth, maiden_name"
        row = next(line for line in screen_text(console).splitlines() if " system " in line)
        assert "1001 2345 P  Given name, " in row and "given_" not in row, row
        detail = region_text(console, "#audit-detail")
        assert "fields: Given name, Date of birth, maiden_name · why: -" in detail

    with console_uow_factory(demo_settings) as uows, uows() as uow:
        stored = next(uow.audit.events_after(event.id - 1))
        assert stored.id == event.id and tuple(stored.fields) == fields


async def test_the_line_above_the_events_names_the_action_chosen_whole(
    console: CustinfoApp,
) -> None:
    """Found on a supervisor's first week: at 80 columns the action box cuts most names
    once chosen ("verification.lock_…" is two actions), so the count above the events says
    whole which action they are."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "supervisor", "supervisor-demo-2026")
        await press(pilot, "ctrl+t")
        assert isinstance(console.screen, AuditScreen)
        console.screen.query_one("#f-action", Select).value = AuditAction.OPERATOR_CREATED
        await press(pilot, "ctrl+s")
        said = region_text(console, "#audit-status")
        assert said == "5 events of operator.created, newest first.", said
        assert set(_column(console, 2)) == {"operator.created"}
