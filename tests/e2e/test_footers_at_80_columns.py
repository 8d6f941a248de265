"""Every key in the footer or the command palette, and the footer never cut at 80
columns (tui/widgets/footer.py): the screens where testers found it otherwise."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.e2e.test_training_console import change_of_address
from tests.support import tour
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.role_play import training_console
from tests.support.screen import cut_off_keys, footer_text, press, screen_text
from tests.support.tour import AGENT, DPO, SUPERVISOR
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")


async def _in_palette(pilot: Pilot[None], typed: str, offered: str) -> bool:
    await press(pilot, "ctrl+p", *typed)
    found = offered in screen_text(pilot.app)
    await press(pilot, "escape")
    return found


async def test_a_records_complaints_keep_quit_whole_and_the_rest_in_the_palette(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """On the Complaints tab "⏎ Move stage" joined a full footer: it ended "^t
    Third-party" and "^q Quit" was cut off."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "down")
        footer = footer_text(console)
        assert footer.startswith("⏎ Move stage esc Back") and "^q Quit" in footer
        assert not cut_off_keys(console)
        assert await _in_palette(pilot, "third", "Third-party (^t)")


async def test_the_training_screen_names_f10_where_the_footer_has_room(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """A supervisor's footer read only "esc Back ^q Quit", though F10 (a trainee's
    evidence) works there; a trainer's is full, and the palette lists it."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "agent")
    for who, in_footer in ((SUPERVISOR, True), (TRAINER, False)):
        app = make_app(demo_settings, training_launcher=launcher)
        async with app.run_test(size=SIZE) as pilot:
            await ConsolePage(pilot).log_in(who)
            await press(pilot, "f8")
            assert isinstance(app.screen, TrainingScreen)
            assert ("f10 Trainee's work" in footer_text(app)) is in_footer, who
            assert "^q Quit" in footer_text(app) and not cut_off_keys(app)
            assert await _in_palette(pilot, "trainee", "Trainee's work (f10)")


async def test_in_role_play_f12_is_in_the_footer_where_it_fits_and_in_the_palette(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert "f12 Caller says" in footer_text(app) and "^q End run" in footer_text(app)

        await page.call("john smith se1")  # the busiest footer: F12 leaves it first
        footer = footer_text(app)
        assert footer.startswith("esc End call f2 Caller") and "^q End run" in footer
        assert "f12" not in footer and not cut_off_keys(app)
        assert await _in_palette(pilot, "caller says", "Caller says (f12)")


async def test_on_the_lookups_results_open_and_discrepancy_are_named_where_they_fit(
    demo_settings: Settings,
) -> None:
    """Enter (open the highlighted customer) and Ctrl+D (report a detail of theirs) were in
    the command palette only. On the results they lead the footer; where the line is full
    they leave it before the role's own keys: an agent's F8 Training goes to the palette,
    a supervisor keeps Audit and Queue (and the palette keeps both keys)."""
    for who, results in (
        (AGENT, "⏎ Open ^d Discrepancy esc Clear f6 New customer ^o Log out ^q Quit"),
        (SUPERVISOR, "esc Clear f6 New customer ^o Log out ^t Audit ^g Queue ^q Quit"),
        (DPO, "⏎ Open esc Clear ^o Log out ^t Audit f7 DPO desk ^q Quit"),
    ):
        app = make_app(demo_settings)
        async with app.run_test(size=SIZE) as pilot:
            page = ConsolePage(pilot)
            await page.log_in(who)
            await press(pilot, *"smith")
            assert "Open" not in footer_text(app) and "Discrepancy" not in footer_text(app)
            await press(pilot, "down")
            assert footer_text(app).split("▏")[0].strip() == results, who
            assert not cut_off_keys(app)
            assert await _in_palette(pilot, "discrepancy", "Discrepancy (^d)")
            if who is AGENT:  # a supervisor's footer never had room for it; a DPO has none
                assert await _in_palette(pilot, "training", "Training (f8)")

            second = str(app.screen.query_one("#results", DataTable).get_row_at(1)[0])
            await press(pilot, "down", "ctrl+d")  # on the second match, named or not
            assert f"Report a discrepancy ({second})" in screen_text(app), who


async def test_the_dpo_desks_footer_is_laid_out_as_every_other(
    demo_settings: Settings,
) -> None:
    """It read " ⏎ Open  esc Back  ^q Quit": Textual's roomy footer, where every other
    screen has the compact one."""
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await press(pilot, "f7")
        assert footer_text(app).startswith("⏎ Open esc Back ^q Quit ")


async def test_typing_a_phone_again_names_enter_in_the_footer(console: CustinfoApp) -> None:
    """The read-back's "type it again" dialog (Ctrl+D) named only "esc Cancel"."""
    async with console.run_test(size=SIZE) as pilot:
        await tour.capture_form(pilot)
        await tour.read_back_capture_form(pilot)
        await press(pilot, "enter", "enter", "enter", "ctrl+d")  # on the phone's line
        assert "Type the phone again" in screen_text(console)
        assert footer_text(console).startswith("⏎ Check esc Cancel")


async def test_the_queues_complaints_name_v_read_in_the_footer(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console as a supervisor: on the queue's complaints, "v" (read the
    highlighted one whole) was named only at the end of the line under the table and in
    the palette, though the footer had room for it once F6 had left it. Now it is there,
    and opens the complaint."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert "v Read" not in footer_text(console)  # on the items: no complaint highlighted
        await page.keys("f4")
        footer = footer_text(console)
        assert footer.startswith("⏎ Move stage v Read esc Back")
        assert "f4 Items" in footer and "^q Quit" in footer
        assert not cut_off_keys(console)
        await page.keys("v")
        assert "Customer said: Charged twice" in screen_text(console)
