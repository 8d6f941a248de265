"""The copies `restore --force` keeps beside the database, as `custinfo doctor` lists them
(docs/backups.md, "The database a restore replaces")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.replaced_copies import ReplacedCopy, replaced_copies_check
from custinfo_tui.domain.security_review import Status
from custinfo_tui.repository.backup import keep_replaced, replaced_copies


def test_each_copy_is_found_by_its_name_with_when_it_was_replaced_oldest_first(
    tmp_path: Path,
) -> None:
    database = tmp_path / "custinfo.db"
    database.write_bytes(b"x" * 2048)
    later = keep_replaced(database, at=datetime(2026, 12, 5, 10, 12, tzinfo=UTC))
    again = keep_replaced(database, at=datetime(2026, 12, 5, 10, 12, tzinfo=UTC))  # ...-2
    earlier = keep_replaced(database, at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    renamed = tmp_path / "custinfo.db.replaced-before-the-move"
    renamed.write_bytes(b"y")
    for left_beside in ("-wal", "-shm", "-journal"):  # SQLite's, opening a copy
        (tmp_path / f"{earlier.name}{left_beside}").write_bytes(b"")
    (tmp_path / "other.db.replaced-20261201-090000").write_bytes(b"")  # not this database's

    copies = replaced_copies(database)

    assert [copy.path for copy in copies] == [renamed, earlier, later, again]
    assert copies[1].replaced_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert copies[3].replaced_at == datetime(2026, 12, 5, 10, 12, tzinfo=UTC)
    assert (copies[0].replaced_at, copies[0].size, copies[1].size) == (None, 1, 2048)


def test_none_kept_is_ok_and_those_kept_warn_with_the_command_to_delete_them() -> None:
    first = ReplacedCopy(
        Path("/srv/custinfo/custinfo.db.replaced-20261201-090000"),
        datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        413_696,
    )
    moved = ReplacedCopy(Path("/srv/custinfo/custinfo.db.replaced-old copy"), None, 1024)

    assert replaced_copies_check([]).status is Status.OK
    check = replaced_copies_check([first, moved])

    assert check.status is Status.WARN
    assert check.finding == (
        "2 copies of the database kept by `restore --force`: "
        "custinfo.db.replaced-20261201-090000 (replaced 2026-12-01 09:00 UTC, 413,696 bytes); "
        "custinfo.db.replaced-old copy (1,024 bytes). Each holds every customer's personal "
        "data as it was at that restore"
    )
    assert check.action.endswith(
        'delete them as you would an old backup (docs/backups.md, "The database a restore '
        'replaces"): rm /srv/custinfo/custinfo.db.replaced-20261201-090000 '
        "'/srv/custinfo/custinfo.db.replaced-old copy'"
    )
