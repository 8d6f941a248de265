"""`custinfo backup FILE` and `custinfo restore FILE` (docs/backups.md).

On the embedded SQLite database: an online copy, checked before it is kept (SQLite's
integrity check, the migration it is at, the audit trail verified), and a restore that
checks the backup the same way before it replaces anything, says which erasures it would
undo, and swaps the file atomically. On PostgreSQL: `commands/postgres_backup.py` and
`commands/postgres_restore.py`.

A backup holds personal data: it is created 0600, an encrypted database's backup is
encrypted with the same key, and what is printed is counts, never a value.
"""

from __future__ import annotations

import argparse
import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.backup_check import (
    BackupRefused,
    DamagedCopy,
    TrailNotVerified,
    checked_copy,
    key_of,
)
from custinfo_tui.commands.backup_partials import (
    BackupInProgress,
    staging,
    sweep_stale_copies,
)
from custinfo_tui.commands.backup_signer import NOT_ON_POSTGRESQL, signed_by, signer_options
from custinfo_tui.commands.backup_target import (
    backup_target_problem,
    is_the_database_or_beside_it,
    not_written,
)
from custinfo_tui.commands.database import no_database_message
from custinfo_tui.domain.text import printable
from custinfo_tui.interrupts import stopping_says
from custinfo_tui.private_files import unwritable_reason
from custinfo_tui.terminal_lines import fail, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from custinfo_tui.domain.backups import BackupFacts
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.settings import Settings


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `backup` and `restore` to the `custinfo` command."""
    backup = commands.add_parser(
        "backup",
        parents=[common, signer_options()],
        help="copy the database to a file, checked (docs/backups.md)",
        description="Copy the database while consoles keep working, then check the copy. "
        "The file holds personal data: keep it as safe as the database (docs/backups.md).",
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.add_argument(
        "--as-is",
        action="store_true",
        help="keep the copy even though the database's own audit trail does not verify: a "
        "copy for an investigation, marked as not verified, that restore refuses",
    )
    restore = commands.add_parser(
        "restore",
        parents=[common, signer_options(restore=True)],
        help="replace the database with a checked backup (docs/backups.md)",
        description="Check the backup, say what restoring it would undo, and with --force "
        "replace the database with it. Where there is no database yet (a new machine, a "
        "fresh data folder), the checked backup becomes it without --force. Close every "
        "console first.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace the existing database (after the checks); not needed where there is "
        "none. SQLite only: a PostgreSQL restore goes into an empty database, never over one",
    )
    restore.add_argument(
        "--backup-key-file",
        type=Path,
        metavar="PATH",
        help="the key an encrypted backup was made under, when the database was rekeyed "
        "since (chmod 600); the restored database takes the database's current key "
        "(SQLite only)",
    )
    restore.add_argument(
        "--anchors",
        type=Path,
        metavar="FILE",
        help="the anchor file you keep (as `audit seal --anchor-file` writes it): the restore "
        "then says which of its anchors the restored trail no longer matches",
    )
    undo = restore.add_mutually_exclusive_group()
    undo.add_argument(
        "--reapply-erasures",
        action="store_true",
        help="erase again the customers erased after the backup was taken (the default on "
        "SQLite; a PostgreSQL restore lists them, with the commands to erase each again)",
    )
    undo.add_argument(
        "--undo-erasures",
        action="store_true",
        help="bring back the customers erased after the backup (only to undo an erasure "
        "made in error; each is recorded; SQLite only)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo backup` or `custinfo restore`; the exit status."""
    from custinfo_tui.commands import postgres_backup, postgres_restore
    from custinfo_tui.commands.restore import restore
    from custinfo_tui.commands.restore_replaced import read_anchor_file
    from custinfo_tui.commands.restore_sqlite_options import refused_on_postgresql
    from custinfo_tui.repository.backup import DatabaseFileInUse
    from custinfo_tui.repository.engine import sqlite_file

    url = settings.resolved_database_url()
    database = sqlite_file(url)
    try:
        # Read before anything is changed: a file that is not one is said with nothing done.
        given = args.anchors if args.command == "restore" else None
        anchors = read_anchor_file(given) if given is not None else None
    except ValueError as error:
        return fail(f"{error} Nothing was changed.")
    try:
        if database is None and args.command == "backup":
            with stopping_says(*BACKUP_STOPPED) as hold_ctrl_c:
                return postgres_backup.back_up(url, args, hold_ctrl_c)
        if database is None:
            if args.acting_username is not None:
                return fail(NOT_ON_POSTGRESQL)
            if (sqlite_only := refused_on_postgresql(args)) is not None:
                return fail(sqlite_only)
            with stopping_says(*postgres_restore.stopped_says(url)) as hold_ctrl_c:
                return postgres_restore.restore(url, args.file, hold_ctrl_c, anchors)
        if args.command == "backup":
            with stopping_says(*BACKUP_STOPPED) as hold_ctrl_c:
                return _back_up(settings, url, database, args, hold_ctrl_c)
        with stopping_says(*RESTORE_STOPPED) as hold_ctrl_c:
            return restore(settings, url, database, args, hold_ctrl_c, anchors)
    except (BackupRefused, DatabaseFileInUse) as refused:
        return fail(str(refused))


#: What Ctrl+C left: before the backup takes its name (its copy is removed as it stops),
#: and after, when the backup is recorded before custinfo stops (interrupts.py). The same
#: on PostgreSQL, where pg_dump only reads and its dump is the copy.
BACKUP_STOPPED = (
    "no backup was written; the database was not changed",
    "the backup is written: custinfo stops once it is recorded.",
)
#: The same for a restore: before the swap, and after it, when the restore is finished
#: first, so the erasures made since the backup are never left undone.
RESTORE_STOPPED = (
    "nothing was restored; the database is as it was",
    "the database is already replaced: custinfo stops once the restore is finished (the "
    "erasures made since the backup erased again, the restore recorded).",
)


def _back_up(
    settings: Settings,
    url: str,
    database: Path,
    args: argparse.Namespace,
    hold_ctrl_c: Callable[[], None],
) -> int:
    """Back up the SQLite `database` into `args.file`, checked; the exit status. The
    operator `--as` names logs in once the database is found readable, before the copy."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import build_engine_for, database_key_for, uow_factory_for
    from custinfo_tui.database_key import ask_key
    from custinfo_tui.repository.errors import says_damaged
    from custinfo_tui.repository.integrity import first_line
    from custinfo_tui.repository.migrate import current_revision

    target: Path = args.file
    if not database.exists():
        return fail(no_database_message(database))
    if is_the_database_or_beside_it(target, database):
        return fail(
            f"{target} is the database or one of the files SQLite keeps beside it (-wal, "
            "-shm, -journal): a backup written there would destroy the database. Give "
            "another file; nothing was changed."
        )
    problem = backup_target_problem(target, force=args.force, example="custinfo-backup.db")
    if problem is not None:
        return fail(problem)
    for line in sweep_stale_copies(target).lines():
        print(printable(line))
    source = build_engine_for(url, database_key_for(settings, ask=ask_key))
    try:
        try:
            revision = current_revision(source)
        except DBAPIError as error:
            if not says_damaged(error.orig):
                raise
            return _database_damaged(database, first_line(error))

        def copy(actor: Actor | None) -> int:
            return _copy(source, database, revision, args, hold_ctrl_c, actor)

        return signed_by(uow_factory_for(source), args, copy)
    except BackupInProgress as running:
        return fail(str(running))
    finally:
        source.dispose()


def _copy(
    source: Engine,
    database: Path,
    revision: str | None,
    args: argparse.Namespace,
    hold_ctrl_c: Callable[[], None],
    actor: Actor | None,
) -> int:
    """Copy, check and keep the backup, recorded under `actor` (or the system); said."""
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.private_files import create_private_file
    from custinfo_tui.repository.backup import CopyNotWritten, copy_online
    from custinfo_tui.repository.engine import build_engine, sqlite_url
    from custinfo_tui.repository.integrity import integrity_problem
    from custinfo_tui.services.backup import record_backup

    target: Path = args.file
    as_is: bool = args.as_is
    key = key_of(source)
    with ExitStack() as held:
        try:
            # Its lock, then the copy, made here first, so a folder nothing can be
            # written in is said in words.
            staged = held.enter_context(staging(target))
            create_private_file(staged)
            copy = build_engine(sqlite_url(staged.resolve()), key=key)
            try:
                copy_online(source, copy)
            finally:
                copy.dispose()
        except OSError as error:
            return fail(not_written(target, unwritable_reason(error)))
        except CopyNotWritten as error:
            if (damage := integrity_problem(source)) is not None:
                return _database_damaged(database, f"SQLite's integrity check: {damage}")
            return fail(not_written(target, f"SQLite says {error}"))
        checking = checked_copy(
            staged,
            key,
            target.name,
            expected_revision=revision,
            self_contained=True,
            as_is=as_is,
        )
        try:
            with checking as (facts, _uows):
                # Checked on the way in, left one file on the way out. As it is only
                # when the database's own trail is as broken: else the copy is bad.
                if facts.trail_problem is not None and _trail_problem(source) is None:
                    raise TrailNotVerified("", facts.trail_problem)
        except BackupRefused as refused:
            # A copy is page for page: a damaged database gives a damaged copy. Said of
            # the database when it is, not of the backup, which only copied it.
            if (damage := integrity_problem(source)) is not None:
                return _database_damaged(database, f"SQLite's integrity check: {damage}")
            if isinstance(refused, DamagedCopy):
                return fail(
                    f"the copy written for {target} is damaged ({refused.said}), though "
                    "the database is sound: the disk it was written to may be failing. No "
                    "backup was kept; back up to another disk."
                )
            if isinstance(refused, TrailNotVerified):
                return _trail_refused(source, database, target, refused.explanation)
            raise
        hold_ctrl_c()  # the backup takes its name: it is recorded, then said
        try:
            os.replace(staged, target)
        except OSError as error:  # --force over a file another user's sticky folder holds
            return fail(not_written(target, unwritable_reason(error)))
    _flush_folder(target)
    record_backup(uow_factory_for(source)(), facts, target.name, actor)
    _say_backed_up(target, key is not None, facts, as_is=as_is)
    return 0


def _say_backed_up(target: Path, encrypted: bool, facts: BackupFacts, *, as_is: bool) -> None:
    """What the backup kept holds, in counts; a copy kept as it is said as one."""
    size = target.stat().st_size
    with_key = " (encrypted with the database's key)" if encrypted else ""
    if facts.trail_problem is not None:
        _say_as_is(target, with_key, size, facts)
        return
    say(
        f"Backed up to {target}{with_key}: {size:,} bytes.",
        f"It holds {facts.described()}.",
        "Checked: SQLite integrity, schema version, audit trail. Keep it as safe as the "
        "database itself: it holds personal data (docs/backups.md).",
    )
    if as_is:
        say("(--as-is was not needed: the audit trail verified, so this is a backup.)")


def _trail_problem(source: Engine) -> str | None:
    """Why the database's own audit trail does not verify, or None when it does."""
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.services.audit import verify_chain

    report = verify_chain(uow_factory_for(source)())
    return None if report.ok else report.explanation


def _trail_refused(source: Engine, database: Path, target: Path, copy_problem: str) -> int:
    """Refuse a copy whose audit trail does not verify, saying whose trail is broken: the
    database's own (nothing a backup can mend, and a copy as it is only with --as-is), or
    the copy's alone (a bad copy, refused even with --as-is)."""
    own = _trail_problem(source)
    if own is None:
        return fail(
            f"the audit trail in the copy written for {target} does not verify "
            f"({copy_problem}), though the database's does: the disk it was written to may "
            "be failing. No backup was kept; back up to another disk."
        )
    return fail(
        f"the audit trail of the database {database} itself does not verify ({own}), so no "
        "backup was made: a copy of it would not verify either, and restore would refuse "
        f"it. See where it breaks with `custinfo --db {database} audit verify` "
        '(docs/architecture.md, "Verifying"), and keep the backups you have. For a copy of '
        'the database as it is, for an investigation, give --as-is (docs/backups.md, "A '
        'database whose audit trail does not verify").'
    )


def _say_as_is(target: Path, encrypted: str, size: int, facts: BackupFacts) -> None:
    """What a copy kept as it is holds, marked as not verified at every turn."""
    say(
        f"Copied as it is to {target}{encrypted}: {size:,} bytes.",
        "NOT a verified backup: the audit trail of the database, and so of this copy, "
        f"does not verify ({facts.trail_problem}).",
        f"It holds {facts.described()}.",
        "Checked: SQLite integrity, schema version; NOT the audit trail. `custinfo restore` "
        "refuses it. Keep it as evidence, as safe as the database itself: it holds personal "
        'data (docs/backups.md, "A database whose audit trail does not verify").',
    )


def _database_damaged(database: Path, said: str) -> int:
    """Refuse a backup of a damaged database, saying so of the database (with SQLite's
    words), not of the copy, which only copied its pages; no backup is left."""
    from custinfo_tui.domain.database_damage import RESTORE

    return fail(
        f"the database {database} itself is damaged ({said}), so no backup was made: a copy "
        f"would be as damaged. Keep the backups you have, and {RESTORE}."
    )


def _flush_folder(target: Path) -> None:
    """Flush the folder `target` was renamed into, so the rename survives a crash."""
    descriptor = os.open(target.resolve().parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
