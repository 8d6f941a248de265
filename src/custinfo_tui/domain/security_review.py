"""What a security review of one desk checks, and how each finding is rated (MP-11).

Pure rules: the caller gathers the facts (file permissions, how the database connection
is protected, operator counts) and each function here turns one fact into a `Check`,
with what to do about it. `custinfo doctor` prints them; the console's login screen warns
about files others can open. Findings name files, settings and operator ids, never a
customer or an operator's name.

How a finding is rated:
- FAIL: customer data is open to others now, or the audit trail's evidence is broken.
- WARN: a protection is missing or weaker than it should be; worth fixing, nothing leaks yet.
- OK: as it should be, or not applicable here (said so).
"""

from __future__ import annotations

import shlex
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.access_reasons import built_in_reasons_lacking
from custinfo_tui.domain.audit_chain import IDS_SKIP, ChainReport

#: PCI DSS 8.2.8 asks for a re-authentication after at most 15 idle minutes.
RECOMMENDED_MAX_IDLE_LOCK_MINUTES = 15
#: Triggers (migration 0010) that make SQLite refuse to change or delete an audit event.
AUDIT_GUARD_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete")
#: What the console's database role must not be able to do to audit events (PostgreSQL).
AUDIT_FORBIDDEN_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE")
#: The SQLAlchemy driver of a SQLCipher-encrypted SQLite database.
SQLCIPHER_DRIVERNAME = "sqlite+pysqlcipher"
_OLD_TLS_VERSIONS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})
_LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})

_GROUP_BITS, _OTHER_BITS = 0o070, 0o007


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


class Check(BaseModel):
    """One line of the review: what was checked, what was found, what to do about it."""

    model_config = ConfigDict(frozen=True)

    topic: str
    status: Status
    finding: str
    #: A command or step that fixes it; empty when nothing needs doing.
    action: str = ""


@dataclass(frozen=True, slots=True)
class PrivateFile:
    """A file or folder of the console that only its owner should be able to open."""

    label: str
    path: Path
    is_dir: bool = False
    #: Holds customer data (the database and its -wal/-shm): open to everyone is a FAIL.
    holds_personal_data: bool = False
    #: The operator's folder, not custinfo's: the one a database given with `--db` is in
    #: (a working folder, a shared one). `doctor` rates it; `init` and `demo` leave its
    #: permissions as they are, and the login's warning leaves it out: its files are
    #: private, and closing it would close the operator's folder behind their back.
    someone_elses: bool = False


@dataclass(frozen=True, slots=True)
class DatabaseProtection:
    """How the database the console uses is protected, as read from the connection."""

    backend: str  # "sqlite" or "postgresql"
    drivername: str  # e.g. "sqlite+pysqlite", "sqlite+pysqlcipher", "postgresql+psycopg"
    host: str | None = None
    database_user: str | None = None
    #: PostgreSQL: this connection's TLS, from pg_stat_ssl (None: could not be read).
    tls: bool | None = None
    tls_version: str | None = None
    #: PostgreSQL: privilege name -> whether the connection's role holds it on audit_events.
    audit_privileges: Mapping[str, bool] | None = None
    #: SQLite: which of AUDIT_GUARD_TRIGGERS exist.
    audit_triggers: frozenset[str] = frozenset()


def console_files(
    database: Path | None, data_dir: Path, log_dir: Path, log_file: Path
) -> tuple[PrivateFile, ...]:
    """The console's own files and folders: the data folder, a SQLite database with its
    `-wal` and `-shm` files, the log folder and the log."""
    files = [PrivateFile("data folder", data_dir, is_dir=True)]
    if database is not None:
        files += [
            PrivateFile(label, database.with_name(database.name + suffix), holds_personal_data=True)
            for label, suffix in (
                ("database file", ""),
                ("database -wal file", "-wal"),
                ("database -shm file", "-shm"),
            )
        ]
    files += [PrivateFile("log folder", log_dir, is_dir=True), PrivateFile("log file", log_file)]
    return tuple(files)


def file_check(file: PrivateFile, mode: int | None) -> Check:
    """Rate a file's permissions (`mode` like 0o644; None when it does not exist)."""
    topic = file.label
    if mode is None:
        return Check(topic=topic, status=Status.OK, finding="not there now")
    shown = stat.filemode(mode | (stat.S_IFDIR if file.is_dir else stat.S_IFREG))
    if not mode & (_GROUP_BITS | _OTHER_BITS):
        return Check(topic=topic, status=Status.OK, finding=f"{shown}, its owner only")
    who = "every account on this computer" if mode & _OTHER_BITS else "its group"
    verb = "list and open" if file.is_dir else "open"
    status = Status.FAIL if file.holds_personal_data and mode & _OTHER_BITS else Status.WARN
    return Check(
        topic=topic,
        status=status,
        finding=f"{shown}: {who} can {verb} it",
        action=chmod_command([file]),
    )


def chmod_command(files: Iterable[PrivateFile]) -> str:
    """The shell command that makes these files and folders their owner's only."""
    files = list(files)
    commands = []
    for mode, wanted in (("700", True), ("600", False)):
        paths = [shlex.quote(str(f.path)) for f in files if f.is_dir == wanted]
        if paths:
            commands.append(f"chmod {mode} {' '.join(paths)}")
    return " && ".join(commands)


def shared_files_warning(files: Sequence[PrivateFile], modes: Sequence[int | None]) -> str | None:
    """One warning for every file or folder others can open, with the commands that fix
    them, one a line; None when there is none. Short enough for the login screen at 80x24:
    the database's -wal and -shm are spelt with the database as `custinfo.db*`."""
    exposed = [
        file
        for file, mode in zip(files, modes, strict=True)
        if file_check(file, mode).status is not Status.OK
    ]
    if not exposed:
        return None
    # One command per line, each complete: a wrapped list of paths would look like two.
    commands = [f"chmod 700 {shlex.quote(str(file.path))}" for file in exposed if file.is_dir]
    commands += [
        f"chmod 600 {word}"
        for word in _with_companions([file.path for file in exposed if not file.is_dir])
    ]
    return "\n".join(
        ["Warning: others on this computer can open custinfo's files. To fix:", *commands]
    )


def _with_companions(paths: Sequence[Path]) -> list[str]:
    """Shell words for these files; a database with its -wal or -shm as one `name*`."""
    words: dict[Path, str] = {}
    for path in sorted(paths, key=lambda p: len(str(p))):
        base = next((b for b in words if str(path) in (f"{b}-wal", f"{b}-shm")), None)
        if base is None:
            words[path] = shlex.quote(str(path))
        else:
            words[base] = shlex.quote(str(base)) + "*"
    return list(words.values())


def encryption_check(protection: DatabaseProtection) -> Check:
    topic = "encryption at rest"
    if protection.backend != "sqlite":
        return Check(
            topic=topic,
            status=Status.OK,
            finding="the PostgreSQL server's business (its disk or volume encryption); "
            "not visible from a desk",
            action="Confirm with the database administrator that the server's storage is "
            "encrypted.",
        )
    if protection.drivername == SQLCIPHER_DRIVERNAME:
        return Check(topic=topic, status=Status.OK, finding="on: SQLCipher encrypts the file")
    return Check(
        topic=topic,
        status=Status.WARN,
        finding="off: anyone who gets a copy of the database file can read it",
        action="Encrypt the database with SQLCipher (CUSTINFO_DATABASE_KEY_FILE, "
        "docs/security.md), or keep it on an encrypted disk.",
    )


def tls_check(protection: DatabaseProtection) -> Check:
    topic = "TLS to the database"
    if protection.backend == "sqlite":
        return Check(
            topic=topic, status=Status.OK, finding="not applicable: a local file, no network"
        )
    if protection.tls is None:
        return Check(
            topic=topic,
            status=Status.WARN,
            finding="unknown: pg_stat_ssl could not be read for this connection",
            action="Ask the database administrator to check the server's TLS settings.",
        )
    if protection.tls:
        version = protection.tls_version or "version unknown"
        if version in _OLD_TLS_VERSIONS:
            return Check(
                topic=topic,
                status=Status.WARN,
                finding=f"on, but {version} is outdated",
                action="Set ssl_min_protocol_version = 'TLSv1.2' on the server.",
            )
        return Check(topic=topic, status=Status.OK, finding=f"on ({version})")
    if is_local_host(protection.host):
        return Check(
            topic=topic,
            status=Status.OK,
            finding="off, but the server is on this computer: nothing crosses the network",
        )
    return Check(
        topic=topic,
        status=Status.FAIL,
        finding="off: customer data crosses the network unencrypted",
        action="Turn TLS on for the server and require it in CUSTINFO_DATABASE_URL "
        "(docs/security.md).",
    )


def is_local_host(host: str | None) -> bool:
    """Whether a PostgreSQL host is this computer (loopback or a Unix socket folder)."""
    return host is None or host in _LOCAL_HOSTS or host.startswith("/")


def audit_protection_check(protection: DatabaseProtection) -> Check:
    topic = "audit events append-only"
    if protection.backend == "sqlite":
        missing = [name for name in AUDIT_GUARD_TRIGGERS if name not in protection.audit_triggers]
        if not missing:
            return Check(
                topic=topic,
                status=Status.OK,
                finding="triggers refuse to change or delete audit events",
            )
        return Check(
            topic=topic,
            status=Status.WARN,
            finding=f"missing: trigger {', '.join(missing)}",
            action="Run `custinfo init` to apply the newest migrations.",
        )
    held = [
        name
        for name in AUDIT_FORBIDDEN_PRIVILEGES
        if (protection.audit_privileges or {}).get(name, True)
    ]
    user = protection.database_user or "this connection's role"
    if not held:
        return Check(
            topic=topic,
            status=Status.OK,
            finding=f"{user} may only add and read audit events",
        )
    return Check(
        topic=topic,
        status=Status.WARN,
        finding=f"{user} may {', '.join(held)} audit events",
        action="Connect desks as the least-privilege role custinfo_console (docs/security.md).",
    )


def audit_chain_check(report: ChainReport) -> Check:
    topic = "audit trail"
    if report.ok:
        if report.last_verified_event_id is None:
            return Check(topic=topic, status=Status.OK, finding="no events yet")
        events = f"{report.events_checked:,} event{'' if report.events_checked == 1 else 's'}"
        return Check(
            topic=topic,
            status=Status.OK,
            finding=f"{events} intact; newest #{report.last_verified_event_id}, "
            f"hash {report.last_verified_hash}",
            action="Record that id and hash somewhere the database's users cannot change."
            + (f" {IDS_SKIP}" if report.ids_skip else ""),
        )
    where = (
        f"event #{report.first_bad_event_id}"
        if report.first_bad_event_id is not None
        else "the chain head"
    )
    problem = report.problem.value if report.problem else "broken"
    return Check(
        topic=topic,
        status=Status.FAIL,
        finding=f"BROKEN at {where} ({problem}): {report.explanation}",
        action="Treat it as a security incident: `custinfo audit verify`, docs/architecture.md.",
    )


def idle_lock_check(minutes: float) -> Check:
    shown = f"{minutes:g} minute{'' if minutes == 1 else 's'}"
    if minutes <= RECOMMENDED_MAX_IDLE_LOCK_MINUTES:
        return Check(topic="idle lock", status=Status.OK, finding=f"after {shown}")
    return Check(
        topic="idle lock",
        status=Status.WARN,
        finding=f"after {shown}: an unattended desk stays open that long",
        action=f"Set CUSTINFO_IDLE_LOCK_MINUTES to {RECOMMENDED_MAX_IDLE_LOCK_MINUTES} or less.",
    )


def privacy_notice_check(set_by_the_organisation: bool) -> Check:
    """Whether subject access packs give the organisation's own privacy notice (who holds
    the data, why, recipients, transfers) or the built-in wording (Art. 15(1))."""
    topic = "privacy notice"
    if set_by_the_organisation:
        return Check(topic=topic, status=Status.OK, finding="set in the policy file")
    return Check(
        topic=topic,
        status=Status.WARN,
        finding="subject access packs give the built-in wording of who holds the data and why",
        action="Set the policy file's [privacy_notice] table to the organisation's own "
        "(docs/configuration.md).",
    )


def access_reasons_check(listed: Sequence[str]) -> Check:
    """Whether the reasons offered for opening a record outside a verified call
    (CUSTINFO_ACCESS_REASONS) include every built-in one: a site's own list set before one
    was added lacks it until the site adds it, and the record is opened under a reason that
    does not say why (the built-in reasons are listed in docs/access-control.md)."""
    topic = "access reasons"
    lacking = built_in_reasons_lacking(listed)
    if not lacking:
        built_in = tuple(listed) == DEFAULT_ACCESS_REASONS
        finding = "the built-in list" if built_in else "the site's own, with every built-in one"
        return Check(topic=topic, status=Status.OK, finding=finding)
    named = "; ".join(f'"{option}"' for option in lacking)
    return Check(
        topic=topic,
        status=Status.WARN,
        finding=f"CUSTINFO_ACCESS_REASONS lacks the built-in {named}",
        action="Add each to CUSTINFO_ACCESS_REASONS, unless a reason of the site's own covers "
        "it: a record opened for it is otherwise recorded under a reason that does not say "
        "why (docs/access-control.md).",
    )


def schema_check(current: bool) -> Check:
    if current:
        return Check(topic="database schema", status=Status.OK, finding="at the newest migration")
    return Check(
        topic="database schema",
        status=Status.FAIL,
        finding="not set up or needs upgrading; the database checks were skipped",
        action="Run `custinfo init`.",
    )


def overall(checks: Iterable[Check]) -> Status:
    """The worst status among the checks."""
    statuses = {check.status for check in checks}
    for status in (Status.FAIL, Status.WARN):
        if status in statuses:
            return status
    return Status.OK
