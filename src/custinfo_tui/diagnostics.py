"""Logging and crash reports that never carry personal data (MP-11).

Exception *messages* can hold customer values (a database error quotes the row it choked
on), so the log and the crash report keep only the exception's type and where it was
raised: file, line and function of each frame. No messages, no locals.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from pathlib import Path

LOG_FILE_NAME = "custinfo.log"
_HANDLER_NAME = "custinfo-file"

logger = logging.getLogger("custinfo_tui")


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the application's log to `log_dir/custinfo.log`; returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    # SQLAlchemy's echo would log statement parameters, i.e. customer values.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path


def describe_exception(error: BaseException) -> str:
    """The exception's type and stack, without its message or any local variable."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"{type(error).__module__}.{type(error).__qualname__}"]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append(f"caused by {type(cause).__module__}.{type(cause).__qualname__}")
    return "\n".join(lines)


def report_crash(error: BaseException) -> str:
    """Log a sanitised crash report; returns the reference to quote to support."""
    reference = uuid.uuid4().hex[:8]
    logger.error("crash %s: %s", reference, describe_exception(error))
    return reference
