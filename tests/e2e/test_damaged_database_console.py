"""The console on a damaged SQLite database: a search that reads a damaged page tells the
handler the database is damaged and to call the administrator, with no error reference
and nothing of the driver's words; the log says it for the administrator, with no crash
(docs/backups.md, "A damaged database")."""

from __future__ import annotations

import logging

import pytest

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.damaged_file import damage, database_file
from tests.support.screen import press, screen_words, settle

SIZE = (80, 24)
#: The lookup's name index: a search by name reads it, logging in does not.
SEARCH_PAGES = ("name_index_keys", "sqlite_autoindex_name_index_keys_1", "ix_name_index_keys_term")


async def test_a_search_on_a_damaged_database_says_so_and_to_call_the_administrator(
    console: CustinfoApp, demo_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """It said "Could not search (error reference ...)", and the log only a StorageError
    caused by DatabaseError."""
    assert demo_settings.database_url is not None
    damage(database_file(demo_settings.database_url), *SEARCH_PAGES)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        with caplog.at_level(logging.INFO):
            await press(pilot, *"smith")
            await settle(pilot)

        shown = screen_words(console)
        assert "The database is damaged, so this could not be done." in shown
        assert "Call the administrator" in shown
        assert "error reference" not in shown and "malformed" not in shown

    logged = [record.getMessage() for record in caplog.records]
    assert any("the database is damaged" in line for line in logged)
    assert not [line for line in logged if "crash" in line or "smith" in line.lower()]


async def test_a_console_started_on_a_damaged_schema_page_says_the_database_is_damaged(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The page that says which migration the database is at: the console could not even
    check it, and said only "could not open its database (error reference ...)"."""
    assert demo_settings.database_url is not None
    damage(database_file(demo_settings.database_url), "alembic_version")
    async with console.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if console.startup_error is not None:
                break
            await pilot.pause(0.05)
        await settle(pilot)

        shown = screen_words(console)
        assert "The database is damaged. Call the administrator" in shown
        assert "error reference" not in shown
