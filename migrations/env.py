"""Alembic environment: target the models' metadata; take the URL from the app's settings."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from custinfo_tui.database_key import ask_key, key_for_database
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.orm import Base
from custinfo_tui.repository.types import UTCDateTime
from custinfo_tui.settings import Settings

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)


def _render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | bool:
    """Write app column types as plain SQLAlchemy ones, so migrations never import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_item=_render_item,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    settings = Settings()
    url = config.get_main_option("sqlalchemy.url") or settings.resolved_database_url()
    engine = build_engine(url, key=key_for_database(url, settings.database_key_file, ask=ask_key))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
