"""`custinfo restore FILE` on the embedded SQLite database (docs/backups.md): the backup
checked before it replaces anything (`commands/backup_check.py`), what restoring it would
undo said first (erasures made since, which it erases again unless `--undo-erasures`;
work, operators' accounts and retention runs since), the file swapped atomically once
`--force` says so and nothing else has it open, then the restore recorded and the audit
trail verified. A backup made before a `custinfo rekey` is opened with the key it was made
under (`--backup-key-file`) and re-encrypted under the database's current key before the
swap. On PostgreSQL: `commands/postgres_backup.py` and `commands/postgres_restore.py`.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from custinfo_tui.commands.audit import print_report
from custinfo_tui.commands.backup_check import (
    BackupRefused,
    checked_copy,
    remove_with_companions,
)
from custinfo_tui.commands.backup_target import is_the_database_or_beside_it
from custinfo_tui.commands.restore_replaced import AnchorFile, say_anchors, say_kept
from custinfo_tui.commands.restore_warnings import (
    is_of_another_database,
    warn_about_the_same_database,
    warn_about_triggers,
)
from custinfo_tui.domain.text import counted
from custinfo_tui.terminal_lines import Aligned, fail, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import SecretStr
    from sqlalchemy import Engine

    from custinfo_tui.domain.backups import BackupFacts, LaterErasure, ReplacedTrail
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def restore(
    settings: Settings,
    url: str,
    database: Path,
    args: argparse.Namespace,
    hold_ctrl_c: Callable[[], None],
    anchors: AnchorFile | None = None,
) -> int:
    """Restore the backup `args.file` over `database`; the exit status. `hold_ctrl_c` is
    called as the database is replaced: from there Ctrl+C waits for the restore to finish,
    so the erasures made since the backup are never left undone (interrupts.py). `anchors`:
    the anchor file given, whose anchors taken after the backup are said not to match."""
    from custinfo_tui.private_files import private_dir
    from custinfo_tui.repository.backup import copy_private, install, keep_replaced
    from custinfo_tui.repository.encryption import cannot_be_a_database

    source: Path = args.file
    staged = database.with_name(f".{database.name}.restoring")
    if source.is_dir():
        return fail(f"{source} is a folder: give the backup file in it.")
    if not source.is_file():
        return fail(f"there is no backup file at {source}.")
    if is_the_database_or_beside_it(source, database) or source.resolve() == staged.resolve():
        return fail(
            f"{source} is the database itself or one of the files SQLite keeps beside it "
            "(-wal, -shm, -journal), not a backup of it. Nothing was changed."
        )
    if source.stat().st_size == 0:
        return fail(f"{source} is empty: not a custinfo backup. Nothing was changed.")
    if cannot_be_a_database(source):
        return fail(
            f"{source} is not a custinfo backup: it is not a SQLite database, plain or "
            "encrypted. Nothing was changed."
        )
    keys = _keys(settings, source, args.backup_key_file)
    private_dir(database.parent)
    try:
        copy_private(source, staged)
        with checked_copy(
            staged, keys.backup, source.name, migrate=True, wrong_key=keys.wrong_key_hint
        ) as (facts, backup_uows):
            say(f"Backup {source}: {facts.described()}; checked.")
            warn_about_triggers(facts)
            # On the checked copy, which becomes the database, when it will: a wrong
            # password changes nothing, and the login is on the trail that records the
            # restore. Before the database is closed for replacement: a prompt holds
            # nothing while it waits.
            signer = _signed_in(backup_uows, args, args.force or not database.exists())
            if isinstance(signer, int):
                return signer
            plan = _what_restoring_undoes(
                settings, url, database, keys, backup_uows, facts, args.force
            )
            if plan is None:
                return 0  # checked only: the backup can be restored, nothing was changed
        key = _to_the_database_key(staged, keys)
        hold_ctrl_c()
        kept = keep_replaced(database) if plan.replaced is not None else None
        install(staged, database)
    finally:
        remove_with_companions(staged)
    plan = plan._replace(kept=kept)
    return _after_restore(url, key, database, source, facts, plan, args, anchors, signer)


def _signed_in(
    backup_uows: UnitOfWorkFactory, args: argparse.Namespace, restoring: bool
) -> Actor | int | None:
    """The administrator or DPO `--as` names, logged in on the checked backup; None
    without `--as` (the system) or when `restoring` is not (a check only: nothing is
    recorded, so no password is asked); the exit status when refused (said on standard
    error)."""
    from custinfo_tui.commands.acting import log_in_for
    from custinfo_tui.commands.backup_signer import BACKUP_SIGNERS

    if args.acting_username is None or not restoring:
        return None
    return log_in_for(backup_uows, args, BACKUP_SIGNERS)


class _Keys(NamedTuple):
    """The key the backup opens with, and, when it was given apart (`--backup-key-file`),
    the one the database opens with now: the restored copy is re-encrypted under it."""

    backup: SecretStr | None
    database: SecretStr | None = None
    apart: bool = False

    @property
    def wrong_key_hint(self) -> str:
        if self.apart:
            return " Check that --backup-key-file names the key the backup was made under."
        return (
            " If the database was rekeyed since the backup was made, give the key it was "
            "made under with --backup-key-file PATH (docs/backups.md)."
        )


def _keys(settings: Settings, source: Path, backup_key_file: Path | None) -> _Keys:
    from custinfo_tui.composition import database_key_for
    from custinfo_tui.database_key import ask_key, key_for_database, read_key_file
    from custinfo_tui.repository.encryption import EncryptionError, FileState, file_state
    from custinfo_tui.repository.engine import sqlite_url

    if backup_key_file is None:
        backup = key_for_database(
            sqlite_url(source.resolve()), settings.database_key_file, ask=ask_key
        )
        return _Keys(backup)
    if file_state(source) is not FileState.ENCRYPTED:
        raise EncryptionError(
            f"{source} is not encrypted, so it needs no key: leave out --backup-key-file."
        )
    return _Keys(read_key_file(backup_key_file), database_key_for(settings, ask=ask_key), True)


def _to_the_database_key(staged: Path, keys: _Keys) -> SecretStr | None:
    """Re-encrypt the checked copy under the database's own key, where that was given
    apart and differs; the key the restored database opens with."""
    from custinfo_tui.composition import build_engine_for
    from custinfo_tui.repository.encryption import rekey
    from custinfo_tui.repository.engine import sqlite_url

    if not keys.apart or keys.database is None or keys.database == keys.backup:
        return keys.backup
    rekey(build_engine_for(sqlite_url(staged.resolve()), keys.backup), keys.database)
    build_engine_for(sqlite_url(staged.resolve()), keys.database).dispose()  # opens with it
    print("The restored copy is now encrypted with the database's current key.")
    return keys.database


class _Plan(NamedTuple):
    """What a restore does once the file is swapped: the erasures made since to re-apply
    (or undo), whether the backup is of another database, and how far the trail of the
    database it replaces had got, with the copy of that database kept beside it."""

    later: list[LaterErasure]
    other_database: bool = False
    replaced: ReplacedTrail | None = None
    kept: Path | None = None


def _what_restoring_undoes(
    settings: Settings,
    url: str,
    database: Path,
    keys: _Keys,
    backup_uows: UnitOfWorkFactory,
    facts: BackupFacts,
    force: bool,
) -> _Plan | None:
    """Read from the database about to be replaced what the backup lacks, and say so; then
    make sure nothing else has it open. None: stop here (no --force), nothing changed: a
    check only, which a cron job reads from the exit status (docs/backups.md)."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.repository.backup import close_for_replacement
    from custinfo_tui.repository.backup_contents import replaced_trail
    from custinfo_tui.repository.errors import DatabaseDamaged
    from custinfo_tui.services import backup as backups

    if not database.exists():
        say(
            f"There is no database at {database} yet, so no erasure made since the backup "
            "can be checked here (docs/backups.md)."
        )
        return _Plan([])
    try:
        current = _current_engine(settings, url, keys)
    except DBAPIError as error:
        raise _damaged(database, error) from None
    try:
        current_uows = uow_factory_for(current)
        try:
            if is_of_another_database(current, current_uows, facts, database):
                plan = _Plan([], other_database=True, replaced=replaced_trail(current, {}))
            else:
                shared = backups.shared_chain_heads(
                    current_uows(), backup_uows(), facts.chain_heads
                )
                later = warn_about_the_same_database(
                    current, current_uows, backup_uows, facts, shared
                )
                plan = _Plan(later, replaced=replaced_trail(current, shared))
        except (DBAPIError, DatabaseDamaged) as error:
            raise _damaged(database, error) from None
        if not force:
            say(
                "Checked only: the backup can be restored. Nothing was changed; "
                f"--force replaces {database} with it."
            )
            return None
        close_for_replacement(current, database)
        return plan
    finally:
        current.dispose()


def _damaged(database: Path, error: Exception) -> Exception:
    """The refusal when the database about to be replaced is too damaged to read what it
    recorded since the backup (its erasures among them); any other error, as it was."""
    from sqlalchemy.exc import DBAPIError

    from custinfo_tui.repository.errors import DatabaseDamaged, says_damaged

    if isinstance(error, DBAPIError) and not says_damaged(error.orig):
        return error
    if not isinstance(error, DBAPIError | DatabaseDamaged):
        return error
    aside = database.with_name(database.name + ".damaged")
    return BackupRefused(
        f"the database {database} is damaged: what it recorded since the backup, its "
        "erasures among them, cannot be read, so it cannot be compared. Nothing was "
        f"changed. To restore over it, move it aside (mv {database} {aside}; keep it), "
        "restore again, then erase again the customers erased since the backup, as far as "
        f"the damaged copy can list them (custinfo --db {aside} audit show --as ADMIN --action "
        'customer.erased --since DAY; docs/backups.md, "A damaged database").'
    )


def _after_restore(
    url: str,
    key: SecretStr | None,
    database: Path,
    source: Path,
    facts: BackupFacts,
    plan: _Plan,
    args: argparse.Namespace,
    anchors: AnchorFile | None,
    signer: Actor | None,
) -> int:
    """Migrate the restored database, re-apply the erasures made since (or record each
    one undone, with --undo-erasures), record the restore with how far the replaced trail
    had got, under `signer` (logged out after) or the system, verify the restored trail,
    and say where the replaced database is kept and, given the anchor file, what becomes
    of its anchors taken after the backup; the exit status."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.repository.migrate import upgrade_to_head
    from custinfo_tui.services import backup as backups
    from custinfo_tui.services.audit import verify_chain
    from custinfo_tui.services.auth import log_out

    later = plan.later
    engine = build_engine_for(url, key)
    uows = uow_factory_for(engine)
    try:
        upgrade_to_head(engine)
        say(f"Restored {database} from {source.name}.")
        reapplied, undone = 0, 0
        problems: list[str] = []
        if later and not args.undo_erasures:
            reapplied, problems = backups.reapply_erasures(uows, later)
            print(f"Erased again: {counted(reapplied, 'customer')}.")
            for problem in problems:
                say(Aligned("  ", f"not erased again, {problem}"))
        elif later:
            undone = backups.record_erasures_undone(uows, later, source.name)
            say(
                f"{counted(len(later), 'erasure')} made after the backup "
                f"{'was' if len(later) == 1 else 'were'} undone, as --undo-erasures asked: "
                f"{counted(undone, 'customer')} back (listed above), each recorded on the "
                "audit trail (customer.erasure_undone; docs/backups.md)."
            )
        outcome: dict[str, object] = {
            "later_erasures": len(later),
            "erasures_reapplied": reapplied,
            "erasures_not_reapplied": len(problems),
            "erasures_undone": undone,
        }
        if plan.other_database:
            outcome["other_database"] = True
        if facts.triggers_put_back:
            outcome["triggers_put_back"] = list(facts.triggers_put_back)
        if plan.replaced is not None and plan.kept is not None:
            outcome["replaced"] = plan.replaced.details(file=plan.kept.name)
        backups.record_restore(uows(), facts, source.name, by=signer, **outcome)
        if signer is not None:
            log_out(uows(), signer)
            signer = None
        status = print_report(verify_chain(uows()))
    finally:
        if signer is not None:  # stopped part way: the login still ends on its trail
            log_out(uows(), signer)
        engine.dispose()
        if plan.replaced is not None and plan.kept is not None:  # said whatever happened
            say_kept(plan.kept, plan.replaced, other_database=plan.other_database)
    if plan.replaced is not None and plan.kept is not None and anchors is not None:
        kept = shlex.quote(str(plan.kept))
        check_old = f"custinfo --db {kept} audit verify --anchors {anchors.quoted}"
        say_anchors(plan.replaced, facts.newest_seal_id, anchors, check_old)
    return status


def _current_engine(settings: Settings, url: str, keys: _Keys) -> Engine:
    """The database about to be replaced, opened with its own key where that was given
    apart; else with the backup's when it needs one (the usual case: the same database)."""
    from custinfo_tui.composition import build_engine_for, database_key_for
    from custinfo_tui.database_key import ask_key

    if keys.apart:
        return build_engine_for(url, keys.database)

    def backup_key_first(path: Path, new: bool) -> SecretStr:
        return keys.backup if keys.backup is not None else ask_key(path, new)

    return build_engine_for(url, database_key_for(settings, ask=backup_key_first))
