"""The embedded database encrypted at rest with SQLCipher (MP-11, docs/security.md).

Customer values never reach the disk readable, in the file or its -wal, whether or not
the WAL has been checkpointed; a wrong key is a clear message; `custinfo init --encrypt`,
`custinfo rekey` and the other commands work on an encrypted file and never show its key.
The services themselves run on an encrypted database through the "sqlcipher" backend of
`database_url` (tests/conftest.py).
"""

from __future__ import annotations

import io
import shutil
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine

from custinfo_tui.cli import main
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.encryption import (
    ENCRYPTED_DRIVER,
    SQLITE_HEADER,
    DatabaseInUse,
    WrongDatabaseKey,
    rekey,
)
from custinfo_tui.repository.migrate import is_current
from custinfo_tui.services.capture import create_customer
from tests.conftest import TEST_DATABASE_KEY
from tests.support.actors import actor_for
from tests.support.encryption import key_file, on_disk
from tests.support.printed_lines import words

#: A fictitious customer; each value long enough that random bytes never spell it.
CUSTOMER = {
    "given_name": "Imogen",
    "family_name": "Fairweather-Quill",
    "date_of_birth": "14/07/1986",
    "phone": "07700 900321",
    "email": "imogen.fairweather@example.com",
    "address_line1": "27 Larkspur Gardens",
    "town": "London",
    "postcode": "SE1 7PB",
}
#: How those values could sit in a file: as typed, normalised, and as search keys.
STORED_FORMS = [
    "Imogen",
    "Fairweather",
    "fairweather",
    "7700900321",
    "7700 900321",
    "imogen.fairweather@example.com",
    "Larkspur",
    "SE1 7PB",
    "SE17PB",
]
NEW_KEY = "a different fictitious passphrase"
ADMIN_PASSWORD = "a-long-desk-passphrase"


def _plain_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _save_customer(engine: Engine) -> None:
    uow_factory = uow_factory_for(engine)
    new = NewCustomer(
        template="new_customer",
        values=CUSTOMER,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(
            confirmed=frozenset(CUSTOMER), double_entered=frozenset({"phone"})
        ),
        different_person_reason="A different person from any demo customer",
    )
    create_customer(
        uow_factory(), actor_for(uow_factory, "agent"), CapturePolicy(), Channel.PHONE, new
    )


def _readable(data: bytes) -> list[str]:
    return [form for form in STORED_FORMS if form.encode("utf-8") in data]


def _write_and_look(template: Path, tmp_path: Path, key: SecretStr | None) -> list[list[str]]:
    """Save the customer into a copy of `template`, and list the values readable on disk:
    with the write still in the -wal, after a checkpoint, and after the engine closes."""
    database = tmp_path / "custinfo.db"
    shutil.copyfile(template, database)
    engine = build_engine_for(_plain_url(database), key)
    seen = []
    with engine.connect() as held_open:
        _save_customer(engine)
        wal = database.with_name(database.name + "-wal")
        assert wal.stat().st_size > 0, "the write should still be in the -wal"
        seen.append(_readable(on_disk(database)))
        held_open.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        seen.append(_readable(on_disk(database)))
    engine.dispose()
    seen.append(_readable(on_disk(database)))
    return seen


def test_customer_values_are_readable_in_a_plain_file(
    sqlite_demo_template: Path, tmp_path: Path
) -> None:
    """The control: the same search finds every value in an unencrypted database."""
    for readable in _write_and_look(sqlite_demo_template, tmp_path, None):
        assert set(readable) >= {"Imogen", "Fairweather", "imogen.fairweather@example.com"}


def test_no_customer_value_is_readable_in_the_encrypted_file_or_its_wal(
    sqlcipher_demo_template: Path, tmp_path: Path
) -> None:
    key = SecretStr(TEST_DATABASE_KEY)
    assert _write_and_look(sqlcipher_demo_template, tmp_path, key) == [[], [], []]
    assert not (tmp_path / "custinfo.db").read_bytes().startswith(SQLITE_HEADER)


def test_a_wrong_key_is_a_clear_message_and_sqlcipher_prints_nothing(
    sqlcipher_demo_template: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    wrong = "not the key of this database"
    with pytest.raises(WrongDatabaseKey) as refused:
        build_engine_for(_plain_url(sqlcipher_demo_template), SecretStr(wrong))
    assert "cannot be opened with this key: the key is wrong" in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    assert wrong not in str(refused.value)
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # SQLCipher's own log would land on the console's screen


def test_the_command_line_says_the_key_is_wrong_without_a_traceback(
    sqlcipher_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = Path(sqlcipher_demo_url.rsplit("@/", 1)[1])
    wrong = "not the key of this database"
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(key_file(tmp_path / "key", wrong)))

    assert main(["--db", str(database), "audit", "verify"]) == 1

    out, err = capsys.readouterr()
    assert "cannot be opened with this key" in err
    assert "Traceback" not in out + err and wrong not in out + err


def test_an_encrypted_engine_is_sqlcipher_and_never_shows_its_key(
    sqlcipher_demo_template: Path,
) -> None:
    engine = build_engine_for(_plain_url(sqlcipher_demo_template), SecretStr(TEST_DATABASE_KEY))
    try:
        assert engine.url.drivername == ENCRYPTED_DRIVER
        for shown in (repr(engine), str(engine.url), repr(engine.url), repr(engine.pool)):
            assert TEST_DATABASE_KEY not in shown
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            cipher = connection.exec_driver_sql("PRAGMA cipher").scalar()
        assert str(cipher).upper().startswith("AES-256")
        assert is_current(engine)
    finally:
        engine.dispose()


# --- custinfo init --encrypt and demo --encrypt -------------------------------------------------


def test_init_encrypt_creates_an_encrypted_database_with_the_key_files_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "desk.db"
    keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))

    assert main(["--db", str(database), "init", "--encrypt", "--password-stdin"]) == 0

    out, err = capsys.readouterr()
    assert "First admin operator: admin" in out and "It is encrypted" in out
    assert TEST_DATABASE_KEY not in out + err
    assert not database.read_bytes().startswith(SQLITE_HEADER)
    engine = build_engine_for(_plain_url(database), SecretStr(TEST_DATABASE_KEY))
    with uow_factory_for(engine)() as uow:
        assert uow.operators.count() == 1
    engine.dispose()
    # Every other command opens it with the key file too.
    assert main(["--db", str(database), "audit", "verify"]) == 0


def test_init_encrypt_without_a_key_file_asks_for_the_new_key_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "desk.db"
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return TEST_DATABASE_KEY

    monkeypatch.setattr("getpass.getpass", typed)
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))

    assert main(["--db", str(database), "init", "--encrypt", "--password-stdin"]) == 0

    assert prompts[0].startswith("New key for the encrypted database")
    assert prompts[1] == "Type the new key again: "
    assert TEST_DATABASE_KEY not in "".join(capsys.readouterr())
    build_engine_for(_plain_url(database), SecretStr(TEST_DATABASE_KEY)).dispose()


def test_init_encrypt_refuses_to_touch_an_existing_plain_database(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "desk.db"
    shutil.copyfile(sqlite_template, database)
    assert main(["--db", str(database), "init", "--encrypt", "--password-stdin"]) == 1
    assert "already exists and is not encrypted" in capsys.readouterr().err
    assert database.read_bytes().startswith(SQLITE_HEADER)


def test_demo_encrypt_builds_an_encrypted_demo_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    database = tmp_path / "data" / "demo.db"

    assert main(["demo", "--encrypt", "--customers", "20"]) == 0

    assert "20 fictitious customers" in capsys.readouterr().out
    assert not database.read_bytes().startswith(SQLITE_HEADER)


# --- custinfo rekey -----------------------------------------------------------------------------


@pytest.fixture
def encrypted_database(sqlcipher_demo_template: Path, tmp_path: Path) -> Path:
    database = tmp_path / "custinfo.db"
    shutil.copyfile(sqlcipher_demo_template, database)
    return database


def _opens_with(database: Path, key: str) -> bool:
    try:
        engine = build_engine_for(_plain_url(database), SecretStr(key))
    except WrongDatabaseKey:
        return False
    with uow_factory_for(engine)() as uow:
        assert uow.operators.get_by_username("agent") is not None  # the data came along
    engine.dispose()
    return True


def test_rekey_takes_the_new_key_from_a_new_key_file(
    encrypted_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = key_file(tmp_path / "old-key", TEST_DATABASE_KEY)
    new = key_file(tmp_path / "new-key", NEW_KEY)
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(old))

    assert main(["--db", str(encrypted_database), "rekey", "--new-key-file", str(new)]) == 0

    out, err = capsys.readouterr()
    assert f"Set CUSTINFO_DATABASE_KEY_FILE={new}" in words(out)
    assert TEST_DATABASE_KEY not in out + err and NEW_KEY not in out + err
    assert _opens_with(encrypted_database, NEW_KEY)
    assert not _opens_with(encrypted_database, TEST_DATABASE_KEY)
    assert old.read_text().strip() == TEST_DATABASE_KEY  # the old file is left alone


def test_rekey_asks_twice_and_writes_the_new_key_into_the_key_file(
    encrypted_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    monkeypatch.setattr("getpass.getpass", lambda _prompt: NEW_KEY)

    assert main(["--db", str(encrypted_database), "rekey"]) == 0

    assert f"The key file {keys} now holds the new key." in words(capsys.readouterr().out)
    assert keys.read_text() == NEW_KEY + "\n"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert _opens_with(encrypted_database, NEW_KEY)
    # The console and every command keep working from the same key file.
    assert main(["--db", str(encrypted_database), "audit", "verify"]) == 0


def test_rekey_with_two_different_new_keys_changes_nothing(
    encrypted_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "CUSTINFO_DATABASE_KEY_FILE", str(key_file(tmp_path / "key", TEST_DATABASE_KEY))
    )
    answers = iter([NEW_KEY, NEW_KEY + " typo"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))

    assert main(["--db", str(encrypted_database), "rekey"]) == 1

    assert "the two keys differ; nothing was changed" in capsys.readouterr().err
    assert _opens_with(encrypted_database, TEST_DATABASE_KEY)


def test_rekey_is_refused_while_another_connection_has_the_database_open(
    encrypted_database: Path,
) -> None:
    url = _plain_url(encrypted_database)
    other_desk = build_engine_for(url, SecretStr(TEST_DATABASE_KEY))
    engine = build_engine_for(url, SecretStr(TEST_DATABASE_KEY))
    try:
        with other_desk.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout=0")  # answer at once
            with engine.connect() as mine:
                mine.exec_driver_sql("PRAGMA busy_timeout=0")
            with pytest.raises(DatabaseInUse, match="close them all"):
                rekey(engine, SecretStr(NEW_KEY))
    finally:
        other_desk.dispose()
        engine.dispose()
    assert _opens_with(encrypted_database, TEST_DATABASE_KEY)


def test_rekey_of_a_plain_database_says_there_is_no_key(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "plain.db"
    shutil.copyfile(sqlite_template, database)
    assert main(["--db", str(database), "rekey"]) == 1
    assert "is not an encrypted database" in capsys.readouterr().err
