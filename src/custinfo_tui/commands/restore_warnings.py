"""What `custinfo restore` says before it replaces anything (docs/backups.md, "Restoring a
backup"): whether the backup is of this database at all, and what restoring it would undo,
read from the database it would replace: the erasures made since (returned, to make
again), the work, the imports, operators' accounts and retention runs since; and the audit
trail guards a backup lacked. Counts, references and usernames only, never a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import counted, printable
from custinfo_tui.terminal_lines import say

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from custinfo_tui.domain.backups import BackupFacts, LaterErasure
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: How many erasures a restore lists by reference; the rest are counted.
_LISTED_ERASURES = 20


def warn_about_triggers(facts: BackupFacts) -> None:
    if facts.triggers_put_back:
        say(
            "Warning: the backup's audit trail guards were missing or altered ("
            + ", ".join(facts.triggers_put_back)
            + "): the file was changed outside custinfo. The restore puts them back as "
            "the migrations define them; its trail verified (docs/backups.md)."
        )


def is_of_another_database(
    current: Engine, current_uows: UnitOfWorkFactory, facts: BackupFacts, database: Path
) -> bool:
    """Whether the backup is of another database than the current one (their audit trails
    begin with different events), said if so."""
    from custinfo_tui.repository.backup_contents import audit_event_count, first_event_hash
    from custinfo_tui.services.backup import database_facts

    if facts.first_event_hash is None or facts.first_event_hash == first_event_hash(current):
        return False
    if first_event_hash(current) is None:
        return False
    holds = database_facts(current_uows(), audit_events=audit_event_count(current), revision=None)
    say(
        f"Warning: this backup is NOT a backup of {database}: their audit trails begin with "
        "different events (it is another install's database, or another one's).",
        f"{database} holds {holds.described()}: restoring replaces all of it with the "
        "backup's records. What it records since is not compared, and its erasures are not "
        "re-applied (they are other customers'). Make sure this is the backup meant "
        "(docs/backups.md).",
    )
    return True


def warn_about_the_same_database(
    current: Engine,
    current_uows: UnitOfWorkFactory,
    backup_uows: UnitOfWorkFactory,
    facts: BackupFacts,
    shared: Mapping[int, int],
) -> list[LaterErasure]:
    """Say what the current database records that restoring the backup would undo: the
    erasures made since (returned, to re-apply), then the work, the imports, operators'
    accounts and retention runs. `shared`: how far the two trails are the same, chain by
    chain (`services.backup.shared_chain_heads`); short of the backup's heads, the current
    trail did not go on from the backup, and what it records after is compared from there."""
    from custinfo_tui.repository.backup_contents import imports_after, rows_after
    from custinfo_tui.services import backup as backups

    parted = [head for chain, head in shared.items() if head != facts.chain_heads.get(chain)]
    newest_rows = facts.newest_ids
    if parted:
        when_parted = backups.newest_ids_when_parted(current_uows(), shared)
        _warn_about_parting(min(parted), facts, rows_exact=when_parted is not None)
        newest_rows = when_parted or newest_rows
    later = backups.erasures_to_reapply(backups.erasures_recorded(current_uows()), backup_uows())
    _warn_about(later, backups.references_of(backup_uows(), _ids(later)))
    newest_event = min(parted) if parted else facts.newest_event_id or 0
    since = rows_after(current, newest_rows)
    undone = backups.work_not_in(current_uows(), newest_event, since)
    if undone:
        say(
            "Warning: the current database also records, since this backup, work that "
            "restoring undoes (do it again afterwards; numbers given since will be "
            f"given again): {', '.join(undone)}."
        )
    for imported in imports_after(current, newest_rows.get("customers", 0)):
        say(
            f"Warning: {imported.described()}: import the file again after restoring "
            "(docs/import.md)."
        )
    operators = backups.operator_changes_not_in(current_uows(), newest_event)
    if operators:
        say(
            "Warning: operators' accounts changed since this backup, which restoring puts "
            "back as they were (set them again afterwards with `custinfo operator`; an "
            "operator disabled since could log in again): " + "; ".join(operators) + "."
        )
    runs = backups.retention_runs_not_in(current_uows(), backup_uows())
    if runs:
        say(
            f"Warning: {counted(runs, 'retention run')} since the backup; run "
            "`custinfo retention run` again after restoring."
        )
    return later


def _warn_about_parting(shared: int, facts: BackupFacts, *, rows_exact: bool) -> None:
    """The current trail went on from an earlier point than this backup's newest event (a
    restore of another backup since, most likely): its events after the last one both hold
    have numbers the backup gives to other events, and so may its new rows. `rows_exact`:
    the restore that parted them recorded where its rows ended, so they are counted from
    there; else they are counted past the backup's own, and may be left out."""
    rows = (
        "its new records since the restore that parted them are counted from where that "
        "backup's ended"
        if rows_exact
        else "new records since then may be numbered as the backup's are, and be left out "
        "of the counts below"
    )
    say(
        "Warning: the current database did not go on from this backup: the two audit "
        f"trails are the same up to event #{shared} only, and the backup's goes on to "
        f"#{facts.newest_event_id} with other events (another backup was restored since, "
        "most likely). What the current one records after #"
        f"{shared} is what restoring undoes; {rows} (docs/backups.md)."
    )


def _warn_about(later: list[LaterErasure], references: dict[int, str]) -> None:
    if not later:
        print("The current database records no erasure since this backup was taken.")
        return
    say(
        f"The current database records {counted(len(later), 'erasure')} made after this "
        "backup was taken. The restore erases "
        f"{'that customer' if len(later) == 1 else 'those customers'} again, "
        "unless --undo-erasures is given (docs/backups.md)."
    )
    for erasure in later[:_LISTED_ERASURES]:
        reference = printable(references.get(erasure.customer_id, "not in the backup"))
        print(f"  erased {erasure.occurred_at:%Y-%m-%d} (event #{erasure.event_id}): {reference}")
    if len(later) > _LISTED_ERASURES:
        print(f"  and {len(later) - _LISTED_ERASURES:,} more.")


def _ids(later: list[LaterErasure]) -> list[int]:
    return [erasure.customer_id for erasure in later]
