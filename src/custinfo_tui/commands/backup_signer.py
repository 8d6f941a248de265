"""Who took or restored a backup: `custinfo backup` and `custinfo restore` take `--as
USERNAME`, optional (docs/backups.md, "Who may run them").

Without it they act as the system, as they always have: whoever can run them can read
the database's file anyway, and a backup from cron has no one behind it. With it the
administrator or the DPO who ran one logs in, as for every command that acts for an
operator (`commands/acting.py`), and `database.backed_up` or `database.restored` names
them, between their login and their log-out, so a contact centre can say who took or put
back a copy of every customer. A restore logs them in on the database the restore is
recorded on: the checked backup, before it replaces anything (`commands/restore.py`).

Standard library only at import: `custinfo` builds its parser before the console's first
frame (tests/test_import_hygiene.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from custinfo_tui.commands.acting import WhoMay, acting_options, run_as

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def _looks_after_backups(actor: Actor) -> bool:
    """An administrator or the DPO: the people docs/backups.md says run backups."""
    from custinfo_tui.domain.roles import Role

    return actor.role in (Role.ADMIN, Role.DPO)


#: Who may name themselves on a backup or a restore; anyone else is refused, and the
#: command does nothing (without `--as` it would run, recorded under the system).
BACKUP_SIGNERS = WhoMay(
    _looks_after_backups,
    "only an administrator or the data protection officer is named on a backup or a "
    "restore; run it without --as to record it under the system.",
)


def signer_options(*, restore: bool = False) -> argparse.ArgumentParser:
    """`--as USERNAME` and `--password-stdin`, optional, for `backup` and `restore`; a
    restore's `--help` says `--as` is for SQLite only, as its refusal on PostgreSQL does
    (`NOT_ON_POSTGRESQL`)."""
    return acting_options(
        "an administrator's or the DPO's",
        optional="it is recorded under the system",
        also=(
            "SQLite only: a PostgreSQL restore is always recorded under the system; note who ran it"
            if restore
            else ""
        ),
    )


def signed_by(
    uow_factory: UnitOfWorkFactory,
    args: argparse.Namespace,
    work: Callable[[Actor | None], int],
) -> int:
    """Run `work` as the operator `--as` names, logged in on `uow_factory`'s database and
    logged out after, or as the system (None) without `--as`; its exit status, or 1 when
    no password of theirs was accepted or they may not sign (said on standard error)."""
    if getattr(args, "acting_username", None) is None:
        return work(None)
    return run_as(uow_factory, args, BACKUP_SIGNERS, work)


#: Said by `restore --as` on PostgreSQL, with nothing done. The dump's accounts can be read
#: only once pg_restore has committed it into the empty database: a password checked then
#: would be refused with the restore already made, and a restore never stops half way.
NOT_ON_POSTGRESQL = (
    "restore --as names who restored a SQLite database only: a PostgreSQL dump's accounts "
    "can be read only once it is restored, too late to refuse a wrong password with "
    "nothing changed. Nothing was changed; restore without --as (recorded under the "
    'system) and note who did it (docs/backups.md, "Who may run them").'
)
