"""What `custinfo restore` says after it has replaced a database (docs/backups.md, "The
database a restore replaces"): where the replaced one is kept, what of its trail the
restored one lacks, how to delete the copy once it has served (it holds personal data), and
why anchors taken after the backup no longer match the restored trail.
"""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import printable

if TYPE_CHECKING:
    from custinfo_tui.domain.backups import ReplacedTrail

#: Where both are explained.
_DOCS = 'docs/backups.md, "The database a restore replaces"'


def say_kept(kept: Path, replaced: ReplacedTrail, *, other_database: bool = False) -> None:
    """Name the copy of the replaced database kept beside it, what it holds that the
    restored one lacks, and how to delete it once it has served."""
    since = (
        "all of it another database's than the backup's"
        if other_database
        else "with the work and the erasures since the backup"
    )
    _say(
        f"The database it replaced is kept beside it as {kept.name} (readable by its owner "
        f"only): {replaced.described()}, {since}: "
        "the evidence of what the restore undid. It holds personal data: once the restored "
        "database is checked and what the restore undid is done again, delete it as you "
        f"would an old backup ({_DOCS}):"
    )
    print(printable(f"  rm {shlex.quote(str(kept))}"))


def say_anchors(replaced: ReplacedTrail, backup_seal: int | None, check_old: str) -> None:
    """Anchors taken after the backup (`audit seal --anchor-file`) name seals of the trail
    just replaced: the restored one goes on from the backup's newest seal with seals of its
    own, so they no longer match it. Said when the replaced trail had seals the backup
    lacks; `check_old` is the command that checks them against the replaced database."""
    newest = replaced.newest_seal_id
    if newest is None or newest <= (backup_seal or 0):
        return
    first = (backup_seal or 0) + 1
    seals = f"seal #{first}" if first == newest else f"seals #{first} to #{newest}"
    _say(
        f"Anchors: the replaced trail had {seals} after the backup's newest seal. The "
        "restored database makes seals of its own from there, so anchors taken of those "
        "(`audit seal --anchor-file`) do not match it, and `audit verify --anchors` says "
        "so. Start a new anchor file from this database now, and keep the old one with "
        f"the replaced database, which it still checks ({_DOCS}):"
    )
    print(printable("  custinfo audit seal --anchor-file NEW-FILE"))
    print(printable(f"  {check_old}"))


def _say(prose: str) -> None:
    """Prose wrapped at 88 columns, a file name never broken at a hyphen."""
    print(textwrap.fill(printable(prose), width=88, break_on_hyphens=False))
