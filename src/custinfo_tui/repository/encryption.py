"""The embedded database encrypted at rest with SQLCipher (MP-11, docs/security.md).

An encrypted database is a SQLite file written through SQLCipher 4: every page, of the
file and of its `-wal`, is AES-256 encrypted and HMAC-SHA512 authenticated, under a key
derived from the passphrase with PBKDF2-HMAC-SHA512 (256,000 iterations, a random salt
stored in the file's first 16 bytes). SQLAlchemy's `sqlite+pysqlcipher` dialect opens it
with the `sqlcipher3` driver: the passphrase is the URL's password, which SQLAlchemy shows
as `***`, and becomes `PRAGMA key` on each new connection.

A plain SQLite file starts with the 16 bytes "SQLite format 3\\0"; an encrypted one starts
with its salt. That is how a file is known to be encrypted before any key is asked for.

SQLAlchemy is imported only inside the functions that use it: the console asks whether its
file is encrypted before its first frame.
"""

from __future__ import annotations

import codecs
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import SecretStr
    from sqlalchemy import URL, Engine

SQLITE_HEADER = b"SQLite format 3\x00"
ENCRYPTED_DRIVER = "sqlite+pysqlcipher"
#: SQLite's result code for "file is not a database": what a wrong key gives.
_SQLITE_NOTADB = 26
#: How much of a file `is_text` reads to judge it.
_TEXT_SAMPLE_BYTES = 4096


class FileState(enum.Enum):
    NEW = "new"  # missing or empty: SQLite writes its header on first use
    PLAIN = "plain"
    ENCRYPTED = "encrypted"


def file_state(path: Path) -> FileState:
    """Whether the SQLite file at `path` is new, plain or encrypted, from its first bytes."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return FileState.NEW
    if not header:
        return FileState.NEW
    return FileState.PLAIN if header == SQLITE_HEADER else FileState.ENCRYPTED


def cannot_be_a_database(path: Path) -> bool:
    """Whether the file at `path` is neither a plain SQLite file nor, by its length, an
    encrypted one: SQLCipher writes whole pages, of 512 bytes or a multiple, so a CSV file
    or a document is told apart before a key is asked for it. A text file that happens to
    be whole pages long is told apart by its text: encrypted pages are random bytes."""
    if file_state(path) is not FileState.ENCRYPTED:
        return False
    return path.stat().st_size % 512 != 0 or is_text(path)


def is_text(path: Path) -> bool:
    """Whether the file at `path` begins as UTF-8 text (ASCII included), without a NUL:
    4 KiB of random bytes, as an encrypted database begins, never pass for text."""
    with path.open("rb") as file:
        start = file.read(_TEXT_SAMPLE_BYTES)
    if not start or b"\x00" in start:
        return False
    try:  # the sample may end inside a character: that last one is not judged
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return True


class EncryptionError(Exception):
    """A problem with an encrypted database or its key that the user can fix.

    The message is safe to show: it names files and what to do, never a key.
    """


class WrongDatabaseKey(EncryptionError):
    def __init__(self, database: str) -> None:
        super().__init__(
            f"{database} cannot be opened with this key: the key is wrong, or the file is "
            "not a custinfo database. Nothing was changed."
        )


class DatabaseInUse(EncryptionError):
    def __init__(self, database: str) -> None:
        super().__init__(
            f"{database} is open in another console or custinfo command: close them all, "
            "then try again. The key was not changed."
        )


def with_key(url: URL, key: SecretStr) -> URL:
    """The SQLite `url` opened through SQLCipher with `key` (hidden whenever it is shown)."""
    return url.set(drivername=ENCRYPTED_DRIVER, password=key.get_secret_value())


def is_encrypted(url: URL) -> bool:
    return url.drivername == ENCRYPTED_DRIVER


def engine_options() -> dict[str, Any]:
    """create_engine arguments for an encrypted file.

    The dialect would pick SingletonThreadPool, one connection per thread, which closes
    connections another thread may be using once more than five threads have asked; the
    console's workers are threads. QueuePool, pysqlite's choice for files, shares them
    safely, and keeps them open, so the slow key derivation happens once per connection.
    """
    from sqlalchemy.pool import QueuePool

    return {"poolclass": QueuePool}


def silence_sqlcipher_log(dbapi_connection: Any, _record: Any) -> None:
    """SQLCipher writes decryption failures to stderr, over the console's screen: turn it off.

    Registered before the connection's first read, which is where a wrong key fails.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA cipher_log_level = NONE")
    finally:
        cursor.close()


def check_key(engine: Engine) -> None:
    """Open a connection and read the schema: a wrong key fails here, as WrongDatabaseKey."""
    from sqlalchemy.exc import DatabaseError

    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DatabaseError as error:
        if _is_not_a_database(error.orig):
            engine.dispose()
            raise WrongDatabaseKey(_database_name(engine)) from None
        raise


def rekey(engine: Engine, new_key: SecretStr) -> None:
    """Re-encrypt the database under `new_key` (PRAGMA rekey); the engine is disposed after.

    Leaving WAL mode needs the only connection to the file, so a console or command that
    still has it open (and would fail with the old key afterwards) stops the change first.
    Errors carry no key: the statement that holds it is never part of a message.
    """
    name = _database_name(engine)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            (mode,) = cursor.execute("PRAGMA journal_mode=DELETE").fetchone()
        except Exception:
            raise DatabaseInUse(name) from None
        if str(mode).lower() != "delete":
            raise DatabaseInUse(name)
        try:
            cursor.execute(f"PRAGMA rekey = {_sql_string(new_key.get_secret_value())}")
        except Exception:
            raise EncryptionError(f"{name}: SQLCipher refused the new key.") from None
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
    finally:
        raw.invalidate()
        engine.dispose()


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _is_not_a_database(error: BaseException | None) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code == _SQLITE_NOTADB or "file is not a database" in str(error)


def _database_name(engine: Engine) -> str:
    return str(engine.url.database or "the database")
