"""`custinfo restore` on PostgreSQL refuses the options that act on a SQLite restore only.

Found by an administrator restoring a dump by docs/backups.md: `--reapply-erasures` (which
`--help` called the default) and `--undo-erasures` were accepted and did nothing, since a
PostgreSQL restore erases nothing again by itself, and `--backup-key-file` likewise.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from custinfo_tui.cli import main


@pytest.mark.parametrize(
    ("option", "why"),
    [
        (["--reapply-erasures"], "a PostgreSQL restore erases nothing again by itself"),
        (["--undo-erasures"], "so there is nothing to undo or record as undone"),
        (["--backup-key-file", "old.key"], "a PostgreSQL dump has none"),
    ],
)
def test_a_sqlite_only_option_is_refused_on_postgresql_before_anything_is_done(
    option: list[str],
    why: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # No server answers here: refused before anything connects, or anything is restored.
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://owner@127.0.0.1:9/custinfo_new")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    dump = tmp_path / "custinfo.dump"
    dump.write_bytes(b"PGDMP")

    assert main(["restore", str(dump), *option]) == 1

    said = " ".join(capsys.readouterr().err.split())
    assert said.startswith(f"custinfo: {option[0]} applies to a SQLite restore only: ")
    assert why in said
    assert said.endswith("Nothing was changed; restore without it.")


def test_restore_help_says_which_options_are_for_sqlite_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["restore", "--help"])

    helped = " ".join(capsys.readouterr().out.split())
    assert "SQLite only: a PostgreSQL restore goes into an empty database, never over one" in helped
    assert "(the default on SQLite; a PostgreSQL restore lists them" in helped
    # Found by an administrator: `--as` was refused on PostgreSQL, and --help never said.
    assert (
        "without it, it is recorded under the system. SQLite only: a PostgreSQL restore is "
        "always recorded under the system" in helped
    )
