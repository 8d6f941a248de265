"""The configured database, opened for a command: one that acts as the system, or one that
then logs in the operator it acts for (`commands/acting.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.database_files import demo_beside, missing_sqlite_file
from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def no_database_message(missing: Path) -> str:
    """'There is no database at ...', and where the demo's is when one was built beside it."""
    said = f"there is no database at {missing}."
    if demo := demo_beside(missing):
        said += f" The demo's database is {demo}: give `--db {demo}` to use it."
    return said


def database_to_name(settings: Settings, given: Path | None) -> Path | None:
    """The SQLite file the commands a command prints to run next name with `--db`: the one
    it was given, else the configured one unless it is the default (`custinfo.db` in the
    data folder), which a command finds by itself. `custinfo train play`, started by the
    console on the demo database, is told it by CUSTINFO_DATABASE_URL, which the trainer's
    own shell lacks: its `train report 1 --as trainer` looked at another database there."""
    from custinfo_tui.repository.engine import sqlite_file

    if given is not None:
        return given
    file = sqlite_file(settings.resolved_database_url())
    if file is None or file.resolve() == (settings.data_dir / "custinfo.db").resolve():
        return None
    return file


@contextmanager
def current_database(
    settings: Settings, *, read_only: bool = False
) -> Iterator[UnitOfWorkFactory | None]:
    """Units of work on the configured database, or None when there is no database or its
    schema is not current (said on standard error); the engine is closed afterwards.
    `read_only` for a command that only reads: a SQLite file, a backup perhaps, is left
    byte for byte as it was (`repository.engine.build_engine`)."""
    from custinfo_tui.composition import build_engine_for, database_key_for, uow_factory_for
    from custinfo_tui.database_key import ask_key
    from custinfo_tui.repository.migrate import is_current

    url = settings.resolved_database_url()
    missing = missing_sqlite_file(url)
    if missing is not None:
        fail(no_database_message(missing))
        yield None
        return
    engine = build_engine_for(url, database_key_for(settings, ask=ask_key), read_only=read_only)
    try:
        if not is_current(engine):
            fail("this database is not set up or needs upgrading: run `custinfo init`.")
            yield None
            return
        yield uow_factory_for(engine)
    finally:
        engine.dispose()
