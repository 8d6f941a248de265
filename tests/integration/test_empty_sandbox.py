"""A training run's new sandbox is a copy of an empty one migrated once
(repository/empty_sandbox.py): at the newest migration, holding nothing, private; the
empty one is private too, holds no data, and is built again when it is missing."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import func, select

from custinfo_tui.composition import open_sandbox
from custinfo_tui.repository.migrate import head_revision
from custinfo_tui.repository.orm import AuditEventRow, NameIndexKey


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_each_new_sandbox_is_a_private_copy_of_one_empty_sandbox_at_the_newest_migration(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "training"
    for run in (1, 2):
        with open_sandbox(runs / f"run-{run}.sqlite") as sandbox, sandbox() as uow:
            session = uow.session  # type: ignore[attr-defined]
            assert session.scalar(select(func.count()).select_from(NameIndexKey)) == 0
            session.add(NameIndexKey(kind="given", key=f"run{run}", term=f"run{run}"))
            uow.commit()
    empty = runs / f".empty-sandbox-{head_revision()}.sqlite"
    assert sorted(path.name for path in runs.iterdir() if path.suffix == ".sqlite") == [
        empty.name,
        "run-1.sqlite",
        "run-2.sqlite",
    ]
    assert {_mode(path) for path in runs.iterdir()} == {0o600}
    with open_sandbox(empty) as copied_from, copied_from() as uow:
        session = uow.session  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(NameIndexKey)) == 0  # no run's
        assert session.scalar(select(func.count()).select_from(AuditEventRow)) == 0

    empty.unlink()
    with open_sandbox(runs / "run-3.sqlite") as sandbox, sandbox() as uow:
        session = uow.session  # type: ignore[attr-defined]
        assert session.scalar(select(func.count()).select_from(NameIndexKey)) == 0
    assert _mode(empty) == 0o600
    assert not [path for path in runs.iterdir() if path.name.endswith(".building")]
