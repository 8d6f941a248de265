"""The SQLite database, its -wal and -shm, the data folder, the log folder and the log are
their owner's only, whatever the umask; files others can open are reported with the fix."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.composition import shared_files_warning_for
from custinfo_tui.diagnostics import configure_logging
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.settings import Settings
from tests.support.files import mode_of


def test_a_new_database_and_its_wal_and_shm_are_0600_in_a_0700_folder(
    tmp_path: Path, permissive_umask: None
) -> None:
    data = tmp_path / "share" / "custinfo-tui"
    database = data / "custinfo.db"
    engine = build_engine(f"sqlite+pysqlite:///{database}")
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:  # open: SQLite keeps its -wal and -shm
            connection.exec_driver_sql("SELECT count(*) FROM operators")
            companions = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
            assert all(path.exists() for path in companions)
            assert [mode_of(path) for path in [database, *companions]] == [0o600] * 3
    finally:
        engine.dispose()
    assert mode_of(data) == 0o700


def test_opening_a_database_others_can_read_leaves_it_for_the_administrator_to_see(
    tmp_path: Path, permissive_umask: None
) -> None:
    database = tmp_path / "custinfo.db"
    database.write_bytes(b"")
    database.chmod(0o644)
    engine = build_engine(f"sqlite+pysqlite:///{database}")
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
        assert mode_of(database.with_name("custinfo.db-wal")) == 0o644
    engine.dispose()

    assert mode_of(database) == 0o644  # reported (below), fixed by `custinfo init`


def test_the_log_folder_and_log_file_are_created_0700_and_0600(
    tmp_path: Path, permissive_umask: None
) -> None:
    log = configure_logging(tmp_path / "state" / "log")

    assert mode_of(log.parent) == 0o700
    assert mode_of(log) == 0o600


def test_the_warning_names_what_others_can_open_and_the_command_that_fixes_it(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")
    database = settings.data_dir / "custinfo.db"
    settings.data_dir.mkdir(mode=0o700)
    database.write_bytes(b"")
    database.chmod(0o600)
    assert shared_files_warning_for(settings) is None

    database.chmod(0o644)
    settings.log_dir.mkdir()
    settings.log_dir.chmod(0o755)
    warning = shared_files_warning_for(settings)

    assert warning is not None
    assert warning.splitlines()[1:] == [f"chmod 700 {settings.log_dir}", f"chmod 600 {database}"]
