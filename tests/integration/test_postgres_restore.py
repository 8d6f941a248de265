"""`custinfo restore` on PostgreSQL, as an administrator doing a restore finds it
(docs/backups.md, "PostgreSQL"). Found by an explorer: the restore recorded
`later_erasures 0` though it never reads the old database; its output never mentioned
the erasures to re-apply by hand; and the "Audit trail OK" it printed was counted before
its own `database.restored` event, one short of `custinfo audit verify` straight after."""

from __future__ import annotations

import io
import shlex
import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.commands import postgres_backup
from custinfo_tui.commands.postgres_backup import find_tool
from custinfo_tui.commands.postgres_restore import RESTORE_MARGIN
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.backup_contents import audit_event_count
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import audit, erasure, operators
from tests.support.acting import ADMIN, DPO, password_typed
from tests.support.actors import actor_for
from tests.support.postgres import empty_database as new_empty_database
from tests.support.printed_lines import too_wide


@pytest.fixture
def empty_database(postgres_admin_url: str | None) -> Iterator[str]:
    """A new, empty database on the test server, as `createdb` makes one to restore into."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    assert postgres_admin_url is not None
    with new_empty_database(postgres_admin_url) as url:
        yield url


def _restored_event(url: str) -> dict[str, object]:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            [event] = uow.audit.list_recent(action=AuditAction.DATABASE_RESTORED.value)
            return dict(event.details)
    finally:
        engine.dispose()


def _status(url: str, reference: str) -> str:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            return uow.customers.get_by_reference(reference.replace(" ", "")).status  # type: ignore[union-attr]
    finally:
        engine.dispose()


def _moved(admin_url: str, url: str, request: pytest.FixtureRequest) -> str:
    """Rename the database `url` names, as if it were on another server; its new URL."""
    old, new = make_url(url).database, f"custinfo_moved_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{old}" RENAME TO "{new}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{new}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(url).set(database=new).render_as_string(False)


def _command_after(said: str, opening: str) -> list[str]:
    """The arguments of the printed command line that starts `opening`, without `custinfo`."""
    [line] = [line.strip() for line in said.splitlines() if line.strip().startswith(opening)]
    return shlex.split(line)[1:]


@pytest.mark.postgres
def test_a_postgresql_restore_says_how_to_reapply_the_erasures_and_records_them_unchecked(
    postgres_admin_url: str,
    postgres_demo_url: str,
    request: pytest.FixtureRequest,
    empty_database: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    old = build_engine(postgres_demo_url)
    erased = erasure.erase_customer(uow_factory_for(old)(), None, 1, "Art. 17 request")
    old.dispose()
    # The old database on another server, as far as the restore can tell.
    postgres_demo_url = _moved(postgres_admin_url, postgres_demo_url, request)
    capsys.readouterr()

    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    assert main(["restore", str(dump)]) == 0
    said = capsys.readouterr().out

    assert too_wide(said) == []  # prose wrapped at words, the steps' commands whole
    # Nothing compared, so nothing claimed: the event says so, not "0".
    assert _restored_event(empty_database)["later_erasures"] == "not checked"
    assert "The changes made since the backup are NOT done again" in said
    assert _status(empty_database, erased.reference) != "erased"  # back, as the output warns

    # The steps it prints work as printed: listed on the old database ...
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    show = _command_after(said, "custinfo audit show --as ADMIN --action customer.erased")
    show[show.index("ADMIN")] = ADMIN.username
    with password_typed(ADMIN.password):
        assert main([*show, "--password-stdin"]) == 0
    listed = capsys.readouterr().out
    assert erased.reference in listed
    # ... and erased again on the restored one.
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    erase = _command_after(said, "custinfo erase --as DPO REFERENCE")
    erase[erase.index("DPO")] = DPO.username
    erase[erase.index("REFERENCE")] = erased.reference
    with password_typed(DPO.password):
        assert main([*erase, "--password-stdin"]) == 0
    assert _status(empty_database, erased.reference) == "erased"


@pytest.mark.postgres
def test_the_restores_audit_check_counts_its_own_event_as_audit_verify_does(
    postgres_demo_url: str,
    empty_database: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    capsys.readouterr()

    assert main(["restore", str(dump)]) == 0
    restoring = _command_after(capsys.readouterr().out, "Audit trail OK")
    assert main(["audit", "verify"]) == 0
    verifying = _command_after(capsys.readouterr().out, "Audit trail OK")

    assert restoring == verifying


@pytest.mark.postgres
def test_event_ids_a_rollback_skipped_are_explained_where_the_newest_is_printed(
    postgres_demo_url: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A sequence never gives an id twice: an append rolled back leaves its id unused, and
    "52 events; newest #72" looked like 20 events gone though the chains verify."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    engine = build_engine(postgres_demo_url)
    with uow_factory_for(engine)() as uow:
        audit.record(uow, None, AuditAction.CUSTOMER_VIEWED, customer_id=1)
        # left without commit: rolled back, its id unused
    with uow_factory_for(engine)() as uow:
        audit.record(uow, None, AuditAction.CUSTOMER_VIEWED, customer_id=1)
        uow.commit()
    engine.dispose()
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)

    assert main(["audit", "verify"]) == 0
    verified = capsys.readouterr().out
    assert main(["backup", str(tmp_path / "custinfo.dump")]) == 0  # type: ignore[operator]
    backed_up = capsys.readouterr().out

    for printed in (verified, backed_up):
        assert too_wide(printed) == []  # wrapped at words, not at 88 columns
        said = " ".join(printed.split())
        assert "Event ids skip numbers" in said
        assert "the chains, not the ids, show that no event is missing" in said


def test_without_pg_restore_the_printed_procedure_makes_the_dump_private(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """pg_dump creates its file with the umask's permissions (often 0644); custinfo's own
    backups are 0600 (docs/backups.md, "Protecting a backup")."""
    monkeypatch.setattr(postgres_backup, "find_tool", lambda _name: None)
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://custinfo@127.0.0.1/custinfo")

    assert main(["restore", str(tmp_path / "custinfo.dump")]) == 1  # type: ignore[operator]

    said = capsys.readouterr().out
    lines = [line.strip() for line in said.splitlines()]
    first_dump = next(i for i, line in enumerate(lines) if line.startswith("pg_dump "))
    assert "umask 077" in lines[first_dump - 1]
    assert "re-apply the erasures made since the backup" in said


def _disable_after_backup(url: str, username: str) -> None:
    engine = build_engine(url)
    uows = uow_factory_for(engine)
    operators.disable_operator(uows(), actor_for(uows, "admin"), username)
    engine.dispose()


def _is_active(url: str, username: str) -> bool:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            return uow.operators.get_by_username(username).active  # type: ignore[union-attr]
    finally:
        engine.dispose()


def _audit_events(url: str) -> int:
    engine = build_engine(url)
    try:
        return audit_event_count(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_restore_names_the_operators_disabled_since_from_the_database_dumped(
    postgres_demo_url: str,
    empty_database: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an explorer: a leaver disabled after the backup was active again in the
    restored database and logged in; the SQLite restore warns, the PostgreSQL one said
    nothing."""
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    _disable_after_backup(postgres_demo_url, "trainer")
    old = build_engine(postgres_demo_url)
    erased = erasure.erase_customer(uow_factory_for(old)(), None, 1, "Art. 17 request")
    old.dispose()
    capsys.readouterr()

    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    assert main(["restore", str(dump)]) == 0
    said = capsys.readouterr().out

    assert too_wide(said) == []
    old_name = make_url(postgres_demo_url).database
    assert f"Compared with the database {old_name} on this server" in " ".join(said.split())
    assert "Operators' accounts changed since the backup" in said
    assert "disabled: trainer." in " ".join(said.split())
    assert f"custinfo erase --as DPO '{erased.reference}'" in said
    assert _restored_event(empty_database)["later_erasures"] == 1
    assert _is_active(empty_database, "trainer")  # as the output warns, until done again
    # The printed step, done as printed, disables trainer again in the restored database.
    disable = _command_after(said, "custinfo operator disable")
    disable[disable.index("ADMIN")] = "admin"
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-demo-2026\n"))
    assert main([*disable, "--password-stdin"]) == 0
    assert not _is_active(empty_database, "trainer")


@pytest.mark.postgres
def test_without_the_database_dumped_the_restore_prints_how_to_list_operators_changed_since(
    postgres_admin_url: str,
    postgres_demo_url: str,
    empty_database: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The old database on another server, or gone: the steps say how to list the
    operators' accounts changed since on it, and the time they are listed from leaves a
    margin for an event timed before the backup's newest and committed after the dump."""
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    _disable_after_backup(postgres_demo_url, "trainer")
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = make_url(postgres_demo_url).database
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
    capsys.readouterr()

    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    assert main(["restore", str(dump)]) == 0
    said = capsys.readouterr().out

    assert "custinfo audit show --as ADMIN --action operator.disabled --since" in said
    newest = _restored_newest_event_at(empty_database)
    safe = newest - RESTORE_MARGIN
    assert f"from {safe:%Y-%m-%d %H:%M:%S} UTC on" in " ".join(said.split())
    assert f"--since {safe:%Y-%m-%d}" in said


@pytest.mark.postgres
def test_restore_force_over_a_live_postgresql_database_says_the_rule_and_what_it_recorded_since(
    postgres_demo_url: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    in_dump = _audit_events(postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    _disable_after_backup(postgres_demo_url, "trainer")
    since = _audit_events(postgres_demo_url) - in_dump
    capsys.readouterr()

    assert main(["restore", "--force", str(dump)]) == 1
    said = " ".join(capsys.readouterr().err.split())

    assert "--force does not apply on PostgreSQL" in said
    assert "a restore never overwrites a PostgreSQL database" in said
    assert (
        f"This database recorded {since} audit events the dump does not hold, which a copy "
        "restored from it would lack" in said
    )
    assert not _is_active(postgres_demo_url, "trainer")  # nothing was changed


def _restored_newest_event_at(url: str) -> datetime:
    """The newest time among the events the dump brought (the restore's own left out)."""
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(  # type: ignore[no-any-return]
                text("SELECT max(occurred_at) FROM audit_events WHERE action <> :restored"),
                {"restored": AuditAction.DATABASE_RESTORED.value},
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_restore_records_how_far_the_old_databases_trail_had_got(
    postgres_demo_url: str,
    empty_database: str,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As the SQLite restore does for the file it replaces: the events the dump lacks, and
    whose, are on the restored trail, and the old database is said to hold personal data."""
    dump = tmp_path / "custinfo.dump"  # type: ignore[operator]
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    assert main(["backup", str(dump)]) == 0
    _disable_after_backup(postgres_demo_url, "trainer")
    capsys.readouterr()

    monkeypatch.setenv("CUSTINFO_DATABASE_URL", empty_database)
    assert main(["restore", str(dump)]) == 0
    said = " ".join(capsys.readouterr().out.split())

    old_name = str(make_url(postgres_demo_url).database)
    replaced = _restored_event(empty_database)["replaced"]
    assert isinstance(replaced, dict)
    assert replaced["database"] == old_name
    # The backup's own database.backed_up event and the disable, by the admin.
    assert (replaced["events_not_in_backup"], replaced["operators_not_in_backup"]) == (2, 1)
    assert f"The database {old_name} is left as it was: its audit trail to event #" in said
    assert "2 events the backup lacks, the work of 1 operator among them" in said
    assert f"dropdb {old_name}" in said and "It holds personal data" in said
