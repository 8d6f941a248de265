"""A breach report naming a reference that is not on file, as a new DPO met it at 80x24.

The report was refused at the Customers box ("Reference 1 is not a customer on file."),
and then the form took no more keys: its boxes stayed greyed, the reference could be
neither corrected nor taken out, and Escape (losing the report) was the only way on. And
"Reference 1" counted the references once each, so with one typed twice it named the wrong
place in the box. Now the refusal names the reference, the box has the focus, and the
report goes once it is corrected.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.domain.reference import format_reference, reference_for_number
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import region_text

SIZE = (80, 24)
KNOWN = "1001 2345 P"


def _not_on_file(settings: Settings) -> str:
    """A well-formed reference (its check letter right) that no customer has."""
    with console_database(settings) as uow:
        return next(
            format_reference(reference)
            for reference in map(reference_for_number, range(10_000_000, 10_001_000))
            if uow.customers.get_by_reference(reference) is None
        )


async def test_a_reference_not_on_file_is_named_and_can_be_corrected_in_the_form(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    unknown = _not_on_file(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("ctrl+b", *"Letter posted to the wrong address", "tab", "tab")
        form = console.screen
        assert isinstance(form, ReportBreachScreen)
        await page.keys("2", "tab", "space", "tab", *f"{KNOWN}, {KNOWN}, {unknown}")
        await page.keys("ctrl+s")

        assert console.screen is form  # refused: nothing reported, nothing typed lost
        said = region_text(console, "#breach-message")
        assert (
            said == f"Not reported: {unknown} is not a customer on file: check it, or leave it out."
        )
        customers = form.query_one("#breach-customers", Input)
        assert console.focused is customers
        assert not form.query_one("#breach-form").disabled

        await page.keys("ctrl+u", *KNOWN, "ctrl+s")  # the box takes the correction

        assert console.screen is not form
    with console_database(demo_settings) as uow:
        (breach,) = uow.breaches.listed(open_only=False)
        assert breach.what_happened == "Letter posted to the wrong address"
        assert uow.breaches.references_of([breach.id]) == {breach.id: ["10012345P"]}
