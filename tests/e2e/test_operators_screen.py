"""The administrator's operators screen (F7 on the lookup), driven by keys.

Found trying the console as an administrator: it offered only the audit trail and
training, and every change to an operator needed `custinfo operator` at a shell. Now the
administrator adds an operator (their temporary password shown once, and working at the
login screen), disables and enables a login, resets a password and changes a role, each
audited under their name; their own login cannot be disabled nor its role changed.
"""

from __future__ import annotations

import re
from datetime import timedelta

from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.roles import Role
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    region_text,
    screen_text,
    screen_words,
    settle,
    typed_in_one_go,
    words,
)
from tests.support.tour import ADMIN, AGENT, DPO, SUPERVISOR

SIZE = (80, 24)
#: A temporary password as the services make them: four groups of five.
TEMPORARY = re.compile(r"\b[a-z2-9]{5}(?:-[a-z2-9]{5}){3}\b")


def _footer(console: CustinfoApp) -> str:
    return screen_text(console).splitlines()[-1]


async def _log_in_again(page: ConsolePage, who: tuple[str, str]) -> None:
    """After a refused login: the boxes emptied, as the operator would, then `who`."""
    login = page.pilot.app.screen
    assert isinstance(login, LoginScreen)
    for box in ("#username", "#password"):
        login.query_one(box, Input).value = ""
    login.query_one("#username", Input).focus()
    await page.log_in(who)


async def _to_row(page: ConsolePage, username: str) -> None:
    """Highlight `username`'s row (the list is by username)."""
    screen = page.pilot.app.screen
    assert isinstance(screen, OperatorsScreen)
    usernames = [operator.username for operator in screen.operators]
    await page.keys(*["up"] * len(usernames), *["down"] * usernames.index(username))


async def test_an_administrator_adds_an_operator_whose_password_works_once_given(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        assert isinstance(console.screen, OperatorsScreen)  # an administrator starts here
        shown = screen_text(console)
        assert "Operators: 5, 5 active." in shown
        for username in ("admin", "agent", "dpo", "supervisor", "trainer"):
            assert username in shown
        assert "This is your own login" in shown  # admin is first, highlighted
        # Their own row: no Disable, no Role.
        assert "d Disable" not in _footer(console) and "c Role" not in _footer(console)

        await page.keys("n")
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys(*"jbloggs", "tab", *"Jo Bloggs", "tab", "ctrl+s")
        assert isinstance(console.screen, DeskFormScreen)  # no role chosen: said
        assert "Fill in: Role." in screen_text(console), screen_text(console)
        # A list to choose from: the prompt, then Call-handler first.
        await page.keys("enter", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, ChoiceScreen)
        dialog = screen_text(console)
        assert "Temporary password for jbloggs" in dialog and "Shown only this once" in dialog
        found = TEMPORARY.search(dialog)
        assert found is not None
        temporary = found.group(0)
        await page.keys("enter")
        assert isinstance(console.screen, OperatorsScreen)
        assert "jbloggs" in screen_text(console) and "Operators: 6, 6 active." in screen_text(
            console
        )
        # The password shown is the one stored: jbloggs logs in with it, and must change it.
        await page.keys("escape", "ctrl+o")
        assert isinstance(console.screen, LoginScreen)
        await page.log_in(("jbloggs", temporary))
        assert isinstance(console.screen, ChangePasswordScreen)

    with console_database(demo_settings) as uow:
        added = uow.operators.get_by_username("jbloggs")
        assert added is not None and added.role == Role.AGENT.value
        assert added.must_change_password and added.display_name == "Jo Bloggs"
        created = uow.audit.list_recent(action=AuditAction.OPERATOR_CREATED.value, limit=1)
        admin = uow.operators.get_by_username("admin")
        assert admin is not None and created[0].operator_id == admin.id
        # The temporary password is in no event.
        assert temporary not in str([e.details for e in uow.audit.list_recent(limit=50)])


async def test_a_disabled_login_is_refused_until_enabled_and_a_role_changes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await _to_row(page, "agent")
        assert "d Disable" in _footer(console) and "e Enable" not in _footer(console)
        await page.keys("d")
        assert "Disable agent?" in screen_text(console)
        await page.keys("enter")  # "No, go back" comes first
        assert isinstance(console.screen, OperatorsScreen)
        await page.keys("d", "down", "enter")
        assert isinstance(console.screen, OperatorsScreen)
        assert "disabled" in screen_text(console)
        assert "e Enable" in _footer(console) and "d Disable" not in _footer(console)
        await _to_row(page, "supervisor")
        # Supervisor, their role, is left out: Call-handler, then Trainer.
        await page.keys("c", "enter", "down", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, OperatorsScreen), screen_text(console)
        await page.keys("escape", "ctrl+o")
        await page.log_in(AGENT)
        assert isinstance(console.screen, LoginScreen)  # disabled: refused
        await _log_in_again(page, ADMIN)
        await _to_row(page, "agent")
        await page.keys("e")
        assert "Operators: 5, 5 active." in screen_text(console)

    with console_database(demo_settings) as uow:
        agent = uow.operators.get_by_username("agent")
        supervisor = uow.operators.get_by_username("supervisor")
        assert agent is not None and agent.active
        assert supervisor is not None and supervisor.role == Role.TRAINER.value
        actions = [e.action for e in uow.audit.list_recent(limit=30)]
    for done in (
        AuditAction.OPERATOR_DISABLED,
        AuditAction.OPERATOR_ENABLED,
        AuditAction.OPERATOR_ROLE_CHANGED,
    ):
        assert done in actions


async def test_a_reset_password_is_shown_once_and_the_old_one_stops_working(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await _to_row(page, "dpo")
        await page.keys("r")
        assert "Reset dpo's password?" in screen_text(console)
        await page.keys("down", "enter")
        found = TEMPORARY.search(screen_text(console))
        assert found is not None
        await page.keys("enter", "escape", "ctrl+o")
        await page.log_in(DPO)
        assert isinstance(console.screen, LoginScreen)  # the old password no longer works
        await _log_in_again(page, ("dpo", found.group(0)))
        assert isinstance(console.screen, ChangePasswordScreen)


async def test_an_administrator_cannot_reset_their_own_password_and_lock_themselves_out(
    console: CustinfoApp,
) -> None:
    """Found trying the console: R on one's own row, "Yes, reset it", logged the
    administrator out before the temporary password was shown, and the old one no longer
    worked: a sole administrator had no way back. Their row has no Reset; the line under
    the table says how to change their own password, which still works."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        assert "This is your own login" in screen_text(console)  # admin is highlighted
        assert "r Reset" not in _footer(console)
        assert 'Ctrl+P, "Change password"' in screen_words(console)
        await page.keys("r", "down", "enter")
        assert isinstance(console.screen, OperatorsScreen)  # no dialog, no reset
        assert "Temporary password" not in screen_text(console)
        await page.keys("escape", "ctrl+o")
        await page.log_in(ADMIN)  # the old password still works
        assert isinstance(console.screen, OperatorsScreen)


async def test_a_disabled_operators_reset_says_they_stay_disabled(
    console: CustinfoApp,
) -> None:
    """Found trying the console: a disabled operator's reset said nothing of their login
    staying disabled, so the temporary password given them let no one in."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await _to_row(page, "agent")
        await page.keys("d", "down", "enter")
        assert "e Enable" in _footer(console)
        await page.keys("r")
        asked = words(screen_text(console).replace("│", " "))
        assert "agent stays disabled: E enables the login" in asked
        await page.keys("down", "enter")
        shown = words(screen_text(console).replace("│", " "))
        assert TEMPORARY.search(shown) is not None
        assert "agent stays disabled: E enables the login" in shown


async def test_the_add_form_typed_in_one_go_after_n_fills_each_box(
    console: CustinfoApp,
) -> None:
    """Found by an IT-operations explorer: `n`, a username, Tab, a name, Tab, a role typed
    in one burst put "sup1Sam Super" in Username: the first Tab moved on from the list
    the form had covered, not from the form's first box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        typed_in_one_go(console, "n", *"sup1", "tab", *"Sam Super")
        await settle(pilot)
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        assert form.query_one("#operator-username", Input).value == "sup1"
        assert form.query_one("#operator-name", Input).value == "Sam Super"


async def test_making_someone_a_dpo_or_an_administrator_asks_first(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by an IT-operations explorer: the role was a free-text box, and a change to
    a role that sees every customer's data protection work, or manages every login, was
    made at the save without a question, where disabling and resetting ask."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await _to_row(page, "agent")
        # Call-handler (theirs) is left out: Supervisor, Trainer, Data protection officer.
        await page.keys("c", "enter", "down", "down", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, ChoiceScreen), screen_text(console)
        assert "Make agent a Data protection officer?" in screen_text(console)
        await page.keys("enter")  # "No, go back" comes first
        assert isinstance(console.screen, OperatorsScreen)
        with console_database(demo_settings) as uow:
            unchanged = uow.operators.get_by_username("agent")
            assert unchanged is not None and unchanged.role == Role.AGENT.value

        await page.keys("n", *"boss2", "tab", *"Bo Boss", "tab")
        await page.keys("enter", "end", "enter", "ctrl+s")  # Administrator, the last
        assert "Make boss2 an Administrator?" in screen_text(console)
        await page.keys("down", "enter")
        assert "Temporary password for boss2" in screen_text(console)

    with console_database(demo_settings) as uow:
        added = uow.operators.get_by_username("boss2")
        assert added is not None and added.role == Role.ADMIN.value


async def test_only_an_administrator_has_the_operators_key(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("f7")
        assert not isinstance(console.screen, OperatorsScreen)
        assert "Operators" not in screen_text(console)


async def test_a_username_taken_is_marked_at_its_box_which_takes_the_focus(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console: "That username is already taken." was said only at the
    foot of the form, the focus left in Role, so Ctrl+U and the new username typed there
    replaced the role instead."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys(*"Agent", "tab", *"Jo Bloggs", "tab", "enter", "down", "down", "enter")
        await page.keys("ctrl+s")
        assert console.screen is form  # refused: the form stays, with what was typed
        username = form.query_one("#operator-username", Input)
        assert console.focused is username
        assert username.has_class("-problem")
        assert "That username is already taken." in screen_text(console)
        await page.keys("ctrl+u", *"jbloggs", "ctrl+s")
        assert isinstance(console.screen, ChoiceScreen), screen_text(console)
        assert "Temporary password for jbloggs" in screen_text(console)

    with console_database(demo_settings) as uow:
        added = uow.operators.get_by_username("jbloggs")
        assert added is not None and added.role == Role.SUPERVISOR.value
        assert added.display_name == "Jo Bloggs"
        agent = uow.operators.get_by_username("agent")
        assert agent is not None and agent.role == Role.AGENT.value
        assert agent.display_name != "Jo Bloggs"
        # The refusal is on the trail too, under the administrator, as at the command line.
        [refused] = uow.audit.list_recent(
            action=AuditAction.OPERATOR_MANAGEMENT_REFUSED.value, limit=5
        )
        admin = uow.operators.get_by_username("admin")
        assert admin is not None and refused.operator_id == admin.id
        assert refused.details == {
            "command": "add",
            "reason": "username_taken",
            "operator_id": agent.id,
        }


async def test_the_role_list_leaves_out_the_role_they_have(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Giving someone the role they have was refused at the role box once saved; the list
    of roles now leaves theirs out, so it cannot be chosen."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await _to_row(page, "agent")
        await page.keys("c")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        roles = form.query_one("#operator-role", ChoiceSelect)
        offered = [value for _label, value in roles._options if isinstance(value, str)]
        assert offered == ["supervisor", "trainer", "dpo", "admin"]
        await page.keys("enter", "down", "enter", "ctrl+s")  # Supervisor, the first
        assert isinstance(console.screen, OperatorsScreen), screen_text(console)

    with console_database(demo_settings) as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None and agent.role == Role.SUPERVISOR.value


async def test_a_temporary_password_unused_for_72_hours_is_refused_and_shown_expired(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by an administrator: a temporary password never expired. Given after its 72
    hours it is refused saying what to do, and the operators' list says it expired."""
    from custinfo_tui.services.operators import reset_password

    with console_uow_factory(demo_settings) as uows:
        issued = reset_password(uows(), actor_for(uows, "admin"), "dpo")
        with uows() as uow:
            dpo = uow.operators.get(issued.operator.id)
            assert dpo is not None
            dpo.password_changed_at -= timedelta(hours=73)
            uow.commit()
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(("dpo", issued.temporary_password))
        assert isinstance(console.screen, LoginScreen)
        assert region_text(console, "#login-message") == (
            "That temporary password has expired (they last 72 hours): ask an administrator "
            "for a new one."
        )
        await _log_in_again(page, ADMIN)
        await _to_row(page, "dpo")
        assert "active, temp. password expired" in screen_text(console)
        assert region_text(console, "#operators-detail") == (
            "dpo (Dana Protection), Data protection officer: active, temporary password expired."
        )


async def test_a_username_taken_and_no_role_chosen_are_said_at_one_save_each_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by an administrator: with a role the form did not know, "That username is
    already taken." came only at a second Ctrl+S; and the role's problem showed twice, at
    its box's border and again under it. (The role is chosen from a list now: none
    chosen is its problem.)"""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys(*"agent", "tab", *"Jo Bloggs", "tab", "ctrl+s")

        assert console.screen is form
        username = form.query_one("#operator-username", Input)
        role = form.query_one("#operator-role").query_one("SelectCurrent")
        assert username.has_class("-problem") and role.has_class("-problem")
        assert console.focused is username  # the first refused, in the form's order
        # Each said once, whole, on the line under the boxes (the borders carry no words),
        # the focused box's first.
        shown = words(screen_text(console).replace("│", " "))
        assert shown.count("That username is already taken.") == 1
        assert shown.count("Fill in: Role.") == 1
        said = region_text(console, "#desk-form-message")
        assert "That username is already taken." in said and "Fill in: Role." in said
        assert "Also to correct:" in said  # both on the one line
        await page.keys("ctrl+u", *"jbloggs", "tab", "tab", "enter", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, ChoiceScreen), screen_text(console)
        # Added already: Escape closes the password's dialog, it cancels nothing.
        assert "esc Close" in _footer(console) and "Cancel" not in _footer(console)
        await page.keys("escape")
        assert isinstance(console.screen, OperatorsScreen)

    with console_database(demo_settings) as uow:
        assert uow.operators.get_by_username("jbloggs") is not None
        # Checking the boxes asked for nothing to be done: only the add is on the trail.
        refused = uow.audit.list_recent(action=AuditAction.OPERATOR_MANAGEMENT_REFUSED.value)
        assert refused == []
