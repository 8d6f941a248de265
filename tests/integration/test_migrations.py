"""Schema changes only through Alembic: the migrated schema must be exactly the models'."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from custinfo_tui.repository.migrate import head_revision, is_current, upgrade_to_head
from custinfo_tui.repository.orm import Base


# SQLite's reflection cannot read an index on an expression, so autogenerate skips the one
# on length(term) there (PostgreSQL compares it); the next test checks it is there.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_index_on_an_expression_is_there_on_every_backend(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            names = connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars()
        else:
            names = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            ).scalars()
        assert "ix_name_index_keys_terms_by_length" in set(names)


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
