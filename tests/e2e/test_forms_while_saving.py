"""Forms that save in a worker, while their save runs (tui/saving_form.py), driven by keys.

The wrap-up's form was held still while its save ran (tests/e2e/test_wrap_up_while_saving.py);
the breach report, the complaint, the new customer, the record edit, the DPO's breach
assessment, the desks' short forms (an operator added) and the password change were not: keys typed
during "Saving..." went into their boxes and were lost as the screen closed, and Escape
asked about leaving a screen about to close. Now each form takes no typing and no keys of
its own while its save runs, and a second Ctrl+S saves nothing more: one row each.

One test says this of every form (`SavingForm`): each form only says how it is reached and
filled in, which service call saves it, what shows once it has closed and what is on file.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
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
from tests.support.screen import screen_text, settle, typed_in_one_go
from tests.support.tour import ADMIN, AGENT, DPO

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
    # A form that reads back saves once back on top.
    await _until(
        pilot,
        lambda: save.calls == 1 and console.screen is form and shown in screen_text(console),
    )
    await pilot.pause(0.3)  # every key read meanwhile
    assert console.screen is form
    assert box.is_disabled and console.focused is None
    save.go.set()
    await settle(pilot)
    assert save.calls == 1


def _events(settings: Settings, action: AuditAction) -> int:
    with console_database(settings) as uow:
        return len(uow.audit.list_recent(action=action.value, limit=100))


@dataclass(frozen=True)
class Filled:
    """A form filled in and about to be saved: the form, a box on it and what it holds."""

    form: Screen[object]
    box: Input | FreeTextArea
    holds: str


@dataclass(frozen=True)
class SavingForm:
    """A form that saves in a worker: who opens it and how it is filled in (`fill`, up to
    the key before the save), the service call that saves it, what the form says while
    that runs, and the audit event of one row saved."""

    fill: Callable[[ConsolePage], Awaitable[Filled]]
    saves: tuple[type[object], str]
    shown: str
    saved: AuditAction
    #: What the console shows once the form has closed.
    then: Callable[[CustinfoApp], None]
    who: tuple[str, str] = AGENT
    #: The key that saves, and the keys an impatient handler presses with it.
    typed: tuple[str, ...] = AFTER
    #: What the form needs on file first.
    given: Callable[[Settings], None] | None = None
    #: What is on file after, beyond the one event.
    stored: Callable[[Settings], None] | None = None


def _box_text(box: Input | FreeTextArea) -> str:
    return box.value if isinstance(box, Input) else box.text


def _on(kind: type[Screen[object]]) -> Callable[[CustinfoApp], None]:
    """The console is back on a screen of `kind`."""

    def then(console: CustinfoApp) -> None:
        assert isinstance(console.screen, kind)

    return then


# --- The forms ------------------------------------------------------------------------------


async def _breach_report(page: ConsolePage) -> Filled:
    console = page.pilot.app
    await page.open_back_office("john smith")
    await page.keys("ctrl+b")
    form = console.screen
    assert isinstance(form, ReportBreachScreen)
    await page.keys("tab", "tab", *"1", "tab", "space")
    what = form.query_one("#breach-what", FreeTextArea)
    form.set_focus(what)
    await page.keys(*"Letter posted to the wrong address")
    return Filled(form, what, "Letter posted to the wrong address")


def _one_breach_as_typed(settings: Settings) -> None:
    with console_database(settings) as uow:
        breaches = uow.breaches.listed(open_only=False)
        assert [b.what_happened for b in breaches] == ["Letter posted to the wrong address"]


BREACH_REPORT = SavingForm(
    fill=_breach_report,
    saves=(DataProtectionServices, "report_breach"),
    shown="Reporting...",
    saved=AuditAction.BREACH_REPORTED,
    then=_on(RecordScreen),
    stored=_one_breach_as_typed,
)


async def _complaint(page: ConsolePage) -> Filled:
    console = page.pilot.app
    await page.call("john smith")
    await page.keys("f10")
    form = console.screen
    assert isinstance(form, RaiseComplaintScreen)
    await page.keys("enter", "down", "enter", "tab", *"the double charge", "tab")
    await page.keys(*"the double charge", "tab", *"Charged twice in March")
    return Filled(
        form, form.query_one("#complaint-solution", FreeTextArea), "Charged twice in March"
    )


COMPLAINT = SavingForm(
    fill=_complaint,
    saves=(RecordServices, "raise_complaint"),
    shown="Saving...",
    saved=AuditAction.COMPLAINT_RAISED,
    then=_on(RecordScreen),
)


async def _new_customer(page: ConsolePage) -> Filled:
    """Filled in and read back: the save is typed on the read-back, whose form saves."""
    capture = await page.start_capture("Grace")
    await page.keys("tab", *"Hopper", "tab", *"09/12/1986", "tab", *"07700 900123")
    await page.keys("tab", *"grace.h@example.com", "tab", *"1 High Street", "tab", "tab")
    await page.keys(*"Leeds", "tab", *"LS1 4AB")
    postcode = capture.query_one("#postcode-input", Input)
    await page.keys("ctrl+s")
    await page.save_without_notes()
    await _read_back(page)
    return Filled(capture, postcode, "LS1 4AB")


async def _read_back(page: ConsolePage) -> None:
    """Every line of the read-back confirmed: the Ctrl+S typed next saves."""
    read_back = page.pilot.app.screen
    assert isinstance(read_back, ReadBackScreen)
    await page.keys(*["enter"] * len(read_back.lines))


def _record_holds(field: str, value: str) -> Callable[[CustinfoApp], None]:
    def then(console: CustinfoApp) -> None:
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert record.record.value(field) == value

    return then


NEW_CUSTOMER = SavingForm(
    fill=_new_customer,
    saves=(RecordServices, "create_customer"),
    shown="Saving...",
    saved=AuditAction.CUSTOMER_CREATED,
    then=_record_holds("postcode", "LS1 4AB"),
)


async def _record_edit(page: ConsolePage) -> Filled:
    """A new phone, read back: the save is typed on the read-back, whose form saves."""
    console = page.pilot.app
    await page.open_back_office("john smith")
    await page.keys("f6")
    edit = console.screen
    assert isinstance(edit, EditScreen)
    phone = edit.query_one("#phone-input", Input)
    edit.set_focus(phone)
    await page.keys(*["backspace"] * len(phone.value), *"07700 900456")
    await page.keys("tab", "enter", "down", "enter", "shift+tab")
    assert console.focused is phone
    await page.keys("ctrl+s")
    await _read_back(page)
    return Filled(edit, phone, "07700 900456")


RECORD_EDIT = SavingForm(
    fill=_record_edit,
    saves=(RecordServices, "edit_customer"),
    shown="Saving...",
    saved=AuditAction.CUSTOMER_UPDATED,
    then=_record_holds("phone", "07700 900456"),
)


async def _operator_added(page: ConsolePage) -> Filled:
    """The desks' short forms (desk_form.py): the administrator's, the DPO's."""
    console = page.pilot.app
    await page.keys("n")
    form = console.screen
    assert isinstance(form, DeskFormScreen)
    # The role is chosen from a list (Call-handler first), then back to the name box.
    await page.keys(*"jbloggs", "tab", *"Jo Bloggs", "tab", "enter", "down", "enter")
    await page.keys("shift+tab")
    name = console.focused
    assert isinstance(name, Input)
    return Filled(form, name, "Jo Bloggs")


def _temporary_password_shown(console: CustinfoApp) -> None:
    assert "Temporary password for jbloggs" in screen_text(console)


OPERATOR_ADDED = SavingForm(
    fill=_operator_added,
    saves=(AdministrationServices, "add_operator"),
    shown="Saving...",
    saved=AuditAction.OPERATOR_CREATED,
    then=_temporary_password_shown,
    who=ADMIN,
)


def _breach_reported(settings: Settings) -> None:
    with console_uow_factory(settings) as uows:
        given = BreachIn(
            what_happened="Letter posted to the wrong address",
            discovered_at=datetime.now(UTC),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
        )
        report_breach(uows(), actor_for(uows, "agent"), given)


async def _breach_assessment(page: ConsolePage) -> Filled:
    console = page.pilot.app
    await open_desk_section(page.pilot, "breaches")
    assert isinstance(console.screen, BreachesScreen)
    await page.keys("enter")
    form = console.screen
    assert isinstance(form, AssessBreachScreen)
    await page.keys("enter", "down", "enter", "tab", *"None likely")
    said = console.focused
    assert isinstance(said, Input)
    return Filled(form, said, "None likely")


BREACH_ASSESSMENT = SavingForm(
    fill=_breach_assessment,
    saves=(DataProtectionServices, "assess_breach"),
    shown="Saving...",
    saved=AuditAction.BREACH_ASSESSED,
    then=_on(BreachesScreen),
    who=DPO,
    given=_breach_reported,
)


async def _password_change(page: ConsolePage) -> Filled:
    """An Enter typed meanwhile in the last box submitted the form again."""
    console = page.pilot.app
    await page.keys("ctrl+p", *"change password", "enter")
    form = console.screen
    assert isinstance(form, ChangePasswordScreen)
    new = "tangerine bicycle orchestra"
    for box, value in (("current", "agent-demo-2026"), ("new", new), ("repeat", new)):
        form.query_one(f"#{box}", Input).value = value
    repeat = form.query_one("#repeat", Input)
    repeat.focus()
    await settle(page.pilot)
    return Filled(form, repeat, new)


PASSWORD_CHANGE = SavingForm(
    fill=_password_change,
    saves=(SessionServices, "change_password"),
    shown="Change your password",
    saved=AuditAction.PASSWORD_CHANGED,
    then=_on(LookupScreen),
    typed=("enter", *MORE, "enter", "escape", "ctrl+s"),
)


# --- Each form, saving ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(BREACH_REPORT, id="breach-report"),
        pytest.param(COMPLAINT, id="complaint"),
        pytest.param(NEW_CUSTOMER, id="new-customer"),
        pytest.param(RECORD_EDIT, id="record-edit"),
        pytest.param(OPERATOR_ADDED, id="operator-added"),
        pytest.param(BREACH_ASSESSMENT, id="breach-assessment"),
        pytest.param(PASSWORD_CHANGE, id="password-change"),
    ],
)
async def test_keys_typed_while_a_form_is_saved_go_into_no_box(
    case: SavingForm,
    console: CustinfoApp,
    demo_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if case.given is not None:
        case.given(demo_settings)
    before = _events(demo_settings, case.saved)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(case.who)
        filled = await case.fill(page)
        save = HeldCall(monkeypatch, *case.saves)
        typed_in_one_go(console, *case.typed)
        await _held_then_saved(pilot, save, filled.form, filled.box, case.shown)
        assert _box_text(filled.box) == filled.holds
        case.then(console)
    assert _events(demo_settings, case.saved) == before + 1
    if case.stored is not None:
        case.stored(demo_settings)
