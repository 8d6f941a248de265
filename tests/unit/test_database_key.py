"""The key of the encrypted database: which files need one, key files, typed keys.

No database is opened here: whether a file is encrypted is read from its first bytes.
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
import warnings
from pathlib import Path

import pytest
from pydantic import SecretStr

from custinfo_tui.database_key import (
    MIN_NEW_KEY_LENGTH,
    ask_key,
    key_for_database,
    read_key_file,
    write_key_file,
)
from custinfo_tui.repository.encryption import (
    SQLITE_HEADER,
    EncryptionError,
    FileState,
    file_state,
)

KEY = "fictitious passphrase for tests"


def _key_file(path: Path, content: str = KEY + "\n", mode: int = 0o600) -> Path:
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return path


def _plain(path: Path) -> Path:
    path.write_bytes(SQLITE_HEADER + bytes(100))
    return path


def _encrypted(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


def _url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


# --- which files are encrypted ----------------------------------------------------------------


def test_a_file_is_known_as_plain_encrypted_or_new_by_its_first_bytes(tmp_path: Path) -> None:
    assert file_state(tmp_path / "missing.db") is FileState.NEW
    (tmp_path / "empty.db").touch()
    assert file_state(tmp_path / "empty.db") is FileState.NEW
    assert file_state(_plain(tmp_path / "plain.db")) is FileState.PLAIN
    assert file_state(_encrypted(tmp_path / "secret.db")) is FileState.ENCRYPTED


def test_a_plain_or_new_database_needs_no_key_when_no_key_file_is_set(tmp_path: Path) -> None:
    assert key_for_database(_url(_plain(tmp_path / "plain.db")), None) is None
    assert key_for_database(_url(tmp_path / "new.db"), None) is None


def test_an_encrypted_database_takes_its_key_from_the_key_file(tmp_path: Path) -> None:
    key_file = _key_file(tmp_path / "key")
    key = key_for_database(_url(_encrypted(tmp_path / "secret.db")), key_file)
    assert key is not None and key.get_secret_value() == KEY


def test_a_new_database_is_encrypted_when_a_key_file_is_set_or_encrypt_is_asked(
    tmp_path: Path,
) -> None:
    key_file = _key_file(tmp_path / "key")
    assert key_for_database(_url(tmp_path / "new.db"), key_file) is not None

    def typed(_database: Path, new: bool) -> SecretStr:
        assert new, "a new key is asked for twice"
        return SecretStr(KEY)

    assert key_for_database(_url(tmp_path / "new.db"), None, create_encrypted=True, ask=typed)


def test_an_encrypted_database_without_a_key_says_how_to_give_one(tmp_path: Path) -> None:
    url = _url(_encrypted(tmp_path / "secret.db"))
    with pytest.raises(EncryptionError, match="set CUSTINFO_DATABASE_KEY_FILE"):
        key_for_database(url, None)

    asked: list[bool] = []

    def typed(_database: Path, new: bool) -> SecretStr:
        asked.append(new)
        return SecretStr(KEY)

    assert key_for_database(url, None, ask=typed) == SecretStr(KEY)
    assert asked == [False]


def test_a_key_file_with_a_plain_database_is_refused_rather_than_pretending(
    tmp_path: Path,
) -> None:
    url = _url(_plain(tmp_path / "plain.db"))
    with pytest.raises(EncryptionError, match=r"is set, but .* is not encrypted"):
        key_for_database(url, _key_file(tmp_path / "key"))
    with pytest.raises(EncryptionError, match="already exists and is not encrypted"):
        key_for_database(url, None, create_encrypted=True)


def test_encrypt_is_refused_for_a_database_server() -> None:
    url = "postgresql://custinfo@dbhost.example.com/custinfo"
    assert key_for_database(url, None) is None
    with pytest.raises(EncryptionError, match="server's business"):
        key_for_database(url, None, create_encrypted=True)


def test_a_url_that_carries_its_own_key_needs_no_other(tmp_path: Path) -> None:
    url = f"sqlite+pysqlcipher://:inline-key@/{_encrypted(tmp_path / 'secret.db')}"
    assert key_for_database(url, None) is None


# --- key files --------------------------------------------------------------------------------


def test_the_key_is_the_files_line_without_its_line_ending(tmp_path: Path) -> None:
    assert read_key_file(_key_file(tmp_path / "a", KEY + "\n")).get_secret_value() == KEY
    assert read_key_file(_key_file(tmp_path / "b", KEY + "\r\n")).get_secret_value() == KEY
    assert read_key_file(_key_file(tmp_path / "c", KEY)).get_secret_value() == KEY


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_key_file_others_can_open_is_refused_with_the_chmod_that_fixes_it(
    tmp_path: Path, mode: int
) -> None:
    path = _key_file(tmp_path / "key", mode=mode)
    with pytest.raises(EncryptionError) as refused:
        read_key_file(path)
    message = str(refused.value)
    assert f"mode {mode:04o}" in message
    assert f"chmod 600 {path}" in message
    assert KEY not in message


def test_an_owner_only_key_file_may_also_be_read_only(tmp_path: Path) -> None:
    assert read_key_file(_key_file(tmp_path / "key", mode=0o400)).get_secret_value() == KEY


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_key_file_of_another_user_is_refused(tmp_path: Path) -> None:
    path = _key_file(tmp_path / "key")
    os.chown(path, 65534, 65534)
    with pytest.raises(EncryptionError, match="belongs to another user"):
        read_key_file(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [("", "is empty"), ("\n", "is empty"), ("one\ntwo\n", "on one line")],
)
def test_a_key_file_that_holds_no_single_key_is_refused(
    tmp_path: Path, content: str, problem: str
) -> None:
    with pytest.raises(EncryptionError, match=problem):
        read_key_file(_key_file(tmp_path / "key", content))


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EncryptionError, match="does not exist"):
        read_key_file(tmp_path / "nowhere")


def test_a_short_key_is_refused_for_a_new_database_only(tmp_path: Path) -> None:
    short = "x" * (MIN_NEW_KEY_LENGTH - 1)
    path = _key_file(tmp_path / "key", short)
    assert read_key_file(path).get_secret_value() == short  # an existing database's key
    with pytest.raises(EncryptionError, match=f"at least {MIN_NEW_KEY_LENGTH} characters"):
        read_key_file(path, new=True)


def test_a_written_key_file_is_the_owners_alone_and_reads_back(tmp_path: Path) -> None:
    path = _key_file(tmp_path / "key", "the old key of this file\n", mode=0o600)
    write_key_file(path, SecretStr(KEY))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path).get_secret_value() == KEY
    assert [p.name for p in tmp_path.iterdir()] == ["key"]


def test_the_key_never_shows_in_its_repr_or_string() -> None:
    key = SecretStr(KEY)
    assert KEY not in repr(key) and KEY not in str(key) and KEY not in f"{key}"


# --- typed keys -------------------------------------------------------------------------------


def test_a_new_key_is_typed_twice_and_must_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([KEY, KEY + " but different"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    with pytest.raises(EncryptionError, match="the two keys differ"):
        ask_key(tmp_path / "new.db", True)

    answers = iter([KEY, KEY])
    assert ask_key(tmp_path / "new.db", True).get_secret_value() == KEY


def test_no_typed_key_says_how_else_to_give_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_terminal(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    with pytest.raises(EncryptionError, match="CUSTINFO_DATABASE_KEY_FILE"):
        ask_key(tmp_path / "secret.db", False)


def test_without_a_terminal_the_key_is_not_read_with_echo_and_the_key_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a terminal, getpass warns (GetPassWarning, printed to the user) and reads
    standard input with echo; now it stops at its warning, and the command says why."""

    def echoing_fallback(_prompt: str) -> str:
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, 2)
        print("Warning: Password input may be echoed.", file=sys.stderr)
        return "read with echo"

    monkeypatch.setattr("getpass.getpass", echoing_fallback)
    with pytest.raises(EncryptionError) as refused:
        ask_key(tmp_path / "secret.db", False)

    assert str(refused.value) == (
        "no key was typed: standard input is not a terminal to type it at. Set "
        "CUSTINFO_DATABASE_KEY_FILE to a file holding it (docs/security.md)."
    )
    assert capsys.readouterr().err == ""
