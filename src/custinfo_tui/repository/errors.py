"""Storage failures, re-raised without the database's own message.

Database errors quote the rows they choke on (PostgreSQL's DETAIL says
`Key (reference)=(10012345P) already exists`), so the unit of work replaces them with
these, which name only what kind of failure it was (MP-11).
"""

from __future__ import annotations


class StorageError(Exception):
    """The database refused or failed an operation; the original is not chained."""


class ConstraintViolation(StorageError):
    """A uniqueness or foreign-key rule refused the change."""


class ConcurrentUpdate(StorageError):
    """Another transaction changed the row first (optimistic locking)."""


class DatabaseUnavailable(StorageError):
    """The database could not be reached or did not answer: a lost connection, a server
    restarting, SQLite's write lock held past the busy timeout. The transaction did not
    finish here; trying again later may succeed (docs/crash-safety.md)."""
