"""Which import a `custinfo import` takes up (services/legacy_import.py), the unfinished
ones, and giving one up (docs/import.md, "Interrupted imports").

An import is known by its file's bytes (and what its mapping says), so running the same
command again continues the import it began. A file changed after an interruption (a row
corrected in it) has other bytes: taken for a new import, it stored every customer the
first had stored a second time, each flagged as a possible duplicate, and left the first
unfinished with no word said. So an unfinished import of a file by the same name is looked
for too, and a changed file never starts a second import silently:

- the rows it had done still read the same in the changed file (`legacy_import_source`):
  it continues with the changed file from its checkpoint when asked to
  (`--continue-changed`), storing nobody twice;
- they do not, or cannot be told: it is refused, saying to put the file that import read
  back, or to give that import up (`--abandon-unfinished`: its customers stay, their
  possible duplicates raised, and it is finished there), then to import only the rows after
  it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.security_review import Check, Status
from custinfo_tui.domain.text import counted
from custinfo_tui.repository.errors import StorageError
from custinfo_tui.repository.orm import LegacyImportRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import_batch import RunTotals, finish_run
from custinfo_tui.services.legacy_import_mapping import LoadedMapping
from custinfo_tui.services.legacy_import_source import begins_with_what_was_read
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


def run_to_continue(
    uow: UnitOfWork,
    source: Path,
    file_sha256: str,
    mapping: LoadedMapping,
    header_row: int,
    *,
    continue_changed: bool = False,
) -> tuple[LegacyImportRow | None, bool]:
    """The unfinished import this run continues (None for a new import), and whether its
    file has changed since. ServiceError, before anything is written, for a file an earlier
    import finished storing customers from, one an unfinished import began with a mapping
    that reads it otherwise, and one changed since an import of it stopped (unless asked
    to continue, and the rows it did read the same: module docstring)."""
    runs = uow.legacy_import.runs_of_file(file_sha256)
    _refuse_imported_already(runs, source, mapping)
    pending = next((run for run in runs if run.finished_at is None), None)
    changed = False
    if pending is None:
        pending = _unfinished_by_name(uow, source.name, file_sha256)
        if pending is not None:
            same_rows = _rows_done_read_the_same(pending, source)
            if not continue_changed or not same_rows:
                raise ServiceError(_changed_since(pending, source, header_row, same_rows))
            changed = True
    if pending is None:
        _refuse_changed_since_finished(uow, source, file_sha256, header_row)
        if continue_changed:
            raise ServiceError(
                f"there is no unfinished import of {source.name} to continue with "
                "--continue-changed; leave it out to import the file."
            )
        return None, False
    _refuse_another_mapping(pending, source, mapping, header_row)
    if changed:
        pending.file_sha256 = file_sha256
        audit.record(
            uow,
            None,
            AuditAction.CUSTOMERS_IMPORT_FILE_CHANGED,
            details={"file": source.name, "import": pending.id, "rows_done": pending.rows_read},
        )
    return pending, changed


@dataclass(frozen=True)
class Abandoned:
    """An unfinished import given up: what it had done, and where its refusals are."""

    file_name: str
    started_at: datetime
    rows_read: int
    accepted: int
    rejected: int
    flagged: int
    rejects_path: str | None
    #: Whether the rejects file is kept: one listing no refusal is removed.
    rejects_kept: bool = True


def abandon_unfinished(
    uow_factory: UnitOfWorkFactory,
    source: Path,
    file_sha256: str,
    now: datetime,
) -> Abandoned:
    """Give up the unfinished import of `source` (by its bytes, or else its name) where it
    stopped: its customers stay, their possible duplicates are raised, and it is finished,
    recorded as given up (`customers.import_abandoned`). ServiceError if there is none."""
    with uow_factory() as uow:
        runs = uow.legacy_import.runs_of_file(file_sha256)
        pending = next((run for run in runs if run.finished_at is None), None)
        pending = pending or _unfinished_by_name(uow, source.name, file_sha256)
        if pending is None:
            raise ServiceError(
                f"there is no unfinished import of {source.name} to give up: "
                "--abandon-unfinished gives up an import that stopped part way."
            )
        run_id, started = pending.id, pending.started_at
        totals = RunTotals(
            pending.rows_read, pending.accepted, pending.rejected, 0, pending.rejects_bytes
        )
        rejects_path = pending.rejects_path
    finish_run(uow_factory, run_id, totals, source.name, now, abandoned=True)
    return Abandoned(
        file_name=source.name,
        started_at=started,
        rows_read=totals.rows_read,
        accepted=totals.accepted,
        rejected=totals.rejected,
        flagged=totals.flagged,
        rejects_path=rejects_path,
    )


def unfinished_imports_check(uow: UnitOfWork) -> Check:
    """`custinfo doctor`'s line on legacy imports: each one stopped part way and neither
    finished nor given up (its customers stored, their possible duplicates not yet raised),
    by its file's name and counts; never a value."""
    try:
        with uow:
            found = [_described(run) for run in uow.legacy_import.unfinished_runs()]
    except StorageError:  # a role that may not read legacy_imports (a probe, not a desk)
        return Check(
            topic="legacy imports",
            status=Status.WARN,
            finding="not checked: this database role cannot read the imports' checkpoints",
            action="run `custinfo doctor` as the role that owns the schema",
        )
    if not found:
        return Check(topic="legacy imports", status=Status.OK, finding="none unfinished")
    return Check(
        topic="legacy imports",
        status=Status.WARN,
        finding=f"{len(found)} unfinished: " + "; ".join(found),
        action="run the same `custinfo import` command again to finish each (with "
        "--continue-changed if its file was corrected since), or give it up with "
        '--abandon-unfinished (docs/import.md, "Interrupted imports")',
    )


def _described(run: LegacyImportRow) -> str:
    return (
        f"import {run.id} of {run.file_name}, begun {run.started_at:%d %b %Y}, stopped after "
        f"{counted(run.rows_read, 'row')} ({counted(run.accepted, 'customer')} stored, "
        f"{run.rejected:,} refused) on {run.updated_at:%d %b %Y %H:%M} UTC"
    )


def _unfinished_by_name(
    uow: UnitOfWork, file_name: str, file_sha256: str
) -> LegacyImportRow | None:
    """The newest unfinished import of a file named `file_name` whose bytes were others."""
    return next(
        (
            run
            for run in uow.legacy_import.unfinished_runs(file_name=file_name[:255])
            if run.file_sha256 != file_sha256
        ),
        None,
    )


def _rows_done_read_the_same(run: LegacyImportRow, source: Path) -> bool | None:
    """Whether the changed file begins with the very bytes the import had read; None when
    that cannot be told (an import begun before its checkpoints recorded them)."""
    if run.source_bytes is None or run.source_sha256 is None:
        return None
    return begins_with_what_was_read(source, run.source_bytes, run.source_sha256)


def _changed_since(
    run: LegacyImportRow, source: Path, header_row: int, same_rows: bool | None
) -> str:
    """Why a file changed since an import of it stopped is not imported as it stands, and
    the ways on."""
    name, after = source.name, header_row + run.rows_read
    said = (
        f"an import of {name} stopped after {counted(run.rows_read, 'row')} stored on "
        f"{run.updated_at:%d %b %Y} (import {run.id}, begun {run.started_at:%d %b %Y}: "
        f"{counted(run.accepted, 'customer')} stored, {counted(run.rejected, 'row')} refused); "
        "the file has "
        "changed since, so it is not that import's file any more, and importing it as a new "
        "one would store those customers a second time."
    )
    if same_rows:
        return (
            f"{said} {_first_rows(run.rows_read)} as that import read them: continue "
            f"it with the changed file, from row {after + 1:,}, by running the same command "
            "with --continue-changed. (Another file that only shares its name: rename it.)"
        )
    why = (
        "the rows it had already read changed too"
        if same_rows is False
        else "it began before custinfo recorded what an import had read, so whether the "
        "rows it read are unchanged cannot be told"
    )
    return (
        f"{said} It cannot go on with this file: {why}. Put back the file it read to finish "
        "it; or give it up with --abandon-unfinished (its customers stay, their possible "
        f"duplicates raised), then import only the rows after row {after:,} of the file, "
        "in a new file under the same header. (Another file that only shares its name: "
        "rename it.)"
    )


def _first_rows(rows: int) -> str:
    """ "Its first 1,200 rows are", or "Its first row is": what an import had read."""
    return "Its first row is" if rows == 1 else f"Its first {rows:,} rows are"


def _refuse_imported_already(
    runs: Sequence[LegacyImportRow], source: Path, mapping: LoadedMapping
) -> None:
    """ServiceError for a file an earlier import finished (or gave up) storing customers
    from, whatever its mapping: importing it again would store them twice."""
    ours = {mapping.sha256, mapping.file_sha256}
    for run in runs:
        if run.finished_at is None or not run.accepted:
            continue
        which = "this mapping" if run.mapping_sha256 in ours else "another mapping"
        if run.abandoned_at is not None:
            raise ServiceError(
                f"an import of {source.name} with {which} was given up on "
                f"{run.abandoned_at:%d %b %Y} after {counted(run.rows_read, 'row')} "
                f"({counted(run.accepted, 'customer')} stored); importing the file again would "
                "store them twice. Put "
                "the rows after those in a new file under the same header and import that."
            )
        raise ServiceError(
            f"{source.name} was imported with {which} on {run.finished_at:%d %b %Y} "
            f"({run.accepted:,} accepted, {run.rejected:,} rejected); importing it again "
            "would add every customer twice. Put rows it refused, corrected, in a new "
            "file under the same header and import that."
        )


def _refuse_changed_since_finished(
    uow: UnitOfWork, source: Path, file_sha256: str, header_row: int
) -> None:
    """ServiceError for a file by the name of one an earlier import finished (or gave up)
    storing customers from, its bytes changed since. Found touring the import: the refused
    rows corrected in the file itself and the same command run again imported it as a new
    file, storing every customer the first import had stored a second time."""
    run = next(
        (
            run
            for run in uow.legacy_import.finished_runs(file_name=source.name[:255])
            if run.file_sha256 != file_sha256
        ),
        None,
    )
    if run is None or run.finished_at is None:
        return
    done, rows = f"finished on {run.finished_at:%d %b %Y}", "the rows it refused, corrected,"
    if run.abandoned_at is not None:
        done = f"was given up on {run.finished_at:%d %b %Y} after {counted(run.rows_read, 'row')}"
        rows = f"the rows it refused, corrected, and those after row {header_row + run.rows_read:,}"
    raise ServiceError(
        f"an import of a file named {source.name} {done} (import {run.id}: "
        f"{counted(run.accepted, 'customer')} stored, {counted(run.rejected, 'row')} refused), "
        "and this file has other bytes: importing it would store again every customer that "
        f"import stored. Put only {rows} in a new file under the same header, with a name of "
        "its own, and import that. (A new export that only shares its name: rename it.)"
    )


def _refuse_another_mapping(
    pending: LegacyImportRow, source: Path, mapping: LoadedMapping, header_row: int
) -> None:
    """ServiceError for an unfinished import begun with a mapping that reads the file
    otherwise (comments and layout aside: `ImportMapping.meaning`)."""
    if pending.mapping_sha256 in {mapping.sha256, mapping.file_sha256}:
        return
    rejects = f", giving --rejects {pending.rejects_path}" if pending.rejects_path else ""
    raise ServiceError(
        f"{source.name} is partly imported: an import begun on {pending.started_at:%d %b %Y} "
        f"with another mapping (one that reads the file otherwise, not only in its comments) "
        f"has done {pending.rows_read:,} of its rows ({counted(pending.accepted, 'customer')} "
        f"stored, {counted(pending.rejected, 'row')} refused) and not finished. Finish it: run "
        "the import "
        f"again with the mapping it began with{rejects}. (Its file's name is not recorded, "
        "only what it says: a mapping with the same columns, date formats, encoding, "
        "delimiter and required fields continues it, whatever its comments or layout.) "
        "Rows read by two mappings would not be one "
        "import; to read the rest with this mapping, put the header and the rows after row "
        f"{header_row + pending.rows_read:,} in a new file and import that."
    )
