"""Engine set-up for the embedded SQLite default and a shared PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from sqlalchemy import CompoundSelect, Connection, Engine, Select, TextClause, create_engine, event
from sqlalchemy.engine import ExecutionContext, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase

from custinfo_tui.private_files import create_private_file, private_dir
from custinfo_tui.repository import encryption
from custinfo_tui.repository.read_only import open_by_uri, remove_what_a_check_left

if TYPE_CHECKING:
    from pydantic import SecretStr


#: How long PostgreSQL lets a session sit inside a transaction without a statement before it
#: ends the session (`idle_in_transaction_session_timeout`). Every transaction of the console
#: and the command line sends its statements one after another; a session silent this long
#: inside one is a desk frozen mid-save (suspended, its network gone), whose row locks (the
#: audit chain head among them) would otherwise keep every other desk waiting until it died.
IDLE_IN_TRANSACTION_SECONDS = 120

#: `Connection.info` key: whether the transaction under way has sent a statement that may
#: write (`note_writes`). Absent on a connection whose engine was not built here.
MAY_HAVE_WRITTEN = "custinfo.may_have_written"


#: Every engine built here and not yet garbage: `dispose_engines` closes them at exit.
_BUILT: WeakSet[Engine] = WeakSet()


def dispose_engines() -> None:
    """Close every connection the engines built here still hold: for SQLite the last
    connection to close checkpoints the WAL and removes the `-wal` and `-shm` files, which
    a process that ended with connections open left behind (a 4 KB demo.db beside a 2.3 MB
    WAL). Called as the console and every command end (`custinfo_tui.cli`)."""
    for engine in list(_BUILT):
        engine.dispose()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL for a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for another database, `:memory:` or a URI filename."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(database)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for `postgresql://` URLs, which SQLAlchemy would otherwise map to psycopg2."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def build_engine(
    url: str,
    *,
    echo: bool = False,
    key: SecretStr | None = None,
    idle_in_transaction_seconds: float = IDLE_IN_TRANSACTION_SECONDS,
    read_only: bool = False,
) -> Engine:
    """Create an engine; SQLite files get WAL, foreign keys, a busy timeout and secure delete;
    PostgreSQL sessions end after `idle_in_transaction_seconds` idle inside a transaction.

    With `read_only` a SQLite file is opened as SQLite's `mode=ro` and its journal mode is
    left as it is: a check (`custinfo audit verify`, `custinfo doctor`) of a backup, one
    rollback-journal file, must not turn it into a WAL database or create it when missing;
    nor leave beside a WAL database the `-wal` and `-shm` SQLite makes to read it
    (`repository.read_only`; docs/backups.md). PostgreSQL ignores it.

    `hide_parameters` keeps statement parameters -- customer values -- out of SQLAlchemy's
    log lines and out of the text of database exceptions (MP-11). With `key`, the SQLite
    file is opened through SQLCipher (`repository.encryption`); the key stays in the URL
    object, which never shows it, and out of the `url` string.
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        target = encryption.with_key(parsed, key) if key is not None else parsed
        encrypted = encryption.is_encrypted(target)
        options = encryption.engine_options() if encrypted else {}
        engine = create_engine(target, echo=echo, hide_parameters=True, **options)
        if encrypted:
            event.listen(engine, "connect", encryption.silence_sqlcipher_log)
        path = sqlite_file(url)
        if path is not None and read_only:
            event.listen(engine, "do_connect", open_by_uri(path, "ro"))
            remove_what_a_check_left(engine, path)
        elif path is not None:
            private_dir(path.parent)
            event.listen(engine, "do_connect", _create_private_database(path))
        event.listen(engine, "connect", _read_only_sqlite if read_only else _configure_sqlite)
        note_writes(engine)
        _BUILT.add(engine)
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
    event.listen(engine, "connect", _end_idle_transactions(idle_in_transaction_seconds))
    note_writes(engine)
    _BUILT.add(engine)
    return engine


def note_writes(engine: Engine) -> None:
    """Keep, for each transaction, whether it has sent a statement that may write
    (`MAY_HAVE_WRITTEN`), so a unit of work that only read can end with COMMIT.

    For the database a transaction that wrote nothing ends the same either way. psycopg
    does not: a ROLLBACK empties its cache of prepared statements, and nearly every unit
    of work reads after its commit (the record it returns), then ended with one. So no
    statement ever stayed prepared, and the server parsed and planned each one anew: half
    its CPU for a call (docs/performance.md, "Statements kept prepared"). A statement counts
    as a write unless it is a compiled SELECT or plain SQL beginning with SELECT, and is
    noted before it runs, so one that fails counts too.
    """
    event.listen(engine, "begin", _transaction_begun)
    event.listen(engine, "before_cursor_execute", _note_write)


def _transaction_begun(connection: Connection) -> None:
    connection.info[MAY_HAVE_WRITTEN] = False


def _note_write(
    connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: ExecutionContext | None,
    _executemany: bool,
) -> None:
    if not connection.info.get(MAY_HAVE_WRITTEN) and _may_write(statement, context):
        connection.info[MAY_HAVE_WRITTEN] = True


def _may_write(statement: str, context: ExecutionContext | None) -> bool:
    """False only for a SELECT: compiled (without an INSERT, UPDATE or DELETE in a WITH),
    or plain SQL that begins with the word."""
    compiled = context.compiled if context is not None else None
    element = compiled.statement if compiled is not None else None
    if element is None or isinstance(element, TextClause):
        return statement.lstrip()[:6].upper() != "SELECT"
    if not isinstance(element, Select | CompoundSelect):
        return True
    ctes = getattr(compiled, "ctes", None) or {}
    return any(isinstance(cte.element, UpdateBase) for cte in ctes)


def _end_idle_transactions(seconds: float) -> Callable[..., None]:
    """On each new PostgreSQL connection: the server ends the session once it has sat
    `seconds` inside a transaction without a statement (a SET, not a startup option, which
    a connection pooler in front of the server may refuse)."""

    def configure(dbapi_connection: Any, _record: Any) -> None:
        # Outside any transaction of SQLAlchemy's: autocommit for the one statement.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET idle_in_transaction_session_timeout = {int(seconds * 1000)}")
        finally:
            dbapi_connection.autocommit = autocommit

    return configure


def _create_private_database(path: Path) -> Callable[..., None]:
    """Before SQLite opens the file: create it 0600 if missing (SQLite would use 0644).

    SQLite gives the `-wal` and `-shm` files it creates the database file's permissions,
    so they are private too, whatever the umask (MP-11). An existing file is left as it
    is: the console reports one others can read, `custinfo init` fixes it.
    """

    def create(*_args: Any) -> None:
        create_private_file(path)

    return create


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the console read while another process (a CLI run, a second console) writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        _connection_settings(cursor)
    finally:
        cursor.close()


def _read_only_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """A read-only connection: the file's journal mode as it is (changing it is a write)."""
    cursor = dbapi_connection.cursor()
    try:
        _connection_settings(cursor)
    finally:
        cursor.close()


def _connection_settings(cursor: Any) -> None:
    """What every SQLite connection sets for itself, none of it written to the file."""
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # FULL: a commit returns only once the log is on disk, so a save the handler was
    # told is done survives a power cut, not only the console being killed (NORMAL
    # would lose the saves since the last checkpoint). About a millisecond per commit
    # (docs/crash-safety.md).
    cursor.execute("PRAGMA synchronous=FULL")
    # Secure disposal (MP-11): deleted and overwritten content is zeroed on disk, so an
    # erased customer's values do not linger in free space (docs/data-protection.md).
    cursor.execute("PRAGMA secure_delete=ON")


def build_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded attributes after commit, since services return DTOs afterwards."""
    return sessionmaker(bind=engine, expire_on_commit=False)
