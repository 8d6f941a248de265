"""Whom an event was about, on the audit trail screen (Ctrl+T).

Found reading the trail as an administrator: an `operator.*` event (a login added,
disabled, given another role, refused...) showed "-" under Customer, so whose login it
was appeared only in the line under the table, one event at a time. The column is About
now: a customer's reference, or "op: USERNAME" for an event about an operator's login;
the About box finds those events by "op:USERNAME".
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services import audit
from custinfo_tui.services.closing_calls import close_call
from custinfo_tui.services.operators import disable_operator
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.audit import NOT_A_REFERENCE, AuditScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from tests.support.actors import actor_for, desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.long_username import LONG_USERNAME, long_named_agent
from tests.support.screen import region_text, screen_text
from tests.support.tour import ADMIN, AGENT

SIZE = (80, 24)
#: The demo's first customer, 1001 2345 P.
JOHN_SMITH = 1


def _rows(console: CustinfoApp) -> list[tuple[str, ...]]:
    """The table's rows as shown (When, Who, What, About, Fields, Why), What as stored:
    at 80 columns "operator.login_failed (denied)" is cut in the middle."""
    screen = console.screen
    assert isinstance(screen, AuditScreen)
    table = screen.query_one("#audit-table", DataTable)
    rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return [
        (*cells[:2], entry.action, *cells[3:])
        for cells, entry in zip(rows, screen.entries, strict=True)
    ]


async def _to_agent_row(page: ConsolePage) -> None:
    screen = page.pilot.app.screen
    assert isinstance(screen, OperatorsScreen)
    usernames = [operator.username for operator in screen.operators]
    await page.keys(*["up"] * len(usernames), *["down"] * usernames.index("agent"))


async def _log_in_again(page: ConsolePage, who: tuple[str, str]) -> None:
    """After a refused login: the boxes emptied, as the operator would, then `who`."""
    login = page.pilot.app.screen
    assert isinstance(login, LoginScreen)
    for box in ("#username", "#password"):
        login.query_one(box, Input).value = ""
    login.query_one("#username", Input).focus()
    await page.log_in(who)


async def test_the_trail_says_whose_login_an_administrator_disabled_and_who_was_refused(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)  # at the operators (F7), where their work starts
        await _to_agent_row(page)
        await page.keys("d", "down", "enter")  # "Disable agent?": yes
        assert "disabled" in screen_text(console)
        await page.keys("escape", "ctrl+o")
        await page.log_in(AGENT)  # refused: disabled
        assert isinstance(console.screen, LoginScreen)
        await _log_in_again(page, ADMIN)

        await page.keys("escape", "ctrl+t")
        assert isinstance(console.screen, AuditScreen)
        rows = _rows(console)
        refused = next(row for row in rows if row[2] == "operator.login_failed")
        assert refused[1] == "system" and refused[3] == "op: agent"
        disabled = next(row for row in rows if row[2] == "operator.disabled")
        assert disabled[1] == "admin" and disabled[3] == "op: agent"
        lines = screen_text(console).splitlines()
        heading = next(line for line in lines if line.startswith(" When "))
        assert heading.split() == ["When", "Who", "What", "About", "Fields", "Why"]
        assert any("  admin   operator.disabled" in line and "op: agent" in line for line in lines)

        # The About box finds every event about the agent's login, whoever acted.
        await page.keys("ctrl+f", "tab", *"op:agent", "ctrl+s")
        found = _rows(console)
        assert {row[3] for row in found} == {"op: agent"}
        assert {row[2] for row in found} >= {
            "operator.created",
            "operator.disabled",
            "operator.login_failed",
        }
        assert {row[1] for row in found} == {"system", "admin"}
        detail = region_text(console, "#audit-detail")
        assert " · op: agent · " in detail

    with console_database(demo_settings) as uow:
        searched = uow.audit.list_recent(action=AuditAction.AUDIT_SEARCHED.value, limit=1)
        assert searched[0].details["filters"] == ["about_operator"]


async def test_a_username_typed_bare_in_the_about_box_says_to_type_op_before_it(
    console: CustinfoApp,
) -> None:
    """A reference's problem ("8 digits then a letter") would send the administrator
    looking for a missing digit: the box says how to ask for an operator's events."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("escape", "ctrl+t", "tab", *"agent", "ctrl+s")
        about = console.screen.query_one("#f-about", Input)
        said = region_text(console, "#audit-status")
        assert said == NOT_A_REFERENCE
        assert console.focused is about and about.has_class("-problem")
        assert _rows(console) == []

        await page.keys("home", *"op: ", "ctrl+s")  # "op: agent", a space after the colon
        assert "1 event, newest first" in screen_text(console)  # the agent's login added
        assert not about.has_class("-problem")
        assert {row[3] for row in _rows(console)} == {"op: agent"}

        await page.keys("ctrl+f", "tab", "ctrl+a", "ctrl+k", *"op:nobody", "ctrl+s")
        said = region_text(console, "#audit-status")
        assert said == "About: no operator has the username after op:. Check its spelling."
        assert console.focused is about and about.has_class("-problem")


async def test_a_long_username_gives_way_but_a_customer_reference_shows_whole(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """About gives way, down to a reference's width: a 49-character username beside the
    longest What is cut (whole in the line under the table), the reference never."""
    with console_uow_factory(demo_settings) as uows:
        long_named_agent(uows)
        disable_operator(uows(), actor_for(uows, "admin"), LONG_USERNAME)
        call = desk_for(uows, "agent").start(JOHN_SMITH)
        supervisor = actor_for(uows, "supervisor")
        close_call(uows(), supervisor, call.interaction_id, "Went home", desk_in_use_confirmed=True)
        with uows() as uow:
            audit.record(uow, None, AuditAction.CUSTOMER_VIEWED, customer_id=JOHN_SMITH)
            uow.commit()
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("escape", "ctrl+t")
        lines = screen_text(console).splitlines()
        assert all(len(line) <= SIZE[0] for line in lines)
        closed = [line for line in lines if "upervisor)" in line]
        assert closed and all("upervisor)  1001 2345 P  " in line for line in closed), lines
        disabled = next(line for line in lines if "operator.disabled" in line)
        assert "op: hubert" in disabled and "…" in disabled and LONG_USERNAME not in disabled

        table = console.screen.query_one("#audit-table", DataTable)
        at = next(i for i, row in enumerate(_rows(console)) if row[2] == "operator.disabled")
        await page.keys("down", *["down"] * at)  # to the events, then to the row
        assert table.cursor_row == at
        detail = "".join(region_text(console, "#audit-detail").split())
        assert f"op:{LONG_USERNAME}" in detail
