"""A caller at Standard says "stop marketing me", on the console at 80x24 (MP-06, MP-08).

Giving consent needs High (contact preferences: `change:contact`), but taking marketing back,
or refusing it, needs only Standard (`withdraw:consent`; UK GDPR Art. 7(3), 21(3)): F9 opens
the consent form for withdrawals only, refuses a tick at its box and says why. Below
Standard F9 says what each needs. The verification panel says what can really be changed.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Select, Static

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.consent import ConsentAnswers, MarketingChannel
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.orm import Consent
from custinfo_tui.services.consent import change_consents
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.consent import ConsentScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import panel_line, press, region_text, screen_text, settle, words

SIZE = (80, 24)
JOHN_SMITH = 1
SIOBHAN = 3
HIGH_OUT_OF_REACH = (
    "needs High, which this caller cannot reach in this call (no security answer on file)"
)


def _consents(settings: Settings, customer_id: int) -> list[Consent]:
    with console_database(settings) as uow:
        query = select(Consent).filter_by(customer_id=customer_id).order_by(Consent.id)
        rows = list(uow.session.scalars(query))  # type: ignore[attr-defined]
        uow.session.expunge_all()  # type: ignore[attr-defined]
        return rows


def _told(app: CustinfoApp) -> str:
    return [n.message for n in app._notifications][-1]


async def test_a_caller_at_standard_who_cannot_reach_high_has_their_objection_recorded(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Siobhán has no security answer on file: High is out of reach in a call. F9 refused
    outright; now it opens the form, where a tick is refused at its box and Ctrl+S records
    every channel refused."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("siobhan o'neill")
        await page.answer("17/03/1972")
        await page.answer("bt7 1nn")

        await press(pilot, "f9")

        form = console.screen
        assert isinstance(form, ConsentScreen), _told(console)
        assert form.query_one("#consent-basis", Select).disabled
        assert form.query_one("#consent-condition", Select).disabled
        await press(pilot, "tab", "space")  # the marketing list, then tick e-mail
        await settle(pilot)
        note = words(region_text(console, "#consent-marketing-note"))
        assert note == f"Giving consent {HIGH_OUT_OF_REACH}. E-mail left unticked."
        assert form.answers().marketing == frozenset()

        await press(pilot, "ctrl+s")
        await settle(pilot)

        assert console.screen is record
        assert _told(console) == "Consent recorded."
        shown = screen_text(console)
        assert "Marketing by e-" in shown and "Marketing by po" in shown  # the Consent tab
    rows = _consents(demo_settings, SIOBHAN)
    assert sorted(r.channel for r in rows) == ["email", "phone", "post", "sms"]
    assert not any(r.granted for r in rows)
    with console_database(demo_settings) as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CONSENT_RECORDED.value)
    assert event.customer_id == SIOBHAN and event.interaction_id is not None
    assert event.details["refused"] == ["email", "phone", "post", "sms"]


async def test_a_caller_at_standard_withdraws_one_channel_and_keeps_the_other(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        agent = actor_for(uows, "agent")
        given = frozenset({MarketingChannel.EMAIL, MarketingChannel.POST})
        change_consents(
            uows(), agent, CapturePolicy(), JOHN_SMITH, ConsentAnswers(marketing=given),
            policy=VerificationPolicy(),
        )  # fmt: skip
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")

        await press(pilot, "f9", "tab", "space")  # untick e-mail, the first channel
        assert isinstance(console.screen, ConsentScreen)
        assert console.screen.answers().marketing == {MarketingChannel.POST}
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert _told(console) == "Consent recorded."

    email = [r for r in _consents(demo_settings, JOHN_SMITH) if r.channel == "email"]
    assert [(r.granted, r.withdrawn_at is None) for r in email] == [(True, False), (False, True)]
    post = [r for r in _consents(demo_settings, JOHN_SMITH) if r.channel == "post"]
    assert [(r.granted, r.withdrawn_at is None) for r in post] == [(True, True)]
    with console_database(demo_settings) as uow:
        [withdrawn] = uow.audit.list_recent(action=AuditAction.CONSENT_WITHDRAWN.value)
    assert withdrawn.details == {"purposes": ["marketing:email"]}
    assert withdrawn.interaction_id is not None


async def test_below_standard_consent_says_what_withdrawing_and_giving_need(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")

        await press(pilot, "f9")

        assert console.screen is record
        assert panel_line(console) == (
            "Consents cannot be changed in this call now: withdrawing marketing consent "
            "needs Standard; giving consent needs High."
        )


async def test_the_panel_names_only_what_can_really_be_changed(console: CustinfoApp) -> None:
    """At High it said "Change: name and reference": the reference is never changed. At
    Standard withdrawing marketing consent is named, giving it is not."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("se12qt")
        allows = console.screen.query_one("#allows-line", Static)
        assert words(str(allows.render())) == (
            "Read: everything but support needs. Change: nothing (needs High). "
            "Withdraw: marketing consent."
        )
        await page.answer("biscuit")
        shown = words(str(allows.render()))
        assert shown == "Read and change: everything."
        assert "reference" not in shown
