"""What `custinfo restore` says of a PostgreSQL database it refuses to overwrite: the audit
events that database recorded that the dump lacks, in a sentence that reads right however
many there are."""

from __future__ import annotations

from custinfo_tui.commands.postgres_restore import recorded_since_the_dump


def test_the_events_the_dump_lacks_are_said_right_for_one_and_for_several() -> None:
    """Found by an administrator: "recorded 1 audit event the dump does not hold: a copy
    restored from it lacks them"."""
    assert recorded_since_the_dump(1) == (
        "This database recorded 1 audit event the dump does not hold, which a copy restored "
        "from it would lack (docs/backups.md)."
    )
    assert recorded_since_the_dump(1_204) == (
        "This database recorded 1,204 audit events the dump does not hold, which a copy "
        "restored from it would lack (docs/backups.md)."
    )
    assert recorded_since_the_dump(0) == (
        "This database recorded no audit event the dump does not hold: a copy restored from "
        "it lacks nothing (docs/backups.md)."
    )
