"""`custinfo restore` options that act on a SQLite restore only, refused on PostgreSQL.

A PostgreSQL restore goes into an empty database with `pg_restore` and erases nothing
again by itself: it lists the erasures made since the backup, with the commands that erase
each again (docs/backups.md, "Erasure and retention after a restore"). Given there, these
options were accepted and did nothing, so an administrator who asked for the erasures to
be made again, or undone and recorded, was told neither.
"""

from __future__ import annotations

import argparse

_ERASURES = (
    "a PostgreSQL restore erases nothing again by itself: it lists the erasures made since "
    "the backup, with the commands that make each again, for the DPO to run "
    '(docs/backups.md, "Erasure and retention after a restore")'
)

#: Each SQLite-only option, as typed, and why it does not apply on PostgreSQL.
_WHY_NOT = {
    "reapply_erasures": ("--reapply-erasures", _ERASURES),
    "undo_erasures": (
        "--undo-erasures",
        f"{_ERASURES}, so there is nothing to undo or record as undone",
    ),
    "backup_key_file": (
        "--backup-key-file",
        "it is the key of an encrypted SQLite backup, and a PostgreSQL dump has none",
    ),
}


def refused_on_postgresql(args: argparse.Namespace) -> str | None:
    """Why `custinfo restore` refuses `args` on PostgreSQL, before anything is done: an
    option given that acts on a SQLite restore only; None when there is none."""
    for attribute, (option, why) in _WHY_NOT.items():
        if getattr(args, attribute, None):
            return (
                f"{option} applies to a SQLite restore only: {why}. Nothing was changed; "
                "restore without it."
            )
    return None
