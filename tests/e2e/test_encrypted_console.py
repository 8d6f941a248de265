"""The console on an encrypted database: opened with its key file or a typed key, and a
clear message on the login screen when the key is wrong or missing (docs/security.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import SecretStr

from custinfo_tui.cli import _console_database_file, _typed_console_key
from custinfo_tui.composition import make_app
from custinfo_tui.repository.engine import sqlite_file
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.conftest import TEST_DATABASE_KEY
from tests.support.encryption import key_file
from tests.support.screen import region_text, screen_text
from tests.support.tour import find, log_in

SIZE = (80, 24)


@pytest.fixture
def encrypted_demo(sqlcipher_demo_template: Path, tmp_path: Path) -> Path:
    database = tmp_path / "custinfo.db"
    shutil.copyfile(sqlcipher_demo_template, database)
    database.chmod(0o600)
    return database


def _settings(database: Path, tmp_path: Path, key: Path | None) -> Settings:
    return Settings(
        database_url=f"sqlite+pysqlite:///{database}",
        database_key_file=key,
        data_dir=tmp_path,
        log_dir=tmp_path / "logs",
    )


async def test_the_console_opens_an_encrypted_database_with_its_key_file(
    encrypted_demo: Path, tmp_path: Path
) -> None:
    keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
    app = make_app(_settings(encrypted_demo, tmp_path, keys))
    async with app.run_test(size=SIZE) as pilot:
        await find(pilot, "smith")
        assert isinstance(app.screen, LookupScreen)
        assert "John Smith" in screen_text(app)


async def test_the_console_opens_an_encrypted_database_with_a_typed_key(
    encrypted_demo: Path, tmp_path: Path
) -> None:
    typed = SecretStr(TEST_DATABASE_KEY)
    app = make_app(_settings(encrypted_demo, tmp_path, None), database_key=typed)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, LookupScreen)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("not the key of this database", "cannot be opened with this key: the key is wrong"),
        (None, "is encrypted: set CUSTINFO_DATABASE_KEY_FILE"),
    ],
)
async def test_a_wrong_or_missing_key_is_said_on_the_login_screen(
    encrypted_demo: Path, tmp_path: Path, key: str | None, message: str
) -> None:
    keys = key_file(tmp_path / "key", key) if key else None
    app = make_app(_settings(encrypted_demo, tmp_path, keys))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, LoginScreen)
        shown = region_text(app, "#login-message")
        assert message in shown
        assert "Traceback" not in screen_text(app)
        assert not key or key not in screen_text(app)


# --- `custinfo` asks for the key before the console takes the terminal --------------------------


def test_the_key_of_an_encrypted_database_is_asked_once_before_the_console_starts(
    encrypted_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    shutil.move(encrypted_demo, tmp_path / "data" / "custinfo.db")  # the default place
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return TEST_DATABASE_KEY

    monkeypatch.setattr("getpass.getpass", typed)

    key = _typed_console_key(None, demo=False)

    assert key == SecretStr(TEST_DATABASE_KEY)
    assert prompts == [f"Key for the encrypted database {tmp_path / 'data' / 'custinfo.db'}: "]


def test_nothing_is_asked_for_a_plain_database_or_when_a_key_file_is_set(
    sqlite_template: Path, encrypted_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def typed(_prompt: str) -> str:
        raise AssertionError("no key should be asked for")

    monkeypatch.setattr("getpass.getpass", typed)
    assert _typed_console_key(sqlite_template, demo=False) is None
    assert _typed_console_key(tmp_path / "missing.db", demo=False) is None
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(tmp_path / "key"))
    assert _typed_console_key(encrypted_demo, demo=False) is None  # the loader reads it


@pytest.mark.parametrize("demo", [False, True])
@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"CUSTINFO_DATA_DIR": "/srv/desk-7"},
        {"CUSTINFO_DATABASE_URL": "sqlite:////srv/shared/custinfo.db"},
        {"CUSTINFO_DATABASE_URL": "postgresql://custinfo@localhost/custinfo"},
    ],
)
def test_the_console_looks_for_the_same_file_as_the_settings_do(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], demo: bool
) -> None:
    monkeypatch.delenv("CUSTINFO_DATA_DIR")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    expected = sqlite_file(Settings().resolved_database_url(demo=demo))
    assert _console_database_file(None, demo) == expected
