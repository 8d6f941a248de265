"""PostgreSQL: `custinfo init` gives consoles a least-privilege role, or the SQL for a DBA.

custinfo_console may read and write the customer records but only read and add audit
events; the schema owner who runs the migrations stays a separate role.
"""

from __future__ import annotations

import functools
import io
import shlex
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.commands.postgres_backup import libpq_environment
from custinfo_tui.commands.setup import NOT_READY_FOR_DESKS
from custinfo_tui.composition import build_console_services
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository import console_role
from custinfo_tui.repository.console_role import CONSOLE_ROLE, ROW_PRIVILEGES
from tests.support.console_login import console_login

pytestmark = pytest.mark.postgres

ALL_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
#: What a console may do, table by table (every table not named: ROW_PRIVILEGES).
EXPECTED = {
    "audit_events": {"SELECT", "INSERT"},
    "audit_chain_head": {"SELECT", "UPDATE"},
    "audit_seals": {"SELECT", "INSERT"},
    "alembic_version": {"SELECT"},
}


def _privileges(connection: Connection, role: str, table: str) -> set[str]:
    return {
        privilege
        for privilege in ALL_PRIVILEGES
        if connection.execute(
            text("SELECT has_table_privilege(:role, :table, :privilege)"),
            {"role": role, "table": table, "privilege": privilege},
        ).scalar_one()
    }


def _assert_console_privileges(url: str, role: str) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        for table in console_role.console_tables():
            expected = EXPECTED.get(table, set(ROW_PRIVILEGES))
            assert _privileges(connection, role, table) == expected, table
    engine.dispose()


def test_init_sets_up_the_console_role_and_says_how_desks_log_in(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(["init", "--password-stdin"]) == 0

    out = capsys.readouterr().out
    assert f"the role {CONSOLE_ROLE}" in out
    assert "no UPDATE, DELETE or TRUNCATE on audit_events" in out
    assert f"LOGIN PASSWORD '...' IN ROLE {CONSOLE_ROLE};" in out
    _assert_console_privileges(postgres_url, CONSOLE_ROLE)


def test_init_takes_back_privileges_granted_by_hand(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with console_login(postgres_url):  # the role exists and has its grants
        admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"GRANT ALL ON audit_events TO {CONSOLE_ROLE}"))
        admin.dispose()
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(["init", "--password-stdin"]) == 0

    assert f"renewed the privileges of the role {CONSOLE_ROLE}" in capsys.readouterr().out
    _assert_console_privileges(postgres_url, CONSOLE_ROLE)


def test_a_desk_in_the_console_role_can_work_a_call(postgres_demo_url: str) -> None:
    with console_login(postgres_demo_url) as desk_url:
        services = build_console_services(desk_url)
        login = services.authenticate("agent", "agent-demo-2026")
        assert login.actor is not None
        actor = login.actor
        match = services.search_customers(actor, "smith").matches[0]
        services.open_record(actor, match.customer_id, AccessReason(reason="Callback"))
        _, call = services.start_call(actor, match.customer_id, Channel.PHONE)
        services.end_call(actor, call.interaction_id)
        services.log_out(actor)


@dataclass(frozen=True)
class OwnedDatabase:
    """A database created for a schema owner that may not create roles, as a DBA would."""

    owner_url: str
    superuser_url: str
    role: str


@pytest.fixture
def owner_without_createrole(
    postgres_admin_url: str | None, postgres_url: str
) -> Iterator[OwnedDatabase]:
    assert postgres_admin_url is not None  # postgres_url has skipped otherwise
    suffix = uuid.uuid4().hex[:10]
    owner, database, role = f"owner_{suffix}", f"custinfo_owned_{suffix}", f"console_{suffix}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {owner} LOGIN NOCREATEROLE"))
        connection.execute(text(f"CREATE DATABASE {database} OWNER {owner}"))
    url = make_url(postgres_admin_url).set(database=database)
    try:
        yield OwnedDatabase(
            owner_url=url.set(username=owner).render_as_string(hide_password=False),
            superuser_url=url.render_as_string(hide_password=False),
            role=role,
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
            connection.execute(text(f"DROP ROLE IF EXISTS {owner}"))
        admin.dispose()


def _printed_sql(out: str, database: str) -> list[str]:
    """The statements `custinfo init` asks the DBA to run, as printed."""
    asked = f"the database {database} (or give `--role-sql FILE` to have it written to a file):"
    assert asked in " ".join(out.split())  # the prose wrapped at words, read across lines
    block = "\n".join(line for line in out.splitlines() if line.startswith("  "))  # kept whole
    return [statement.strip() for statement in block.split(";") if statement.strip()]


def _init_as(db: OwnedDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    """`custinfo init` run next as the owner without CREATEROLE, the admin's password on
    standard input, setting up a role name of this test's own (custinfo_console may
    already exist on the server)."""
    monkeypatch.setattr(
        console_role,
        "set_up_console_role",
        functools.partial(console_role.set_up_console_role, role=db.role),
    )
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", db.owner_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))


def test_without_createrole_init_prints_the_sql_for_the_dba(
    owner_without_createrole: OwnedDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = owner_without_createrole
    _init_as(db, monkeypatch)

    # Not done, and a script can tell: neither 0 (done) nor 1 (failed).
    assert main(["init", "--password-stdin"]) == NOT_READY_FOR_DESKS == 3

    out = capsys.readouterr().out
    assert "may not create roles" in out
    statements = _printed_sql(out, make_url(db.owner_url).database or "")
    assert statements[0] == f"CREATE ROLE {db.role} NOLOGIN"
    assert f"GRANT SELECT, INSERT ON TABLE public.audit_events TO {db.role}" in statements
    # The schema is ready and the administrator made; the desks are not, and it says so
    # last, instead of "Database ready" (found by a helper setting up desks).
    assert "Schema ready. First admin operator: admin" in out
    assert "Database ready" not in out
    assert out.rstrip().endswith(
        "Then run `custinfo init` again, which grants the role what a console needs, and "
        "create each desk's login role in it (docs/configuration.md)."
    )

    dba = create_engine(db.superuser_url)
    with dba.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    dba.dispose()
    _assert_console_privileges(db.superuser_url, db.role)

    # Run again as the docs say: done, and the admin's password is not asked for again.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PostgreSQL: renewed the privileges of the role")
    assert "Database is up to date; it already has operators." in out
    assert "Not ready for desks yet" not in out


def test_the_sql_for_the_dba_can_be_written_to_a_file_psql_runs(
    owner_without_createrole: OwnedDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    # Copying sixty lines out of a terminal to hand them on was the only way (found by
    # setting up desks on PostgreSQL by the documented steps).
    db = owner_without_createrole
    _init_as(db, monkeypatch)
    where_init_ran = tmp_path / "set up here"
    where_init_ran.mkdir()
    monkeypatch.chdir(where_init_ran)
    sql_file = where_init_ran / "console-role.sql"
    database = make_url(db.owner_url).database or ""

    assert main(["init", "--password-stdin", "--role-sql", "console-role.sql"]) == 3

    out = capsys.readouterr().out
    assert f"The SQL is in {sql_file}" in " ".join(out.split())
    # The whole path, quoted: it printed `psql -d custinfo -f console-role.sql`, which
    # works only from the folder init ran in. On a line of its own, whole, to copy.
    command = f"psql -d {database} -f '{sql_file}'"
    assert f"  {command}" in out.splitlines()
    assert "CREATE ROLE" not in out  # written, not printed
    assert "Not ready for desks yet" in out
    assert sql_file.read_text().startswith(f"CREATE ROLE {db.role} NOLOGIN;\n")
    # The DBA runs the command as printed, from a folder of their own.
    elsewhere = tmp_path / "the dba's folder"
    elsewhere.mkdir()
    ran = subprocess.run(
        [*shlex.split(command), "-v", "ON_ERROR_STOP=1"],
        cwd=elsewhere,
        env=libpq_environment(db.superuser_url),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    _assert_console_privileges(db.superuser_url, db.role)


def test_a_role_sql_file_that_cannot_be_written_is_said_and_the_sql_printed(
    owner_without_createrole: OwnedDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    db = owner_without_createrole
    _init_as(db, monkeypatch)
    missing = tmp_path / "no-such-folder" / "console-role.sql"

    assert main(["init", "--password-stdin", "--role-sql", str(missing)]) == 3

    out = capsys.readouterr().out
    assert f"there is no folder {missing.parent}" in out
    assert "It is printed below instead." in out
    statements = _printed_sql(out, make_url(db.owner_url).database or "")
    assert statements[0] == f"CREATE ROLE {db.role} NOLOGIN"
    assert not missing.parent.exists()
