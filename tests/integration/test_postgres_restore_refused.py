"""`custinfo restore` on PostgreSQL run with a login that may create nothing says whose
login to use. Found by an administrator restoring by docs/backups.md with a desk's
`CUSTINFO_DATABASE_URL` still set: "pg_restore failed (exit status 1) and restored
nothing; run it by hand to see why", with neither the cause nor the command."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.commands.postgres_backup import find_tool
from tests.support.postgres import empty_database as new_empty_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def empty_database(postgres_admin_url: str | None) -> Iterator[str]:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    assert postgres_admin_url is not None
    with new_empty_database(postgres_admin_url) as url:
        yield url


@pytest.fixture
def desk_login(postgres_admin_url: str, empty_database: str) -> Iterator[str]:
    """The empty database's URL as a desk's login role, which may create nothing there."""
    role = f"desk_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'desk-secret-1'"))
    try:
        yield (
            make_url(empty_database)
            .set(username=role, password="desk-secret-1")
            .render_as_string(False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def test_a_restore_refused_for_its_login_says_to_restore_as_the_databases_owner(
    postgres_demo_url: str,
    empty_database: str,
    desk_login: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = tmp_path / "custinfo.dump"
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", desk_login)
    capsys.readouterr()

    assert main(["restore", str(dump)]) == 1

    said = " ".join(capsys.readouterr().err.split())
    assert said.startswith(
        "custinfo: pg_restore failed: permission was refused to this database role, and "
        "nothing was restored. Restore as the role that owns the empty database (the owner "
        "`createdb -O` named, the one `custinfo init` runs as), not a console's role "
        "(docs/backups.md). pg_restore said: pg_restore: error: "
    ), said
    assert "permission denied" in said
    assert "desk-secret-1" not in said
    engine = create_engine(empty_database)
    try:
        assert inspect(engine).get_table_names() == []  # nothing restored
    finally:
        engine.dispose()
