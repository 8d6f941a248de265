"""When verification locks, the script the handler must read out is on the screen from its
first line, at 80x24 (MP-08, docs/verification.md).

Found in session 37: on a lock the panel focused the script and also scrolled to the
failure line under the checks, and which scroll won depended on the machine's speed. On a
busy machine an organisation's longer script ran past the panel's top edge: the handler
saw it from the middle ("write to us at the address..."), and only PgUp brought its start
back. Here the policy file's script is long enough that the panel runs past its edge
whatever the machine, so the failure line and the script cannot both be in view.
"""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import footer_text, press, region_text

SIZE = (80, 24)
JOHN_SMITH = 1

#: An organisation's own words for a locked call: longer than the built-in ones.
LOCKED = (
    "I'm sorry, I can't discuss this account on this call. For your security, please "
    "write to us at the address on your last letter, or visit a branch with photo ID, "
    "and we will help you there. If you think someone has tried to get into your "
    "account, tell us when you write or visit, and we will check it with you. Thank you "
    "for calling."
)

POLICY = f'[verification.scripts]\nlocked = "{LOCKED}"\n'


def _long_script_console(settings: Settings, tmp_path: Path) -> CustinfoApp:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    return make_app(settings.model_copy(update={"policy_file": policy}))


def _panel(console: CustinfoApp) -> str:
    """What the panel shows on the screen, wrapped lines joined."""
    return region_text(console, "#verification-panel")


def _script_shown_whole(console: CustinfoApp, passed: int = 0) -> None:
    shown = _panel(console)
    assert LOCKED in shown, shown  # from "I'm sorry", its first line, to its last
    assert shown.startswith(f"Caller: the customer Locked - {passed} passed")


async def test_the_locked_script_is_on_the_screen_from_its_first_line(
    demo_settings: Settings, tmp_path: Path
) -> None:
    console = _long_script_console(demo_settings, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.lock_verification()

        panel = console.screen.query_one("#verification-panel", VerticalScroll)
        assert panel.max_scroll_y > 0  # the failure line is below the panel's edge
        _script_shown_whole(console)
        for _ in range(5):  # and stays so once the console has nothing left to do
            await pilot.pause(0.05)
            _script_shown_whole(console)
        # The rest is a key away, named in the footer; the focus stays on the script.
        assert footer_text(console).startswith("PgDn More esc End call")
        assert console.focused is console.screen.query_one("#script")

        await press(pilot, "pagedown")
        assert "Failed. Verification is now locked; supervisors are alerted." in _panel(console)


async def test_a_lock_set_at_another_desk_shows_the_script_from_its_first_line(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """The panel read on to its foot (PgDn) when another desk's failures locked the
    customer: the refused reveal redraws it with the script, which starts at its top."""
    console = _long_script_console(demo_settings, tmp_path)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("01/01/1970", "12/04/1980", "SE1 2QT"):  # Standard, one failure
            await page.answer(answer)
        await press(pilot, "pagedown")
        assert _panel(console).endswith("Withdraw: marketing consent.")

        with console_uow_factory(demo_settings) as uows:
            desk = desk_for(uows, "agent")
            desk.fail(desk.start(JOHN_SMITH).interaction_id, times=2)
        await press(pilot, "f5")  # refused for the lock: the panel is drawn anew

        _script_shown_whole(console, passed=2)
        await pilot.pause(0.1)
        _script_shown_whole(console, passed=2)
