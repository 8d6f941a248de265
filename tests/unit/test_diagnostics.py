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
