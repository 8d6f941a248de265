"""Schema changes go through Alembic only: upgrade to head; ask whether a database is current."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def migrations_dir() -> Path:
    """`migrations/` of a source checkout, or the copy a wheel installs inside the package."""
    package_dir = Path(__file__).resolve().parent.parent
    packaged = package_dir / "_migrations"
    if packaged.is_dir():
        return packaged
    return package_dir.parent.parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["configure_logger"] = False
    return config


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade_to_head` did: the revision the database was at (None: it was empty)
    and the migrations it applied, oldest first (none: it was at the newest already)."""

    before: str | None
    applied: tuple[str, ...]

    @property
    def after(self) -> str | None:
        return self.applied[-1] if self.applied else self.before


def upgrade_to_head(engine: Engine) -> Upgrade:
    """Bring the database's schema to the newest migration (creating it if empty)."""
    config = alembic_config()
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    head = head_revision()
    if head is None or head == before:
        return Upgrade(before=before, applied=())
    script = ScriptDirectory.from_config(config)
    newest_first = [
        revision.revision for revision in script.iterate_revisions(head, before or "base")
    ]
    return Upgrade(before=before, applied=tuple(reversed(newest_first)))


@cache
def head_revision() -> str | None:
    """The newest migration shipped with this code (read once: it cannot change while running)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    """True when the database exists and is migrated to head."""
    return current_revision(engine) == head_revision()
