"""Quitting the console leaves the SQLite database whole, with no `-wal` or `-shm` beside
it (docs/backups.md: a WAL database nothing has open has no `-wal`).

Found by an IT-operations explorer: after `run --demo`, a login and Ctrl+Q, with no
process left, `demo.db-wal` and `demo.db-shm` remained: a 4 KB demo.db beside a 2.3 MB
WAL. The console's engine was never disposed, so SQLite never checkpointed; `custinfo`
now disposes every engine as the console, and any command, ends.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from custinfo_tui.repository.engine import dispose_engines
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.screen import press


async def test_quitting_the_console_leaves_no_wal_beside_the_database(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    assert demo_settings.database_url is not None
    database = Path(make_url(demo_settings.database_url).database or "")
    wal, shm = (database.with_name(f"{database.name}{end}") for end in ("-wal", "-shm"))
    async with console.run_test(size=(80, 24)) as pilot:
        await ConsolePage(pilot).log_in()
        assert wal.exists()  # the console has the database open
        await press(pilot, "ctrl+q")

    dispose_engines()  # what `custinfo` does as the console ends (cli.main)

    assert not wal.exists() and not shm.exists()
    assert database.stat().st_size > 100_000  # the demo's customers, checkpointed into it
