"""A legacy import stopped part way, and its file corrected before it is run again: never a
second import storing every customer twice. Found trying the import: a row edited with sed
after a kill, the same command started a new import of all 50,010 rows, 34,145 flagged as
possible duplicates, and left the first import unfinished without a word."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.security_review import Status
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services import audit, queue
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import import (
    ImportProgress,
    LoadedMapping,
    abandon_import,
    import_customers,
    load_mapping,
)
from custinfo_tui.services.legacy_import_runs import unfinished_imports_check
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

MAPPING = """\
date_formats = ["%d/%m/%Y"]
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
phone = "Phone"
"""
ROWS = 40


def _mapping(tmp_path: Path) -> LoadedMapping:
    path = tmp_path / "legacy.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return load_mapping(path)


def _row(n: int) -> list[str]:
    born = "30/02/1970" if n % 7 == 6 else f"{1 + n % 28}/06/1970"  # one in seven refused
    return ["Robin", f"Changedfile{chr(97 + n // 26)}{chr(97 + n % 26)}", born, f"07700 900{n:03d}"]


def _legacy_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First", "Last", "Born", "Phone"])
        writer.writerows(rows)
    return path


def _stopped_after(
    uow_factory: UnitOfWorkFactory, source: Path, mapping: LoadedMapping, batches: int
) -> None:
    """The import of `source` killed after `batches` batches of five rows were stored."""
    stored = 0

    def interrupt(progress: ImportProgress) -> None:
        nonlocal stored
        stored += 1
        if stored == batches:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(
            uow_factory, source, mapping, source.with_name("r.csv"), batch_rows=5,
            progress=interrupt,
        )  # fmt: skip


def _families(uow_factory: UnitOfWorkFactory) -> list[str]:
    """The family names of the customers stored, once each time one is stored."""
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        return sorted(session.scalars(select(Customer.family_name)))


def test_a_file_corrected_after_the_rows_done_is_refused_then_continued_when_asked(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    rows = [_row(n) for n in range(ROWS)]
    source, mapping, rejects = (
        _legacy_file(tmp_path / "big.csv", rows),
        _mapping(tmp_path),
        tmp_path / "r.csv",
    )
    _stopped_after(uow_factory, source, mapping, batches=4)  # 20 rows done
    rows[29][2] = "01/06/1970"  # the row 31 of the file corrected with sed, after the 20 done
    _legacy_file(source, rows)

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, mapping, rejects, batch_rows=5)

    said = str(refused.value)
    assert said.startswith("an import of big.csv stopped after 20 rows stored on ")
    assert "(import 1, begun " in said and ": 18 customers stored, 2 rows refused); the " in said
    assert said.endswith(
        "file has changed since, so it is not that import's file any more, and importing it "
        "as a new one would store those customers a second time. Its first 20 rows are as "
        "that import read them: continue it with the changed file, from row 22, by running "
        "the same command with --continue-changed. (Another file that only shares its "
        "name: rename it.)"
    )
    with uow_factory() as uow:
        assert uow.customers.count() == 18  # nothing stored by the refusal

    report = import_customers(
        uow_factory, source, mapping, rejects, batch_rows=5, continue_changed=True
    )

    assert (report.read, report.accepted, report.rejected) == (40, 35, 5)
    assert (report.resumed_after, report.file_changed, report.flagged) == (20, True, 0)
    assert _families(uow_factory) == sorted(
        row[1] for n, row in enumerate(rows) if n % 7 != 6 or n == 29
    )  # each stored once, the corrected row too
    with uow_factory() as uow:
        [changed] = uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORT_FILE_CHANGED.value)
        assert changed.details == {"file": "big.csv", "import": 1, "rows_done": 20}
        [run] = uow.legacy_import.runs_of_file(report_sha := _sha(source))
        assert run.finished_at is not None and run.file_sha256 == report_sha
    assert audit.verify_chain(uow_factory()).ok


def test_a_file_corrected_in_the_rows_done_is_refused_even_when_asked_to_continue(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    rows = [_row(n) for n in range(ROWS)]
    source, mapping, rejects = (
        _legacy_file(tmp_path / "big.csv", rows),
        _mapping(tmp_path),
        tmp_path / "r.csv",
    )
    _stopped_after(uow_factory, source, mapping, batches=4)
    rows[6][2] = "01/06/1970"  # a row the import had refused, corrected
    _legacy_file(source, rows)

    for asked in (False, True):
        with pytest.raises(ServiceError) as refused:
            import_customers(
                uow_factory, source, mapping, rejects, batch_rows=5, continue_changed=asked
            )
        assert str(refused.value).endswith(
            "It cannot go on with this file: the rows it had already read changed too. Put "
            "back the file it read to finish it; or give it up with --abandon-unfinished (its "
            "customers stay, their possible duplicates raised), then import only the rows "
            "after row 21 of the file, in a new file under the same header. (Another file "
            "that only shares its name: rename it.)"
        )
    with uow_factory() as uow:
        assert uow.customers.count() == 18


def test_an_import_given_up_keeps_its_customers_raises_their_duplicates_and_is_finished(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Given up, the import is finished where it stopped: its customers stay, each checked
    against those stored before it as a finished import's are, and the rest of the file is
    imported as a new file."""
    rows = [_row(n) for n in range(ROWS)]
    rows[3] = ["John", "Smith", "12/04/1980", "07700 900003"]  # the demo's John Smith
    source, mapping = _legacy_file(tmp_path / "big.csv", rows), _mapping(tmp_path)
    _stopped_after(demo_uow_factory, source, mapping, batches=2)  # 10 rows done
    assert unfinished_imports_check(demo_uow_factory()).status is Status.WARN
    rows[2][1] = "Corrected"
    _legacy_file(source, rows)

    given_up = abandon_import(demo_uow_factory, source)

    assert (given_up.rows_read, given_up.accepted, given_up.rejected) == (10, 9, 1)
    assert given_up.flagged == 1 and given_up.rejects_kept
    supervisor = actor_for(demo_uow_factory, "supervisor")
    [item] = [
        item
        for item in queue.open_items(demo_uow_factory(), supervisor)
        if item.kind == QueueKind.POSSIBLE_DUPLICATE
    ]
    assert "same name, same date of birth" in item.summary
    with demo_uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORT_ABANDONED.value)
        assert event.details["read"] == 10 and event.details["possible_duplicates"] == 1
    assert unfinished_imports_check(demo_uow_factory()).status is Status.OK
    with pytest.raises(ServiceError, match=r"there is no unfinished import of big\.csv"):
        abandon_import(demo_uow_factory, source)
    rest = _legacy_file(tmp_path / "rest.csv", rows[10:])
    report = import_customers(demo_uow_factory, rest, mapping, tmp_path / "rest.rejects.csv")
    assert (report.read, report.flagged) == (30, 0)  # nobody stored twice


def test_an_import_begun_before_what_it_read_was_recorded_cannot_continue_a_changed_file(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    rows = [_row(n) for n in range(ROWS)]
    source, mapping = _legacy_file(tmp_path / "big.csv", rows), _mapping(tmp_path)
    _stopped_after(uow_factory, source, mapping, batches=2)
    with uow_factory() as uow:
        [run] = uow.legacy_import.unfinished_runs()
        run.source_bytes = run.source_sha256 = None  # as before migration 0031
        uow.commit()
    rows[30][1] = "Corrected"
    _legacy_file(source, rows)

    with pytest.raises(ServiceError) as refused:
        import_customers(
            uow_factory, source, mapping, tmp_path / "r.csv", batch_rows=5, continue_changed=True
        )

    assert (
        "It cannot go on with this file: it began before custinfo recorded what an import "
        "had read, so whether the rows it read are unchanged cannot be told." in str(refused.value)
    )


def test_continuing_a_changed_file_with_no_import_to_continue_is_refused(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source = _legacy_file(tmp_path / "big.csv", [_row(n) for n in range(3)])

    with pytest.raises(ServiceError, match=r"no unfinished import of big\.csv to continue"):
        import_customers(
            uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv", continue_changed=True
        )

    with uow_factory() as uow:
        assert uow.legacy_import.unfinished_runs() == []


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
