"""Fixtures for driving the real console with Pilot on a demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.composition import build_engine_for, make_app, uow_factory_for
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp


@pytest.fixture
def demo_settings(sqlite_url: str, tmp_path: Path) -> Settings:
    engine = build_engine_for(sqlite_url)
    load_demo_data(uow_factory_for(engine), 300)
    engine.dispose()
    return Settings(database_url=sqlite_url, data_dir=tmp_path, log_dir=tmp_path / "logs")


@pytest.fixture
def console(demo_settings: Settings) -> CustinfoApp:
    return make_app(demo_settings)
