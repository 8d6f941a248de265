"""What `custinfo restore` says after it has replaced a database (docs/backups.md, "The
database a restore replaces"): where the replaced one is kept, what of its trail the
restored one lacks, how to delete the copy once it has served (it holds personal data), and,
given the anchor file (`--anchors`), why its anchors taken after the backup no longer match
the restored trail.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from custinfo_tui.commands.audit_anchors import read_anchors
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import say

if TYPE_CHECKING:
    from collections.abc import Collection

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
    say(
        f"The database it replaced is kept beside it as {kept.name} (readable by its owner "
        f"only): {replaced.described()}, {since}: "
        "the evidence of what the restore undid. It holds personal data: once the restored "
        "database is checked and what the restore undid is done again, delete it as you "
        f"would an old backup ({_DOCS}):"
    )
    print(printable(f"  rm {shlex.quote(str(kept))}"))


class AnchorFile(NamedTuple):
    """The anchor file a restore was given (`--anchors FILE`, as `audit seal --anchor-file`
    writes it): where it is, and the seals it anchors."""

    path: Path
    seals: Collection[int]

    @property
    def quoted(self) -> str:
        """Its path as a shell command takes it."""
        return shlex.quote(str(self.path))


def read_anchor_file(path: Path) -> AnchorFile:
    """The anchor file at `path`; ValueError saying why when it cannot be read as one."""
    return AnchorFile(path, frozenset(read_anchors(path)))


def say_anchors(
    replaced: ReplacedTrail, backup_seal: int | None, anchors: AnchorFile, check_old: str
) -> None:
    """Anchors taken after the backup (`audit seal --anchor-file`) name seals of the trail
    just replaced: the restored one goes on from the backup's newest seal with seals of its
    own, so they no longer match it. Said only when the anchor file given holds such
    anchors (a trail never anchored, or anchored only up to the backup, has nothing to be
    told); `check_old` is the command that checks them against the replaced database."""
    after = backup_seal or 0
    newest = replaced.newest_seal_id or 0
    moved = sorted(seal for seal in anchors.seals if after < seal <= newest)
    if not moved:
        return
    first, last = moved[0], moved[-1]
    seals = f"seal #{first}" if first == last else f"seals #{first} to #{last}"
    say(
        f"Anchors: {anchors.path.name} anchors {seals} of the replaced trail, made after the "
        "backup's newest seal. The restored database makes seals of its own from there, so "
        "those anchors do not match it, and `audit verify --anchors` says so. Start a new "
        "anchor file from this database now, and keep the old one with the replaced "
        f"database, which it still checks ({_DOCS}):"
    )
    print(printable("  custinfo audit seal --anchor-file NEW-FILE"))
    print(printable(f"  {check_old}"))
