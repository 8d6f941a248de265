"""The events of a record merged into another, as the kept record reads them (MP-13).

The stream is append-only, so a merged record's events stay filed under it, and the kept
record's timeline and the person's pack read them with its own. Read there unnamed, two
records' events look the same: a comparison before the merge opens both records with one
reason, and read "Record opened" twice. So each event of a merged record names it, in the
words the pack uses for what moved with a merge: "Record opened (1293 4020 Q, merged into
this record)".
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.moved_by_merge import MadeAbout, made_about
from custinfo_tui.domain.events import AuditAction

#: Events of a merged record whose words name it already ("1293 4020 Q merged into 1001
#: 2345 P"): naming it again would say it twice.
_NAMING_THE_MERGED_RECORD = frozenset({AuditAction.CUSTOMER_MERGED_INTO})


def filed_under(what: str, action: AuditAction, merged: str | None) -> str:
    """An event's line (`timeline.describe`), naming the record merged into this one it is
    filed under, `merged` (its reference); as it is when filed under this record (None)."""
    if merged is None or action in _NAMING_THE_MERGED_RECORD:
        return what
    return f"{what} ({made_about(MadeAbout(merged=merged))})"
