"""The DPO erases a customer from the desk (Art. 17, MP-16), driven by keys: F7, the
erasure section, the reference, a reason, F2 and a confirmation. An agent's lookup then
finds nothing by reference, name, phone, e-mail or postcode."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.retention import DueSoon
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.phone import format_phone_national
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services import restriction
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.services.lookup import lookup
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen, due_line
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import log_requests, open_desk_section
from tests.support.screen import (
    cut_off_keys,
    footer_text,
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    typed_in_one_go,
    words,
)
from tests.support.tour import AGENT, DPO

SIZE = (80, 24)
JOHN = NAMED_CUSTOMERS[0]


async def test_the_dpo_erases_a_customer_from_the_desk_and_an_agent_then_finds_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "erasure")
        assert isinstance(console.screen, ErasureScreen)
        # Nothing due on a new database: the line says when records would come due, from
        # the policy's period (6 years for the whole record), on one line at 80 columns.
        lines = [line.strip() for line in screen_text(console).splitlines()]
        assert "Due in the next 30 days: nothing. Records come due 6 years after last contact." in (
            lines
        )

        await press(pilot, *john, "enter")
        shown = screen_text(console)
        assert "No legal hold: it can be erased." in shown and "Values to erase" in shown
        # How many values, and where they are held: "5 in addresses", never "addresses 5".
        assert "in the record's fields, 2 in phones and e-mails," in words(shown)
        assert "John" not in shown and "Acacia" not in shown  # counts, never values
        await press(pilot, *"Customer's written request of 20 Nov", "f2")
        assert f"Erase {john}?" in screen_text(console)
        await press(pilot, "enter")  # the highlighted answer is "Go back": nothing erased
        assert isinstance(console.screen, ErasureScreen)
        assert f"{john} erased" not in screen_text(console)
        await press(pilot, "f2", "down", "enter")
        assert f"{john} erased" in screen_text(console)

        await press(pilot, "escape", "escape", "ctrl+o")
        await page.log_in(AGENT)
        await press(pilot, *john)
        shown = screen_words(console)
        # Nothing listed, and the reference said to be an erased record's.
        assert "This record was erased on" in shown
        # Not "Nothing about the customer is held": the reference and the trail are kept.
        assert "Its personal details are gone; the reference and the record of what" in shown
        assert "Nothing about the customer" not in shown

    with console_uow_factory(demo_settings) as uow_factory:
        agent = actor_for(uow_factory, "agent")
        for query in (
            f"{JOHN.given_name} {JOHN.family_name} {JOHN.postcode}",
            format_phone_national(JOHN.phone),
            JOHN.email,
        ):
            found = lookup(uow_factory(), agent, query).matches
            assert JOHN.reference not in {match.reference for match in found}, query
    with console_database(demo_settings) as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
        assert event.reason == "Customer's written request of 20 Nov"
        customer = uow.customers.get_by_reference(JOHN.reference)
        assert customer is not None and customer.status == CustomerStatus.ERASED


async def test_a_misread_reference_is_said_at_its_box_which_keeps_the_focus(
    console: CustinfoApp,
) -> None:
    """Found trying the desk: Enter on a reference with the wrong check letter said so,
    but moved on to the reason, so the correction was typed into the reason box."""
    john = format_reference(JOHN.reference)
    misread = john[:-1] + ("A" if john[-1] != "A" else "B")
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *misread, "enter")
        assert "check letter does not match" in screen_text(console)
        assert console.screen.query_one("#erase-reference").has_focus
        await press(pilot, "ctrl+u", *john, "enter")
        assert "No legal hold: it can be erased." in screen_text(console)
        assert console.screen.query_one("#erase-reason").has_focus

        # Well formed, but no customer has it: back to the box, nothing typed elsewhere.
        await press(pilot, "shift+tab", "ctrl+u", *format_reference(_unused()), "enter")
        assert "No record has that reference." in screen_text(console)
        assert console.screen.query_one("#erase-reference").has_focus


def _unused() -> str:
    from custinfo_tui.domain.reference import reference_for_number

    return reference_for_number(99_999_999)


async def test_a_reference_typed_over_the_one_found_leaves_nothing_to_erase(
    console: CustinfoApp,
) -> None:
    """Found in tmux: a Tab too many from the reason went round to the reference box, whose
    text the next keys replaced; the record found before was still shown, and F2 would
    have asked to erase it though the box named something else."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter")
        assert "No legal hold: it can be erased." in screen_text(console)
        await press(pilot, "shift+tab", *"written request")
        shown = screen_text(console)
        assert "Enter finds the record typed." in shown and "can be erased" not in shown
        assert "f2 Erase" not in shown
        await press(pilot, "f2")
        assert isinstance(console.screen, ErasureScreen)  # no question: nothing to erase

        # Enter on a reference finds it again, and the reason goes on from there.
        await press(pilot, "ctrl+u", *john.replace(" ", ""), "enter")
        assert "No legal hold: it can be erased." in screen_text(console)
        assert console.screen.query_one("#erase-reason").has_focus


async def test_a_reference_enter_and_the_reason_typed_in_one_go_each_land_in_their_box(
    console: CustinfoApp,
) -> None:
    """Typed together, the reason had gone into the reference box: Enter found the record
    and moved on only once the screen heard of it. It now moves on in the order typed."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        typed_in_one_go(console, *john, "enter", *"Written request")
        await settle(pilot)
        assert console.screen.query_one("#erase-reason", Input).value == "Written request"
        assert "No legal hold: it can be erased." in screen_text(console)
        await press(pilot, "f2")
        assert f"Erase {john}?" in screen_text(console)


async def test_holds_are_listed_one_a_line_and_each_action_asks_for_its_own_reason(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Two holds showed on one line joined by a visible line-feed mark, and the reason of
    a hold just recorded stayed in the box, to be recorded again with the next lift or
    erasure without being typed."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter")
        await press(pilot, *"Claim of 1 Dec pending", "f3")
        assert "Recorded with the hold: Claim of 1 Dec" in screen_text(console)
        await press(pilot, "enter")
        await settle(pilot)
        reason = console.screen.query_one("#erase-reason", Input)
        assert reason.value == "" and reason.has_focus
        # An erasure refused (the record is held) takes its reason with it too.
        await press(pilot, *"Her written request of 3 Dec", "f2", "down", "enter")
        await settle(pilot)
        assert reason.value == ""
        await press(pilot, *"Regulator asked us to keep it", "f3", "down", "enter")
        await settle(pilot)
        shown = screen_text(console)
        assert "\u240a" not in shown
        held = [line.strip() for line in shown.splitlines() if "Claim of 1 Dec" in line]
        assert len(held) == 1 and "Regulator" not in held[0]
        assert any("Regulator asked us" in line for line in shown.splitlines())

        await press(pilot, "f4")
        assert "Type the reason first, in the Reason box" in screen_text(console)
        assert "Lift which hold?" not in screen_text(console)
    with console_database(demo_settings) as uow:
        reasons = [e.reason for e in uow.audit.list_recent(customer_id=1, limit=10)]
    assert reasons.count("Claim of 1 Dec pending") == 1


async def test_the_preview_notes_a_restriction_before_erasing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        restriction.restrict_processing(
            uows(), actor_for(uows, "dpo"), JOHN.reference, "Accuracy contested"
        )
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *format_reference(JOHN.reference), "enter")
        shown = screen_words(console)
        assert "No legal hold: it can be erased." in shown
        assert "Note: Processing is restricted since" in shown


def test_data_past_its_day_is_said_to_be_overdue_not_only_due_soon() -> None:
    """ "Due in the next 30 days: 1 enquiry data (first 02 May 2025)" read as if it were
    still to come."""
    today = date.today()
    line = due_line(
        [
            DueSoon(category=DataCategory.PERSONAL, records=0),
            DueSoon(category=DataCategory.ENQUIRY, records=1, first_due=date(2025, 5, 2)),
            DueSoon(
                category=DataCategory.SPECIAL_CATEGORY,
                records=1,
                first_due=today + timedelta(days=3),
            ),
        ]
    )
    assert "1 record of enquiry data (first 02 May 2025: overdue)" in line
    third = today + timedelta(days=3)
    assert f"1 record of special-category data (first {third:%d %b %Y})" in line


def test_what_falls_due_is_counted_in_records_with_the_plural_right() -> None:
    """Found by an explorer: the header read "1 special-category data" and "1 whole
    records"."""
    line = due_line(
        [
            DueSoon(category=DataCategory.PERSONAL, records=1),
            DueSoon(category=DataCategory.ENQUIRY, records=2),
            DueSoon(category=DataCategory.SPECIAL_CATEGORY, records=1),
        ]
    )
    assert line == (
        "Due in the next 30 days: 1 whole record, 2 records of enquiry data, "
        "1 record of special-category data."
    )


def test_nothing_due_is_said_as_nothing_and_a_category_with_none_is_left_out() -> None:
    """The header read "0 whole records, 0 records of enquiry data, 0 records of
    special-category data." on a desk with nothing due."""
    nothing = [DueSoon(category=category, records=0, years=6) for category in DataCategory]
    assert due_line(nothing) == (
        "Due in the next 30 days: nothing. Records come due 6 years after last contact."
    )
    some = due_line(
        [
            DueSoon(category=DataCategory.PERSONAL, records=0),
            DueSoon(category=DataCategory.ENQUIRY, records=2),
        ]
    )
    assert some == "Due in the next 30 days: 2 records of enquiry data."


async def test_f2_during_a_call_says_not_now_at_once_and_asks_only_once_the_call_ends(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found with two desks: a console killed mid-call left the call open; the desk said
    "No legal hold: it can be erased.", then refused and emptied the reason box. Then,
    with an agent in a call on the record: the preview said "Not now: a call is not
    ended", yet F2 asked "Erase ...? This cannot be undone." and refused only after the
    confirmation."""
    from tests.support.actors import desk_for

    with console_uow_factory(demo_settings) as uows:
        call = desk_for(uows, "agent").start(1)  # John Smith; that console then closed
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter")
        shown = screen_words(console)
        assert "Not now: a call is not ended: agent's phone call, since" in shown
        assert "No legal hold: it can be erased." not in shown

        await press(pilot, *"Customer's written request of 20 Nov", "f2")
        await settle(pilot)
        assert isinstance(console.screen, ErasureScreen)  # nothing asked
        shown = screen_words(console)
        assert "cannot be undone" not in shown and f"Erase {john}?" not in shown
        said = region_text(console, "#erase-message")
        assert said.startswith(
            "Not now, nothing erased: A call about this customer is not ended: agent's phone"
        )
        assert "Erase the record once it ends." in said
        reason = console.screen.query_one("#erase-reason", Input)
        assert reason.value == "Customer's written request of 20 Nov"

        with console_uow_factory(demo_settings) as uows:  # the call ends meanwhile
            desk_for(uows, "agent").end(call.interaction_id)
        await press(pilot, "f2")  # read again: free now, so asked, as F2 always asks
        await settle(pilot)
        assert f"Erase {john}?" in region_text(console, ".choice-box")
        await press(pilot, "down", "enter")
        assert f"{john} erased" in screen_text(console)

    with console_database(demo_settings) as uow:
        customer = uow.customers.get_by_reference(JOHN.reference)
        assert customer is not None and customer.status == CustomerStatus.ERASED


async def test_the_reference_box_says_enter_moves_on_and_one_tab_reaches_the_reason(
    console: CustinfoApp,
) -> None:
    """Found by a tester as a new DPO: reference, Enter, Tab, then the reason, which went
    into the reference box. Nothing took a hidden Tab: Enter had found the record and moved
    on to the reason already (as Enter does in every form), which the box did not say, so
    the Tab went round to the reference."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        assert [w.id for w in console.screen.focus_chain] == ["erase-reference", "erase-reason"]
        assert "Enter finds the record and moves on to the reason" in screen_text(console)
        await press(pilot, "tab")
        assert console.screen.query_one("#erase-reason").has_focus
        await press(pilot, "shift+tab", *john, "enter")
        assert console.screen.query_one("#erase-reason").has_focus
        assert "No legal hold: it can be erased." in screen_text(console)


async def test_f2_on_a_held_record_says_it_cannot_be_erased_and_what_to_do_instead(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester as the DPO: on a record the preview already called held, F2 still
    asked "Erase ...? ... This cannot be undone.", and the refusal said only that a hold
    blocked it, with no word of the reply the person is owed."""
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter", *"Legal claim: litigation pending", "f3", "enter")
        shown = screen_text(console)
        assert "Held, so it cannot be erased:" in shown
        assert "f2 Refuse erasure" in shown and "f2 Erase " not in shown

        await press(pilot, "f2")  # no request typed yet: said at the reason box
        assert isinstance(console.screen, ErasureScreen)  # nothing asked
        said = region_text(console, "#erase-message")
        assert said.startswith("Held, so it cannot be erased. Say which request is refused")
        assert said.endswith("F2 then records the refusal.")
        assert console.screen.query_one("#erase-reason", Input).has_focus

        await press(pilot, *"Her e-mail of 3 Dec asking for erasure", "f2")
        asked = region_text(console, ".choice-box")
        assert "Legal claim: Legal claim: litigation pending. Nothing is erased" in asked
        assert "within one month of their request (Art. 12(3))" in asked
        assert "complain to the ICO" in asked and "cannot be undone" not in asked
        await press(pilot, "enter")  # "Go back" is highlighted: nothing recorded
        await press(pilot, "f2", "down", "enter")
        shown = region_text(console, "#erase-holds")
        assert f"Refusal recorded: {john} is held (Legal claim:" in shown
        assert "seek a court's remedy (Art. 12(4))" in shown
        assert console.screen.query_one("#erase-reason", Input).value == ""

    with console_database(demo_settings) as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
        customer = uow.customers.get_by_reference(JOHN.reference)
    assert (event.outcome, event.reason) == ("refused", "Her e-mail of 3 Dec asking for erasure")
    assert customer is not None and customer.status == CustomerStatus.ACTIVE


async def test_a_long_hold_reason_wraps_under_its_own_words(console: CustinfoApp) -> None:
    """A hold's reason longer than the line went on at the margin, under "Held, so it
    cannot be erased:", as if it were a line of its own."""
    john = format_reference(JOHN.reference)
    reason = (
        "The regulator's letter of 2 December asks us to keep every account record of "
        "this household until its review ends"
    )
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter", *reason, "f3", "down", "enter")
        lines = screen_text(console).splitlines()
        first = next(i for i, line in enumerate(lines) if "Regulatory retention:" in line)
        assert lines[first].startswith("   Regulatory retention: The regulator's")
        assert lines[first + 1].startswith("   ") and "review ends" in lines[first + 1]


async def test_a_pending_disclosure_request_is_named_before_erasing_and_closed_by_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester as the DPO: the preview counted "1 in third-party requests" but
    did not say a solicitor's request was waiting, and after the erasure the desk still
    listed it "waiting for approval", asking for "(erased)"."""
    from custinfo_tui.domain.disclosures import CHANNELS, DisclosureRequestIn
    from custinfo_tui.services import disclosures

    with console_uow_factory(demo_settings) as uows:
        request = disclosures.request_disclosure(
            uows(),
            actor_for(uows, "agent"),
            1,
            DisclosureRequestIn(
                requester="A. Jones, solicitor",
                organisation="Example LLP",
                identity_check="Letter on the firm's letterhead, SRA number checked",
                lawful_basis="Legal proceedings (DPA 2018 Sch. 2 para 5)",
                asked_for="Letters about the disputed bill",
                fields=("address_line1",),
                channel=CHANNELS[1],
            ),
        )
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter")
        shown = region_text(console, "#erase-holds")
        assert f"Note: Third-party request {request.id} (Legal proceedings" in shown
        assert "Example LLP) is waiting for approval: is it a ground to keep the data" in shown
        assert "disputed bill" not in screen_text(console)

        await press(pilot, *"Her letter of 3 Dec", "f2", "down", "enter")
        shown = region_text(console, "#erase-found")
        assert f"{john} erased" in shown
        assert f"Third-party request {request.id} closed: the record was erased." in shown

        await press(pilot, "escape", "escape")  # to the lookup; the request waits no more
        await open_desk_section(pilot, "disclosures")
        assert "Third-party disclosures: none waiting." in screen_text(console)


def _weighed_before_erasing(demo_settings: Settings) -> tuple[int, int, int]:
    """John Smith with an open subject access request, a police request waiting for a
    decision and a breach report naming him: three notes under the preview."""
    from datetime import UTC, datetime

    from custinfo_tui.domain.breaches import BreachIn
    from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
    from custinfo_tui.services import breaches, disclosures

    [sar] = log_requests(demo_settings, reference=JOHN.reference)
    with console_uow_factory(demo_settings) as uows:
        agent = actor_for(uows, "agent")
        police = disclosures.request_disclosure(
            uows(),
            agent,
            1,
            DisclosureRequestIn(
                requester="DS 99 Patel",
                organisation="Example Constabulary",
                identity_check="Warrant card seen",
                lawful_basis=LAWFUL_BASES[0],
                asked_for="Phone number of the account holder",
                fields=("phone",),
                channel=CHANNELS[0],
            ),
        )
        breach = breaches.report_breach(
            uows(),
            agent,
            BreachIn(
                what_happened="Letter for this customer posted to the wrong address",
                discovered_at=datetime.now(UTC) - timedelta(hours=3),
                categories=(DataCategory.PERSONAL,),
                people_affected=1,
                customer_references=(JOHN.reference,),
            ),
        )
    return sar.id, police.id, breach.id


async def test_every_note_of_a_long_preview_is_read_with_pgdn_and_the_reason_box_stays(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: with an open request, a police request and a breach naming the
    customer, the preview stopped at "... is it a ground to keep the data" at 80x24 (and at
    80x40): the breach note never showed. The preview now scrolls: PgDn, named in the
    footer while there is more, reads on; the reason box stays on screen with the focus.
    The keys are named as on every other screen, "PgDn More" and "PgUp Earlier" (the desk
    said "pgdn More", and never named PgUp)."""
    sar, police, breach = _weighed_before_erasing(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *format_reference(JOHN.reference), "enter")
        read = region_text(console, "#erase-preview")
        assert f"Note: Subject access request {sar} is open" in read
        footer = footer_text(console)
        assert "PgDn More" in footer and "PgUp" not in footer  # at the top: nothing earlier
        reason = console.screen.query_one("#erase-reason", Input)
        assert reason.has_focus and reason.region.bottom <= SIZE[1] - 1  # on screen
        while "PgDn More" in footer_text(console):
            await press(pilot, "pagedown")
            read += " " + region_text(console, "#erase-preview")
            assert "PgUp Earlier" in footer_text(console) and not cut_off_keys(console)
        assert "PgDn" not in footer_text(console)  # at the end
        assert "Erasing closes the request." in read and f"request {police} " in read
        assert f"Note: Breach {breach} names this customer" in read
        assert "a name in them too." in read
        await press(pilot, *"Her letter of 3 Dec")  # the focus never left the reason box
        assert reason.value == "Her letter of 3 Dec"
        await press(pilot, "pageup")
        assert f"Subject access request {sar} is open" in region_text(console, "#erase-preview")


async def test_on_a_held_record_read_on_pgup_gives_way_before_escape(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The fullest footer the desk has: a held record (F2 refuses, F4 lifts the hold) whose
    preview runs past its lines, read on into it. PgDn and PgUp both named leave no room
    for every key: PgUp leaves the line (the palette lists it, and it still pages back),
    not Escape, and no key is cut."""
    sar, _, _ = _weighed_before_erasing(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *format_reference(JOHN.reference), "enter")
        await press(pilot, *"Claim of 1 Dec pending", "f3", "enter")
        await settle(pilot)
        await press(pilot, "pagedown")
        footer = footer_text(console)
        assert "f2 Refuse erasure" in footer and "f4 Lift hold" in footer
        assert "esc Back" in footer and "^q Quit" in footer and not cut_off_keys(console)
        await press(pilot, "pageup")
        assert f"Subject access request {sar} is open" in region_text(console, "#erase-preview")


async def test_a_tall_screen_shows_every_note_at_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _, _, breach = _weighed_before_erasing(demo_settings)
    async with console.run_test(size=(80, 40)) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *format_reference(JOHN.reference), "enter")
        read = region_text(console, "#erase-preview")
        assert "Values to erase" in read and f"Breach {breach} names this customer" in read
        footer = footer_text(console)
        assert "PgDn" not in footer and "PgUp" not in footer  # nothing more to read


async def test_erasing_names_on_screen_the_third_parties_to_tell_art_19(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: erasing a customer whose data had gone to the police said only
    "1001 2345 P erased: 29 values replaced." Art. 19: the recipients are named, before
    (in the preview) and after, where the line stays."""
    from datetime import UTC, datetime

    from tests.support.actors import desk_for
    from tests.support.disclosed import released_to

    with console_uow_factory(demo_settings) as uows:
        released_to(desk_for(uows, "agent"), desk_for(uows, "dpo"), 1, "Example Constabulary")
    told = f"Data was disclosed to Example Constabulary on {datetime.now(UTC):%d %b %Y}: "
    john = format_reference(JOHN.reference)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        await press(pilot, *john, "enter")
        assert f"Note: {told}once erased, tell them" in region_text(console, "#erase-preview")
        await press(pilot, *"Her letter of 3 Dec", "f2", "down", "enter")
        shown = region_text(console, "#erase-preview")
        assert f"{john} erased:" in shown
        assert f"{told}tell them of the erasure (UK GDPR Art. 19)." in shown
