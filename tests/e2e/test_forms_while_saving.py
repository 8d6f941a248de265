"""Forms that save in a worker, while their save runs (tui/saving_form.py), driven by keys.

The wrap-up's form was held still while its save ran (tests/e2e/test_wrap_up_while_saving.py);
the breach report, the complaint, the new customer, the record edit, the DPO's breach
assessment, the desks' short forms (an operator added) and the password change were not: keys typed
during "Saving..." went into their boxes and were lost as the screen closed, and Escape
asked about leaving a screen about to close. Now each form takes no typing and no keys of
its own while its save runs, and a second Ctrl+S saves nothing more: one row each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.domain.breaches import BreachIn
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.breaches import report_breach
from custinfo_tui.services.console.administration import AdministrationServices
from custinfo_tui.services.console.data_protection import DataProtectionServices
from custinfo_tui.services.console.records import RecordServices
from custinfo_tui.services.console.sessions import SessionServices
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.breaches import AssessBreachScreen, BreachesScreen
from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.screen import press, screen_text, settle, typed_in_one_go
from tests.support.tour import ADMIN, DPO

SIZE = (80, 24)
#: Typed while the save runs, with the keys an impatient handler presses with it.
MORE = " and more"
AFTER = ("ctrl+s", *MORE, "escape", "ctrl+s")


class HeldCall:
    """The service call `name` of `owner` held back until `go` is set, each call counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type[object], name: str) -> None:
        self.go = threading.Event()
        self.calls = 0
        call = getattr(owner, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.go.wait(10)
            return call(*args, **kwargs)

        monkeypatch.setattr(owner, name, held)


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Pause until `done()` holds, without waiting for workers (the save is held back)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the console did not get there in time")


async def _held_then_saved(
    pilot: Pilot[None], save: HeldCall, form: object, box: Input | FreeTextArea, shown: str
) -> None:
    """The save started and held: what was typed meanwhile went into no box, and no key
    acted on the form (Escape asked nothing); then the save goes on."""
    console = pilot.app
    await _until(pilot, lambda: save.calls == 1 and shown in screen_text(console))
    await pilot.pause(0.3)  # every key read meanwhile
    assert console.screen is form
    assert box.is_disabled and console.focused is None
    save.go.set()
    await settle(pilot)
    assert save.calls == 1


def _events(settings: Settings, action: AuditAction) -> int:
    with console_database(settings) as uow:
        return len(uow.audit.list_recent(action=action.value, limit=100))


async def test_keys_typed_while_a_breach_report_is_sent_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("ctrl+b")
        form = console.screen
        assert isinstance(form, ReportBreachScreen)
        await page.keys("tab", "tab", *"1", "tab", "space")
        what = form.query_one("#breach-what", FreeTextArea)
        form.set_focus(what)
        await press(pilot, *"Letter posted to the wrong address")
        save = HeldCall(monkeypatch, DataProtectionServices, "report_breach")
        typed_in_one_go(console, *AFTER)
        await _held_then_saved(pilot, save, form, what, "Reporting...")
        assert what.text == "Letter posted to the wrong address"
        assert isinstance(console.screen, RecordScreen)
    with console_database(demo_settings) as uow:
        breaches = uow.breaches.listed(open_only=False)
        assert [b.what_happened for b in breaches] == ["Letter posted to the wrong address"]


async def test_keys_typed_while_a_complaint_is_saved_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    raised = _events(demo_settings, AuditAction.COMPLAINT_RAISED)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("f10")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        await page.keys("enter", "down", "enter", "tab", *"the double charge", "tab")
        await page.keys(*"the double charge", "tab", *"Charged twice in March")
        said = form.query_one("#complaint-solution", FreeTextArea)
        save = HeldCall(monkeypatch, RecordServices, "raise_complaint")
        typed_in_one_go(console, *AFTER)
        await _held_then_saved(pilot, save, form, said, "Saving...")
        assert said.text == "Charged twice in March"
        assert isinstance(console.screen, RecordScreen)
    assert _events(demo_settings, AuditAction.COMPLAINT_RAISED) == raised + 1


async def test_keys_typed_while_a_new_customer_is_saved_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = _events(demo_settings, AuditAction.CUSTOMER_CREATED)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("Grace")
        await press(pilot, "tab", *"Hopper", "tab", *"09/12/1986", "tab", *"07700 900123")
        await press(pilot, "tab", *"grace.h@example.com", "tab", *"1 High Street", "tab", "tab")
        await press(pilot, *"Leeds", "tab", *"LS1 4AB")
        postcode = capture.query_one("#postcode-input", Input)
        await press(pilot, "ctrl+s")
        await page.save_without_notes()
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        await press(pilot, *["enter"] * len(read_back.lines))
        save = HeldCall(monkeypatch, RecordServices, "create_customer")
        typed_in_one_go(console, *AFTER)
        await _until(pilot, lambda: console.screen is capture)
        await _held_then_saved(pilot, save, capture, postcode, "Saving...")
        assert postcode.value == "LS1 4AB"
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert record.record.value("postcode") == "LS1 4AB"
    assert _events(demo_settings, AuditAction.CUSTOMER_CREATED) == created + 1


async def test_keys_typed_while_a_records_changes_are_saved_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    updated = _events(demo_settings, AuditAction.CUSTOMER_UPDATED)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        phone = edit.query_one("#phone-input", Input)
        edit.set_focus(phone)
        await press(pilot, *["backspace"] * len(phone.value), *"07700 900456")
        await press(pilot, "tab", "enter", "down", "enter", "shift+tab")
        assert console.focused is phone
        await press(pilot, "ctrl+s")
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        await press(pilot, *["enter"] * len(read_back.lines))
        save = HeldCall(monkeypatch, RecordServices, "edit_customer")
        typed_in_one_go(console, *AFTER)
        await _until(pilot, lambda: console.screen is edit)
        await _held_then_saved(pilot, save, edit, phone, "Saving...")
        assert phone.value == "07700 900456"
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert record.record.value("phone") == "07700 900456"
    assert _events(demo_settings, AuditAction.CUSTOMER_UPDATED) == updated + 1


async def test_keys_typed_while_an_operator_is_added_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desks' short forms (desk_form.py): the administrator's, the DPO's."""
    added = _events(demo_settings, AuditAction.OPERATOR_CREATED)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        # The role is chosen from a list (Call-handler first), then back to the name box.
        await page.keys(*"jbloggs", "tab", *"Jo Bloggs", "tab", "enter", "down", "enter")
        await page.keys("shift+tab")
        name = console.focused
        assert isinstance(name, Input)
        save = HeldCall(monkeypatch, AdministrationServices, "add_operator")
        typed_in_one_go(console, *AFTER)
        await _held_then_saved(pilot, save, form, name, "Saving...")
        assert name.value == "Jo Bloggs"
        assert "Temporary password for jbloggs" in screen_text(console)
    assert _events(demo_settings, AuditAction.OPERATOR_CREATED) == added + 1


async def test_keys_typed_while_a_breach_assessment_is_saved_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with console_uow_factory(demo_settings) as uows:
        given = BreachIn(
            what_happened="Letter posted to the wrong address",
            discovered_at=datetime.now(UTC),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
        )
        report_breach(uows(), actor_for(uows, "agent"), given)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        assert isinstance(console.screen, BreachesScreen)
        await page.keys("enter")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        await page.keys("enter", "down", "enter", "tab", *"None likely")
        said = console.focused
        assert isinstance(said, Input)
        save = HeldCall(monkeypatch, DataProtectionServices, "assess_breach")
        typed_in_one_go(console, *AFTER)
        await _held_then_saved(pilot, save, form, said, "Saving...")
        assert said.value == "None likely"
        assert isinstance(console.screen, BreachesScreen)
    assert _events(demo_settings, AuditAction.BREACH_ASSESSED) == 1


async def test_keys_typed_while_a_password_is_changed_go_into_no_box(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Enter typed meanwhile in the last box submitted the form again."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, "ctrl+p", *"change password", "enter")
        form = console.screen
        assert isinstance(form, ChangePasswordScreen)
        new = "tangerine bicycle orchestra"
        for box, value in (("current", "agent-demo-2026"), ("new", new), ("repeat", new)):
            form.query_one(f"#{box}", Input).value = value
        repeat = form.query_one("#repeat", Input)
        repeat.focus()
        await settle(pilot)
        save = HeldCall(monkeypatch, SessionServices, "change_password")
        typed_in_one_go(console, "enter", *MORE, "enter", "escape", "ctrl+s")
        await _held_then_saved(pilot, save, form, repeat, "Change your password")
        assert repeat.value == new
        assert isinstance(console.screen, LookupScreen)
    assert _events(demo_settings, AuditAction.PASSWORD_CHANGED) == 1
