"""`custinfo demo` loads its published passwords only where it should, and says truly what
it added (found by an administrator setting up PostgreSQL)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from tests.support.printed_lines import too_wide, words

ADMIN_PASSWORD = "a-long-desk-passphrase"


def _init(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
    assert main(["--db", str(db), "init", "--password-stdin"]) == 0


def _usernames(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT username FROM operators ORDER BY id").fetchall()
    return [username for (username,) in rows]


def _customers(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        [(count,)] = connection.execute("SELECT COUNT(*) FROM customers").fetchall()
    return int(count)


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(revision)


def _take_back_one_migration(db: Path) -> None:
    """As an older custinfo left the database."""
    from alembic import command

    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.repository.migrate import alembic_config

    config = alembic_config()
    engine = build_engine(f"sqlite+pysqlite:///{db}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    engine.dispose()


def test_demo_refuses_a_database_init_set_up_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "custinfo.db"
    _init(db, monkeypatch)
    _take_back_one_migration(db)  # the live database's upgrade is `custinfo init`'s
    before = _revision(db)
    capsys.readouterr()

    assert main(["--db", str(db), "demo", "--customers", "20"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert words(captured.err) == (
        f"custinfo: nothing was changed: the database {db} is not a demo database: "
        "`custinfo init` created its administrator. The demo adds operators whose passwords "
        "are published (README), so it loads only into a new database or one it built. "
        "To build a demo database, give --db with a new file (or unset CUSTINFO_DATABASE_URL: "
        "it then writes demo.db in the data folder). To load the demo into this database "
        "anyway (a test server, never a live one), add --into-real-database."
    )
    said_first, said_then = captured.err.split("\nTo build a demo database,")
    assert said_first.startswith("custinfo: nothing was changed") and said_then
    assert not too_wide(captured.err)
    assert _usernames(db) == ["admin"]
    assert _customers(db) == 0
    assert _revision(db) == before


def test_demo_into_a_real_database_prints_only_the_operators_it_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It printed `admin  admin-demo-2026`, a password that did not work: `init` had made
    that admin with another."""
    db = tmp_path / "test-server.db"
    _init(db, monkeypatch)
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "80")

    assert main(["--db", str(db), "demo", "--customers", "20", "--into-real-database"]) == 0

    out = capsys.readouterr().out
    assert too_wide(out) == []  # its sentences wrapped at words, the operators' rows whole
    assert "Demo database ready" not in out
    assert "Added 20 fictitious demo customers." in out
    assert "agent       agent-demo-2026       Call-handler" in out
    assert "admin-demo-2026" not in out
    assert "Operators already there, password unchanged: admin." in out
    assert "disable those operators (`custinfo operator disable --as ADMIN USERNAME`)" in " ".join(
        out.split()
    )
    assert _usernames(db) == ["admin", "agent", "supervisor", "trainer", "dpo"]
    assert _customers(db) == 20


def test_demo_run_again_adds_nothing_and_prints_no_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "left as it is" while adding any demo operator missing, and listed every
    password whatever it had added."""
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo", "--customers", "20"]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "demo", "--customers", "20"]) == 0

    assert capsys.readouterr().out == (
        "The database already has 20 customers: no demo customers added.\n"
        "Operators already there, password unchanged: agent, supervisor, trainer, dpo, "
        "admin.\n"
    )


@pytest.mark.postgres
def test_demo_refuses_the_postgresql_database_init_set_up(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
    assert main(["init", "--password-stdin"]) == 0
    capsys.readouterr()

    assert main(["demo"]) == 1

    url = make_url(postgres_url)
    err = words(capsys.readouterr().err)
    assert err.startswith(
        f"custinfo: nothing was changed: the PostgreSQL database {url.database} on "
        f"{url.host} is not a demo database: `custinfo init` created its administrator."
    )
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        operators = connection.execute(text("SELECT username FROM operators")).scalars().all()
        customers = connection.execute(text("SELECT COUNT(*) FROM customers")).scalar_one()
    engine.dispose()
    assert operators == ["admin"]
    assert customers == 0


@pytest.mark.postgres
def test_demo_on_an_empty_postgresql_database_says_where_it_loads(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A test server's new database: loaded, and the output names it first."""
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_url)

    assert main(["demo", "--customers", "20"]) == 0

    url = make_url(postgres_url)
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        f"Loading the demo into the PostgreSQL database {url.database} on {url.host}.",
        "Demo database ready with 20 fictitious customers.",
    ]
    assert "  admin       admin-demo-2026       Administrator" in out


def test_init_on_a_database_the_demo_built_says_its_passwords_are_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo loads unasked into an empty database, which may be the one meant to go
    live: `init` run on it next must not just say it "already has operators"."""
    db = tmp_path / "custinfo.db"
    assert main(["--db", str(db), "demo", "--customers", "20"]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "init"]) == 0

    assert capsys.readouterr().out == (
        "Database is up to date; it already has operators.\n"
        "It is a demo database: `custinfo demo` built it, and its operators' passwords are "
        "published in the README. Do not use it for real customers: set up a new, empty "
        "database with `custinfo init` instead.\n"
    )
