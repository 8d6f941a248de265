"""The copies `custinfo restore --force` keeps of the databases it replaced, as `custinfo
doctor` reports them (docs/backups.md, "The database a restore replaces").

Each copy is a whole database: every customer's personal data as it was at that restore,
and the trail of the work the restore undid. It is evidence for as long as that work is
being done again, and then one more copy of personal data to lose: the doctor names each
one, by file name, when it was replaced and its size, never what it holds.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from custinfo_tui.domain.security_review import Check, Status
from custinfo_tui.domain.text import counted

TOPIC = "replaced databases"
#: Where deleting one, and why, is explained.
DOCS = 'docs/backups.md, "The database a restore replaces"'


@dataclass(frozen=True, slots=True)
class ReplacedCopy:
    """A copy kept beside the database: where, when the restore replaced it (UTC, from its
    name; None when its name was changed), and its size in bytes."""

    path: Path
    replaced_at: datetime | None
    size: int

    def described(self) -> str:
        when = f"replaced {self.replaced_at:%Y-%m-%d %H:%M} UTC, " if self.replaced_at else ""
        return f"{self.path.name} ({when}{self.size:,} bytes)"


def replaced_copies_check(copies: Sequence[ReplacedCopy]) -> Check:
    """OK when no copy is kept; WARN naming each one, with what it is and the command that
    deletes it once the restore it was kept by is confirmed good."""
    if not copies:
        return Check(topic=TOPIC, status=Status.OK, finding="none kept beside the database")
    kept = counted(len(copies), "copy", "copies")
    listed = "; ".join(copy.described() for copy in copies)
    holds, them = ("It holds", "it") if len(copies) == 1 else ("Each holds", "them")
    removal = " ".join(shlex.quote(str(copy.path)) for copy in copies)
    return Check(
        topic=TOPIC,
        status=Status.WARN,
        finding=f"{kept} of the database kept by `restore --force`: {listed}. {holds} "
        "every customer's personal data as it was at that restore",
        action="Once the restored database is confirmed good (`custinfo doctor`, `custinfo "
        f"audit verify`) and what the restore undid is done again, delete {them} as you "
        f"would an old backup ({DOCS}): rm {removal}",
    )
