"""The console cannot rewrite the audit trail: the database refuses, on both backends.

SQLite: the triggers of migration 0010. PostgreSQL: the console's login role, a member of
custinfo_console, has no UPDATE, DELETE or TRUNCATE on audit_events; and the same
triggers refuse even the owner. An edit made around the guard is still named by
`custinfo audit verify`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from custinfo_tui.commands.audit import register, run
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.audit_chain import ChainProblem
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.services import audit
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from tests.support.audit_guard import BEFORE_THE_GUARD, guard_lifted
from tests.support.console_login import console_login

GUARD_TRIGGERS = {
    "audit_events_no_update",
    "audit_events_no_delete",
    "audit_chain_head_no_delete",
    "audit_chain_head_forward_only",
}
#: PostgreSQL also refuses TRUNCATE, which SQLite does not have.
POSTGRESQL_ONLY_TRIGGERS = {"audit_events_no_truncate", "audit_chain_head_no_truncate"}


@pytest.fixture
def console_engine(database_url: str, engine: Engine) -> Iterator[Engine]:
    """The console's own connection: the SQLite file, or a desk's login on PostgreSQL."""
    with ExitStack() as stack:
        url = database_url
        if engine.dialect.name == "postgresql":
            url = stack.enter_context(console_login(database_url))
        console = build_engine(url)
        stack.callback(console.dispose)
        yield console


def _append(uow_factory: UnitOfWorkFactory, count: int) -> list[int]:
    ids = []
    for n in range(count):
        with uow_factory() as uow:
            event = audit.record(
                uow, None, AuditAction.CUSTOMER_VIEWED, fields=("phone",), reason=f"check {n}"
            )
            uow.commit()
        ids.append(event.id)
    return ids


def _refused(engine: Engine, statement: str, **params: object) -> str:
    """The database's refusal of one statement, lower-cased; fails the test if it ran."""
    with pytest.raises(DBAPIError) as refusal, engine.begin() as connection:
        connection.execute(text(statement), params)
    return str(refusal.value.orig).lower()


EDITS = {
    "update-one": "UPDATE audit_events SET reason = 'routine check' WHERE id = :id",
    "update-all": "UPDATE audit_events SET outcome = 'ok'",
    "delete-one": "DELETE FROM audit_events WHERE id = :id",
    "delete-all": "DELETE FROM audit_events",
}


@pytest.mark.parametrize("statement", EDITS.values(), ids=EDITS.keys())
def test_the_console_cannot_change_or_delete_an_audit_event(
    statement: str, uow_factory: UnitOfWorkFactory, console_engine: Engine
) -> None:
    ids = _append(uow_factory, 3)

    why = _refused(console_engine, statement, id=ids[1])

    assert "append-only" in why or "permission denied" in why
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 3


@pytest.mark.postgres
def test_the_console_cannot_truncate_the_audit_trail_on_postgresql(
    postgres_url: str, uow_factory: UnitOfWorkFactory
) -> None:
    _append(uow_factory, 2)
    with console_login(postgres_url) as url:
        console = build_engine(url)
        why = _refused(console, "TRUNCATE audit_events")
        console.dispose()
    assert "permission denied" in why


def test_the_console_still_appends_and_the_trail_verifies(
    console_engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    _append(uow_factory, 2)
    console_uow = uow_factory_for(console_engine)

    ids = _append(console_uow, 3)

    report = verify_chain(console_uow())
    assert report.ok and report.events_checked == 5
    assert report.last_verified_event_id == ids[-1]


def test_the_chain_head_cannot_be_removed_or_moved_back(
    console_engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    ids = _append(uow_factory, 3)

    _refused(console_engine, "DELETE FROM audit_chain_head")
    with console_engine.connect() as connection:
        older = connection.execute(
            text("SELECT hash FROM audit_events WHERE id = :id"), {"id": ids[0]}
        ).scalar_one()
    back = "UPDATE audit_chain_head SET last_event_id = :id, last_hash = :hash"
    assert "forward" in _refused(console_engine, back, id=ids[0], hash=older)
    assert "forward" in _refused(console_engine, back, id=ids[-1], hash="f" * 64)
    assert verify_chain(uow_factory()).ok


def test_even_the_owner_is_refused_while_the_guard_is_in_place(
    engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    ids = _append(uow_factory, 2)

    assert "append-only" in _refused(engine, EDITS["update-one"], id=ids[0])
    assert "append-only" in _refused(engine, EDITS["delete-one"], id=ids[0])


def _cli_verify(database_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    code = run(parser.parse_args(["audit", "verify"]), Settings(database_url=database_url))
    return code, capsys.readouterr().out


def test_an_edit_made_around_the_guard_is_named_by_verify(
    engine: Engine,
    uow_factory: UnitOfWorkFactory,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = _append(uow_factory, 4)
    with guard_lifted(engine) as owner:
        owner.execute(text(EDITS["update-one"]), {"id": ids[1]})

    code, out = _cli_verify(database_url, capsys)

    assert code == 1
    assert f"BROKEN at event #{ids[1]} ({ChainProblem.CHANGED.value})" in out
    assert "append-only" in _refused(engine, EDITS["update-one"], id=ids[2])  # guard is back


def _guard_triggers(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = (
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
                "('audit_events'::regclass, 'audit_chain_head'::regclass)"
            )
        return set(connection.execute(text(query)).scalars())


def test_the_guard_comes_and_goes_with_its_migration(
    engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    expected = GUARD_TRIGGERS | (
        POSTGRESQL_ONLY_TRIGGERS if engine.dialect.name == "postgresql" else set()
    )
    assert _guard_triggers(engine) >= expected
    ids = _append(uow_factory, 2)
    config = alembic_config()

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, BEFORE_THE_GUARD)
    assert not _guard_triggers(engine) & expected
    with engine.begin() as connection:
        connection.execute(text(EDITS["update-one"]), {"id": ids[0]})

    upgrade_to_head(engine)
    assert _guard_triggers(engine) >= expected
    assert "append-only" in _refused(engine, EDITS["update-one"], id=ids[1])
    assert verify_chain(uow_factory()).problem is ChainProblem.CHANGED
