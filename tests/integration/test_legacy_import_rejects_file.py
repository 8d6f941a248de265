"""The legacy import's rejects file: a new import writes over no file, and a resumed one
cuts back and appends to nothing but the rejects file the interrupted run wrote."""

from __future__ import annotations

import csv
import errno
import hashlib
import os
from pathlib import Path
from typing import IO, Any

import pytest

from custinfo_tui.services import legacy_import_rejects
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import import (
    ImportProgress,
    LoadedMapping,
    import_customers,
    load_mapping,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

MAPPING = """\
date_formats = ["%d/%m/%Y"]
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
phone = "Phone"
"""
NOTES = b"".join(b"line %d of notes, nothing to do with any import\n" % n for n in range(5_000))


def _mapping(tmp_path: Path) -> LoadedMapping:
    path = tmp_path / "legacy.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return load_mapping(path)


def _legacy_file(tmp_path: Path, rows: int = 9) -> Path:
    """`rows` fictitious customers; rows 4, 7, 10... (as a spreadsheet numbers them) with a
    date that does not exist."""
    path = tmp_path / "legacy.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First", "Last", "Born", "Phone"])
        for n in range(rows):
            born = "30/02/1970" if n % 3 == 2 else f"{1 + n}/06/1970"
            family = f"Rejectsfile{chr(97 + n // 26)}{chr(97 + n % 26)}"
            writer.writerow(["Robin", family, born, f"07700 900{n:03d}"])
    return path


def _interrupted(
    uow_factory: UnitOfWorkFactory,
    source: Path,
    mapping: LoadedMapping,
    rejects: Path,
    batches: int = 2,
) -> None:
    """The import of `source` stopped (Ctrl+C) after `batches` batches of two rows: after
    two, row 4 is refused and listed."""
    stored = 0

    def interrupt(progress: ImportProgress) -> None:
        nonlocal stored
        stored += 1
        if stored == batches:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2, progress=interrupt)


def _no_run_recorded(uow_factory: UnitOfWorkFactory, source: Path, mapping: LoadedMapping) -> bool:
    file_sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    with uow_factory() as uow:
        return uow.legacy_import.runs_of_file(file_sha256) == []


def _refused_rows(rejects: Path) -> list[str]:
    with rejects.open(encoding="utf-8", newline="") as file:
        return [line[0] for line in list(csv.reader(file))[1:]]


@pytest.mark.parametrize("named", ["the file", "the mapping", "a link to the file"])
def test_a_rejects_path_naming_the_imported_file_or_its_mapping_is_refused_and_both_kept(
    uow_factory: UnitOfWorkFactory, tmp_path: Path, named: str
) -> None:
    """Found trying the import: `--rejects self.csv` for `import self.csv` emptied the file
    being imported, leaving only `row,field,reason`, then said its header lacked a column."""
    source, mapping = _legacy_file(tmp_path), _mapping(tmp_path)
    mapping_file = tmp_path / "legacy.toml"
    rejects = {"the file": source, "the mapping": mapping_file}.get(named, tmp_path / "link.csv")
    if named == "a link to the file":
        os.symlink(source, rejects)
    before = source.read_bytes(), mapping_file.read_bytes()

    with pytest.raises(ServiceError, match="listing the refused rows there would wipe it"):
        import_customers(uow_factory, source, mapping, rejects)

    assert (source.read_bytes(), mapping_file.read_bytes()) == before
    assert _no_run_recorded(uow_factory, source, mapping)


def test_a_new_import_writes_over_no_file_already_at_the_rejects_path(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: `--rejects important.toml` replaced that file, and an older
    `FILE.rejects.csv` (the same file imported into another database) was overwritten."""
    source, mapping = _legacy_file(tmp_path), _mapping(tmp_path)
    older = tmp_path / "legacy.rejects.csv"
    older.write_bytes(b"row,field,reason\r\n3,date_of_birth,That date does not exist.\r\n")

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, older)

    assert str(refused.value) == (
        f"the rejects file {older} already exists, and a new import writes over no file: "
        "name another with --rejects, or move that one away."
    )
    assert older.read_bytes().endswith(b"That date does not exist.\r\n")
    assert _no_run_recorded(uow_factory, source, mapping)
    report = import_customers(uow_factory, source, mapping, tmp_path / "new.rejects.csv")
    assert (report.accepted, report.rejected) == (6, 3)


def test_a_resumed_import_refuses_another_rejects_file_and_cuts_nothing(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: resumed with `--rejects notes.txt`, the import cut an
    unrelated 5,000-line file to the checkpoint's length and appended to it, and the rows
    refused before the interruption stayed in the first rejects file."""
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    _interrupted(uow_factory, source, mapping, rejects)
    notes = tmp_path / "notes.txt"
    notes.write_bytes(NOTES)

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, notes, batch_rows=2)

    assert str(refused.value) == (
        f"{notes} is not the rejects file this interrupted import was writing: that is "
        f"{rejects.resolve()}. Continue with --rejects {rejects.resolve()} (put the file back "
        "there if it was moved)."
    )
    assert notes.read_bytes() == NOTES
    report = import_customers(uow_factory, source, mapping, rejects, batch_rows=2)
    assert (report.resumed_after, report.read, report.rejected) == (4, 9, 3)
    assert _refused_rows(rejects) == ["4", "7", "10"]  # every refusal in the one file


def test_a_resumed_import_refuses_its_rejects_file_replaced_by_another_and_cuts_nothing(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    _interrupted(uow_factory, source, mapping, rejects)
    rejects.write_bytes(NOTES)  # something else now at the recorded path

    with pytest.raises(ServiceError, match="does not begin with the refusals the interrupted"):
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2)

    assert rejects.read_bytes() == NOTES


def test_a_run_interrupted_before_checkpoints_named_the_file_resumes_only_with_its_own(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """A run begun before migration 0027 has no path or hash: the file must read as a rejects
    file listing exactly the rows its checkpoint counts as refused."""
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    _interrupted(uow_factory, source, mapping, rejects)
    with uow_factory() as uow:
        [run] = uow.legacy_import.runs_of_file(hashlib.sha256(source.read_bytes()).hexdigest())
        run.rejects_path = run.rejects_sha256 = None
        uow.commit()
    notes = tmp_path / "notes.txt"
    notes.write_bytes(NOTES)

    with pytest.raises(ServiceError, match="does not begin with the refusals"):
        import_customers(uow_factory, source, mapping, notes, batch_rows=2)

    assert notes.read_bytes() == NOTES
    report = import_customers(uow_factory, source, mapping, rejects, batch_rows=2)
    assert (report.read, report.rejected) == (9, 3)
    assert _refused_rows(rejects) == ["4", "7", "10"]


def test_a_resumed_import_whose_rejects_file_is_gone_starts_it_again_only_if_it_was_empty(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    _interrupted(uow_factory, source, mapping, rejects, batches=1)  # nothing refused yet
    rejects.unlink()
    _interrupted(uow_factory, source, mapping, rejects, batches=1)  # row 4 refused now
    rejects.unlink()

    with pytest.raises(ServiceError, match=r"r\.csv is missing; the interrupted import listed 1"):
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2)

    assert not rejects.exists()


@pytest.mark.parametrize(
    ("error", "reason"),
    [(errno.EACCES, "permission denied"), (errno.EROFS, "it is on a read-only file system")],
)
def test_a_rejects_file_its_folder_will_not_take_is_said_before_anything_is_stored(
    uow_factory: UnitOfWorkFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    reason: str,
) -> None:
    """Found trying the import: a CSV in a read-only folder, its rejects file beside it by
    default, ended in "custinfo: internal error" (PermissionError in open_private). The
    tests run as root, whom a folder's permissions do not stop: the system's refusal is
    played."""
    source, mapping = _legacy_file(tmp_path), _mapping(tmp_path)
    rejects = tmp_path / "legacy.rejects.csv"  # the default, beside the file
    _refuse_files_in(tmp_path, error, monkeypatch)

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, rejects)

    assert str(refused.value) == (
        f"the rejects file legacy.rejects.csv cannot be written in the folder {tmp_path}: "
        f"{reason}. Nothing was imported; name a file in another folder with --rejects."
    )
    assert _no_run_recorded(uow_factory, source, mapping)
    with uow_factory() as uow:
        assert uow.customers.count() == 0
    monkeypatch.undo()
    elsewhere = tmp_path / "writable" / "legacy.rejects.csv"
    elsewhere.parent.mkdir()
    report = import_customers(uow_factory, source, mapping, elsewhere)
    assert (report.accepted, report.rejected) == (6, 3)


def test_a_resumed_imports_rejects_file_it_may_no_longer_write_is_said_and_nothing_cut(
    uow_factory: UnitOfWorkFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    _interrupted(uow_factory, source, mapping, rejects, batches=3)  # row 4 refused, then 2 more
    before = rejects.read_bytes()
    _refuse_files_in(tmp_path, errno.EACCES, monkeypatch)

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2)

    assert str(refused.value) == (
        f"the rejects file r.csv cannot be written in the folder {tmp_path}: permission "
        "denied. Nothing was cut or imported; the interrupted import goes on with the "
        "rejects file it began, so make that file writable again (or its folder) to continue."
    )
    assert rejects.read_bytes() == before
    monkeypatch.undo()
    report = import_customers(uow_factory, source, mapping, rejects, batch_rows=2)
    assert (report.read, report.rejected) == (9, 3)
    assert _refused_rows(rejects) == ["4", "7", "10"]


def test_a_disk_filling_while_refusals_are_listed_stops_the_import_resumably(
    uow_factory: UnitOfWorkFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, mapping, rejects = _legacy_file(tmp_path), _mapping(tmp_path), tmp_path / "r.csv"
    synced = 0
    fsync = os.fsync

    def full_at_the_second_refusal(descriptor: int) -> None:
        nonlocal synced
        synced += 1
        if synced == 3:  # the header, row 4's refusal, then row 7's
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", full_at_the_second_refusal)
    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2)
    monkeypatch.undo()

    assert str(refused.value) == (
        f"the rejects file {rejects} cannot be written: the disk is full. Every batch stored "
        "before this one is kept; once that is put right, run the same command again to "
        "continue."
    )
    report = import_customers(uow_factory, source, mapping, rejects, batch_rows=2)
    assert (report.resumed_after, report.read, report.rejected) == (4, 9, 3)
    assert _refused_rows(rejects) == ["4", "7", "10"]


def _refuse_files_in(folder: Path, error: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a file for writing in `folder` fails with `error`, as the system refuses it."""
    opened = legacy_import_rejects.open_private

    def refused(path: Path, mode: str = "w") -> IO[Any]:
        if Path(path).parent == folder:
            raise OSError(error, os.strerror(error), str(path))
        return opened(path, mode)

    monkeypatch.setattr(legacy_import_rejects, "open_private", refused)


def test_the_rejects_file_holds_no_escape_sequence_from_the_mapping_words_it_repeats(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """A refusal can quote the mapping (its date formats): a control sequence typed there
    reaches the rejects file, which is read with `cat` or a spreadsheet, shown (␛)."""
    path = tmp_path / "legacy.toml"
    path.write_text(
        MAPPING.replace('"%d/%m/%Y"', '"%d/%m/%Y\\u001b]8;;https://example.com/\\u001b\\\\"'),
        encoding="utf-8",
    )
    source = tmp_path / "legacy.csv"
    source.write_text("First,Last,Born,Phone\nRobin,Escapes,1970-06-01,07700 900001\n", "utf-8")
    rejects = tmp_path / "legacy.rejects.csv"

    report = import_customers(uow_factory, source, load_mapping(path), rejects)

    assert report.rejected == 1
    written = rejects.read_text(encoding="utf-8")
    assert "(%d/%m/%Y␛]8;;https://example.com/␛\\)" in written
    assert "\x1b" not in written
    assert not {ch for ch in written if ch < " "} - {"\r", "\n"}  # the lines' own ends
