"""What `custinfo` says when a command fails: one line, never a stack trace nor a stored
value (`cli.main` prints it and exits 1)."""

from __future__ import annotations

from custinfo_tui.diagnostics import report_crash
from custinfo_tui.domain.text import printable


def explain(error: Exception) -> str:
    """What a command that failed says, in a line naming no stored value: what to do about
    the key, the database or the server; anything unforeseen as an internal error with a
    reference to the log's sanitised report."""
    from custinfo_tui.domain.validation import FieldError
    from custinfo_tui.repository.encryption import EncryptionError
    from custinfo_tui.services.errors import ServiceError

    if isinstance(error, EncryptionError):  # what to do about the key; never the key
        return printable(f"custinfo: {error}")
    if isinstance(error, (ServiceError, FieldError)):  # may name stored text; a value refused
        return printable(f"custinfo: {error}")
    from sqlalchemy.exc import DBAPIError, OperationalError

    from custinfo_tui.repository.errors import (
        PRIVILEGE_REFUSED,
        DatabaseDamaged,
        DatabaseUnavailable,
        lacks_privilege,
        says_damaged,
    )

    if isinstance(error, DatabaseDamaged) or (
        isinstance(error, DBAPIError) and says_damaged(error.orig)
    ):
        from custinfo_tui.domain.database_damage import DAMAGED

        return f"custinfo: {DAMAGED}"
    if isinstance(error, DBAPIError) and lacks_privilege(error.orig):
        return f"custinfo: {PRIVILEGE_REFUSED}."
    if isinstance(error, OperationalError):
        from custinfo_tui.database_transport import explain_connection_failure
        from custinfo_tui.repository.errors import did_not_answer, refusal

        if tls_problem := explain_connection_failure(error):
            return f"custinfo: {tls_problem}"
        return _unreachable(refusal(error.orig), answered=not did_not_answer(error.orig))
    if isinstance(error, DatabaseUnavailable):  # the same, met inside a unit of work
        return _unreachable(error.refused, answered=error.answered)
    return (
        f"custinfo: internal error (reference {report_crash(error)}); "
        "details are in the log, without personal data."
    )


def _unreachable(refused: str | None, *, answered: bool) -> str:
    """Why a command could not use the database, from the kind of failure only."""
    if refused:
        return f"custinfo: {refused}."
    if not answered:
        return (
            "custinfo: no database server answered at the host and port in "
            "CUSTINFO_DATABASE_URL: check them, and that the server is running."
        )
    return "custinfo: the database cannot be reached; check --db or CUSTINFO_DATABASE_URL."
