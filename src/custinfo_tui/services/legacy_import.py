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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.legacy_import import (
    CheckedRow,
    ImportedPerson,
    ImportMapping,
    Refusal,
)
from custinfo_tui.domain.text import printable
from custinfo_tui.repository.orm import LegacyImportRow
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import_batch import Batch, RunTotals, finish_run, store_batch
from custinfo_tui.services.legacy_import_checking import Checker
from custinfo_tui.services.legacy_import_encoding import EncodingSniff, refuse_another_encoding
from custinfo_tui.services.legacy_import_header import mapped_positions
from custinfo_tui.services.legacy_import_mapping import LoadedMapping, MappingError, load_mapping
from custinfo_tui.services.legacy_import_reading import LegacyFile
from custinfo_tui.services.legacy_import_rejects import (
    RejectsFile,
    create_rejects,
    default_rejects_path,
    refuse_unusable,
    remove_if_empty,
    reopen_rejects,
)
from custinfo_tui.services.legacy_import_runs import Abandoned, abandon_unfinished, run_to_continue
from custinfo_tui.services.legacy_import_source import ReadPrefix
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: Rows stored per transaction: big enough for executemany to pay, small enough that an
#: interruption loses little work and memory stays flat.
BATCH_ROWS = 10_000


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has got, for the progress bar."""

    rows: int  # data rows stored, this run and earlier ones
    rows_this_run: int  # for the rate
    bytes_done: int  # of the file, up to the last row stored (the bar's fraction)
    bytes_total: int
    accepted: int
    rejected: int
    #: Every row is stored; the last step (indexes, possible duplicates) is under way.
    finishing: bool = False
    #: Of the file, what an earlier, interrupted run had done: not this run's work, so not
    #: counted in the time left.
    bytes_resumed: int = 0


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
    #: Empty lines before the header, skipped (the rows' numbers count them).
    empty_lines_before_header: int = 0
    #: Whether the rejects file is kept: one that lists no refusal is removed at the end.
    rejects_kept: bool = True
    #: An interrupted import continued with its file changed since (--continue-changed).
    file_changed: bool = False


@dataclass(frozen=True)
class _Begun:
    """The run an import stores into: its id, totals and rejects file, and whether it
    continues with its file changed since it stopped."""

    run_id: int
    totals: RunTotals
    rejects: RejectsFile
    file_changed: bool


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
    continue_changed: bool = False,
) -> ImportReport:
    """Import the customers of a legacy CSV file, or continue an interrupted import of it.

    `workers` processes check the rows (0: this process does, for small files and tests).
    Refuses (ServiceError, storing and writing nothing) a file already imported with this
    mapping, a header without a mapped column, or a rejects path it may not write: the file
    itself or the mapping, an existing file for a new import, or for a resumed one any file
    but the interrupted run's own rejects file as it left it (legacy_import_rejects). A file
    changed since an import of it stopped is refused too, unless `continue_changed` and
    the rows that import did read the same in it: then it goes on with the changed file
    (legacy_import_runs).
    """
    file_sha256 = _sha256_of(source, sniff := EncodingSniff())
    # A file the mapping cannot read is refused before anything is recorded or written.
    with LegacyFile(source, mapping.mapping) as legacy, ReadPrefix(source) as read:
        positions = mapped_positions(source, mapping.mapping, legacy.header)
        refuse_another_encoding(sniff, source, mapping.mapping.encoding)
        refuse_unusable(rejects, source=source, mapping=mapping.path)
        read.advance_to(legacy.line_at(0))  # the header: what a new run has read
        begun = _begin(
            uow_factory, source, file_sha256, mapping, rejects, legacy.header_row, read,
            continue_changed=continue_changed,
        )  # fmt: skip
        run_id, totals, rejects_out = begun.run_id, begun.totals, begun.rejects
        resumed_after = totals.rows_read
        with rejects_out:
            rows = legacy.rows(positions, skip=resumed_after)
            total_bytes = legacy.size
            checker = Checker(mapping.mapping, positions, len(legacy.header), workers, batch_rows)
            stored = _Storing(uow_factory, run_id, totals, rejects_out, source.name, legacy, read)
            try:
                pending: list[CheckedRow] = []
                for checked in checker.check(rows):
                    pending += checked
                    while len(pending) >= batch_rows:
                        batch, pending = pending[:batch_rows], pending[batch_rows:]
                        stored.store(batch)
                        if progress:
                            progress(_progress(totals, resumed_after, legacy, total_bytes))
                stored.store(pending)
            finally:
                checker.close()
            if progress:
                done = replace(
                    _progress(totals, resumed_after, legacy, total_bytes), bytes_done=total_bytes
                )
                progress(done)
                progress(replace(done, finishing=True))
        finish_run(uow_factory, run_id, totals, source.name, datetime.now(UTC))
        empty_lines = legacy.empty_lines_before_header
    kept = totals.rejected > 0 or not remove_if_empty(rejects)
    return ImportReport(
        file_name=source.name,
        read=totals.rows_read,
        accepted=totals.accepted,
        rejected=totals.rejected,
        flagged=totals.flagged,
        resumed_after=resumed_after,
        rejects_file=rejects,
        empty_lines_before_header=empty_lines,
        rejects_kept=kept,
        file_changed=begun.file_changed,
    )


def _begin(
    uow_factory: UnitOfWorkFactory,
    source: Path,
    file_sha256: str,
    mapping: LoadedMapping,
    rejects: Path,
    header_row: int,
    read: ReadPrefix,
    *,
    continue_changed: bool,
) -> _Begun:
    """Record a new run and create its rejects file, or take up an interrupted run and its
    own rejects file cut back to the checkpoint. ServiceError, before anything is written,
    for a file already imported, one partly imported with a mapping that reads it
    otherwise, one changed since an import of it stopped (legacy_import_runs), or a rejects
    file that is not one the run may write (legacy_import_rejects). `read` is what a new
    run has read of the file: its header."""
    now = datetime.now(UTC)
    opened: RejectsFile | None = None
    created = False
    try:
        with uow_factory() as uow:
            run, changed = run_to_continue(
                uow, source, file_sha256, mapping, header_row, continue_changed=continue_changed
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
                        source_bytes=read.length,
                        source_sha256=read.sha256,
                        started_at=now,
                        updated_at=now,
                    )
                )
            else:
                rejects_out = opened = reopen_rejects(rejects, run)
                run.rejects_path = str(rejects.resolve())  # a run begun before 0027 named none
                run.mapping_sha256 = mapping.sha256  # one begun before, by the file's bytes
            totals = RunTotals(
                run.rows_read, run.accepted, run.rejected, run.flagged, rejects_out.length
            )
            if uow.customers.count() == run.accepted:
                # A first import: every customer stored is this run's (none yet, for a fresh
                # run), so nobody can be searching for one while the indexes are set aside.
                uow.legacy_import.set_indexes_aside()
            uow.commit()
            return _Begun(run.id, totals, rejects_out, changed)
    except BaseException:
        if opened is not None:
            opened.close()
        if created:  # the run was not recorded: the file made for it goes too
            rejects.unlink(missing_ok=True)
        raise


class _Storing:
    """Stores a run's checked rows batch by batch (services/legacy_import_batch.py): the
    batch's refusals written to the rejects file and synced, then its people stored with
    the checkpoint and the batch's audit event, in one transaction."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        run_id: int,
        totals: RunTotals,
        rejects_out: RejectsFile,
        file_name: str,
        legacy: LegacyFile,
        read: ReadPrefix,
    ) -> None:
        self._uow_factory = uow_factory
        self._run_id = run_id
        self._totals = totals
        self._rejects_out = rejects_out
        self._file_name = file_name
        self._legacy = legacy
        self._header_row = legacy.header_row
        self._read = read

    def store(self, checked: Sequence[CheckedRow]) -> None:
        totals, rejects_out = self._totals, self._rejects_out
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
                    # The spreadsheet's row number: the header is row 1 (or below the empty
                    # lines before it). A reason can repeat the mapping's words (its date
                    # formats), so it is made inert: the file is read with `cat` too.
                    where, why = printable(refusal.field), printable(refusal.reason)
                    writer.writerow([row_number + self._header_row, where, why])
        if rejected:
            rejects_out.append(lines.getvalue().encode("utf-8"))
        last_row = checked[-1][0] if checked else totals.rows_read
        read = self._read
        read.advance_to(self._legacy.line_at(last_row))
        batch = Batch(
            people, rejected, last_row, rejects_out.length, rejects_out.sha256,
            read.length, read.sha256,
        )  # fmt: skip
        store_batch(
            self._uow_factory(), self._run_id, totals, batch, self._file_name, datetime.now(UTC)
        )
        totals.batches_stored += 1
        if totals.batches_stored % 10 == 0:
            gc.collect(1)  # the few cycles ten transactions leave (_young_garbage_only)


def _progress(
    totals: RunTotals, resumed_after: int, legacy: LegacyFile, total: int
) -> ImportProgress:
    return ImportProgress(
        rows=totals.rows_read,
        rows_this_run=totals.rows_read - resumed_after,
        bytes_done=min(legacy.bytes_at(totals.rows_read), total),
        bytes_total=total,
        accepted=totals.accepted,
        rejected=totals.rejected,
        bytes_resumed=legacy.bytes_at_resume,
    )


def abandon_import(uow_factory: UnitOfWorkFactory, source: Path) -> Abandoned:
    """Give up the unfinished import of `source` (by its bytes, or else its file's name)
    where it stopped: its customers stay, their possible duplicates are raised, and it is
    finished, recorded as given up. ServiceError if there is none (legacy_import_runs).
    Its rejects file is kept if it lists a refusal, as a finished import's is."""
    given_up = abandon_unfinished(uow_factory, source, _sha256_of(source), datetime.now(UTC))
    if given_up.rejected or given_up.rejects_path is None:
        return given_up
    return replace(given_up, rejects_kept=not remove_if_empty(Path(given_up.rejects_path)))


def _sha256_of(path: Path, sniff: EncodingSniff | None = None) -> str:
    """The SHA-256 of the file's bytes; `sniff` looks at them too, on the same read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while block := file.read(1 << 20):
                digest.update(block)
                if sniff is not None:
                    sniff.update(block)
    except OSError as error:
        raise ServiceError(f"{path}: cannot read the file ({error.strerror}).") from None
    return digest.hexdigest()


__all__ = [
    "Abandoned",
    "ImportMapping",
    "ImportProgress",
    "ImportReport",
    "LoadedMapping",
    "MappingError",
    "Refusal",
    "abandon_import",
    "default_rejects_path",
    "import_customers",
    "load_mapping",
]
