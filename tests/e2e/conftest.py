"""Fixtures for driving the real console with Pilot on a demo database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.camera import FROZEN, console_settings, frozen_demo_database
from tests.support.role_play import RolePlays


@pytest.fixture
def demo_settings(sqlite_demo_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=sqlite_demo_url, data_dir=tmp_path, log_dir=tmp_path / "logs")


@pytest.fixture
def console(demo_settings: Settings) -> CustinfoApp:
    return make_app(demo_settings)


@pytest.fixture
def role_plays(sqlite_demo_url: str, tmp_path: Path) -> RolePlays:
    """Shipped role-play scenarios played and scored on sandboxes of the demo database."""
    return RolePlays(sqlite_demo_url, tmp_path)


@pytest.fixture(scope="module")
def frozen_demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data loaded at the frozen time, so consents and history carry fixed dates: the
    snapshot walks' database (tests/support/camera.py), built once a module."""
    return frozen_demo_database(sqlite_template, tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def frozen_console(frozen_demo: Path, tmp_path: Path) -> Iterator[CustinfoApp]:
    """The console on a copy of `frozen_demo`, its clock stopped at the camera's time:
    what the snapshot walks photograph (test_snapshots*.py)."""
    settings = console_settings(frozen_demo, tmp_path)
    with time_machine.travel(FROZEN, tick=False):
        yield make_app(settings)
