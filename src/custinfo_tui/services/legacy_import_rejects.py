"""A legacy import's rejects file (docs/import.md, "The rejects file"): where one may be
written, created for a new import, and reopened for a resumed one only once it is proved to
be the file the interrupted run wrote.

The rejects path is an ordinary file name the administrator types, so a slip there must not
cost a file. A new import never writes over anything: a rejects path that is the file being
imported, or its mapping, or any file already there (an older import's refusals, notes...)
is refused before anything is opened for writing. A resumed import cuts its rejects file
back to the checkpoint's length before appending, so it does that only to its own file: the
checkpoint names the file (its absolute path) and holds the SHA-256 of its first
`rejects_bytes` bytes, and a file at another path, or one that no longer begins with what
the run wrote, is refused with nothing cut.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from custinfo_tui.private_files import missing_folder, open_private, unwritable_reason
from custinfo_tui.services.closed_on_exit import ClosedOnExit
from custinfo_tui.services.errors import ServiceError

if TYPE_CHECKING:
    from hashlib import _Hash

    from custinfo_tui.repository.orm import LegacyImportRow

REJECTS_HEADER = b"row,field,reason\r\n"


def default_rejects_path(source: Path) -> Path:
    """Where the refused rows go without --rejects: FILE.rejects.csv beside the file."""
    return source.with_name(f"{source.stem}.rejects.csv")


def refuse_unusable(rejects: Path, *, source: Path, mapping: Path) -> None:
    """ServiceError if no import could list its refusals at `rejects`, whatever its
    checkpoint says: the file being imported or its mapping (writing the rejects there
    would wipe it), a folder, or a path in no folder."""
    for other, what in ((source, "the file being imported"), (mapping, "the mapping")):
        if _same_file(rejects, other):
            raise ServiceError(
                f"the rejects file {rejects} is {what}: listing the refused rows there would "
                "wipe it. Name another file with --rejects."
            )
    if rejects.is_dir():
        raise ServiceError(f"the rejects file {rejects} is a folder: add a file name to it.")
    if not rejects.parent.is_dir():
        raise ServiceError(
            f"the rejects file {rejects}: "
            + missing_folder(rejects.parent, "name another file with --rejects")
        )


class RejectsFile(ClosedOnExit):
    """The rejects file open for appending, with the SHA-256 of everything in it: its
    length and hash are what a checkpoint records."""

    def __init__(self, path: Path, file: IO[bytes], digest: _Hash) -> None:
        self._path = path
        self._file = file
        self._digest = digest

    def append(self, lines: bytes) -> None:
        """Add lines and sync them to disk (before the batch's transaction commits).
        ServiceError if they cannot be written (a full disk): the batch is not stored,
        and the next run cuts the file back to the last checkpoint."""
        try:
            self._file.write(lines)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as error:
            raise ServiceError(
                f"the rejects file {self._path} cannot be written: {unwritable_reason(error)}. "
                "Every batch stored before this one is kept; once that is put right, run the "
                "same command again to continue."
            ) from None
        self._digest.update(lines)

    @property
    def length(self) -> int:
        return self._file.tell()

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def close(self) -> None:
        self._file.close()


def create_rejects(path: Path) -> RejectsFile:
    """A new rejects file (0600) holding its header, synced. ServiceError if anything is at
    `path` already: a new import writes over no file."""
    try:
        file = open_private(path, "xb")
    except FileExistsError:
        raise ServiceError(
            f"the rejects file {path} already exists, and a new import writes over no file: "
            "name another with --rejects, or move that one away."
        ) from None
    except OSError as error:
        raise _not_writable(path, error, "Nothing was imported; name a file in another "
                            "folder with --rejects.") from None  # fmt: skip
    rejects = RejectsFile(path, file, hashlib.sha256())
    try:
        rejects.append(REJECTS_HEADER)
    except BaseException:
        rejects.close()
        raise
    return rejects


def remove_if_empty(path: Path) -> bool:
    """Remove a finished import's rejects file if it lists no refusal (it holds only its
    header): whether it was removed. A file changed since is left alone."""
    try:
        with path.open("rb") as file:
            if file.read(len(REJECTS_HEADER) + 1) != REJECTS_HEADER:
                return False
        path.unlink()
    except OSError:
        return False
    return True


def reopen_rejects(path: Path, run: LegacyImportRow) -> RejectsFile:
    """The interrupted run's rejects file, cut back to the checkpoint's length and open for
    appending. ServiceError, with nothing cut or written, if `path` is not the file the run
    recorded, or no longer begins with what the run wrote there."""
    recorded = Path(run.rejects_path) if run.rejects_path else None
    if recorded is not None and not _same_file(path, recorded):
        raise ServiceError(
            f"{path} is not the rejects file this interrupted import was writing: that is "
            f"{recorded}. Continue with --rejects {recorded} (put the file back there if it "
            "was moved)."
        )
    if recorded is None and run.rejects_bytes == 0:
        return create_rejects(path)  # begun before checkpoints named the file; none written
    try:
        with path.open("rb") as file:
            prefix = file.read(run.rejects_bytes)
    except PermissionError as error:
        raise _not_writable(path, error, _PUT_RIGHT) from None
    except FileNotFoundError:
        if run.rejected == 0 and run.rejects_bytes <= len(REJECTS_HEADER):
            return create_rejects(path)  # it listed no refusal yet: nothing is lost
        raise ServiceError(
            f"{path} is missing; the interrupted import listed {run.rejected:,} refused rows "
            "in it. Put the rejects file back there to continue."
        ) from None
    if len(prefix) < run.rejects_bytes:
        raise ServiceError(
            f"{path} is shorter than the interrupted import left it; put its rejects file "
            "back there to continue."
        )
    if not _written_by(run, prefix):
        raise ServiceError(
            f"{path} does not begin with the refusals the interrupted import listed there: it "
            "is another file, or was changed since. Nothing was cut; put the import's own "
            "rejects file back there to continue."
        )
    try:
        appending: IO[bytes] = open_private(path, "ab")
    except OSError as error:
        raise _not_writable(path, error, _PUT_RIGHT) from None
    try:
        appending.truncate(run.rejects_bytes)
        appending.seek(run.rejects_bytes)  # truncating leaves the position past the end
    except BaseException:
        appending.close()
        raise
    return RejectsFile(path, appending, hashlib.sha256(prefix))


#: What to do when an interrupted import's own rejects file cannot be written: it must go
#: on with that file, so another cannot be named.
_PUT_RIGHT = (
    "Nothing was cut or imported; the interrupted import goes on with the rejects file it "
    "began, so make that file writable again (or its folder) to continue."
)


def _not_writable(path: Path, error: OSError, then: str) -> ServiceError:
    """Why the rejects file cannot be written at `path`, in words, as `custinfo backup`
    says it of a backup's folder (permission denied, a read-only file system, a full
    disk...), and `then`, what to do."""
    return ServiceError(
        f"the rejects file {path.name} cannot be written in the folder "
        f"{path.parent.absolute()}: {unwritable_reason(error)}. {then}"
    )


def _written_by(run: LegacyImportRow, prefix: bytes) -> bool:
    """Whether `prefix`, the file's first `rejects_bytes` bytes, is what the run wrote."""
    if run.rejects_sha256 is not None:
        return hashlib.sha256(prefix).hexdigest() == run.rejects_sha256
    # A run begun before its checkpoint held the hash (migration 0027): the prefix must read
    # as a rejects file listing exactly the rows the checkpoint counts as refused.
    if not prefix.startswith(REJECTS_HEADER) or not prefix.endswith(b"\n"):
        return False
    try:
        text = prefix[len(REJECTS_HEADER) :].decode("utf-8")
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error):
        return False
    if any(len(line) != 3 or not line[0].isdigit() for line in lines):
        return False
    return len({line[0] for line in lines}) == run.rejected


def _same_file(path: Path, other: Path) -> bool:
    """Whether two paths name one file: the same place, or a link to it."""
    if path.resolve() == other.resolve():
        return True
    try:
        return path.samefile(other)
    except OSError:
        return False
