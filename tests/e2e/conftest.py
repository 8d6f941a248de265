"""Fixtures for driving the real console with Pilot on a demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
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
