"""Crash reports and logs keep the shape of an error, never its personal content."""

from __future__ import annotations

import logging
from pathlib import Path

from custinfo_tui.diagnostics import configure_logging, describe_exception, report_crash

SECRET = "Siobhán O'Neill-Ní Bhriain, 07700 900123"


def _raise_with_personal_data() -> None:
    customer_name = SECRET  # a local variable a traceback with locals would print
    raise ValueError(f"could not save {customer_name}")


def test_exception_description_has_type_and_frames_but_no_message() -> None:
    try:
        _raise_with_personal_data()
    except ValueError as error:
        text = describe_exception(error)
    assert "builtins.ValueError" in text
    assert "_raise_with_personal_data" in text
    assert "Siobhán" not in text and "07700" not in text


def test_crash_report_in_the_log_file_has_no_personal_data(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    try:
        _raise_with_personal_data()
    except ValueError as error:
        reference = report_crash(error)
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = path.read_text(encoding="utf-8")
    assert reference in log
    assert "Siobhán" not in log and "07700" not in log


def test_a_migration_is_logged_on_one_line(tmp_path: Path) -> None:
    """Found by an IT-operations explorer: the log was mostly migration docstrings, every
    "Running upgrade" followed by the migration's whole docstring."""
    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.repository.migrate import upgrade_to_head

    path = configure_logging(tmp_path / "logs")
    engine = build_engine(f"sqlite+pysqlite:///{tmp_path / 'custinfo.db'}")
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    running = [line for line in lines if "Running upgrade" in line]
    assert len(running) > 5
    # Each migration's record on one line: no docstring lines after it. (Another test in
    # the same process may have turned SQLAlchemy's statement log on, whose lines run on.)
    last = ""
    for line in lines:
        if line[:4].isdigit():
            last = line
        else:
            assert "alembic.runtime.migration" not in last, line
    assert all(", " in line for line in running)  # the docstring's first line kept
