"""Telling the handler the database did not answer, instead of reporting a crash.

A lost connection, a PostgreSQL server restarting or SQLite's write lock held past the
busy timeout ends a service call with the unit of work's `DatabaseUnavailable`. That is
no bug to send to the log with an error reference: the console's units of work are
wrapped so it reaches the screen as `DatabaseNotAnswering`, an `Outage` (a `ServiceError`)
whose message says what to do (and still a `DatabaseUnavailable` for callers that retry).
docs/crash-safety.md says what such a failure may have stored.

A damaged database (the repository's `DatabaseDamaged`: the driver read a malformed page)
reaches the screen as `DamagedDatabase`: the database is damaged, call the administrator;
the log says so too, without the driver's message.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import cast

from custinfo_tui.repository.errors import (
    DatabaseDamaged,
    DatabaseUnavailable,
    RetryableStorageError,
)
from custinfo_tui.services.errors import DamagedDatabase, Outage
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory, WrappedUnitOfWork

log = logging.getLogger(__name__)


class DatabaseNotAnswering(Outage, DatabaseUnavailable):
    """The database did not answer: the handler's `Outage`, and the repository's
    `DatabaseUnavailable` for callers that retry.

    Defined here, not in `services.errors`, which screens import and which therefore
    may not reach the repository layer."""


def telling_outages(factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """`factory`'s units of work, raising `DatabaseNotAnswering` when the database fails."""
    return lambda: cast("UnitOfWork", _OutageTellingUnitOfWork(factory()))


class _OutageTellingUnitOfWork(WrappedUnitOfWork):
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, traceback)
        except (DatabaseNotAnswering, RetryableStorageError):
            raise  # told already, or for services/retry.py to run the call again
        except DatabaseUnavailable:
            raise DatabaseNotAnswering() from None
        except DatabaseDamaged:
            raise _damaged() from None
        if isinstance(exc, DatabaseUnavailable) and not isinstance(
            exc, DatabaseNotAnswering | RetryableStorageError
        ):
            raise DatabaseNotAnswering() from None
        if isinstance(exc, DatabaseDamaged):
            raise _damaged() from None


def _damaged() -> DamagedDatabase:
    """What the handler is told of a damaged database; the log says it for the
    administrator, in words without any value (the driver's message is not kept)."""
    log.error(
        "the database is damaged: the driver reports a malformed page or file. Run "
        "`custinfo doctor`, and restore the last good backup (docs/backups.md)."
    )
    return DamagedDatabase()
