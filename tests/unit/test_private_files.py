"""Files the console writes are its owner's only (folders 0700, files 0600), whatever the umask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from custinfo_tui.private_files import (
    create_private_file,
    make_private,
    open_private,
    permission_bits,
    private_dir,
)
from tests.support.files import mode_of, umask_set_to


@pytest.fixture(params=[0o022, 0o000, 0o277], ids=["umask-022", "umask-000", "umask-277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """A permissive umask (or an odd one) for the test; the old one is put back after."""
    with umask_set_to(request.param):
        yield request.param


def test_a_new_folder_is_its_owners_only_however_permissive_the_umask(
    tmp_path: Path, umask: int
) -> None:
    folder = private_dir(tmp_path / "share" / "custinfo-tui")

    assert mode_of(folder) == 0o700


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    folder.chmod(0o755)

    private_dir(folder)

    assert mode_of(folder) == 0o755


@pytest.mark.parametrize("mode", ["w", "a", "x", "wb", "ab", "w+"])
def test_a_file_opened_private_is_created_0600(tmp_path: Path, umask: int, mode: str) -> None:
    path = tmp_path / "export.csv"
    with open_private(path, mode) as file:
        file.write(b"ref\n" if "b" in mode else "ref\n")

    assert mode_of(path) == 0o600
    assert path.read_text() == "ref\n"


def test_an_existing_file_others_could_read_is_made_private_before_writing(
    tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "rejects.csv"
    path.write_text("old\n")
    path.chmod(0o644)

    with open_private(path, "a", encoding="utf-8") as file:
        file.write("new\n")

    assert mode_of(path) == 0o600
    assert path.read_text() == "old\nnew\n"


def test_open_private_is_for_writing_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="for writing"):
        open_private(tmp_path / "x", "r")


def test_create_private_file_creates_an_empty_0600_file_once(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "custinfo.db"

    assert create_private_file(path) is True
    assert mode_of(path) == 0o600 and path.read_bytes() == b""

    path.write_bytes(b"data")
    path.chmod(0o640)
    assert create_private_file(path) is False
    assert path.read_bytes() == b"data" and mode_of(path) == 0o640


@pytest.mark.parametrize(
    ("before", "after"), [(0o644, 0o600), (0o664, 0o600), (0o600, 0o600), (0o400, 0o400)]
)
def test_make_private_takes_off_only_the_group_and_other_permissions(
    tmp_path: Path, before: int, after: int
) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(b"")
    path.chmod(before)

    assert make_private(path) is (before != after)
    assert mode_of(path) == after


def test_make_private_closes_a_folder_and_ignores_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    folder.chmod(0o755)

    assert make_private(folder) is True
    assert mode_of(folder) == 0o700
    assert make_private(tmp_path / "demo.db-wal") is False


def test_permission_bits_of_a_missing_file_are_none(tmp_path: Path) -> None:
    assert permission_bits(tmp_path / "nothing") is None
    (tmp_path / "here").write_bytes(b"")
    (tmp_path / "here").chmod(0o640)
    assert permission_bits(tmp_path / "here") == 0o640
