"""After a change of details is read back and saved in a role-play, the caller pane and the
trainer's caller terminal (through the cue file) still show the read-back's last line, not
a question nobody asked (docs/training.md, "The caller pane"). Found touring as a new
trainer: back on the record, and on the wrap-up after it, the pane's newest line was
"Given name: No, that one stays the same." and the cue file named the given name as asked,
because the edit form, given its focus back as the read-back closed, announced its first
box while it was held for the save."""

from __future__ import annotations

import json
from pathlib import Path

from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.e2e.test_training_console import change_of_address, pane
from tests.support.console_page import ConsolePage
from tests.support.role_play import training_console
from tests.support.screen import settle

SIZE = (80, 24)
NEW_ADDRESS = (("address_line1", "14 Harbour Road"), ("town", "Whitby"), ("postcode", "YO22 4DE"))
LAST_READ_BACK = '» Read back: Postcode: "Yes, that\'s right."'


def asked(cue_file: Path) -> dict[str, str]:
    cue: dict[str, str] = json.loads(cue_file.read_text(encoding="utf-8"))["cue"]
    return cue


async def test_saving_a_change_read_back_asks_the_caller_nothing_more(
    demo_settings: Settings, tmp_path: Path
) -> None:
    cue_file = tmp_path / "run-1.cue.json"
    app = training_console(demo_settings, change_of_address(), cue_file)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        for answer in ("12/04/1963", "SE1 7TX", "Brook Lane Primary"):  # High: changes
            await page.answer(answer)
        await page.keys("f6")
        assert isinstance(app.screen, EditScreen)
        for key, value in NEW_ADDRESS:  # each with the reason "Customer moved"
            app.screen.query_one(f"#{key}-input").focus()
            await settle(pilot)
            await page.keys("ctrl+u", *value, "tab", "enter", "down", "enter")
        await page.keys("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReadBackScreen)
        await page.keys(*["enter"] * 5, "ctrl+s")  # every line confirmed, saved
        await settle(pilot)

        assert isinstance(app.screen, RecordScreen)
        assert LAST_READ_BACK in pane(app)
        assert "Given name" not in pane(app)
        assert asked(cue_file) == {"kind": "read_back", "key": "postcode"}

        await page.keys("escape", "down", "enter")  # End the call and wrap it up
        await settle(pilot)
        assert isinstance(app.screen, WrapUpScreen)
        assert LAST_READ_BACK in pane(app) and "Given name" not in pane(app)
        assert asked(cue_file) == {"kind": "read_back", "key": "postcode"}
