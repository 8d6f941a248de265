"""The camera the 80x24 snapshot walks share: the console on frozen demo data, photographed
at each stop of a walk and compared with its stored pictures (pytest-textual-snapshot).

`tests/e2e/test_snapshots.py` holds the first walks; `tests/e2e/test_snapshots_*.py` the
ones added since, by area. Each module keeps its pictures in `__snapshots__/<module>/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import time_machine
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support import tour
from tests.support.files import copy_private
from tests.support.screen import cut_off_keys, settle

#: Every date and time the console shows is this one.
FROZEN = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
DEMO_CUSTOMERS = 300
SMALL = (80, 24)
LARGE = (200, 50)


def frozen_demo_database(template: Path, folder: Path) -> Path:
    """The migrated `template` with the demo data loaded at the frozen time, so consents
    and history carry fixed dates; its path, in `folder`."""
    path = folder / "demo.db"
    shutil.copyfile(template, path)
    engine = build_engine(f"sqlite+pysqlite:///{path}")
    with time_machine.travel(FROZEN, tick=False):
        load_demo_data(uow_factory_for(engine), DEMO_CUSTOMERS)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def console_settings(frozen_demo: Path, folder: Path) -> Settings:
    """Settings for a console of its own on a private copy of the frozen demo database."""
    path = copy_private(frozen_demo, folder / "demo.db")
    return Settings(
        database_url=f"sqlite+pysqlite:///{path}", data_dir=folder, log_dir=folder / "logs"
    )


class Camera:
    """Photographs the console at each stop of one walk through it.

    Each photograph is taken as pytest-textual-snapshot takes its one: workers settled,
    text cursors held still, animations finished, then `App.export_screenshot()`.
    """

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.photos: dict[str, str] = {}

    async def shoot(self, name: str) -> None:
        pilot = self.pilot
        await settle(pilot)
        tour.steady_cursors(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        self.photos[name] = pilot.app.export_screenshot(title=pilot.app.title, simplify=True)
        # A picture accepted with a key cut short ("^q Qui") would pass from then on.
        assert not cut_off_keys(pilot.app), f"{name}: keys cut off in the footer"


Journey = Callable[[Camera], Awaitable[None]]


def only(screen: str, walk: Callable[[Pilot[Any]], Awaitable[None]]) -> Journey:
    """A walk photographing one screen, where `walk` ends."""

    async def journey(camera: Camera) -> None:
        await walk(camera.pilot)
        await camera.shoot(screen)

    return journey


def photograph(app: CustinfoApp, size: tuple[int, int], journey: Journey) -> dict[str, str]:
    """Run the console headless at `size`, walk `journey` and return its photographs."""
    photos: dict[str, str] = {}

    async def auto_pilot(pilot: Pilot[Any]) -> None:
        camera = Camera(pilot)
        await journey(camera)
        photos.update(camera.photos)
        pilot.app.exit()

    app.run(headless=True, size=size, auto_pilot=auto_pilot)
    return photos


def assert_pictures_match(
    photos: dict[str, str], snapshot: SnapshotAssertion, report_dir: Path
) -> None:
    """Compare every photograph with its stored picture; save the ones that differ."""
    assert photos, "the walk took no photograph"
    pictures = snapshot.use_extension(SVGImageExtension)
    changed = [name for name, svg in photos.items() if pictures(name=name) != svg]
    for name in changed:
        (report_dir / f"{name}.svg").write_text(photos[name], encoding="utf-8")
    assert not changed, (
        f"These screens no longer look as accepted: {', '.join(changed)}. The new pictures "
        f"are in {report_dir}; open them in a browser, and if the change is intended accept "
        "them by running the test again with `--snapshot-update`."
    )
