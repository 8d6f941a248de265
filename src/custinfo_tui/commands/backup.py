"""`custinfo backup FILE` and `custinfo restore FILE` (docs/backups.md).

On the embedded SQLite database: an online copy, checked before it is kept (SQLite's
integrity check, the migration it is at, the audit trail verified), and a restore that
checks the backup the same way before it replaces anything, says which erasures it would
undo, and swaps the file atomically. On PostgreSQL: `commands/postgres_backup.py`.

A backup holds personal data: it is created 0600, an encrypted database's backup is
encrypted with the same key, and what is printed is counts, never a value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.audit import print_report
from custinfo_tui.commands.backup_target import backup_target_problem
from custinfo_tui.commands.database import no_database_message
from custinfo_tui.domain.text import counted, printable

if TYPE_CHECKING:
    from pydantic import SecretStr
    from sqlalchemy import Engine
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.domain.backups import BackupFacts, LaterErasure
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

#: How many erasures a restore lists by reference; the rest are counted.
_LISTED_ERASURES = 20


class BackupRefused(Exception):
    """A backup that cannot be trusted; the message says why, without a personal value."""


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add `backup` and `restore` to the `custinfo` command."""
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the database to a file, checked (docs/backups.md)",
        description="Copy the database while consoles keep working, then check the copy. "
        "The file holds personal data: keep it as safe as the database (docs/backups.md).",
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a checked backup (docs/backups.md)",
        description="Check the backup, say what restoring it would undo, and with --force "
        "replace the database with it. Close every console first.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore.add_argument(
        "--force", action="store_true", help="replace the existing database (after the checks)"
    )
    undo = restore.add_mutually_exclusive_group()
    undo.add_argument(
        "--reapply-erasures",
        action="store_true",
        help="erase again the customers erased after the backup was taken (the default)",
    )
    undo.add_argument(
        "--undo-erasures",
        action="store_true",
        help="bring back the customers erased after the backup (only to undo an erasure "
        "made in error; each is recorded)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `custinfo backup` or `custinfo restore`; the exit status."""
    from custinfo_tui.commands import postgres_backup
    from custinfo_tui.repository.backup import DatabaseFileInUse
    from custinfo_tui.repository.engine import sqlite_file

    url = settings.resolved_database_url()
    database = sqlite_file(url)
    try:
        if database is None:
            if args.command == "backup":
                return postgres_backup.back_up(url, args.file, force=args.force)
            return postgres_backup.restore(url, args.file)
        if args.command == "backup":
            return _back_up(settings, url, database, args.file, force=args.force)
        return _restore(settings, url, database, args)
    except (BackupRefused, DatabaseFileInUse) as refused:
        return _fail(str(refused))


def _back_up(settings: Settings, url: str, database: Path, target: Path, *, force: bool) -> int:
    from custinfo_tui.composition import build_engine_for, database_key_for, uow_factory_for
    from custinfo_tui.database_key import ask_key
    from custinfo_tui.repository.backup import copy_online
    from custinfo_tui.repository.engine import build_engine, sqlite_url
    from custinfo_tui.repository.migrate import current_revision
    from custinfo_tui.services.backup import record_backup

    if not database.exists():
        return _fail(no_database_message(database))
    problem = backup_target_problem(target, force=force, example="custinfo-backup.db")
    if problem is not None:
        return _fail(problem)
    if target.resolve() == database.resolve():
        return _fail("the backup must be another file than the database itself.")
    source = build_engine_for(url, database_key_for(settings, ask=ask_key))
    staged = target.with_name(f".{target.name}.partial")
    try:
        key = _key_of(source)
        revision = current_revision(source)
        staged.unlink(missing_ok=True)
        copy = build_engine(sqlite_url(staged.resolve()), key=key)
        try:
            copy_online(source, copy)
        finally:
            copy.dispose()
        checking = _checked_copy(
            staged, key, target.name, expected_revision=revision, self_contained=True
        )
        with checking as (facts, _uows):
            pass  # checked on the way in, left one file on the way out
        _replace(staged, target)
        record_backup(uow_factory_for(source)(), facts, target.name)
    finally:
        source.dispose()
        _remove_with_companions(staged)
    size = target.stat().st_size
    encrypted = " (encrypted with the database's key)" if key is not None else ""
    print(printable(f"Backed up to {target}{encrypted}: {size:,} bytes."))
    print(f"It holds {facts.described()}.")
    print("Checked: SQLite integrity, schema version, audit trail. Keep it as safe as the")
    print("database itself: it holds personal data (docs/backups.md).")
    return 0


def _restore(settings: Settings, url: str, database: Path, args: argparse.Namespace) -> int:
    from custinfo_tui.private_files import private_dir
    from custinfo_tui.repository.backup import copy_private, install
    from custinfo_tui.repository.encryption import cannot_be_a_database

    source: Path = args.file
    if source.is_dir():
        return _fail(f"{source} is a folder: give the backup file in it.")
    if not source.is_file():
        return _fail(f"there is no backup file at {source}.")
    if source.resolve() == database.resolve():
        return _fail("that file is the database itself, not a backup of it.")
    if cannot_be_a_database(source):
        return _fail(
            f"{source} is not a custinfo backup: it is not a SQLite database, plain or "
            "encrypted. Nothing was changed."
        )
    key = _backup_key(settings, source)
    private_dir(database.parent)
    staged = database.with_name(f".{database.name}.restoring")
    try:
        copy_private(source, staged)
        with _checked_copy(staged, key, source.name, migrate=True) as (facts, backup_uows):
            print(printable(f"Backup {source}: {facts.described()}; checked."))
            later = _what_restoring_undoes(
                settings, url, database, key, backup_uows, facts, args.force
            )
            if later is None:
                return 1
        install(staged, database)
    finally:
        _remove_with_companions(staged)
    return _after_restore(url, key, database, source, facts, later, not args.undo_erasures)


def _what_restoring_undoes(
    settings: Settings,
    url: str,
    database: Path,
    key: SecretStr | None,
    backup_uows: UnitOfWorkFactory,
    facts: BackupFacts,
    force: bool,
) -> list[LaterErasure] | None:
    """Read from the database about to be replaced what the backup lacks, and say so; then
    make sure nothing else has it open. None: stop here (no --force), nothing changed."""
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.repository.backup import close_for_replacement
    from custinfo_tui.services import backup as backups

    if not database.exists():
        print(printable(f"There is no database at {database} yet, so no erasure made"))
        print("since the backup can be checked here (docs/backups.md).")
        return []
    current = _current_engine(settings, url, key)
    try:
        current_uows = uow_factory_for(current)
        later = backups.erasures_to_reapply(
            backups.erasures_recorded(current_uows()), backup_uows()
        )
        _warn_about(later, backups.references_of(backup_uows(), _ids(later)))
        undone = backups.work_not_in(current_uows(), facts.newest_event_id or 0)
        if undone:
            print(
                "Warning: the current database also records, since this backup, work that "
                "restoring undoes\n(do it again afterwards; numbers given since will be "
                f"given again): {', '.join(undone)}."
            )
        operators = backups.operator_changes_not_in(current_uows(), facts.newest_event_id or 0)
        if operators:
            print(
                "Warning: operators' accounts changed since this backup, which restoring puts "
                "back as they were\n(set them again afterwards with `custinfo operator`; an "
                "operator disabled since could log in again): "
                + printable("; ".join(operators))
                + "."
            )
        runs = backups.retention_runs_not_in(current_uows(), backup_uows())
        if runs:
            print(
                f"Warning: {counted(runs, 'retention run')} since the backup; run "
                "`custinfo retention run` again after restoring."
            )
        if not force:
            print(printable(f"Nothing was changed: --force replaces {database}."))
            return None
        close_for_replacement(current, database)
        return later
    finally:
        current.dispose()


def _after_restore(
    url: str,
    key: SecretStr | None,
    database: Path,
    source: Path,
    facts: BackupFacts,
    later: list[LaterErasure],
    reapply: bool,
) -> int:
    """Migrate the restored database, record the restore, re-apply the erasures if asked,
    and verify its audit trail; the exit status."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import upgrade_to_head
    from custinfo_tui.services import backup as backups
    from custinfo_tui.services.audit import verify_chain

    engine = build_engine_for(url, key)
    try:
        upgrade_to_head(engine)
        uows = uow_factory_for(engine)
        backups.record_restore(uows(), facts, source.name, len(later))
        print(printable(f"Restored {database} from {source.name}."))
        if later and reapply:
            done, problems = backups.reapply_erasures(uows, later)
            print(f"Erased again: {counted(done, 'customer')}.")
            for problem in problems:
                print(printable(f"  not erased again, {problem}"))
        elif later:
            print(
                f"{counted(len(later), 'erasure')} made after the backup "
                f"{'was' if len(later) == 1 else 'were'} undone, as --undo-erasures asked: "
                "those customers are back\n(listed above; docs/backups.md)."
            )
        return print_report(verify_chain(uows()))
    finally:
        engine.dispose()


@contextmanager
def _checked_copy(
    file: Path,
    key: SecretStr | None,
    name: str,
    *,
    expected_revision: str | None = None,
    migrate: bool = False,
    self_contained: bool = False,
) -> Iterator[tuple[BackupFacts, UnitOfWorkFactory]]:
    """Open a copy and check it: integrity, a schema this version knows (brought to the
    newest with `migrate`), an intact audit trail. Yields its facts and a factory of units
    of work on it; BackupRefused says what is wrong. With `self_contained` it is left in
    rollback-journal mode afterwards, one file with nothing beside it. `name` is the
    backup's file as the user knows it (the copy checked is a staged file beside the
    database, named after it)."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.backup import (
        close_for_replacement,
        integrity_problem,
        is_known_revision,
    )
    from custinfo_tui.repository.encryption import EncryptionError
    from custinfo_tui.repository.engine import sqlite_url
    from custinfo_tui.repository.migrate import current_revision, upgrade_to_head
    from custinfo_tui.services.audit import verify_chain
    from custinfo_tui.services.backup import database_facts

    try:
        engine = build_engine_for(sqlite_url(file.resolve()), key)
    except EncryptionError:
        raise BackupRefused(
            "the backup cannot be opened with this key: the key is wrong, or the file is "
            "damaged or not a custinfo backup. Nothing was changed."
        ) from None
    except DBAPIError as error:
        raise _unreadable(error) from None
    try:
        problem = integrity_problem(engine)
        if problem is not None:
            raise BackupRefused(
                f"the backup is damaged (SQLite's integrity check: {problem}). Nothing was "
                "changed; use another backup."
            )
        revision = current_revision(engine)
        if not is_known_revision(revision):
            raise BackupRefused(
                "the backup is not a custinfo database this version knows (its schema "
                "version is missing or newer). Nothing was changed."
            )
        if expected_revision is not None and revision != expected_revision:
            raise BackupRefused("the copy's schema version differs from the database's.")
        if migrate:
            upgrade_to_head(engine)
            revision = current_revision(engine)
        uows = uow_factory_for(engine)
        report = verify_chain(uows())
        if not report.ok:
            raise BackupRefused(
                f"the audit trail in the backup ({name}) does not verify: "
                f"{report.explanation}. Nothing was changed."
            )
        facts = database_facts(uows(), audit_events=report.events_checked, revision=revision)
        yield facts, uows
        if self_contained:  # out of WAL mode: one file, readable from read-only storage
            engine.dispose()
            close_for_replacement(engine, file)
    except DBAPIError as error:
        raise _unreadable(error) from None
    finally:
        engine.dispose()


def _unreadable(error: DBAPIError) -> BackupRefused:
    """SQLite's own words (about pages and headers, never values) on an unreadable file."""
    first = str(error.orig).splitlines()[0] if error.orig is not None else "unreadable"
    return BackupRefused(
        f"the backup cannot be read as a custinfo database ({first}). Nothing was changed."
    )


def _current_engine(settings: Settings, url: str, backup_key: SecretStr | None) -> Engine:
    """The database about to be replaced, opened with the backup's key when it needs one
    (the usual case: the same database), else with its own."""
    from custinfo_tui.composition import build_engine_for, database_key_for
    from custinfo_tui.database_key import ask_key

    def backup_key_first(path: Path, new: bool) -> SecretStr:
        return backup_key if backup_key is not None else ask_key(path, new)

    return build_engine_for(url, database_key_for(settings, ask=backup_key_first))


def _backup_key(settings: Settings, backup: Path) -> SecretStr | None:
    from custinfo_tui.database_key import ask_key, key_for_database
    from custinfo_tui.repository.engine import sqlite_url

    return key_for_database(sqlite_url(backup.resolve()), settings.database_key_file, ask=ask_key)


def _key_of(engine: Engine) -> SecretStr | None:
    """The key an encrypted engine opens its file with (held by its URL object)."""
    from pydantic import SecretStr

    from custinfo_tui.repository.encryption import is_encrypted

    if not is_encrypted(engine.url) or engine.url.password is None:
        return None
    return SecretStr(str(engine.url.password))


def _warn_about(later: list[LaterErasure], references: dict[int, str]) -> None:
    if not later:
        print("The current database records no erasure since this backup was taken.")
        return
    print(
        f"The current database records {counted(len(later), 'erasure')} made after this "
        "backup was\ntaken. The restore erases "
        f"{'that customer' if len(later) == 1 else 'those customers'} again, "
        "unless --undo-erasures is given (docs/backups.md)."
    )
    for erasure in later[:_LISTED_ERASURES]:
        reference = references.get(erasure.customer_id, "not in the backup")
        print(f"  erased {erasure.occurred_at:%Y-%m-%d} (event #{erasure.event_id}): {reference}")
    if len(later) > _LISTED_ERASURES:
        print(f"  and {len(later) - _LISTED_ERASURES:,} more.")


def _ids(later: list[LaterErasure]) -> list[int]:
    return [erasure.customer_id for erasure in later]


def _replace(staged: Path, target: Path) -> None:
    import os

    os.replace(staged, target)
    descriptor = os.open(target.resolve().parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_with_companions(file: Path) -> None:
    from custinfo_tui.repository.backup import companions

    for path in (file, *companions(file)):
        path.unlink(missing_ok=True)


def _fail(message: str) -> int:
    print(printable(f"custinfo: {message}"), file=sys.stderr)
    return 1
