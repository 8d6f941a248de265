"""The Authorised and Consent tabs in a call, on the real console at 80x24 (MP-08).

Before any check, F4 then 4 (Authorised) or 5 (Consent) showed who may act for John Smith
and what he agreed to. Now each tab says in one sentence what showing it still needs, and
fills by itself as he reaches Standard: the screen is redrawn after every check.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.consent import SPECIAL_CATEGORY_PURPOSE, SpecialCategoryCondition
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.repository.orm import Consent
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.discrepancy import ReportDiscrepancyScreen
from tests.support.console_page import ConsolePage, logged_in
from tests.support.database import console_database
from tests.support.screen import screen_text

#: John Smith's named contact, on his Authorised tab.
PRIYA = "Priya"
#: The tabs' sentence before any check, wrapped beside the verification panel at 80x24.
TWO_MORE = ("Shown once the caller passes Standard: 2", "more checks.")


def _tab_lines(console: CustinfoApp) -> list[str]:
    """The record's pane under the tabs, left of the verification panel, to the footer."""
    lines = screen_text(console).splitlines()
    return [line.split("▏")[0].strip() for line in lines[4:-1]]


async def _on_tab(page: ConsolePage, tab: str) -> None:
    await page.keys("f4", tab, "f3")  # the tab, then back to the answer box


async def test_the_tabs_say_what_they_need_and_fill_as_the_caller_passes_standard(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        for tab in ("4", "5"):
            await _on_tab(page, tab)
            shown = [line for line in _tab_lines(console) if line]
            assert shown == list(TWO_MORE), tab  # that alone, whole: no row, no heading
            assert PRIYA not in screen_text(console)

        await _on_tab(page, "4")
        await page.answer("12/04/1980")

        shown = [line for line in _tab_lines(console) if line]
        assert shown == ["Shown once the caller passes Standard: 1", "more check."]
        assert PRIYA not in screen_text(console)

        await page.answer("se12qt")  # Standard: the tab fills with nothing pressed

        assert any(line.startswith("Name") for line in _tab_lines(console))
        assert PRIYA in screen_text(console)
        await _on_tab(page, "5")
        assert "No consent recorded" in screen_text(console)


async def test_support_needs_reported_wrong_before_standard_are_not_refused_for_no_condition(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """John Smith agreed to his support needs being held (an Article 9 condition): with the
    consents withheld before Standard, Ctrl+D on support needs still opens the report, not
    "would be held without a condition" read from an empty list."""
    with console_database(demo_settings) as uow:
        uow.session.add(  # type: ignore[attr-defined]
            Consent(
                customer_id=1,
                purpose=SPECIAL_CATEGORY_PURPOSE,
                lawful_basis="legal_obligation",
                condition=SpecialCategoryCondition.EXPLICIT_CONSENT.value,
                granted=True,
                wording_version="2018-03",
                recorded_at=datetime(2018, 3, 5, tzinfo=UTC),
                recorded_by_id=1,
            )
        )
        uow.commit()
    async with logged_in(console) as page:
        await page.call("john smith")
        needs = RECORD_FIELDS.index("accessibility_needs")

        await page.keys("f4", *(["down"] * needs), "ctrl+d")

        assert isinstance(console.screen, ReportDiscrepancyScreen)
