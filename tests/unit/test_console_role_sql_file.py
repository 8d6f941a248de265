"""`custinfo init --role-sql FILE`: the SQL a superuser runs is nobody else's to change.

Found by an administrator setting up PostgreSQL by the documented steps: the file was
written as the umask said (group-writable under the common 002) and through whatever had
its name, so another account could have put its own SQL in front of a superuser.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from custinfo_tui.commands.console_role import set_up_console_role
from custinfo_tui.repository import console_role
from custinfo_tui.repository.console_role import ConsoleRoleSetUp

NOT_SET_UP = ConsoleRoleSetUp(
    role="custinfo_console",
    database="custinfo",
    created=False,
    granted=False,
    problem="this database role may not create roles (it has no CREATEROLE)",
    sql_for_dba=("CREATE ROLE custinfo_console NOLOGIN;", "GRANT CONNECT ON DATABASE custinfo"),
)


@pytest.fixture(autouse=True)
def _role_not_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console_role, "set_up_console_role", lambda engine: NOT_SET_UP)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    before = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _write(sql_file: Path) -> None:
    assert set_up_console_role(engine=None, sql_file=sql_file) is False  # type: ignore[arg-type]


def test_the_sql_file_is_readable_by_the_dba_and_changeable_by_its_owner_only(
    tmp_path: Path, permissive_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    sql_file = tmp_path / "console-role.sql"

    _write(sql_file)

    assert _mode(sql_file) == 0o644  # not 0664, as the umask 002 said
    assert sql_file.read_text().startswith("CREATE ROLE custinfo_console NOLOGIN;\n")
    assert f"The SQL is in {sql_file}" in " ".join(capsys.readouterr().out.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["console-role.sql"]


def test_a_file_others_could_change_is_replaced_by_one_they_cannot(
    tmp_path: Path, permissive_umask: None
) -> None:
    sql_file = tmp_path / "console-role.sql"
    sql_file.write_text("-- left here by someone\n")
    sql_file.chmod(0o666)

    _write(sql_file)

    assert _mode(sql_file) == 0o644
    assert "someone" not in sql_file.read_text()


def test_a_link_at_the_name_is_replaced_and_the_file_it_named_left_alone(
    tmp_path: Path, permissive_umask: None
) -> None:
    theirs = tmp_path / "theirs.sql"
    theirs.write_text("-- another account's file\n")
    theirs.chmod(0o666)
    sql_file = tmp_path / "console-role.sql"
    sql_file.symlink_to(theirs)

    _write(sql_file)

    assert not sql_file.is_symlink()
    assert _mode(sql_file) == 0o644
    assert sql_file.read_text().startswith("CREATE ROLE custinfo_console NOLOGIN;\n")
    assert theirs.read_text() == "-- another account's file\n"


def test_a_file_that_cannot_be_replaced_is_said_and_the_sql_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    sql_file = folder / "console-role.sql"
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this account writes in a read-only folder (root)")
        _write(sql_file)
    finally:
        folder.chmod(0o755)

    out = capsys.readouterr().out
    assert f"The SQL is not written to a file: cannot write {sql_file}: permission denied." in out
    assert "  CREATE ROLE custinfo_console NOLOGIN;" in out
    assert list(folder.iterdir()) == []
