"""Stored text that went around the validators reaches no terminal as escape sequences.

Values are planted straight into the console's database (as an import, a legacy migration
or a direct edit would leave them): an OSC 8 hyperlink, a screen-clearing CSI, one-byte C1
controls and a bidi override. Every screen that shows them is then rendered with Pilot and
looked at the ways the terminal would get it; the CLI's output is checked the same way.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from textual.widgets import Input

from custinfo_tui.cli import main
from custinfo_tui.domain.events import AuditAction, AuditEventIn
from custinfo_tui.domain.readback import ReadBackLine
from custinfo_tui.domain.verification import Authority
from custinfo_tui.repository.orm import (
    Consent,
    Customer,
    FieldChange,
    Operator,
    QueueItemRow,
    Representative,
)
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
from custinfo_tui.tui.screens.choose import ChoiceScreen, ReasonScreen
from custinfo_tui.tui.screens.conflict import ConflictScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.representative import RepresentativeScreen
from custinfo_tui.tui.screens.resolve_item import ResolveItemScreen
from tests.support.acting import main_as
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import region_text, settle
from tests.support.terminal_output import assert_inert, unsafe_characters, widget_text
from tests.support.tour import SUPERVISOR

SIZE = (160, 40)

#: A hyperlink, a screen clear, one-byte CSI and OSC (C1), a bell and a right-to-left override.
PAYLOAD = (
    "\x1b]8;;https://evil.example.com/\x1b\\click\x1b]8;;\x1b\\"
    "\x1b[2J\x9b31m\x9d0;pwned\x07\u202eenoJ"
)
#: What the payload's hyperlink looks like once made inert: visible, and going nowhere.
SHOWN = "␛]8;;https://evil.example.com/"
MARKUP = "[bold]Smith"

#: John Smith of the demo data (fictitious), and the operators who never log in here.
CUSTOMER_ID = 1


def _plant_everywhere(settings: Settings) -> str:
    """Put the payload in every kind of stored text about customer 1; their reference."""
    now = datetime.now(UTC)
    with console_database(settings) as uow:
        session = uow.session
        operators = {op.username: op for op in session.scalars(select(Operator))}
        agent, trainer = operators["agent"], operators["trainer"]
        agent.display_name = f"Alex {PAYLOAD}"
        trainer.display_name = f"Terry {PAYLOAD}"
        trainer.username = f"trainer{PAYLOAD}"
        customer = session.get(Customer, CUSTOMER_ID)
        assert customer is not None
        # The search keys stay as they were: only what is shown was tampered with.
        customer.given_name = MARKUP
        customer.family_name = PAYLOAD
        customer.security_question = f"First pet? {PAYLOAD}"
        customer.accessibility_needs = PAYLOAD
        address = customer.addresses[-1]
        address.line1 = f"12 {PAYLOAD} Road"
        address.town = PAYLOAD
        for point in customer.contact_points:
            if point.kind == "email":
                point.value = f"{PAYLOAD}@example.com"
        session.add_all(
            [
                Representative(
                    customer_id=customer.id,
                    given_name=PAYLOAD,
                    family_name="[bold]Rep",
                    relationship=PAYLOAD,
                    authority=Authority.NAMED_CONTACT.value,
                    scope=["read:contact"],
                    created_at=now,
                ),
                FieldChange(
                    customer_id=customer.id,
                    field="town",
                    old_value=PAYLOAD,
                    new_value=PAYLOAD,
                    reason=PAYLOAD,
                    operator_id=trainer.id,
                    changed_at=now,
                ),
                Consent(
                    customer_id=customer.id,
                    purpose="marketing",
                    channel="email",
                    lawful_basis="consent",
                    granted=True,
                    wording_version=PAYLOAD,
                    recorded_at=now,
                    recorded_by_id=trainer.id,
                ),
                QueueItemRow(
                    kind=PAYLOAD,
                    customer_id=customer.id,
                    summary=PAYLOAD,
                    raised_at=now,
                    raised_by_id=trainer.id,
                ),
            ]
        )
        uow.audit.append(
            AuditEventIn(
                action=AuditAction.CUSTOMER_CREATED,
                operator_id=trainer.id,
                customer_id=customer.id,
                fields=(PAYLOAD,),
                reason=PAYLOAD,
                outcome=PAYLOAD,
                details={"enquiry_type": PAYLOAD},
            )
        )
        uow.commit()
        return customer.reference


def _check(app: CustinfoApp, *, planted: bool = True) -> str:
    """Nothing on screen can drive the terminal, and the payload did reach the screen."""
    shown = assert_inert(app)
    if planted:
        assert SHOWN in widget_text(app.screen)
    return shown


async def test_lookup_record_tabs_and_back_office_dialogs_show_stored_text_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    reference = _plant_everywhere(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, LookupScreen)
        _check(console)  # the operator's own name
        await page.keys(*reference)
        shown = _check(console)
        assert MARKUP in shown and "␛[2J" in shown

        await page.keys("enter", "enter")
        assert isinstance(console.screen, ChoiceScreen)
        await page.keys("end", "enter", "enter", *"letter of 20 Nov", "enter")
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert MARKUP in _check(console)
        for tab in "2345":
            await page.keys(tab)
            _check(console)

        await page.keys("4", "down", "delete")  # withdraw ours (after Priya): a reason first
        assert isinstance(console.screen, ReasonScreen)
        assert "[bold]Rep" in _check(console)
        await page.keys(*"customer asked by letter", "enter")
        assert any("may no longer act" in n.message for n in console._notifications)
        _check(console)  # the notification names them

        await page.keys("f7")
        assert isinstance(console.screen, RepresentativeScreen)
        assert MARKUP in _check(console)
        await page.keys("escape", "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        _check(console)
        assert SHOWN in edit.query_one("#town-input", Input).value
        await page.keys("escape")

        assert console.actor is not None
        console.push_screen(ChangePasswordScreen(console.actor))
        await settle(pilot)
        _check(console)


async def test_a_call_verification_panel_and_caller_choice_show_stored_text_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    reference = _plant_everywhere(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys(*reference, "enter", "enter", "enter")  # a phone call
        record = console.screen
        assert isinstance(record, RecordScreen) and record.in_call
        questions = []
        for _ in record.state.checks if record.state else ():
            _check(console)
            questions.append(widget_text(console.screen))
            await page.keys("down")
        assert any("First pet?" in shown for shown in questions)

        await page.keys("f2")  # who is calling: the customer's and representative's names
        choice = console.screen
        assert isinstance(choice, ChoiceScreen)
        assert MARKUP in _check(console)
        ours = next(i for i, (label, _) in enumerate(choice.choices) if "[bold]Rep" in label)
        await page.keys(*["down"] * ours, "enter")  # the planted representative
        assert console.screen is record
        _check(console)
        assert "[bold]Rep" in region_text(console, "#caller-line")


async def test_the_idle_lock_shows_the_operator_name_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant_everywhere(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        console.idle_lock_seconds = 0
        console.lock_if_idle()
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)
        _check(console)


async def test_supervisor_audit_trail_and_queue_show_stored_text_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant_everywhere(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+t")
        _check(console)
        await page.keys("escape", "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        _check(console)
        await page.keys("enter")
        assert isinstance(console.screen, ResolveItemScreen)
        _check(console)


async def test_the_duplicate_panel_shows_a_stored_name_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant_everywhere(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("f6", "enter")  # a phone call
        await page.keys("ctrl+s")  # consent as offered
        capture = console.screen
        assert isinstance(capture, CaptureScreen)
        capture.query_one("#family_name-input", Input).value = "Smith"
        capture.query_one("#date_of_birth-input", Input).value = "12/04/1980"
        await pilot.pause(0.6)  # the duplicate check waits for typing to stop
        await settle(pilot)
        assert capture.candidates
        assert MARKUP in _check(console)


async def test_the_conflict_screen_shows_the_other_desks_stored_value_inert(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#town-input", Input).focus()
        await page.keys("ctrl+u", *"York", "tab", "enter", "down", "enter")

        # Meanwhile the town is changed in the database directly, around the validators.
        with console_database(demo_settings) as uow:
            customer = uow.session.get(Customer, CUSTOMER_ID)
            assert customer is not None
            customer.addresses[-1].town = PAYLOAD
            customer.updated_at = datetime.now(UTC)  # a new version of the record
            uow.commit()

        await page.keys("ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        # The town with the rest of the address: line 1 and the postcode kept.
        await page.keys("enter", "enter", "enter", "ctrl+s")
        assert isinstance(console.screen, ConflictScreen)
        _check(console)


async def test_the_read_back_shows_a_value_inert_whatever_it_holds(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        line = ReadBackLine("accessibility_needs", "Support needs", PAYLOAD, f"{MARKUP} {PAYLOAD}")
        console.push_screen(ReadBackScreen([line]))
        await settle(pilot)
        assert MARKUP in _check(console)


def _db_path(settings: Settings) -> str:
    assert settings.database_url is not None
    database = make_url(settings.database_url).database
    assert database is not None
    return database


def test_cli_audit_show_and_operator_list_print_stored_text_inert(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant_everywhere(demo_settings)
    db = _db_path(demo_settings)

    assert main_as(["--db", db, "audit", "show", "--limit", "500"]) == 0
    out = capsys.readouterr().out
    assert SHOWN in out
    assert not unsafe_characters(out)

    monkeypatch.setattr("sys.stdin", io.StringIO("admin-demo-2026\n"))
    assert main(["--db", db, "operator", "list", "--as", "admin", "--password-stdin"]) == 0
    captured = capsys.readouterr()
    assert "Terry ␛]8;;" in captured.out
    assert not unsafe_characters(captured.out + captured.err)
