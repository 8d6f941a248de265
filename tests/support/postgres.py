"""A throwaway PostgreSQL server for the tests, started from the installed binaries.

`.ci/run` installs Debian's postgresql package; on a developer machine without it the
PostgreSQL-marked tests are skipped with the reason shown by `pytest -ra`.
Set CUSTINFO_TEST_POSTGRES_URL to use an existing server instead (a database the tests
may create and drop databases on).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from custinfo_tui.commands.postgres_backup import find_tool


class PostgresUnavailable(Exception):
    pass


#: The server's programs, found as `custinfo backup` finds pg_dump.
_find_bin = find_tool


def memory_backed_dir() -> str | None:
    """/dev/shm when the machine has a roomy one: the server's files (and every test's
    temporary files, tests/conftest.py) then live in memory.

    Every test database is a copy of a template (about 10 MB written each time); on disk
    that costs a tenth to a third of a second per test, in memory a few hundredths. A
    container's small /dev/shm (64 MB by default in Docker) is not used.
    """
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    return str(shm) if shutil.disk_usage(shm).free >= _SHM_NEEDED else None


#: Room in /dev/shm for one server per test process (about 100 MB each, its WAL capped
#: below), with plenty to spare: 2 GB.
_SHM_NEEDED = 2 * 1024**3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates a `postgres` user for it.
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root and `runuser` is missing")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as error:
        raise PostgresUnavailable("running as root and there is no `postgres` user") from error
    return [runuser, "-u", "postgres", "--", *command]


@dataclass(frozen=True)
class PostgresServer:
    """A private server the tests started: its admin URL, and how to crash and restart it."""

    url: str
    data: Path
    log: Path
    options: str
    pg_ctl: str

    def stop_immediately(self) -> None:
        """Stop as a crash would: `-m immediate` ends every server process at once, with no
        checkpoint; committed work is only in the WAL, which the next start replays."""
        _run(_as_server_user([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]))

    def start(self) -> None:
        """Start again on the same data directory and port (crash recovery runs first)."""
        log = str(self.log)
        _run(
            _as_server_user(
                [self.pg_ctl, "-D", str(self.data), "-o", self.options, "-l", log, "-w", "start"]
            )
        )


@contextmanager
def temporary_postgres(tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Start a private server on 127.0.0.1; yields an admin URL; stops and deletes it after.

    `tls`: (certificate, key) files; the server then offers TLS with them.
    """
    url = os.environ.get("CUSTINFO_TEST_POSTGRES_URL")
    if url and tls is None:
        yield url
        return
    with private_postgres(tls) as server:
        yield server.url


@contextmanager
def private_postgres(tls: tuple[Path, Path] | None = None) -> Iterator[PostgresServer]:
    """A server of the tests' own (never CUSTINFO_TEST_POSTGRES_URL's), for tests that stop
    and start it; stopped and deleted after."""
    initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
            "`apt-get install postgresql` or set CUSTINFO_TEST_POSTGRES_URL"
        )
    base = Path(tempfile.mkdtemp(prefix="custinfo-pg-", dir=memory_backed_dir()))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    port = _free_port()
    # max_wal_size: each test database's copy is written to the WAL; a smaller cap
    # recycles it sooner, so a server in memory holds a few hundred MB, not gigabytes.
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c max_wal_size=256MB"
    )
    if tls is not None:
        options += _tls_options(base, *tls)
    server = PostgresServer(
        url=f"postgresql+psycopg://custinfo@127.0.0.1:{port}/postgres",
        data=data,
        log=base / "log",
        options=options,
        pg_ctl=pg_ctl,
    )
    try:
        _run(
            _as_server_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "custinfo",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
        )
        server.start()
    except PostgresUnavailable:
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        yield server
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def empty_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the test server, as `createdb` makes one to restore into;
    its URL, and it is dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"custinfo_restored_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tls_options(base: Path, certificate: Path, key: Path) -> str:
    """Server options offering TLS; the key is copied where only the server may read it."""
    for source, name in ((certificate, "server.crt"), (key, "server.key")):
        target = base / name
        shutil.copyfile(source, target)
        target.chmod(0o600)
        if os.geteuid() == 0:
            shutil.chown(target, "postgres", "postgres")
    return f" -c ssl=on -c ssl_cert_file={base}/server.crt -c ssl_key_file={base}/server.key"


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()[-400:]
        raise PostgresUnavailable(f"PostgreSQL set-up failed: {output}")
