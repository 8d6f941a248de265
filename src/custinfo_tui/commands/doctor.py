"""`custinfo doctor`: what a security review of this desk would check, in one table (MP-11).

File permissions of the data folder, the database and its -wal/-shm, the log folder and
log; the copies `restore --force` kept of the databases it replaced (personal data to
delete once the restore is confirmed good); SQLite's quick check of the database file (a
damaged one FAILs, with what to do); encryption at rest; TLS to the database; the audit
trail's hash chain and whether the connection's role could rewrite it; the idle lock;
administrators; unused logins; whether subject access packs give the organisation's own
privacy notice; whether the site's own access reasons lack a built-in one. Each line is
OK, WARN or FAIL with what to do; the exit status is 1 when any line is FAIL.

It prints paths, settings, counts and operator ids, never a customer's or an operator's
name, so the output can go into a ticket. Like `custinfo audit verify`, it acts as the system and
records nothing: anyone who can run it can read the database's file anyway.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import Aligned, say

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from custinfo_tui.domain.security_review import Check
    from custinfo_tui.settings import Settings

# The database libraries are imported when the command runs, not when `custinfo` builds
# its parser: starting the console must not wait for them (docs/performance.md).

HEADINGS = ("status", "check", "finding")


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `doctor` to the `custinfo` command."""
    doctor = subparsers.add_parser(
        "doctor",
        parents=[common],
        help="check file permissions, encryption, TLS, the audit trail and operators",
        description="Report what a security review would check on this desk; exit status 1 "
        "when any check FAILs. Prints no personal data.",
    )
    doctor.add_argument("--demo", action="store_true", help="check the demo database")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run every check, print the table; 1 if any check failed, else 0."""
    from custinfo_tui.composition import console_files_for
    from custinfo_tui.domain.security_review import (
        Status,
        access_reasons_check,
        idle_lock_check,
        overall,
        privacy_notice_check,
    )
    from custinfo_tui.services.policy import sets_privacy_notice
    from custinfo_tui.services.security_review import review_files

    url = settings.resolved_database_url(demo=args.demo)
    print(f"custinfo doctor: {_describe(url)}")
    checks = _missing_said(review_files(console_files_for(settings, demo=args.demo)), url)
    checks += _replaced_copies(url)
    checks += _database_checks(settings, demo=args.demo)
    checks.append(idle_lock_check(settings.idle_lock_minutes))
    checks.append(privacy_notice_check(sets_privacy_notice(settings.policy_file)))
    checks.append(access_reasons_check(settings.access_reasons))
    _print_table(checks)
    counts = Counter(check.status for check in checks)
    result = overall(checks)
    summary = ", ".join(f"{counts[status]} {status.value}" for status in Status)
    advice = {
        Status.FAIL: " Fix the FAIL lines first.",
        Status.WARN: " The WARN lines say what to tighten.",
        Status.OK: "",
    }[result]
    print()
    say(f"Result: {result.value} ({summary}).{advice} See docs/security.md.")
    return 1 if result is Status.FAIL else 0


def _missing_said(checks: list[Check], url: str) -> list[Check]:
    """The file checks, with a database file not there said as the database line says it:
    "OK database file: not there now" beside "FAIL database: there is no database" read as
    two answers to one question."""
    from custinfo_tui.repository.engine import sqlite_file

    path = sqlite_file(url)
    if path is None or path.exists():
        return checks
    return [
        check.model_copy(update={"finding": "no database yet: nothing to protect (see below)"})
        if check.topic == "database file"
        else check
        for check in checks
    ]


def _replaced_copies(url: str) -> list[Check]:
    """The copies `restore --force` kept beside a SQLite database: each holds every
    customer's personal data, to delete once the restore is confirmed good. None on a
    server, where a restore replaces nothing."""
    from custinfo_tui.domain.replaced_copies import replaced_copies_check
    from custinfo_tui.repository.backup import replaced_copies
    from custinfo_tui.repository.engine import sqlite_file

    path = sqlite_file(url)
    return [] if path is None else [replaced_copies_check(replaced_copies(path))]


def _database_checks(settings: Settings, *, demo: bool) -> list[Check]:
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import build_engine_for, database_key_for, uow_factory_for
    from custinfo_tui.database_files import demo_beside
    from custinfo_tui.database_key import ask_key
    from custinfo_tui.domain.database_damage import integrity_check
    from custinfo_tui.domain.security_review import Check, Status, schema_check
    from custinfo_tui.repository.engine import sqlite_file
    from custinfo_tui.repository.errors import DatabaseDamaged, says_damaged
    from custinfo_tui.repository.migrate import is_current
    from custinfo_tui.services.security_review import review_database

    url = settings.resolved_database_url(demo=demo)
    path = sqlite_file(url)
    if path is not None and not path.exists():  # connecting would create an empty one
        action = "Run `custinfo init` (or check --db and CUSTINFO_DATA_DIR)."
        if not demo and demo_beside(path):
            action += " The demo's database is checked with `custinfo doctor --demo`."
        return [
            Check(
                topic="database",
                status=Status.FAIL,
                finding=f"there is no database at {path}",
                action=action,
            )
        ]
    # An encrypted database is opened with its key, as `custinfo audit` does.
    key = database_key_for(settings, demo=demo, ask=ask_key)
    try:
        engine = build_engine_for(url, key, read_only=True)  # a check only reads
    except DBAPIError as error:
        if says_damaged(error.orig):
            return [integrity_check(str(error.orig).splitlines()[0], seconds=0)]
        raise
    try:
        integrity = _integrity(engine, path is not None)
        try:
            if not is_current(engine):
                return [schema_check(False), integrity]
            return [schema_check(True), integrity, *review_database(uow_factory_for(engine)())]
        except (DatabaseDamaged, DBAPIError) as error:
            # The quick check said what is wrong; nothing more can be read reliably.
            damaged = isinstance(error, DatabaseDamaged) or says_damaged(error.orig)
            if not damaged:
                raise
            if integrity.status is not Status.FAIL:
                integrity = integrity_check("a page could not be read", seconds=0)
            return [integrity]
    finally:
        engine.dispose()


def _integrity(engine: Engine, is_sqlite: bool) -> Check:
    """SQLite's quick check of the whole file, timed: it reads every page, 1.8 s for a
    million customers' 600 MB (docs/security.md, "custinfo doctor"); a server checks its
    own files."""
    from custinfo_tui.domain.database_damage import integrity_check, integrity_not_applicable
    from custinfo_tui.repository.integrity import integrity_problem

    if not is_sqlite:
        return integrity_not_applicable(engine.url.get_backend_name())
    started = time.monotonic()
    problem = integrity_problem(engine, quick=True)
    return integrity_check(problem, seconds=time.monotonic() - started)


def _describe(url: str) -> str:
    """Which database is checked, without its password."""
    from sqlalchemy.engine import make_url

    from custinfo_tui.repository.engine import sqlite_file

    path = sqlite_file(url)
    if path is not None:
        return printable(f"SQLite database {path}")
    parsed = make_url(url)
    where = f"{parsed.database} on {parsed.host or 'the local socket'}"
    user = f" as {parsed.username}" if parsed.username else ""
    return printable(f"{parsed.get_backend_name()} database {where}{user}")


def _print_table(checks: list[Check]) -> None:
    rows = [HEADINGS, *((check.status.value, check.topic, check.finding) for check in checks)]
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    indent = " " * (sum(widths) + 4)
    print()
    for row, check in zip(rows, [None, *checks], strict=True):
        status, topic, finding = (printable(cell) for cell in row)
        print(f"{status:<{widths[0]}}  {topic:<{widths[1]}}  {finding}".rstrip())
        if check is not None and check.action:
            label = "note" if check.status.value == "OK" else "fix"
            _say_fix(f"{indent}{label}: ", check.action)


def _say_fix(lead: str, action: str) -> None:
    """A check's fix or note under its finding, wrapped under its own first word; a chmod
    command (`chmod_command`, the one action that is only a command) printed whole, to
    copy. The table's rows above stay one line each, as columns."""
    if action.startswith("chmod "):
        print(printable(f"{lead}{action}"))
    else:
        say(Aligned(lead, action))
