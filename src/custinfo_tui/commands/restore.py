"""`custinfo restore FILE` on the embedded SQLite database (docs/backups.md): the backup
checked before it replaces anything (`commands/backup_check.py`), what restoring it would
undo said first (erasures made since, which it erases again unless `--undo-erasures`;
work, operators' accounts and retention runs since), the file swapped atomically once
`--force` says so and nothing else has it open, then the restore recorded and the audit
trail verified. On PostgreSQL: `commands/postgres_backup.py`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.audit import print_report
from custinfo_tui.commands.backup_check import checked_copy, fail, remove_with_companions
from custinfo_tui.domain.text import counted, printable

if TYPE_CHECKING:
    from pydantic import SecretStr
    from sqlalchemy import Engine

    from custinfo_tui.domain.backups import BackupFacts, LaterErasure
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings

#: How many erasures a restore lists by reference; the rest are counted.
_LISTED_ERASURES = 20


def restore(settings: Settings, url: str, database: Path, args: argparse.Namespace) -> int:
    from custinfo_tui.private_files import private_dir
    from custinfo_tui.repository.backup import copy_private, install
    from custinfo_tui.repository.encryption import cannot_be_a_database

    source: Path = args.file
    if source.is_dir():
        return fail(f"{source} is a folder: give the backup file in it.")
    if not source.is_file():
        return fail(f"there is no backup file at {source}.")
    if source.resolve() == database.resolve():
        return fail("that file is the database itself, not a backup of it.")
    if cannot_be_a_database(source):
        return fail(
            f"{source} is not a custinfo backup: it is not a SQLite database, plain or "
            "encrypted. Nothing was changed."
        )
    key = _backup_key(settings, source)
    private_dir(database.parent)
    staged = database.with_name(f".{database.name}.restoring")
    try:
        copy_private(source, staged)
        with checked_copy(staged, key, source.name, migrate=True) as (facts, backup_uows):
            print(printable(f"Backup {source}: {facts.described()}; checked."))
            later = _what_restoring_undoes(
                settings, url, database, key, backup_uows, facts, args.force
            )
            if later is None:
                return 1
        install(staged, database)
    finally:
        remove_with_companions(staged)
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
