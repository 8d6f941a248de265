"""What `--db` may name (docs/configuration.md): a folder, or a file that is no database
(a document, /etc/passwd), is refused by every command before it warns about the file's
permissions or asks for its key; and `init`, `demo` and `restore` create no folder but
the data folder.

Found by an administrator trying paths: `--db /tmp/some-folder init` was an internal
error (IsADirectoryError); `--db README.md operator list` told them to `chmod 600
README.md` and asked for "the key of the encrypted database README.md"; `--db
/tmp/nonexist/x.db init` made the folder and a second database with its own admin, and
`demo --db` into a missing folder made one with the demo's published passwords.
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from custinfo_tui.cli import main
from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from tests.support.printed_lines import too_wide, words
from tests.support.screen import press, region_text

PASSWORD = "a-long-desk-passphrase"

#: Every command that opens the database, as an administrator would type it.
COMMANDS = [
    ["init", "--password-stdin"],
    ["demo", "--customers", "3"],
    ["operator", "list", "--as", "admin"],
    ["audit", "verify"],
    ["backup", "monday.db"],
    ["restore", "--force", "monday.db"],
    ["rekey"],
    ["doctor"],
    ["retention", "due"],
]


@pytest.fixture(autouse=True)
def _no_key_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    def asked(prompt: str) -> str:
        raise AssertionError(f"asked {prompt!r}")

    monkeypatch.setattr("getpass.getpass", asked)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))


def _refused(database: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What `custinfo --db DATABASE COMMAND` stops saying (status 1), read as words; nothing
    else may have been said, and no line of it is too wide for an 80-column terminal."""
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(database), *command])
    said = capsys.readouterr()
    assert stopped.value.code == 1
    assert said.out == "" and not too_wide(said.err)
    return words(said.err)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_folder_given_as_the_database_is_refused_naming_a_file_to_give(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "some-folder"
    folder.mkdir()

    said = _refused(folder, command, capsys)

    assert said == (
        f"custinfo: {folder} is a folder: give a database file (e.g. {folder}/custinfo.db). "
        "Nothing was changed."
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_text_file_given_as_the_database_is_refused_before_any_warning_or_key_prompt(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# custinfo-tui\n\nA console for contact centres.\n")
    readme.chmod(0o644)  # others may read it: no `chmod 600` is suggested for it

    said = _refused(readme, command, capsys)

    assert said == (
        f"custinfo: {readme} is not a custinfo database (it is a text file): give a "
        "database file. Nothing was changed."
    )
    assert readme.read_text() == "# custinfo-tui\n\nA console for contact centres.\n"
    assert oct(readme.stat().st_mode & 0o777) == oct(0o644)


def test_a_text_file_of_whole_pages_is_told_apart_from_an_encrypted_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLCipher writes whole pages of 512 bytes: by its length alone, a text file of
    1,024 bytes could be one, and its key was asked for."""
    notes = tmp_path / "notes.txt"
    notes.write_text(("Call back about the address change.\n" * 29)[:1023] + "\n")
    assert notes.stat().st_size == 1024

    said = _refused(notes, ["operator", "list", "--as", "admin"], capsys)

    assert "is not a custinfo database (it is a text file)" in said


def test_a_file_neither_sqlite_nor_encrypted_is_refused_as_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 3)

    said = _refused(photo, ["audit", "verify"], capsys)

    assert said == (
        f"custinfo: {photo} is not a custinfo database (it is not a SQLite file, plain or "
        "encrypted): give a database file. Nothing was changed."
    )


async def test_the_console_on_a_folder_says_so_on_its_login_screen(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    settings = Settings(
        database_url=f"sqlite+pysqlite:///{folder}", data_dir=tmp_path, log_dir=tmp_path / "logs"
    )
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *"agent", "enter", *"agent-demo-2026", "enter")
        shown = region_text(app, "#login-message")
    said = f"{folder} is a folder: give a database file"
    assert "".join(said.split()) in "".join(shown.split())  # the long path wraps anywhere
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "command", [["init", "--password-stdin"], ["demo", "--customers", "3"]], ids=lambda c: c[0]
)
def test_init_and_demo_refuse_a_missing_folder_rather_than_make_a_second_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """`demo --db /tmp/nonexist/x.db` made the folder where `init` refuses it: a typo gave
    a second database, with the demo's published passwords in it."""
    typo = tmp_path / "nonexist" / "custinfo.db"

    said = _refused(typo, command, capsys)

    assert said == (
        f"custinfo: there is no folder {typo.parent}: create it first, or name a database "
        "file in a folder that exists. Nothing was changed."
    )
    assert not typo.parent.exists()


def test_restore_refuses_a_missing_folder_as_init_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an IT-operations explorer: `--db /tmp/new-folder/x.db restore b1.db` made
    the folder where `init` and `backup` refuse one: a typo put the restored database
    where no desk would look for it."""
    backup = tmp_path / "b1.db"
    sqlite3.connect(backup).close()
    typo = tmp_path / "new-folder" / "x.db"

    said = _refused(typo, ["restore", str(backup), "--force"], capsys)

    assert said == (
        f"custinfo: there is no folder {typo.parent}: create it first, or name a database "
        "file in a folder that exists. Nothing was changed."
    )
    assert not typo.parent.exists()


def test_init_refuses_a_folder_that_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "monday.db"
    backup.write_bytes(b"")

    said = _refused(backup / "custinfo.db", ["init", "--password-stdin"], capsys)

    assert f"{backup} is a file, not a folder" in said


def test_init_on_a_new_machine_still_creates_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "home" / ".local" / "share" / "custinfo-tui"
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(data))

    assert main(["init", "--password-stdin"]) == 0

    assert "First admin operator: admin" in capsys.readouterr().out
    assert oct(data.stat().st_mode & 0o777) == oct(0o700)
    with sqlite3.connect(data / "custinfo.db") as connection:
        assert connection.execute("SELECT username FROM operators").fetchall() == [("admin",)]


def test_demo_on_a_new_machine_still_creates_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "home" / ".local" / "share" / "custinfo-tui"
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(data))

    assert main(["demo", "--customers", "3"]) == 0

    assert "Demo database ready with 3 fictitious customers." in capsys.readouterr().out
    assert oct(data.stat().st_mode & 0o777) == oct(0o700)
    assert (data / "demo.db").is_file()


def test_init_given_the_data_folders_file_creates_the_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(data))

    assert main(["--db", str(data / "custinfo.db"), "init", "--password-stdin"]) == 0

    assert os.path.isfile(data / "custinfo.db")
