"""`custinfo init` and `custinfo demo` on PostgreSQL with a login that may create nothing
(a desk's) say whose login to use. Found by an administrator setting up by
docs/configuration.md with a desk's `CUSTINFO_DATABASE_URL` still set: "custinfo: internal
error (reference ...)", the server's refusal to create the schema's first table taken for
a bug."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.repository.console_role import CONSOLE_ROLE
from tests.support.console_login import console_login
from tests.support.postgres import empty_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def desk_login(postgres_admin_url: str | None) -> Iterator[tuple[str, str]]:
    """An empty database, its URL as a login role that may create nothing there (a desk's),
    and its URL as the server's administrator."""
    if postgres_admin_url is None:
        pytest.skip("PostgreSQL's server binaries are not installed")
    role = f"desk_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'desk-secret-1'"))
    try:
        with empty_database(postgres_admin_url) as url:
            desk = make_url(url).set(username=role, password="desk-secret-1")
            yield desk.render_as_string(False), url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


@pytest.mark.parametrize("command", [["init", "--password-stdin"], ["demo", "--customers", "5"]])
def test_init_with_a_desks_login_says_to_run_it_as_the_databases_owner(
    command: list[str],
    desk_login: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk_url, admin_url = desk_login
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", desk_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(command) == 1

    said = " ".join(capsys.readouterr().err.split())
    assert "internal error" not in said
    assert said == (
        "custinfo: the database refused this database role (the user in "
        "CUSTINFO_DATABASE_URL) a privilege the command needs. `custinfo init`, `custinfo "
        "demo` and `custinfo backup` run as the role that owns the database (the owner "
        "`createdb -O` named); a desk's login does a console's work only "
        '(docs/configuration.md, "PostgreSQL").'
    )
    engine = create_engine(admin_url)
    try:
        assert inspect(engine).get_table_names() == []  # nothing created
    finally:
        engine.dispose()


def test_init_again_with_a_desks_login_says_whose_login_not_sql_for_a_dba(
    postgres_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a database set up, a desk's login ran `init` to "Not ready for desks yet", with
    sixty lines of SQL for a superuser that nothing needed."""
    with console_login(postgres_demo_url) as desk_url:
        monkeypatch.setenv("CUSTINFO_DATABASE_URL", desk_url)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))

        assert main(["init"]) == 1

    captured = capsys.readouterr()
    said = " ".join(captured.err.split())
    assert said == (
        f"custinfo: this is a desk's login, a member of {CONSOLE_ROLE}, not the role that "
        "owns custinfo's tables: run `custinfo init` as that owner, the one `createdb -O` "
        'named (docs/configuration.md, "PostgreSQL"). Nothing was changed.'
    )
    assert "GRANT" not in captured.out
    assert "Not ready for desks yet" not in captured.out
