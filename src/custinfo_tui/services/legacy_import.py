"""Importing customers from a legacy system's CSV file (`custinfo import`, docs/import.md).

The file is read once, in order. Rows go in chunks to a process pool, where each is checked
with the console's own validators (domain/legacy_import.py); the main process stores the
accepted ones in batches, each batch in its own transaction (services/legacy_import_batch.py)
together with the run's checkpoint (`legacy_imports`, how many rows are done). The refused
rows go to the rejects file (row, field, reason: never a value), written and synced before
the batch's transaction commits; the checkpoint records the file's length (and its path and
hash: services/legacy_import_rejects.py), and a resumed run cuts it back to that length. So
an import killed at any point and run again stores every row once and lists every refusal
once: read = accepted + rejected.

Once every row is stored, one last transaction looks for possible duplicates among them and
finishes the run. A first import into an empty SQLite database sets the customers' search
indexes aside while it stores and builds them at the end: those the duplicate search reads
just before that transaction, the others in it (a console started meanwhile builds them
first: composition.py).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from custinfo_tui.domain.legacy_import import (
    CheckedRow,
    ImportedPerson,
    ImportMapping,
    Refusal,
    column_positions,
)
from custinfo_tui.repository.orm import LegacyImportRow
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import_batch import Batch, RunTotals, finish_run, store_batch
from custinfo_tui.services.legacy_import_checking import Checker
from custinfo_tui.services.legacy_import_rejects import (
    RejectsFile,
    create_rejects,
    default_rejects_path,
    refuse_unusable,
    reopen_rejects,
)
from custinfo_tui.services.scenarios import key_lines
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: Rows stored per transaction: big enough for executemany to pay, small enough that an
#: interruption loses little work and memory stays flat.
BATCH_ROWS = 10_000


class MappingError(ServiceError):
    """A mapping file that cannot be used: the file, the line (when known) and the key."""

    def __init__(self, file: str, problem: str, *, line: int | None = None, key: str = "") -> None:
        where = ", ".join(part for part in (file, f"line {line}" if line else "", key) if part)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class LoadedMapping:
    mapping: ImportMapping
    #: SHA-256 of the mapping file: a run resumes only with the very same mapping.
    sha256: str
    #: The mapping file, which the rejects file must not be.
    path: Path


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has got, for the progress bar."""

    rows: int  # data rows read, this run and earlier ones
    rows_this_run: int  # for the rate
    bytes_done: int  # of the file, this run (the bar's fraction and time left)
    bytes_total: int
    accepted: int
    rejected: int
    #: Every row is stored; the last step (indexes, possible duplicates) is under way.
    finishing: bool = False


@dataclass(frozen=True)
class ImportReport:
    file_name: str
    read: int
    accepted: int
    rejected: int
    flagged: int
    #: Rows an earlier, interrupted run had already done (0 for a fresh import).
    resumed_after: int
    rejects_file: Path


def load_mapping(path: Path) -> LoadedMapping:
    """The mapping in a TOML file; MappingError names the file, line and key at fault."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ServiceError(f"{path}: cannot read the mapping ({error.strerror}).") from None
    text = data.decode("utf-8", errors="replace")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(path.name, f"not valid TOML: {error}") from None
    try:
        mapping = ImportMapping.model_validate(raw)
    except ValidationError as error:
        # A misspelt key is the mistake to name, not the key it then seems to lack.
        first = min(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
        loc = tuple(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = (
                "not a key a mapping may have "
                "(columns, date_formats, encoding, delimiter, required)"
            )
        if ": " in message and len(loc) <= 1:  # the model's own checks name the key first
            named, message = message.split(": ", 1)
            loc = (*loc, named)
        lines = key_lines(text)
        found = (lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in lines)
        line = next(found, None)
        raise MappingError(path.name, message, line=line, key=".".join(loc)) from None
    return LoadedMapping(mapping, hashlib.sha256(data).hexdigest(), path)


@contextmanager
def _young_garbage_only() -> Iterator[None]:
    """Automatic garbage collection off while importing. The rows in flight and the checks
    remembered are many long-lived objects without cycles, which Python's automatic full
    collections would walk again and again (a fifth of the importing process's time); each
    tenth batch collects the young generations instead (`_store`), where the transactions'
    few cycles are."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_young_garbage_only()
def import_customers(
    uow_factory: UnitOfWorkFactory,
    source: Path,
    mapping: LoadedMapping,
    rejects: Path,
    *,
    workers: int = 0,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[ImportProgress], None] | None = None,
) -> ImportReport:
    """Import the customers of a legacy CSV file, or continue an interrupted import of it.

    `workers` processes check the rows (0: this process does, for small files and tests).
    Refuses (ServiceError, storing and writing nothing) a file already imported with this
    mapping, a header without a mapped column, or a rejects path it may not write: the file
    itself or the mapping, an existing file for a new import, or for a resumed one any file
    but the interrupted run's own rejects file as it left it (legacy_import_rejects).
    """
    file_sha256 = _sha256_of(source)
    _header_of(source, mapping)  # a file the mapping cannot read: refused before anything
    refuse_unusable(rejects, source=source, mapping=mapping.path)
    run_id, totals, rejects_out = _begin(uow_factory, source, file_sha256, mapping, rejects)
    resumed_after = totals.rows_read
    with rejects_out, source.open("rb") as raw:
        counter = _CountingReader(raw)
        reader = csv.reader(
            io.TextIOWrapper(
                io.BufferedReader(counter),
                encoding=mapping.mapping.encoding,
                errors="surrogateescape",
                newline="",
            ),
            delimiter=mapping.mapping.delimiter,
        )
        header = [cell.removeprefix("\ufeff") for cell in next(reader, [])]
        positions = _positions(source, mapping, header)
        rows = islice(enumerate(reader, start=1), resumed_after, None)
        total_bytes = source.stat().st_size
        checker = Checker(mapping.mapping, positions, len(header), workers, batch_rows)
        try:
            pending: list[CheckedRow] = []
            for checked in checker.check(rows):
                pending += checked
                while len(pending) >= batch_rows:
                    batch, pending = pending[:batch_rows], pending[batch_rows:]
                    _store(uow_factory, run_id, totals, batch, rejects_out)
                    if progress:
                        progress(_progress(totals, resumed_after, counter.count, total_bytes))
            _store(uow_factory, run_id, totals, pending, rejects_out)
        finally:
            checker.close()
        if progress:
            done = _progress(totals, resumed_after, total_bytes, total_bytes)
            progress(done)
            progress(replace(done, finishing=True))
        finish_run(uow_factory, run_id, totals, source.name, datetime.now(UTC))
    return ImportReport(
        file_name=source.name,
        read=totals.rows_read,
        accepted=totals.accepted,
        rejected=totals.rejected,
        flagged=totals.flagged,
        resumed_after=resumed_after,
        rejects_file=rejects,
    )


def _begin(
    uow_factory: UnitOfWorkFactory,
    source: Path,
    file_sha256: str,
    mapping: LoadedMapping,
    rejects: Path,
) -> tuple[int, RunTotals, RejectsFile]:
    """Record a new run and create its rejects file, or take up an interrupted run and its
    own rejects file cut back to the checkpoint: the run's id, totals and rejects file.
    ServiceError, before anything is written, for a file already imported with this
    mapping, or a rejects file that is not one the run may write (legacy_import_rejects)."""
    now = datetime.now(UTC)
    opened: RejectsFile | None = None
    created = False
    try:
        with uow_factory() as uow:
            run = uow.legacy_import.latest_run(file_sha256, mapping.sha256)
            if run is not None and run.finished_at is not None:
                raise ServiceError(
                    f"{source.name} was imported with this mapping on "
                    f"{run.finished_at:%d %b %Y} ({run.accepted:,} accepted, "
                    f"{run.rejected:,} rejected); importing it again would add every "
                    "customer twice."
                )
            if run is None:
                # Created before the run is recorded: a run on record always has its file.
                rejects_out = opened = create_rejects(rejects)
                created = True
                run = uow.legacy_import.add_run(
                    LegacyImportRow(
                        file_name=source.name[:255],
                        file_sha256=file_sha256,
                        mapping_sha256=mapping.sha256,
                        rows_read=0,
                        accepted=0,
                        rejected=0,
                        flagged=0,
                        rejects_bytes=rejects_out.length,
                        rejects_path=str(rejects.resolve()),
                        rejects_sha256=rejects_out.sha256,
                        started_at=now,
                        updated_at=now,
                    )
                )
            else:
                rejects_out = opened = reopen_rejects(rejects, run)
                run.rejects_path = str(rejects.resolve())  # a run begun before 0027 named none
            totals = RunTotals(
                run.rows_read, run.accepted, run.rejected, run.flagged, rejects_out.length
            )
            if uow.customers.count() == run.accepted:
                # A first import: every customer stored is this run's (none yet, for a fresh
                # run), so nobody can be searching for one while the indexes are set aside.
                uow.legacy_import.set_indexes_aside()
            uow.commit()
            return run.id, totals, rejects_out
    except BaseException:
        if opened is not None:
            opened.close()
        if created:  # the run was not recorded: the file made for it goes too
            rejects.unlink(missing_ok=True)
        raise


def _store(
    uow_factory: UnitOfWorkFactory,
    run_id: int,
    totals: RunTotals,
    checked: Sequence[CheckedRow],
    rejects_out: RejectsFile,
) -> None:
    """Write the batch's refusals (synced), then store its people with the checkpoint."""
    people: list[tuple[int, ImportedPerson]] = []
    lines = io.StringIO()
    writer = csv.writer(lines)
    rejected = 0
    for row_number, result in checked:
        if isinstance(result, ImportedPerson):
            people.append((row_number, result))
        else:
            rejected += 1
            for refusal in result:
                # The spreadsheet's row number: the header is row 1.
                writer.writerow([row_number + 1, refusal.field, refusal.reason])
    if rejected:
        rejects_out.append(lines.getvalue().encode("utf-8"))
    last_row = checked[-1][0] if checked else totals.rows_read
    batch = Batch(people, rejected, last_row, rejects_out.length, rejects_out.sha256)
    store_batch(uow_factory(), run_id, totals, batch, datetime.now(UTC))
    totals.batches_stored += 1
    if totals.batches_stored % 10 == 0:
        gc.collect(1)  # the few cycles ten transactions leave (_young_garbage_only)


def _progress(totals: RunTotals, resumed_after: int, done: int, total: int) -> ImportProgress:
    return ImportProgress(
        rows=totals.rows_read,
        rows_this_run=totals.rows_read - resumed_after,
        bytes_done=done,
        bytes_total=total,
        accepted=totals.accepted,
        rejected=totals.rejected,
    )


def _header_of(source: Path, mapping: LoadedMapping) -> None:
    """Read the file's header and check every mapped column is in it (ServiceError if not),
    before the import is recorded or its rejects file written: a file the mapping does not
    fit leaves nothing behind."""
    with source.open(
        encoding=mapping.mapping.encoding, errors="surrogateescape", newline=""
    ) as text:
        row = next(csv.reader(text, delimiter=mapping.mapping.delimiter), [])
    header = [cell.removeprefix("\ufeff") for cell in row]
    if not any(cell.strip() for cell in header):
        raise ServiceError(f"{source.name} is empty: there is no header line to read.")
    _positions(source, mapping, header)


def _positions(source: Path, mapping: LoadedMapping, header: list[str]) -> dict[str, int]:
    """Where each mapped column is in `header`; ServiceError naming the one missing."""
    try:
        return column_positions(mapping.mapping, header)
    except KeyError as missing:
        key = missing.args[0]
        raise ServiceError(
            f"{source.name}: the header has no column {mapping.mapping.columns[key]!r} "
            f"(the mapping's columns.{key})."
        ) from None


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while block := file.read(1 << 20):
                digest.update(block)
    except OSError as error:
        raise ServiceError(f"{path}: cannot read the file ({error.strerror}).") from None
    return digest.hexdigest()


class _CountingReader(io.RawIOBase):
    """The file's bytes, counted as they are read: how far the progress bar has got."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


__all__ = [
    "ImportMapping",
    "ImportProgress",
    "ImportReport",
    "LoadedMapping",
    "MappingError",
    "Refusal",
    "default_rejects_path",
    "import_customers",
    "load_mapping",
]
