"""Schema changes only through Alembic: the migrated schema must be exactly the models'."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from custinfo_tui.repository.migrate import head_revision, is_current, upgrade_to_head
from custinfo_tui.repository.orm import Base


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrated_database_is_at_head(engine: Engine) -> None:
    assert head_revision() is not None
    assert is_current(engine)


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    upgrade_to_head(engine)
    assert is_current(engine)
    assert "audit_events" in inspect(engine).get_table_names()


def test_sqlite_database_uses_wal_and_enforces_foreign_keys(sqlite_url: str) -> None:
    from custinfo_tui.repository.engine import build_engine

    engine = build_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
