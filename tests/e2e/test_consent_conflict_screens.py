"""The consent script (MP-06/07) and the save-conflict chooser, driven by keys at 80x24."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Select, SelectionList

from custinfo_tui.domain.capture import DEFAULT_CONSENT_SCRIPT, ConflictField
from custinfo_tui.domain.consent import (
    ConsentAnswers,
    LawfulBasis,
    MarketingChannel,
    SpecialCategoryCondition,
)
from custinfo_tui.tui.screens.conflict import ConflictScreen
from custinfo_tui.tui.screens.consent import NO_SPECIAL_CONDITION, ConsentScreen
from tests.support.screen import press, region_text, screen_text, settle

SIZE = (80, 24)

SCRIPT = (
    "Before I take your details: we use them to run your account with us. "
    "We will only send you offers on the channels you say yes to."
)


class ScreenHost(App[object]):
    """Opens one modal screen and keeps what it is dismissed with."""

    def __init__(self, screen: ModalScreen[Any]) -> None:
        super().__init__()
        self.modal = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


def _footer(app: App[object]) -> str:
    return screen_text(app).splitlines()[-1]


# -- Consent ---------------------------------------------------------------------------------


def _consent_host(current: ConsentAnswers | None = None) -> ScreenHost:
    return ScreenHost(ConsentScreen(SCRIPT, "2026-01", current))


async def _to_marketing(pilot: Pilot[object]) -> None:
    """From the script, Tab to the marketing ticks, the script's question."""
    await press(pilot, "tab")
    assert isinstance(pilot.app.focused, SelectionList)


async def test_consent_shows_the_script_its_wording_version_and_the_reminder() -> None:
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Consent before taking details" in shown
        assert "Before I take your details: we use them" in region_text(app, "#consent-script")
        assert "Wording version: 2026-01" in shown
        assert "Marketing is off unless the caller says yes to that channel." in shown
        assert "^s Record" in _footer(app) and "esc Cancel" in _footer(app)


async def test_recording_straight_away_gives_contract_no_marketing_and_no_condition() -> None:
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
    assert app.results == [
        ConsentAnswers(
            service_basis=LawfulBasis.CONTRACT, marketing=frozenset(), special_condition=None
        )
    ]


async def test_ticking_email_and_post_records_exactly_those_channels() -> None:
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_marketing(pilot)
        await press(pilot, "space", "down", "down", "down", "space")
        await press(pilot, "ctrl+s")
    assert app.results == [
        ConsentAnswers(marketing=frozenset({MarketingChannel.EMAIL, MarketingChannel.POST}))
    ]


async def test_choosing_a_basis_and_an_article_9_condition_records_them() -> None:
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "tab", "enter", "up", "enter")  # Contract -> Consent
        await settle(pilot)
        await press(pilot, "tab", "enter", "down", "enter")  # first Art. 9 condition
        await settle(pilot)
        assert "Explicit consent (Art. 9(2)(a))" in screen_text(app)
        await press(pilot, "ctrl+s")
    assert app.results == [
        ConsentAnswers(
            service_basis=LawfulBasis.CONSENT,
            special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT,
        )
    ]


async def test_the_hint_leads_to_the_article_9_choice_below_the_fold() -> None:
    """With the full script at 80x24 the Article 9 choice starts out of sight: the hint
    names it, and the third Tab brings it into view."""
    app = ScreenHost(ConsentScreen(DEFAULT_CONSENT_SCRIPT, "2026-11"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Article 9 condition" not in screen_text(app)
        assert "then support needs (Art. 9)" in screen_text(app)
        await press(pilot, "tab", "tab", "tab")
        await settle(pilot)
        assert "Article 9 condition" in screen_text(app)
        assert NO_SPECIAL_CONDITION in screen_text(app)


async def test_escape_cancels_the_consent_without_answers() -> None:
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ConsentScreen)
    assert app.results == [None]


async def test_escape_after_ticking_asks_before_the_callers_answers_are_lost() -> None:
    """The caller has said yes to a channel: one key does not throw that away."""
    app = _consent_host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_marketing(pilot)
        await press(pilot, "space", "escape")
        await settle(pilot)
        assert "Cancel now and you lose: the consent answers chosen, not recorded" in (
            screen_text(app)
        )
        await press(pilot, "escape")  # go back to it: the tick is still there
        await settle(pilot)
        assert isinstance(app.screen, ConsentScreen)
        ticked = app.screen.query_one("#consent-marketing", SelectionList).selected
        assert ticked == [MarketingChannel.EMAIL]
        assert app.results == []
        await press(pilot, "escape")
        await settle(pilot)
        await press(pilot, "down", "enter")  # Cancel and lose it
        await settle(pilot)
        assert not isinstance(app.screen, ConsentScreen)
    assert app.results == [None]


async def test_earlier_answers_fill_the_form_and_are_kept_when_recorded_again() -> None:
    earlier = ConsentAnswers(
        service_basis=LawfulBasis.LEGITIMATE_INTERESTS,
        marketing=frozenset({MarketingChannel.SMS}),
        special_condition=SpecialCategoryCondition.SUBSTANTIAL_PUBLIC_INTEREST,
    )
    app = _consent_host(earlier)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#consent-basis", Select).value == LawfulBasis.LEGITIMATE_INTERESTS
        assert screen.query_one("#consent-marketing", SelectionList).selected == [
            MarketingChannel.SMS
        ]
        condition = screen.query_one("#consent-condition", Select).value
        assert condition == SpecialCategoryCondition.SUBSTANTIAL_PUBLIC_INTEREST
        assert "Legitimate interests (Art. 6(1)(f))" in screen_text(app)

        await _to_marketing(pilot)
        await press(pilot, "space")  # E-mail too
        await press(pilot, "ctrl+s")
    assert app.results == [
        earlier.model_copy(
            update={"marketing": frozenset({MarketingChannel.SMS, MarketingChannel.EMAIL})}
        )
    ]


async def test_a_long_script_scrolls_and_the_answers_stay_reachable_at_80x24() -> None:
    long_script = " ".join(f"Sentence {n} of the consent script." for n in range(1, 60))
    app = ScreenHost(ConsentScreen(long_script, "2026-02"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Sentence 1 of" in shown
        assert "Marketing is off unless the caller says yes" in shown  # docked, not scrolled
        await press(pilot, "tab", "tab", "tab")
        assert "None: do not record support needs" in screen_text(app)
        assert "Marketing is off unless the caller says yes" in screen_text(app)


async def test_script_and_title_are_shown_as_text_not_markup() -> None:
    app = ScreenHost(ConsentScreen("Say [bold]this[/bold] aloud.", "[v2]", title="[red]Consent"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Say [bold]this[/bold] aloud." in shown
        assert "Wording version: [v2]" in shown
        assert "[red]Consent" in shown


# -- Conflict --------------------------------------------------------------------------------


def _conflicts() -> list[ConflictField]:
    """A fictitious customer two desks edited at once."""
    return [
        ConflictField(
            key="family_name",
            label="Family name",
            before="Smith",
            theirs="[bold]Smith",
            yours="Smyth",
        ),
        ConflictField(
            key="email",
            label="E-mail",
            before=None,
            theirs="jo.bloggs.at.a.long.address@example.com",
            yours="jo@example.com",
        ),
        ConflictField(
            key="phone",
            label="Mobile phone",
            # Stored forms, as the service hands them: shown as the record shows them.
            before="+447700900123",
            theirs=None,
            yours="+447700900456",
        ),
    ]


async def test_conflict_shows_both_values_side_by_side_and_keeps_yours_by_default() -> None:
    app = ScreenHost(ConflictScreen(_conflicts()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Someone else saved this record while you were editing." in shown
        header = next(line for line in shown.splitlines() if "Theirs (saved)" in line)
        for column in ("Field", "Before", "Yours", "Keep"):
            assert column in header
        row = next(line for line in shown.splitlines() if "Mobile phone" in line)
        assert "07700 900123" in row and "07700 900456" in row and "yours" in row
        assert "-" in row  # their value is empty
        footer = _footer(app)
        assert "space/enter Theirs/yours" in footer
        assert "^s Apply" in footer and "esc Back" in footer


async def test_switching_one_row_to_theirs_and_applying_returns_every_field() -> None:
    app = ScreenHost(ConflictScreen(_conflicts()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "space")
        row = next(line for line in screen_text(app).splitlines() if "E-mail" in line)
        assert "theirs" in row
        await press(pilot, "down", "enter", "enter")  # Enter switches too; twice is back
        await settle(pilot)
        await press(pilot, "ctrl+s")
    assert app.results == [{"family_name": "yours", "email": "theirs", "phone": "yours"}]


async def test_the_highlighted_row_shows_values_too_long_for_the_columns() -> None:
    app = ScreenHost(ConflictScreen(_conflicts()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down")
        detail = region_text(app, "#conflict-detail")
        assert "Theirs: jo.bloggs.at.a.long.address@example.com" in detail
        assert "Yours: jo@example.com" in detail


async def test_escape_goes_back_without_choices() -> None:
    app = ScreenHost(ConflictScreen(_conflicts()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "escape")
        assert not isinstance(app.screen, ConflictScreen)
    assert app.results == [None]


async def test_customer_values_are_shown_literally_not_as_markup() -> None:
    app = ScreenHost(ConflictScreen(_conflicts()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        row = next(line for line in shown.splitlines() if "Family name" in line)
        assert "[bold]Smith" in row
        assert "Theirs: [bold]Smith Yours: Smyth" in region_text(app, "#conflict-detail")


async def test_a_value_never_shown_in_the_call_is_hidden_before_not_empty() -> None:
    """Found with two desks: in a call, an address line never revealed showed "-" under
    Before, which says nothing was held."""
    hidden = ConflictField(
        key="address_line1",
        label="Address line 1",
        before=None,
        before_hidden=True,
        theirs="16 Acacia Road",
        yours="14 Acacia Road",
    )
    app = ScreenHost(ConflictScreen([hidden]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = next(line for line in screen_text(app).splitlines() if "Address line 1" in line)
        assert "(hidden)" in row and "16 Acacia Road" in row and "14 Acacia Road" in row


async def test_a_conflict_on_a_short_field_name_keeps_the_field_column_title_whole() -> None:
    """Found with two desks on one server: a supervisor corrected the town while an agent
    edited it, and the agent's dialog headed its first column "Fiel"."""
    town = ConflictField(key="town", label="Town", before="Bristol", theirs="Bath", yours="Wells")
    app = ScreenHost(ConflictScreen([town]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Theirs (saved)" in line)
        assert "Field " in header and "Fiel " not in header
        row = next(line for line in lines if "Town" in line and "Wells" in line)
        assert "Bristol" in row and "Bath" in row and "yours" in row
