"""After adding an operator, the operators list highlights the new login.

Found trying the console as a new administrator: once the temporary password was given
and the dialog closed, the highlight stayed on the row it had been on (their own, or the
one before), so the line under the table spoke of someone else and the next key, R or C
for the newcomer, would have acted on the wrong login.
"""

from __future__ import annotations

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import region_text, screen_text
from tests.support.tour import ADMIN

SIZE = (80, 24)


async def test_the_operator_just_added_is_highlighted_for_the_next_key(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        assert isinstance(console.screen, OperatorsScreen)
        assert "This is your own login" in region_text(console, "#operators-detail")

        # jbloggs sorts between dpo and supervisor: neither the first row nor the last.
        await page.keys("n", *"jbloggs", "tab", *"Jo Bloggs", "tab")
        await page.keys("enter", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, ChoiceScreen)
        await page.keys("enter")

        assert isinstance(console.screen, OperatorsScreen)
        assert console.screen.highlighted is not None
        assert console.screen.highlighted.username == "jbloggs"
        detail = region_text(console, "#operators-detail")
        assert detail.startswith("jbloggs (Jo Bloggs), Call-handler"), detail
        # The keys in the footer are for the new login, not the administrator's own.
        assert "r Reset password" in screen_text(console).splitlines()[-1]
