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
    finish here; trying again later may succeed (docs/crash-safety.md).

    `refused`: what to check when the server refused the connection instead (`refusal`),
    value-free; `answered`: False when it did not answer."""

    refused: str | None = None
    answered: bool = True

    def __init__(self, message: str, *, refused: str | None = None, answered: bool = True):
        super().__init__(message)
        self.refused = refused
        self.answered = answered


class DatabaseDamaged(StorageError):
    """The database's files are damaged: SQLite read a malformed page (SQLITE_CORRUPT) or
    no database where one should be (SQLITE_NOTADB), PostgreSQL corrupted data or a
    corrupted index (SQLSTATE XX001, XX002). Trying again reads the same damage: the last
    good backup has to be restored (docs/backups.md)."""


class RetryableStorageError(DatabaseUnavailable):
    """The database gave up on this transaction and asks for it to be run again.

    SQLite: the database is locked (SQLITE_BUSY, SQLITE_LOCKED) past the busy timeout.
    PostgreSQL: a serialization failure (SQLSTATE 40001) or a deadlock (40P01). Nothing of
    the transaction was kept, so a use case that commits once may simply run again
    (services/retry.py).
    """


#: PostgreSQL's "try again" SQLSTATEs: serialization_failure and deadlock_detected.
RETRY_SQLSTATES = frozenset({"40001", "40P01"})
#: SQLite's primary result codes SQLITE_BUSY and SQLITE_LOCKED (the low byte of an
#: extended code such as SQLITE_BUSY_SNAPSHOT).
RETRY_SQLITE_CODES = frozenset({5, 6})
#: The same, as SQLite words them, for drivers without `sqlite_errorcode` (sqlcipher3).
RETRY_SQLITE_WORDS = ("database is locked", "database table is locked", "database is busy")


def asks_to_retry(driver_error: BaseException | None) -> bool:
    """Whether the DB-API driver's error means "run the transaction again"."""
    if driver_error is None:
        return False
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in RETRY_SQLSTATES
    code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in RETRY_SQLITE_CODES
    # Read here only to classify; the message never leaves this function.
    return type(driver_error).__name__ == "OperationalError" and str(driver_error).startswith(
        RETRY_SQLITE_WORDS
    )


#: SQLite's primary result codes SQLITE_CORRUPT and SQLITE_NOTADB. SQLCipher says
#: SQLITE_NOTADB of a wrong key too (a database rekeyed under a running console), so from
#: it only SQLITE_CORRUPT, which it gives for a page that fails its check, counts.
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
#: The first, as SQLite words it, for a driver without `sqlite_errorcode`.
DAMAGED_SQLITE_WORDS = ("database disk image is malformed",)
#: PostgreSQL's data_corrupted and index_corrupted.
DAMAGED_SQLSTATES = frozenset({"XX001", "XX002"})


def says_damaged(driver_error: BaseException | None) -> bool:
    """Whether the DB-API driver's error means the database's files are damaged."""
    if driver_error is None:
        return False
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in DAMAGED_SQLSTATES
    code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(code, int):
        encrypted = type(driver_error).__module__.startswith("sqlcipher3")
        return code & 0xFF == SQLITE_CORRUPT or (code & 0xFF == SQLITE_NOTADB and not encrypted)
    # Read here only to classify; the message never leaves this function.
    return str(driver_error).startswith(DAMAGED_SQLITE_WORDS)


#: How libpq words a server that did not answer -- stopped, starting or shutting down,
#: out of reach, full -- as against one that answered and refused what it was asked (no
#: such database or role, a wrong password) or a host name that names nothing: trying
#: again later can help only the first. psycopg gives a failed connection no SQLSTATE.
NOT_ANSWERING_WORDS = (
    "connection refused",
    "is the server running",  # libpq's hint after a refused port or a missing socket
    "server closed the connection",
    "connection reset",
    "could not receive data from server",
    "timeout expired",
    "timed out",
    "no route to host",
    "network is unreachable",
    "the database system is",  # starting up, shutting down, in recovery mode
    "too many clients",
    "remaining connection slots are reserved",
)


#: How libpq and the server word a login they refused: no such role, a wrong or missing
#: password, no pg_hba.conf line for this desk.
LOGIN_REFUSED_WORDS = (
    "authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    'role "',  # `role "desk_09" does not exist`
)
LOGIN_REFUSED = (
    "the server refused the login: check the user name and password in "
    "CUSTINFO_DATABASE_URL (a password with @, :, / or % in it percent-encoded, @ as %40), "
    "or the desk's ~/.pgpass entry"
)
NO_DATABASE = (
    "the server has no database of the name CUSTINFO_DATABASE_URL ends with: check it, or "
    "create the database (docs/configuration.md)"
)
#: How libpq words a host name that names nothing.
NO_SUCH_HOST_WORDS = ("could not translate host name", "name or service not known")
NO_SUCH_HOST = "the host in CUSTINFO_DATABASE_URL names no machine this desk can find"


#: PostgreSQL's SQLSTATE for insufficient_privilege: the role may not do what was asked.
PRIVILEGE_SQLSTATE = "42501"
#: What a command says when its role was refused a privilege: nearly always `init` or
#: `demo` (which create and change the schema) run with a desk's login.
PRIVILEGE_REFUSED = (
    "the database refused this database role (the user in CUSTINFO_DATABASE_URL) a "
    "privilege the command needs. `custinfo init`, `custinfo demo` and `custinfo backup` "
    "run as the role that owns the database (the owner `createdb -O` named); a desk's "
    'login does a console\'s work only (docs/configuration.md, "PostgreSQL")'
)


def lacks_privilege(driver_error: BaseException | None) -> bool:
    """Whether the DB-API driver's error is PostgreSQL refusing the role a privilege (a
    table created or changed without owning the schema); read by its SQLSTATE only."""
    return getattr(driver_error, "sqlstate", None) == PRIVILEGE_SQLSTATE


def refusal(driver_error: BaseException | None) -> str | None:
    """What to check when the server (or the host name's look-up) refused a connection,
    rather than not answering; None when it did not answer, or the refusal is not known.

    Built from the kind of refusal only: the driver's message names the user and the
    database, and never leaves this function.
    """
    if driver_error is None or did_not_answer(driver_error):
        return None
    message = str(driver_error).lower()
    if "database" in message and "does not exist" in message:
        return NO_DATABASE
    if any(words in message for words in LOGIN_REFUSED_WORDS):
        return LOGIN_REFUSED
    if any(words in message for words in NO_SUCH_HOST_WORDS):
        return NO_SUCH_HOST
    return None


def did_not_answer(driver_error: BaseException | None) -> bool:
    """Whether the DB-API driver's error means the database did not answer, so that trying
    again later may work (a database that asks for a retry is one), rather than that it
    refused the connection's settings."""
    if driver_error is None:
        return False
    if asks_to_retry(driver_error):
        return True
    # Read here only to classify; the message never leaves this function.
    message = str(driver_error).lower()
    return any(words in message for words in NOT_ANSWERING_WORDS)
