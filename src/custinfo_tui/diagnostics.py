"""Logging and crash reports that never carry personal data (MP-11).

Exception *messages* can hold customer values (a database error quotes the row it choked
on), so the log and the crash report keep only the exception's type and where it was
raised: file, line and function of each frame. No messages, no locals.
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from pathlib import Path

from custinfo_tui.private_files import create_private_file, private_dir

LOG_FILE_NAME = "custinfo.log"
_HANDLER_NAME = "custinfo-file"

logger = logging.getLogger("custinfo_tui")


# Defence in depth: the code never logs customer values, but a library might. These shapes
# of personal data are replaced in every record that reaches the log file.
_PERSONAL_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"\+?\d[\d ()-]{7,}\d"),  # phone and card numbers, long digit runs
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE),  # UK postcodes
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # dates
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Replace anything shaped like personal data in a log line."""
    for pattern in _PERSONAL_PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Redacts personal-data shapes and drops tracebacks, whose messages may quote values."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += "\n" + describe_exception(record.exc_info[1])
        record.msg, record.args = redact(message), ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the application's log to `log_dir/custinfo.log`; returns the file's path.

    A new log folder and file are readable by their owner only (0700, 0600): the log
    holds no customer values, but it does say who worked when.
    """
    path = private_dir(log_dir) / LOG_FILE_NAME
    create_private_file(path)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(PersonalDataFilter())
    # On the handler, so it holds whatever else has configured Alembic's loggers since.
    handler.addFilter(FirstLineOnly())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    # SQLAlchemy's echo would log statement parameters, i.e. customer values.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    # Alembic lists each of its plugins every time a command checks the schema; its
    # migrations' own lines ("Running upgrade ...") stay, one line each.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    return path


class FirstLineOnly(logging.Filter):
    """A record cut to its first line: Alembic's "Running upgrade a -> b, ..." carries the
    migration's whole docstring, and a new database's log was mostly docstrings (648
    lines after a few runs). The revisions and the docstring's first line say which."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "alembic.runtime.migration":
            return True
        message = record.getMessage()
        first = message.split("\n", 1)[0].rstrip()
        if first != message:
            record.msg, record.args = first, None
        return True


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
