"""A training run's new sandbox, copied from an empty one migrated once, not migrated anew.

Each role-play run plays on a SQLite sandbox of its own (composition.open_sandbox). Building
one ran every migration on a new file: about a third of a second before the run could
start, each time. The first run after the console's migrations change builds an empty,
migrated sandbox beside the runs' (`.empty-sandbox-<newest migration>.sqlite`, private like
them) and every run then starts from a copy of it; `upgrade_to_head` still checks the copy,
so a copy is never older than the code. The file holds no data, only the schema.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from custinfo_tui.private_files import create_private_file
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import head_revision, upgrade_to_head


def fill_new_sandbox(path: Path) -> None:
    """Write into `path`, a new empty file, an empty sandbox migrated to the newest
    migration, building the one copied from first if there is none yet."""
    empty = path.with_name(f".empty-sandbox-{head_revision()}.sqlite")
    if not empty.exists():
        _build(empty)
    with empty.open("rb") as source, path.open("r+b") as copy:
        shutil.copyfileobj(source, copy)


def _build(empty: Path) -> None:
    """Migrate a new file beside `empty` and move it into place whole: two runs starting at
    once each build one, and either's serves."""
    building = empty.with_name(f"{empty.name}.{os.getpid()}.building")
    building.unlink(missing_ok=True)
    create_private_file(building)
    engine = build_engine(f"sqlite+pysqlite:///{building}")
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:  # everything into the file itself
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for companion in ("-wal", "-shm"):
        building.with_name(building.name + companion).unlink(missing_ok=True)
    os.replace(building, empty)
