"""`custinfo backup FILE` where no backup can be written: said in words, naming the folder
and why, exit 1, and no file left behind. Found trying it: `custinfo backup /proc/b.db`
gave "internal error", and `backup bk/b1.db/x.db` with `bk/b1.db` a file said "there is
no folder bk/b1.db"."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from custinfo_tui import private_files
from custinfo_tui.cli import main
from custinfo_tui.commands import postgres_backup
from custinfo_tui.commands.postgres_backup import find_tool
from tests.support.printed_lines import words


def _file(url: str) -> str:
    return str(make_url(url).database)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="Linux's /proc")
def test_a_folder_no_file_can_be_created_in_is_named_with_why(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", _file(sqlite_url), "backup", "/proc/b.db"]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        "custinfo: the backup cannot be written in the folder /proc: it is not a regular "
        "folder files can be created in. No backup file was left there; choose another "
        "folder."
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "it is on a read-only file system"),
        (errno.ENOSPC, "the disk is full"),
    ],
)
def test_a_folder_refusing_the_new_file_is_named_with_why(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: int,
    reason: str,
) -> None:
    """Permission and a read-only disk, as the system refuses them (the tests run as a user
    a folder's permissions may not stop, on a disk that is not read-only)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    created = private_files.create_private_file

    def refused(path: Path) -> bool:
        if path.parent == folder:
            raise OSError(error, os.strerror(error), str(path))
        return created(path)

    monkeypatch.setattr(private_files, "create_private_file", refused)

    assert main(["--db", _file(sqlite_url), "backup", str(folder / "monday.db")]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        f"custinfo: the backup cannot be written in the folder {folder}: {reason}. No "
        "backup file was left there; choose another folder."
    )
    assert list(folder.iterdir()) == []


def test_a_disk_filling_during_the_copy_leaves_no_partial_file(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "usb-stick"
    folder.mkdir()

    def nearly_full(dbapi_connection: Any, _record: Any) -> None:
        [(_, _, path)] = dbapi_connection.execute("PRAGMA database_list").fetchall()
        if Path(path).parent == folder:
            dbapi_connection.execute("PRAGMA max_page_count=20")  # room for 80 KB

    event.listen(Engine, "connect", nearly_full)
    try:
        code = main(["--db", _file(sqlite_demo_url), "backup", str(folder / "monday.db")])
    finally:
        event.remove(Engine, "connect", nearly_full)

    assert code == 1
    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        f"custinfo: the backup cannot be written in the folder {folder}: SQLite says "
        "database or disk is full. No backup file was left there; choose another folder."
    )
    assert list(folder.iterdir()) == []
    with sqlite3.connect(_file(sqlite_demo_url)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("under", ["x.db", "x/y.db"])
def test_a_file_where_a_folder_should_be_is_said_to_be_a_file(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], under: str
) -> None:
    earlier = tmp_path / "bk" / "b1.db"
    earlier.parent.mkdir()
    earlier.write_bytes(b"an earlier backup")

    assert main(["--db", _file(sqlite_url), "backup", str(earlier / under)]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        f"custinfo: {earlier} is a file, not a folder: choose a file name in a folder."
    )
    assert earlier.read_bytes() == b"an earlier backup"


@pytest.mark.postgres
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="Linux's /proc")
def test_a_postgresql_dump_to_a_folder_no_file_can_be_created_in_is_named_with_why(
    postgres_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)

    assert main(["backup", "/proc/custinfo.dump"]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        "custinfo: the backup cannot be written in the folder /proc: it is not a regular "
        "folder files can be created in. No backup file was left there; choose another "
        "folder."
    )


@pytest.mark.postgres
def test_a_postgresql_dump_into_a_missing_folder_is_refused_naming_it_as_sqlites_is(
    postgres_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: `custinfo backup /srv/bakups/mon.dump` (a typo) made the
    folder and dumped into it on PostgreSQL, where SQLite refuses a folder not there."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    missing = tmp_path / "bakups"

    assert main(["backup", str(missing / "mon.dump")]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        f"custinfo: there is no folder {missing}: create it first, or choose a file name "
        "in a folder."
    )
    assert not missing.exists()


@pytest.mark.postgres
def test_a_postgresql_dump_makes_no_folder_even_one_removed_after_it_was_checked(
    postgres_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The dump made the folder it was given (0700) before writing into it: unseen once
    the folder was checked first, but a folder removed in between came back with every
    customer in it."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    folder = tmp_path / "backups"
    folder.mkdir()
    checked = postgres_backup.backup_target_problem

    def checked_then_removed(target: Path, **options: Any) -> str | None:
        problem = checked(target, **options)
        folder.rmdir()  # an administrator tidying up, at that moment
        return problem

    monkeypatch.setattr(postgres_backup, "backup_target_problem", checked_then_removed)

    assert main(["backup", str(folder / "mon.dump")]) == 1

    assert words(capsys.readouterr().err) == (  # read as words: wrapped to the terminal
        f"custinfo: the backup cannot be written in the folder {folder}: it is not a "
        "regular folder files can be created in. No backup file was left there; choose "
        "another folder."
    )
    assert not folder.exists()
