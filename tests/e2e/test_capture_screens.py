"""New-customer and change-of-address calls on the real console (MP-01 to MP-07, MP-10).

Driven by keys only, as a handler would: consent first, typing with mistakes, the
duplicate warning, the read-back with a correction, then the save; and a verified caller
moving house. Each test checks what the screens show and what the database holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.orm import Address, Consent, Customer, FieldChange
from custinfo_tui.services import verification
from custinfo_tui.services.console.records import RecordServices
from custinfo_tui.services.errors import Outage
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.field_input import FieldInput
from tests.support import tour
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.edits import read_back_of
from tests.support.screen import (
    panel_line,
    press,
    region_text,
    said_in_read_back,
    screen_text,
    settle,
    typed_in_one_go,
    typed_in_reads,
    until,
)

SIZE = (80, 24)


async def _type(pilot: Pilot[None], text: str, *then: str) -> None:
    await press(pilot, *text, *then)


async def _new_customer_like_john_smith(pilot: Pilot[None], given_name: str) -> None:
    """Logged in as the agent: a new customer by phone, consent as offered, the first
    enquiry type, `given_name` Smith born 12/04/1980, and the duplicate check done."""
    await ConsolePage(pilot).log_in()
    await _type(pilot, "", "f6", "enter", "ctrl+s")  # a phone call; consent as offered
    await _type(pilot, "", "enter", "down", "enter", "tab")
    await _type(pilot, given_name, "tab")
    await _type(pilot, "Smith", "tab")
    await _type(pilot, "12/04/1980")
    await pilot.pause(0.6)  # the duplicate check waits for typing to stop
    await settle(pilot)


def _message(app: CustinfoApp, key: str) -> str:
    return region_text(app, f"#{key}-message")


async def test_a_new_customer_call_from_consent_to_save(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _type(pilot, "", "f6")
        assert "How is the new customer in touch?" in screen_text(console)
        await _type(pilot, "", "enter")  # a phone call

        # Consent first: the script is on screen and the form takes nothing yet.
        shown = screen_text(console)
        assert "Before I take your details" in shown
        assert "Wording version: 2026-11" in shown
        capture = console.screen_stack[-2]
        assert isinstance(capture, CaptureScreen)
        assert capture.query_one("#capture-form").disabled
        await _type(pilot, "", "tab", "space")  # the caller agrees to e-mail marketing
        await _type(pilot, "", "ctrl+s")
        assert console.screen is capture
        assert "marketing: E-mail" in screen_text(console)

        # Enquiry type from the configured list, then the template's fields in order.
        await _type(pilot, "", "enter", "down", "enter")
        await _type(pilot, "", "tab")
        await _type(pilot, "Jonh", "tab")  # a slip in the first name
        await _type(pilot, "Smith", "tab")
        await _type(pilot, "31/02/1980")  # no such date
        assert (
            "February" in _message(console, "date_of_birth")
            or "date" in _message(console, "date_of_birth").lower()
        )
        await _type(pilot, "", *["backspace"] * 10)
        await _type(pilot, "12/04/1980")
        assert "12 April 1980" in _message(console, "date_of_birth")
        await pilot.pause(0.6)  # the duplicate check waits for typing to stop
        await settle(pilot)
        duplicates = region_text(console, "#duplicates-box")
        assert "John Smith" in duplicates and "STRONG" in duplicates
        assert "SE1 2**" in duplicates and "Acacia" not in duplicates

        await _type(pilot, "", "tab")
        await _type(pilot, "07700 90055")  # one digit short
        assert _message(console, "phone") != ""
        await _type(pilot, "5")
        assert "-> +44 7700 900555" in _message(console, "phone")
        await _type(pilot, "", "tab")
        await _type(pilot, "jonh.smith@example.org", "tab")
        await _type(pilot, "3 Mill Lane", "tab", "tab")
        await _type(pilot, "bristol", "tab")
        await _type(pilot, "bs1 4dl")  # the caller said 4DJ: caught at read-back

        # Save: the strong match needs a reason first; nothing typed is lost meanwhile.
        await _type(pilot, "", "ctrl+s")
        assert "Why is the caller a different person?" in screen_text(console)
        await _type(pilot, "Different address, phone and e-mail; not related", "enter")
        assert "Save without notes?" in screen_text(console)  # the notes box is empty
        await page.save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        said = "J for Juliett, O for Oscar, N for November, H for Hotel"
        assert said_in_read_back(console, "Given name") == said
        assert "12 April 1980" in screen_text(console)

        # Confirm lines until the postcode, which the caller corrects.
        await _type(pilot, "", *["enter"] * 7)
        assert "B for Bravo" in screen_text(console)
        await _type(pilot, "", "ctrl+e")
        assert console.screen is capture
        postcode = capture.query_one("#postcode-input", Input)
        assert postcode.has_focus and postcode.value == "bs1 4dl"
        assert capture.query_one("#given_name-input", Input).value == "Jonh"
        await _type(pilot, "", "backspace", "j", "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await _type(pilot, "", "ctrl+s")  # not yet: every line must be confirmed
        assert isinstance(console.screen, ReadBackScreen)
        await _type(pilot, "", *["enter"] * 8, "ctrl+s")

        record = console.screen
        assert isinstance(record, RecordScreen)
        assert any("New customer saved" in n.message for n in console._notifications)
        assert record.record.value("postcode") == "BS1 4DJ"

    with console_database(demo_settings) as uow:
        session = uow.session
        customer = session.scalars(
            select(Customer).where(Customer.id == record.record.customer_id)
        ).one()
        assert (customer.given_name, customer.family_name) == ("Jonh", "Smith")
        assert customer.addresses[0].postcode == "BS1 4DJ"
        assert customer.contact_points[0].value == "+447700900555"
        consents = session.scalars(select(Consent).where(Consent.customer_id == customer.id)).all()
        granted = {(c.purpose, c.channel) for c in consents if c.granted}
        assert granted == {("service", None), ("marketing", "email")}
        actions = [
            e.action for e in reversed(uow.audit.list_recent(customer_id=customer.id, limit=20))
        ]
        assert actions.index(AuditAction.CONSENT_RECORDED) < actions.index(
            AuditAction.READ_BACK_CONFIRMED
        )
        assert actions.index(AuditAction.READ_BACK_CONFIRMED) < actions.index(
            AuditAction.CUSTOMER_CREATED
        )


async def test_the_call_consent_and_read_back_are_recorded_when_they_happened(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: the timeline stamped "Phone call started", "Consent recorded"
    and the read-back with the save's time, though the call had started 45 s before. The
    form stores nothing until the save still; the save records each step when it
    happened at the console."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        before = datetime.now(UTC)
        await _type(pilot, "", "f6", "enter")  # a phone call: the capture begins
        await _type(pilot, "", "tab", "space", "ctrl+s")  # e-mail offers agreed
        consented = datetime.now(UTC)
        await _type(pilot, "", "enter", "down", "enter", "tab")
        for text in ("Wilhelmina", "Quarrington", "03/09/1971", "07700 900777"):
            await _type(pilot, text, "tab")
        await _type(pilot, "w.q@example.com", "tab")
        await _type(pilot, "14 Harbour Road", "tab", "tab")
        await _type(pilot, "Whitby", "tab")
        await _type(pilot, "YO22 4DE", "ctrl+s")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        with console_database(demo_settings) as uow:  # nothing stored before the save
            assert not uow.customers.find_by_contact(
                "email", "w.q@example.com", exact=True, limit=1
            )
        await _type(pilot, "", *["enter"] * 8)
        confirmed = datetime.now(UTC)
        await _type(pilot, "", "ctrl+s")
        record = console.screen
        assert isinstance(record, RecordScreen)

    with console_database(demo_settings) as uow:
        customer_id = record.record.customer_id
        events = list(reversed(uow.audit.list_recent(customer_id=customer_id)))
        at = {event.action: event.occurred_at for event in events}
        (call,) = uow.subject_access.interactions_of(customer_id)
        (consent_times,) = {c.recorded_at for c in uow.customers.consents_of(customer_id)}
    assert [event.action for event in events] == [
        AuditAction.INTERACTION_FILED,  # the call, started about no one, at its start
        AuditAction.CONSENT_RECORDED,
        AuditAction.READ_BACK_CONFIRMED,
        AuditAction.CUSTOMER_CREATED,
        AuditAction.INTERACTION_ENDED,
    ]
    started = at[AuditAction.INTERACTION_FILED]
    assert before <= started == call.started_at < at[AuditAction.CONSENT_RECORDED]
    assert at[AuditAction.CONSENT_RECORDED] == consent_times <= consented
    assert consented <= at[AuditAction.READ_BACK_CONFIRMED] <= confirmed
    assert confirmed <= at[AuditAction.CUSTOMER_CREATED] == call.ended_at


async def test_read_back_refused_names_the_enquiry_type_too_when_it_is_not_chosen(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _type(pilot, "", "f6", "enter")  # a phone call
        await _type(pilot, "", "ctrl+s")  # consent: account only, no marketing
        await _type(pilot, "", "tab")  # past the enquiry type, left unchosen
        await _type(pilot, "Zoë", "tab")
        await _type(pilot, "Kent", "tab")
        await _type(pilot, "31/02/1990")

        await _type(pilot, "", "ctrl+s")
        assert region_text(console, "#capture-message") == (
            "Correct the fields marked in red and choose the enquiry type; nothing typed is lost."
        )
        assert console.focused is console.screen.query_one("#date_of_birth-input", Input)
        assert console.screen.query_one("#given_name-input", Input).value == "Zoë"

        await _type(pilot, "", *["backspace"] * 10)
        await _type(pilot, "28/02/1990", "ctrl+s")  # the phone and address are still to come
        assert console.focused is console.screen.query_one("#phone-input", Input)
        assert "choose the enquiry type" in region_text(console, "#capture-message")


async def test_a_verified_caller_moves_house(console: CustinfoApp, demo_settings: Settings) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _type(pilot, "john smith", "enter")
        await _type(pilot, "", "enter")  # the first match
        await _type(pilot, "", "enter")  # a phone call
        record = console.screen
        assert isinstance(record, RecordScreen) and record.in_call
        await _type(pilot, "", "f6")  # nothing may change before verification
        assert console.screen is record
        assert "needs High" in panel_line(console)  # said on the panel's own line

        await _type(pilot, "12/04/1980", "enter")  # date of birth; the next check is chosen
        await _type(pilot, "SE1 2QT", "enter")  # postcode
        # High names the security answer: the panel asks it next, with no arrow pressed.
        assert "Ask: What was the name of your first pet?" in " ".join(
            region_text(console, "#verification-panel").split()
        )
        await _type(pilot, "biscuit", "enter")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "High" in region_text(console, "#verification-panel")
        assert "f6 Edit" in screen_text(console)

        await _type(pilot, "", "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        # Fields not yet revealed to the caller are not shown in the form either.
        line1 = edit.query_one("#address_line1-input", Input)
        assert line1.value == "" and "Acacia" not in screen_text(console)

        # Tab to address line 1: five fields before it, none changed (no reason to stop at).
        await _type(pilot, "", *["tab"] * 5)
        assert line1.has_focus
        await _type(pilot, "5 Canal Street", "tab")
        await _type(pilot, "", "enter", "down", "enter")  # reason: Customer moved
        await _type(pilot, "", "tab", "tab")  # past address line 2, unchanged
        await _type(pilot, "Manchester", "tab", "tab")
        await _type(pilot, "m1 3he")
        assert "-> M1 3HE" in _message(console, "postcode")
        await _type(pilot, "", "ctrl+s")

        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        # Only the changed fields are read back.
        assert [line.key for line in read_back.lines] == ["address_line1", "town", "postcode"]
        assert read_back.lines[2].say == "M for Mike, one, space, three, H for Hotel, E for Echo"
        await _type(pilot, "", "enter", "enter", "enter", "ctrl+s")

        assert console.screen is record
        assert any("Changes saved" in n.message for n in console._notifications)

    with console_database(demo_settings) as uow:
        session = uow.session
        addresses = session.scalars(
            select(Address).where(Address.customer_id == 1).order_by(Address.id)
        ).all()
        assert [(a.line1, a.postcode, a.is_current) for a in addresses] == [
            ("12 Acacia Road", "SE1 2QT", False),
            ("5 Canal Street", "M1 3HE", True),
        ]
        changes = session.scalars(select(FieldChange).where(FieldChange.customer_id == 1)).all()
        assert {(c.field, c.reason) for c in changes} == {
            ("address_line1", "Customer moved"),
            ("town", "Customer moved"),
            ("postcode", "Customer moved"),
        }
        assert all(c.interaction_id is not None for c in changes)
        readback = uow.audit.list_recent(action=AuditAction.READ_BACK_CONFIRMED.value)
        assert set(readback[0].fields) == {"address_line1", "town", "postcode"}


#: The town's read-back confirmed: line 1, the town and the postcode, a change of
#: address being read back whole.
WHOLE_ADDRESS = ("enter", "enter", "enter")


async def _town_changed_to_york(pilot: Pilot[None]) -> RecordScreen:
    """The agent's change form on John Smith's record (no customer in touch), the town
    typed as York with the reason "Entry error corrected"; the record screen under it."""
    page = ConsolePage(pilot)
    await page.log_in()
    record = await page.open_back_office("john smith")
    await _type(pilot, "", "f6")
    edit = pilot.app.screen
    assert isinstance(edit, EditScreen)
    edit.query_one("#town-input", Input).focus()
    await _type(pilot, "", "ctrl+u")
    await _type(pilot, "York", "tab", "enter", "down", "enter")  # Entry error corrected
    return record


async def test_another_desks_save_is_shown_beside_yours_and_nothing_is_lost(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        record = await _town_changed_to_york(pilot)

        # Meanwhile another desk corrects the same town and the e-mail.
        services = console.services()
        supervisor = services.authenticate("supervisor", "supervisor-demo-2026").actor
        assert supervisor is not None
        from custinfo_tui.domain.capture import FieldEdit

        services.edit_customer(
            supervisor,
            1,
            record.record.version,
            {"town": FieldEdit(value="Leeds", reason="Entry error corrected")},
            read_back_of("town"),
        )

        await _type(pilot, "", "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await _type(pilot, "", *WHOLE_ADDRESS, "ctrl+s")
        conflict = console.screen
        from custinfo_tui.tui.screens.conflict import ConflictScreen

        assert isinstance(conflict, ConflictScreen)
        shown = screen_text(console)
        assert "Leeds" in shown and "York" in shown and "London" in shown
        await _type(pilot, "", "ctrl+s")  # keep yours

        assert console.screen is record
        assert record.record.value("town") == "York"

    with console_database(demo_settings) as uow:
        changes = uow.session.scalars(
            select(FieldChange).where(FieldChange.customer_id == 1).order_by(FieldChange.id)
        ).all()
        assert [(c.old_value, c.new_value) for c in changes] == [
            ("London", "Leeds"),
            ("Leeds", "York"),
        ]


async def test_marketing_consent_is_withdrawn_from_the_record(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await _type(pilot, "", "f9")
        await _type(pilot, "", "tab", "space", "ctrl+s")  # agrees to e-mail
        assert console.screen is record
        assert record.record.consent_answers().marketing == {"email"}
        await _type(pilot, "", "f9")
        await _type(pilot, "", "tab", "space", "ctrl+s")  # and takes it back
        assert record.record.consent_answers().marketing == frozenset()
        await _type(pilot, "", "5")
        assert "withdrawn" in screen_text(console)

    with console_database(demo_settings) as uow:
        rows = uow.session.scalars(
            select(Consent).where(Consent.customer_id == 1, Consent.channel == "email")
        ).all()
        assert [(r.granted, r.withdrawn_at is not None) for r in rows] == [
            (True, True),
            (False, False),
        ]
        withdrawn = uow.audit.list_recent(action=AuditAction.CONSENT_WITHDRAWN.value)
        assert withdrawn[0].details == {"purposes": ["marketing:email"]}


async def test_support_needs_open_only_with_an_article_9_condition(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _type(pilot, "", "f6", "enter")
        await _type(pilot, "", "ctrl+s")  # consent with no Article 9 condition
        capture = console.screen
        assert isinstance(capture, CaptureScreen)
        needs = capture.query_one("#accessibility_needs-input", Input)
        assert needs.disabled
        assert "Art. 9" in needs.placeholder
        needs.scroll_visible(animate=False)
        await settle(pilot)
        # Whole at 80 columns: "record an Article" was all the box showed.
        assert "Needs an Art. 9 condition: F3 Consent" in screen_text(console)

        await _type(pilot, "", "f3", "tab", "tab", "tab", "enter", "down", "enter", "ctrl+s")
        assert not needs.disabled
        assert "support needs: Explicit consent" in region_text(console, "#capture-status")
        needs.focus()
        await _type(pilot, "Uses a [bold]ramp")
        assert needs.value == "Uses a [bold]ramp"
        assert "[bold]ramp" in screen_text(console)  # shown as typed, never as markup


async def test_a_double_save_on_the_read_back_saves_one_customer(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Ctrl+S pressed twice on the read-back (a key bounce, two keys read in one go) must
    save the new customer once: a second record of the same person is the duplicate the
    whole capture flow is there to prevent."""
    with console_database(demo_settings) as uow:
        before = len(uow.session.scalars(select(Customer.id)).all())
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await press(pilot, "f6", "enter")
        await tour.fill_capture_form(pilot)
        await tour.read_back_capture_form(pilot)
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * 8)
        for key in ("ctrl+s", "ctrl+s"):
            console.post_message(events.Key(key, None))
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)
    with console_database(demo_settings) as uow:
        assert len(uow.session.scalars(select(Customer.id)).all()) == before + 1


async def test_a_double_save_of_changed_details_saves_them_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The same for the change form: the second Ctrl+S read the change back again while
    the first was saving, and saving that too met the first as another desk's change."""
    async with console.run_test(size=SIZE) as pilot:
        record = await _town_changed_to_york(pilot)
        await _type(pilot, "", "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await _type(pilot, "", *WHOLE_ADDRESS)
        for key in ("ctrl+s", "ctrl+s"):
            console.post_message(events.Key(key, None))
        await settle(pilot)
        assert console.screen is record
        assert record.record.value("town") == "York"
    with console_database(demo_settings) as uow:
        changes = uow.session.scalars(select(FieldChange).where(FieldChange.customer_id == 1)).all()
        assert [change.field for change in changes] == ["town"]


async def test_a_restricted_record_shows_as_restricted_and_the_form_is_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The lookup hides a restricted record (Art. 18) from a handler, who may then take the
    caller as new: the duplicate check says a restricted record matches, without whose,
    and neither opens it nor saves another; the details typed stay in the form."""
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        restrict_processing(uows(), dpo, "1001 2345 P", "Accuracy contested")
    async with console.run_test(size=SIZE) as pilot:
        await _new_customer_like_john_smith(pilot, "John")
        duplicates = region_text(console, "#duplicates-box")
        assert "Restricted record" in duplicates and "Contact the DPO" in duplicates
        assert "STRONG" in duplicates
        assert "1001 2345 P" not in duplicates and "SE1 2**" not in duplicates

        capture = console.screen
        await _type(pilot, "", "f4", "enter")
        assert console.screen is capture
        assert "contact the data protection officer" in region_text(console, "#capture-message")
        await _type(pilot, "", "ctrl+s")
        assert console.screen is capture
        assert "restricted record" in region_text(console, "#capture-message")
        assert capture.query_one("#given_name-input", Input).value == "John"
        assert capture.query_one("#date_of_birth-input", Input).value == "12/04/1980"
    with console_database(demo_settings) as uow:
        born = select(Customer).where(Customer.date_of_birth == date(1980, 4, 12))
        assert [c.reference for c in uow.session.scalars(born)] == ["10012345P"]


async def test_a_caller_matching_a_locked_customer_gets_no_new_record(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console: a caller who had just failed John Smith's checks three
    times was taken as a new customer instead. The match shows as locked, and Ctrl+S
    refuses at once, form complete or not, nothing read back; the details stay typed, and
    the attempt is on John Smith's trail for the supervisor working the lock."""
    with console_uow_factory(demo_settings) as uows:
        # Another desk's call: the agent's console has no call of its own to finish.
        agent, elsewhere = actor_for(uows, "agent"), actor_for(uows, "supervisor")
        policy = VerificationPolicy()
        call = verification.start_interaction(uows(), elsewhere, policy, 1, Channel.PHONE)
        for wrong in ("01/01/1980", "02/01/1980", "03/01/1980"):
            verification.check_answer(
                uows(), elsewhere, policy, call.interaction_id,
                CheckKind.DATE_OF_BIRTH, wrong,
            )  # fmt: skip
    async with console.run_test(size=SIZE) as pilot:
        await _new_customer_like_john_smith(pilot, "John")
        duplicates = region_text(console, "#duplicates-box")
        assert "LOCKED (possible fraud)" in duplicates and "1001 2345 P" in duplicates
        assert "no new record" in duplicates

        capture = console.screen
        await _type(pilot, "", "ctrl+s")
        await settle(pilot)

        assert console.screen is capture, "no read-back, no reason asked"
        said = region_text(console, "#capture-message")
        assert "1001 2345 P, whose verification is locked" in said, said
        assert capture.query_one("#given_name-input", Input).value == "John"
        assert capture.query_one("#date_of_birth-input", Input).value == "12/04/1980"
    with console_database(demo_settings) as uow:
        born = select(Customer).where(Customer.date_of_birth == date(1980, 4, 12))
        assert [c.reference for c in uow.session.scalars(born)] == ["10012345P"]
        [refused] = uow.audit.list_recent(action=AuditAction.NEW_RECORD_REFUSED.value)
    assert refused.customer_id == 1 and refused.operator_id == agent.operator_id


async def test_a_name_refused_says_every_character_a_name_may_hold(
    console: CustinfoApp,
) -> None:
    """Found by a tester: "St. John" and "Smith Jr." are taken, yet the message for
    "J0hn" left full stops out of what a name may hold."""
    async with console.run_test(size=SIZE) as pilot:
        await _new_customer_like_john_smith(pilot, "J0hn")
        await _type(pilot, "", "shift+tab", "shift+tab")  # back up to the given name
        said = " ".join(_message(console, "given_name").split())
        # Full stops are allowed ("St. John", "Smith Jr."): the message says so.
        assert said == (
            'The name cannot contain "0" (U+0030, digit zero): only letters, spaces, hyphens, '
            "apostrophes and full stops."
        )


async def test_a_given_name_not_yet_valid_leaves_only_the_family_name_matched(
    console: CustinfoApp,
) -> None:
    """Found by a tester: "J0hn" (a zero) Smith was checked without the given name, the
    field showing its error, and every Smith was said to have the "same name"."""
    async with console.run_test(size=SIZE) as pilot:
        await _new_customer_like_john_smith(pilot, "J0hn")
        capture = console.screen
        assert isinstance(capture, CaptureScreen)
        # Refused at its box (scrolled above the date of birth's by now).
        assert capture.query_one("#field-given_name", FieldInput).problem is not None
        reasons = {r for c in capture.candidates for r in c.reasons}
        assert "same family name" in reasons
        assert not {"same name", "similar name"} & reasons
        shown = region_text(console, "#duplicates-box")
        assert "same family name" in shown and "same name" not in shown


async def test_details_typed_at_once_after_f5_go_into_the_form(console: CustinfoApp) -> None:
    """F5 from the possible duplicates moves back to the form as the key is read, so the
    phone number typed straight after it lands in the first empty box; the digits had gone
    to the duplicates list and were lost."""
    async with console.run_test(size=SIZE) as pilot:
        await _new_customer_like_john_smith(pilot, "Jonh")
        await _type(pilot, "", "f4")
        assert console.focused is console.screen.query_one("#duplicates")
        console.post_message(events.Key("f5", None))
        for digit in "07700900555":
            console.post_message(events.Key(digit, digit))
        await settle(pilot)
        assert console.screen.query_one("#phone-input", Input).value == "07700900555"


async def test_details_typed_in_one_go_with_enter_between_each_go_in_their_own_boxes(
    console: CustinfoApp,
) -> None:
    """Found with keys typed together (a fast handler, a slow remote session): a given
    name, Enter, a surname, Enter, a date of birth, Enter put "JonhSmith12/04/1980" in
    the given-name box. Enter moved on only once the screen heard of it, by when the box
    had typed the rest; it now moves on in the order typed, as Tab does."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("")
        typed_in_one_go(
            console, *"Jonh", "enter", *"Smith", "enter", *"12/04/1980", "enter", *"07700"
        )
        await settle(pilot)
        typed = {box.id: box.value for box in capture.query(Input)}
        assert typed["given_name-input"] == "Jonh"
        assert typed["family_name-input"] == "Smith"
        assert typed["date_of_birth-input"] == "12/04/1980"
        assert typed["phone-input"] == "07700"


async def test_details_typed_in_several_reads_close_together_go_in_their_own_boxes(
    console: CustinfoApp,
) -> None:
    """Found driving the console in tmux: each detail and each Tab arriving as a read of its
    own, a few milliseconds apart (fast typing, a password manager's auto-type, a remote
    session), put "Park RoadJones" in the family name and "3" in the address. A Tab moved
    on while keys of a later read waited for the app, and those went ahead of the keys the
    Tab had held, into the box it moved to (tui/tab_in_order.py)."""
    typed = {
        "given_name": "Peter",
        "family_name": "Jones",
        "date_of_birth": "05/05/1975",
        "phone": "07700 900321",
        "email": "peter.jones@example.net",
        "address_line1": "3 Park Road",
        "address_line2": "",
        "town": "Leeds",
        "postcode": "LS6 2AB",
    }
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("")
        await typed_in_reads(
            console,
            [*"Peter"], ["tab"], [*"Jones"], ["tab"], [*"05/05/1975"], ["tab"],
            [*"07700 900321"], ["tab"], [*"peter.jones@example.net"], ["tab"],
            [*"3 Park Road"], ["tab"], ["tab"], [*"Leeds"], ["tab"], [*"LS6 2AB"],
        )  # fmt: skip
        await settle(pilot)
        boxes = {key: capture.query_one(f"#{key}-input", Input).value for key in typed}
        assert boxes == typed


def _form_then_ctrl_s(given: str, family: str, phone: str) -> list[str]:
    """Every box of the form typed, born 12/04/1980, living at 3 Mill Lane, Bristol, then
    Ctrl+S: the keys as one read delivers them (`typed_in_one_go`)."""
    email = f"{given[0].lower()}.{family.lower()}@example.org"
    return [
        *given, "tab", *family, "tab", *"12/04/1980", "tab", *phone, "tab", *email, "tab",
        *"3 Mill Lane", "tab", "tab", *"Bristol", "tab", *"BS1 4DJ", "ctrl+s",
    ]  # fmt: skip


async def test_ctrl_s_before_the_duplicate_check_came_back_warns_before_the_read_back(
    console: CustinfoApp,
) -> None:
    """Found by a role-play test on a quick machine: details typed faster than the pause
    the check waits for, then Ctrl+S at once, went straight to the read-back. The strong
    match was only found at the save, after every line had been read to the caller. Ctrl+S
    now runs the check first and asks why this is someone else before the read-back."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        capture = await ConsolePage(pilot).start_capture("")
        typed_in_one_go(console, *_form_then_ctrl_s("John", "Smith", "07700 900555"))
        await settle(pilot)
        assert "Why is the caller a different person?" in screen_text(console)
        assert "John Smith (1001 2345 P): strong match" in screen_text(console)
        await _type(pilot, "Different address, phone and e-mail; not related", "enter")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        assert capture.different_person_reason is not None


async def test_a_different_person_reason_too_short_is_refused_with_why(
    console: CustinfoApp,
) -> None:
    """Found by a tester: "x" then Enter gave the same hint as an empty box, never saying
    that five characters are needed."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await ConsolePage(pilot).start_capture("")
        typed_in_one_go(console, *_form_then_ctrl_s("John", "Smith", "07700 900555"))
        await settle(pilot)
        assert "Why is the caller a different person?" in screen_text(console)
        await _type(pilot, "x", "enter")
        said = region_text(console, "#reason-message")
        assert said.startswith("Give at least 5 characters (1 so far). Say how you know")
        assert "Give at least" in screen_text(console)  # on screen at 80x24, not cut off
        assert console.screen.query_one("#reason", Input).value == "x"
        await _type(pilot, "", "backspace", "enter")
        said = region_text(console, "#reason-message")
        assert said.startswith("Say how you know")
        await _type(pilot, "Different address, phone and e-mail", "enter")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)


async def test_a_different_person_reason_refused_as_too_short_is_replaced_by_what_is_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: "x" then Enter was refused, but the "x" stayed with the cursor
    after it, so the real reason typed next was saved as "xDifferent address...". The
    refused words now stay in sight, selected: what is typed replaces them."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        capture = await ConsolePage(pilot).start_capture("")
        typed_in_one_go(console, *_form_then_ctrl_s("John", "Smith", "07700 900555"))
        await settle(pilot)
        await _type(pilot, "x", "enter")
        assert "Give at least 5 characters (1 so far)" in screen_text(console)
        assert console.screen.query_one("#reason", Input).value == "x"  # still in sight
        await _type(pilot, "Different address, phone and e-mail", "enter")
        assert capture.different_person_reason == "Different address, phone and e-mail"
        await ConsolePage(pilot).save_without_notes()
        await _type(pilot, "", *["enter"] * 8, "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)
    with console_database(demo_settings) as uow:
        created = uow.audit.list_recent(action=AuditAction.CUSTOMER_CREATED.value)
    assert created[0].reason == "Different address, phone and e-mail"


async def test_checking_for_existing_customers_clears_once_the_check_has_answered(
    console: CustinfoApp,
) -> None:
    """Found by a tester: Ctrl+S ran the check first, the read-back opened after its
    answer, but Escape back to the form still found "Checking for existing customers
    first..." at its foot, beside the panel showing the answer."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        capture = await ConsolePage(pilot).start_capture("")
        typed_in_one_go(console, *_form_then_ctrl_s("Jonh", "Smith", "07700 900555"))
        await settle(pilot)
        await _type(pilot, "Different address, phone and e-mail; not related", "enter")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        await _type(pilot, "", "escape")
        assert console.screen is capture
        assert "Checking" not in region_text(console, "#capture-message")
        assert "John Smith" in region_text(console, "#duplicates-box")


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Pause until `done()` holds, without waiting for workers (one is held back)."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the console did not get there in time")


async def test_typing_on_after_ctrl_s_keeps_the_form_until_ctrl_s_again(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+S waits for the duplicate check; a date of birth corrected meanwhile makes the
    check's answer old, and the read-back does not open by itself later."""
    answer = threading.Event()
    check = RecordServices.find_duplicates

    def slow_check(
        self: RecordServices, actor: Actor, values: dict[str, str], **one_name: bool
    ) -> object:
        answer.wait(10)
        return check(self, actor, values, **one_name)

    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        capture = await ConsolePage(pilot).start_capture("")
        monkeypatch.setattr(RecordServices, "find_duplicates", slow_check)
        typed_in_one_go(console, *_form_then_ctrl_s("Zara", "Quill", "07700 900556"))
        # Not settle: it would wait for the check held back.
        await _until(pilot, lambda: "Checking" in region_text(console, "#capture-message"))
        assert "Checking for existing customers first..." in region_text(
            console, "#capture-message"
        )
        typed_in_one_go(console, *["shift+tab"] * 6, "end", "backspace", "1")
        date_of_birth = capture.query_one("#date_of_birth-input", Input)
        await _until(pilot, lambda: date_of_birth.value == "12/04/1981")
        answer.set()
        await settle(pilot)
        await pilot.pause(0.6)  # the check of the corrected date waits for typing to stop
        await settle(pilot)
        assert console.screen is capture
        assert capture.query_one("#date_of_birth-input", Input).value == "12/04/1981"
        assert "Checking for existing customers" not in region_text(console, "#capture-message")
        await _type(pilot, "", "ctrl+s")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        assert "12 April 1981" in screen_text(console)


async def test_a_duplicate_check_that_could_not_run_at_ctrl_s_says_so_and_keeps_the_form(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_answer(*_args: object, **_one_name: bool) -> None:
        raise Outage()

    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        capture = await ConsolePage(pilot).start_capture("")
        monkeypatch.setattr(RecordServices, "find_duplicates", no_answer)
        typed_in_one_go(console, *_form_then_ctrl_s("John", "Smith", "07700 900555"))
        await settle(pilot)
        assert console.screen is capture
        said = region_text(console, "#capture-message")
        assert said.startswith("Could not check for existing customers. The database did not")
        assert said.endswith("Nothing typed is lost; Ctrl+S to try again.")
        assert capture.query_one("#postcode-input", Input).value == "BS1 4DJ"

        monkeypatch.undo()  # the database answers again
        await _type(pilot, "", "ctrl+s")
        assert "Why is the caller a different person?" in screen_text(console)


async def test_the_duplicate_check_cannot_be_used_to_find_a_customers_date_of_birth(
    console: CustinfoApp,
) -> None:
    """Found trying the console: typing date after date beside "John Smith" turned the
    panel's match "STRONG: same name, same date of birth" on the right one, confirming a
    verification answer to a caller who had passed no check. After three dates for a name
    the check leaves the date of birth out, and says so; a new form does not start again."""

    async def try_date(typed: str) -> str:
        await _type(pilot, "", "ctrl+a", "ctrl+k", *typed)
        await pilot.pause(0.6)  # the duplicate check waits for typing to stop
        await settle(pilot)
        return region_text(console, "#duplicates-box")

    async with console.run_test(size=(100, 30)) as pilot:
        await _new_customer_like_john_smith(pilot, "John")  # 12/04/1980: a strong match
        assert "STRONG" in region_text(console, "#duplicates-box")
        for guess in ("01/01/1970", "02/01/1970"):
            assert "STRONG" not in await try_date(guess)
        shown = await try_date("12/04/1980")  # a date compared already is compared again
        assert "STRONG" in shown and "not compared" not in shown
        shown = await try_date("03/01/1970")
        assert "Date of birth not compared: several were tried for this name." in shown

        # Abandoning the form and starting again does not reset the count.
        await _type(pilot, "", "escape")
        await _type(pilot, "", "down", "enter")  # "Abandon this new customer?": yes
        await settle(pilot)
        assert "Wrap up: Phone call" in screen_text(console)
        await _type(pilot, "", "escape")  # its wrap-up left for later
        await settle(pilot)
        await _type(pilot, "", "f6", "enter", "ctrl+s", "enter", "down", "enter", "tab")
        await _type(pilot, "John", "tab")
        await _type(pilot, "Smith", "tab")
        await _type(pilot, "04/01/1970")
        await pilot.pause(0.6)
        await settle(pilot)
        shown = region_text(console, "#duplicates-box")
        assert "not compared" in shown and "STRONG" not in shown


async def test_a_record_changed_at_another_desk_is_shown_anew_before_the_edit_opens(
    console: CustinfoApp,
) -> None:
    """Found by a tester: a supervisor corrected the e-mail at their desk; the handler's
    screen kept the old one, and F6 offered it to edit (and to read out)."""
    from custinfo_tui.domain.capture import FieldEdit, ReadBackConfirmation

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        assert isinstance(record, RecordScreen)
        old = record.record.value("email")

        services = console.services()
        supervisor = services.authenticate("supervisor", "supervisor-demo-2026").actor
        assert supervisor is not None
        services.edit_customer(
            supervisor,
            1,
            record.record.version,
            {"email": FieldEdit(value="john.smith@example.net", reason="Entry error corrected")},
            ReadBackConfirmation(confirmed=frozenset({"email"})),
        )

        await press(pilot, "f6")

        # The record is read anew in a worker before the form opens, and the form says so
        # on its own line (a notification timed out: on a loaded machine it had gone by
        # the time the form was read). Waited for, as slow as the machine may be.
        def form_says() -> str:
            opened = isinstance(console.screen, EditScreen) and console.screen.is_mounted
            return region_text(console, "#edit-message") if opened else ""

        await until(pilot, lambda: form_says() != "", seconds=20)
        assert form_says() == "This record was changed at another desk: it is shown as it is now."
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert edit.query_one("#email-input", Input).value == "john.smith@example.net" != old
        assert record.record.value("email") == "john.smith@example.net"
