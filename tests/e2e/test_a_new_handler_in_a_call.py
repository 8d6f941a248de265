"""What a new handler reads in a call at 80x24 (MP-08, MP-14, MP-19), found by one trying
the demo: words that match what the keys do, what to tell the caller, and nothing drawn
over the verification panel.

- The panel said "Change: enquiries." at Standard, where F6 then said nothing could be
  changed: it now says "Change: nothing (needs High)".
- F6 said a change was out of this caller's reach with nothing about Ctrl+D, the way a
  detail they say is wrong reaches a supervisor (and it is not in the call's footer).
- "Reported to a supervisor." and "Complaint raised." gave the handler nothing to tell
  the caller: now a reference, what happens next, and the dates the product holds.
- After two wrong answers the script still read "Could you check it and tell me again?":
  one more wrong answer locks.
- Those messages were notifications, drawn over the panel's last lines ("Read: ...").
- For someone with no authority the record still showed "...123" and "SE1 2**", which a
  handler could confirm by mistake.
- "BS8 4JK" was "not a UK postcode format", though it looks like one: the panel now says
  which letter is never used where it stands.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.command import CommandPalette
from textual.widgets import DataTable
from textual.widgets._toast import Toast

from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.discrepancy import ReportDiscrepancyScreen
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel
from tests.support.console_page import ConsolePage, logged_in
from tests.support.database import console_database
from tests.support.screen import region_text, screen_text, settle

SIOBHAN = 3  # no security answer on file: High is out of reach in a call


def _panel(console: CustinfoApp) -> str:
    """What the verification panel shows on the screen, wrapped lines joined."""
    return region_text(console, "#verification-panel")


def _told(console: CustinfoApp) -> list[str]:
    return [str(notification.message) for notification in console._notifications]


async def test_at_standard_the_panel_and_f6_say_the_same_and_f6_names_ctrl_d(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Siobhán at Standard: High needs a security answer she never gave. The panel says
    she may change nothing, F6 says why on the panel's own line (no notification over the
    panel), and names Ctrl+D, which the palette offers; the report sent, the panel says
    what to tell her."""
    async with logged_in(console) as page:
        await page.call("siobhan o'neill")
        await page.answer("17/03/1972")
        await page.answer("bt7 1nn")
        shown = _panel(console)
        assert "Change: nothing. Withdraw: marketing consent." in shown
        assert "enquiries" not in shown

        await page.keys("f6")

        shown = _panel(console)
        assert (
            "Nothing can be changed in this call now: needs High, which this caller cannot "
            "reach in this call (no security answer on file). If a detail on file is wrong, "
            "report it: F4, the field, then Ctrl+D sends it to a supervisor."
        ) in shown
        assert _told(console) == []  # nothing drawn over the panel

        await page.keys("ctrl+p", *"discrepancy")
        palette = console.screen
        assert isinstance(palette, CommandPalette)
        assert "Discrepancy" in screen_text(console) and "^d" in screen_text(console)
        await page.keys("escape")

        await page.keys("f4", *(["down"] * 4), "ctrl+d")  # past the names, birth and phone
        assert isinstance(console.screen, ReportDiscrepancyScreen)
        await page.keys(*"siobhan@example.com", "enter", *"new address since May", "ctrl+s")
        await settle(page.pilot)

        shown = _panel(console)
        with console_database(demo_settings) as uow:
            report = uow.discrepancies.get(1)
            assert report is not None and report.customer_id == SIOBHAN
            assert report.field == "email"
        assert (
            f'Report {report.id} sent to a supervisor. Tell the caller: "I have passed that on '
            f'to be checked and corrected. Your reference is report {report.id}." No date is '
            "set for it: promise none."
        ) in shown
        assert _told(console) == []


async def test_f6_at_standard_says_what_high_needs_on_the_panel_and_the_words_go_at_high(
    console: CustinfoApp,
) -> None:
    """John Smith can reach High (his security answer is on file): F6 says what it needs,
    without Ctrl+D, on the panel's line, which its words leave once he reaches High."""
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        assert _panel(console).endswith(
            "Read: everything but support needs. Change: nothing (needs High). "
            "Withdraw: marketing consent."
        )

        await page.keys("f6")

        cannot = "Nothing can be changed in this call now: needs High."
        assert cannot in _panel(console) and "Ctrl+D" not in _panel(console)
        assert _told(console) == []

        shown = await page.answer("biscuit")
        assert "Read and change: everything." in _panel(console)
        assert cannot not in " ".join(shown.split())


async def test_with_one_failure_left_the_script_asks_another_check_not_the_same_again(
    console: CustinfoApp,
) -> None:
    """Two wrong dates of birth: "1 more failure locks". The words for the caller no
    longer invite a third guess at the same question: they say another is coming, and
    the panel's line names it and the key to it. Moved there, its question is asked."""
    async with logged_in(console) as page:
        await page.call("john smith")
        first = " ".join((await page.answer("01/01/1990")).split())
        assert "Could you check it and tell me again?" in first

        shown = " ".join((await page.answer("02/02/1990")).split())

        assert "2 failed in 24 h: 1 more failure locks" in shown
        assert "Could you check it and tell me again?" not in shown
        assert (
            "Say: \"I'm sorry, that doesn't match our records. Let me ask you something else "
            'instead."'
        ) in shown
        assert "Did not match. 1 more failure locks: Down to Postcode, ask it instead." in shown

        await page.keys("down")
        panel = console.screen.query_one(VerificationPanel)
        highlighted = panel.highlighted_check
        assert highlighted is not None and highlighted.kind is CheckKind.POSTCODE
        assert "Ask: What is the postcode of the address we hold?" in _panel(console)
        shown = await page.answer("SE1 2QT")
        assert "Passed: Postcode." in " ".join(shown.split())


async def test_with_one_failure_left_and_no_other_check_the_caller_is_not_asked_to_guess(
    console: CustinfoApp,
) -> None:
    """At Standard, High needs the security answer: with it failed twice, no other check
    can take the caller up, so the words say not to guess."""
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await page.answer("wrong pet")

        shown = " ".join((await page.answer("another wrong pet")).split())

        assert "Could you check it and tell me again?" not in shown
        assert "Please don't guess: if you're not sure, we can help you by letter" in shown
        assert "1 more failure locks, and no other check can verify them now." in shown


async def test_a_complaint_raised_in_a_call_gives_its_reference_and_dates_to_tell(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.keys("f10", "enter", "down", "enter")  # the first category
        await page.keys("tab", *"Charged twice", "tab", *"the error")
        await page.keys("tab", *"refund the second charge", "ctrl+s")
        await settle(page.pilot)

        shown = _panel(console)
        with console_database(demo_settings) as uow:
            [complaint] = uow.complaints.of_customer(1)
            complaint_id, acknowledge_by = complaint.id, complaint.acknowledge_by
            final_by = complaint.final_response_by
        today = datetime.now(UTC).date()
        assert (acknowledge_by, final_by) == (today + timedelta(days=3), today + timedelta(56))
        acknowledge, final = format_spoken_date(acknowledge_by), format_spoken_date(final_by)
        assert (
            f'Complaint {complaint_id} raised. Tell the caller: "Your reference is Complaint '
            f"{complaint_id}. We will acknowledge it by {acknowledge} and send our final "
            f'response by {final}."'
        ) in shown
        assert _told(console) == []


async def test_a_postcode_with_a_letter_never_used_there_says_which_letter(
    console: CustinfoApp,
) -> None:
    """Jonathan Smythe lives at BS8 4JL; the caller says "BS8 4JK", which looks valid. It is
    a typing slip (not counted), and the panel says which letter to check."""
    async with logged_in(console) as page:
        await page.call("jonathan smythe")
        shown = " ".join((await page.answer("BS8 4JK", down=1)).split())

        assert (
            "That is not a UK postcode: K is never one of its last two letters. Check that "
            "letter with the caller"
        ) in shown
        assert "BS8 4JK" in shown  # kept in the box to correct
        assert "0 passed" in shown and "failed in 24 h" not in shown


async def test_for_someone_with_no_authority_the_record_shows_no_part_of_a_value(
    console: CustinfoApp,
) -> None:
    """Names and reference pick the record; "...123" and "SE1 2**" are nothing to confirm
    to someone who may hear nothing (docs/verification.md: choosing them discloses
    nothing). In a call they are hidden from the start anyway: part of answers the checks
    ask for (tests/e2e/test_verification_box.py)."""
    async with logged_in(console) as page:
        await page.call("john smith")
        shown = screen_text(console)
        assert "...123" not in shown and "SE1 2**" not in shown

        await page.keys("f2", "down", "down", "enter")  # someone else, with no authority

        assert "Caller: someone with no authority on file" in _panel(console)
        shown = screen_text(console)
        assert "...123" not in shown and "SE1 2**" not in shown
        rows = {line[:17].strip(): line[17:49].strip() for line in shown.splitlines()[5:14]}
        assert rows["Phone"] == rows["Postcode"] == "(hidden) · no authority"
        assert rows["Given name"] == "John"  # the record they asked about, by name


async def test_no_notification_is_drawn_over_the_results_or_the_panel(
    console: CustinfoApp,
) -> None:
    """At 80x24 a notification at the bottom right hid the lookup's 13th result (its
    postcode and phone) and, in a call, the panel's last lines. On the lookup it now takes
    its rows from the results, which scroll; in a call it stands over the record."""
    async with console.run_test(size=(80, 24), notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await page.keys("f9", "ctrl+s")  # the consent form as it stands: "Consent recorded."
        await settle(pilot)
        panel = console.screen.query_one(VerificationPanel)
        [toast] = console.screen.query(Toast)
        assert "Consent recorded." in str(toast.render())
        assert not toast.region.overlaps(panel.region)

        await page.end_call_to_wrap_up()
        await page.keys("escape")  # later: "Wrap-up left for later ..."
        await page.keys(*"smith")
        await settle(pilot)
        results = console.screen.query_one("#results", DataTable)
        assert results.row_count > 13
        toasts = list(console.screen.query(Toast))
        assert any("Wrap-up left for later" in str(t.render()) for t in toasts)
        assert not any(t.region.overlaps(results.region) for t in toasts)
        assert "Amelia Smith" in screen_text(console)  # the list is there, shorter
