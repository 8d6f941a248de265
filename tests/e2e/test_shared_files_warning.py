"""The console warns on its login screen, before anyone logs in, when other accounts can
open its database or log, with the command that fixes it; it still lets operators log in."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.screen import press, region_text, settle

SIZE = (80, 24)


def _console(sqlite_demo_url: str, tmp_path: Path) -> tuple[Settings, Path]:
    settings = Settings(database_url=sqlite_demo_url, data_dir=tmp_path, log_dir=tmp_path / "logs")
    database = Path(sqlite_demo_url.removeprefix("sqlite+pysqlite:///"))
    return settings, database


async def test_a_world_readable_database_is_reported_before_login_and_login_still_works(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    settings, database = _console(sqlite_demo_url, tmp_path)
    database.chmod(0o644)
    app = make_app(settings)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await settle(pilot)
        shown = region_text(app, "#login-warning")
        assert shown.startswith("Warning: others on this computer can open custinfo's files.")
        assert "To fix: chmod 600 /" in shown
        assert app.startup_warning is not None
        assert f"chmod 600 {database}*" in app.startup_warning.splitlines()
        assert not app.screen.query_one("#login-button").disabled

        await press(pilot, *"agent", "enter", *"agent-demo-2026", "enter")
        assert isinstance(app.screen, LookupScreen)


async def test_private_files_show_no_warning(sqlite_demo_url: str, tmp_path: Path) -> None:
    settings, _ = _console(sqlite_demo_url, tmp_path)
    app = make_app(settings)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.startup_warning is None
        assert not app.screen.query_one("#login-warning").display
