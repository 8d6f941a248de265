"""The legacy import on every backend: what is stored, refused, flagged and resumed."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.repository.import_indexes import DUPLICATE_SEARCH_INDEXES
from custinfo_tui.repository.legacy_import import SHARED_PHONE_HOLDERS
from custinfo_tui.services import audit, lookup, queue
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import import ImportProgress, import_customers
from custinfo_tui.services.legacy_import_mapping import LoadedMapping, load_mapping
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

DOCS = Path(__file__).resolve().parents[2] / "docs"
MAPPING = """\
encoding = "{encoding}"
date_formats = ["%d/%m/%Y"]
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
phone = "Phone"
email = "Email"
"""
FIELDS = ("First", "Last", "Born", "Phone", "Email")


def _mapping(tmp_path: Path, encoding: str = "utf-8") -> LoadedMapping:
    path = tmp_path / f"mapping-{encoding}.toml"
    path.write_text(MAPPING.format(encoding=encoding), encoding="utf-8")
    return load_mapping(path)


def _legacy_file(path: Path, rows: list[tuple[str, ...]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    return path


def _people(count: int, start: int = 0) -> list[tuple[str, ...]]:
    return [
        ("Robin", f"Importer{chr(97 + (n // 26) % 26)}{chr(97 + n % 26)}", f"{1 + n % 28}/06/1970",
         f"07700 900{n % 1000:03d}", f"robin.importer{n}@example.com")
        for n in range(start, start + count)
    ]  # fmt: skip


def _rejects(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_rows_are_stored_findable_refused_and_flagged_with_one_audit_event(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    rejects = tmp_path / "example.rejects.csv"
    with demo_uow_factory() as uow:
        before = uow.customers.count()

    report = import_customers(
        demo_uow_factory,
        DOCS / "import.example.csv",
        load_mapping(DOCS / "import.example.toml"),
        rejects,
        workers=1,
    )

    assert (report.read, report.accepted, report.rejected, report.flagged) == (6, 4, 2, 1)
    assert _rejects(rejects) == [
        ["row", "field", "reason"],
        ["6", "date_of_birth", "That date does not exist."],
        ["7", "given_name", "Given name is empty"],
    ]
    supervisor = actor_for(demo_uow_factory, "supervisor")
    found = lookup.lookup(demo_uow_factory(), supervisor, "tomasz nowak").matches
    assert [(m.given_name, m.family_name) for m in found] == [("Tomasz", "Nowak")]
    [item] = [
        item
        for item in queue.open_items(demo_uow_factory(), supervisor)
        if item.kind == QueueKind.POSSIBLE_DUPLICATE
    ]
    assert "same name, same date of birth, same e-mail, same postcode" in item.summary
    assert "Amelia" not in item.summary
    with demo_uow_factory() as uow:
        assert uow.customers.count() == before + 4
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORTED.value)
        assert event.details == {
            "file": "import.example.csv",
            "import": event.details["import"],
            "read": 6,
            "accepted": 4,
            "rejected": 2,
            "possible_duplicates": 1,
        }
    assert audit.verify_chain(demo_uow_factory()).ok


def test_a_quote_never_closed_is_named_with_the_lines_it_swallowed(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: a row with an unclosed quote took every row after it into
    one cell; the rejects file said only "has 2 columns", and the rows after it were in
    neither total. Each line swallowed is now a row read and refused."""
    lines = (DOCS / "import.example.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = lines
    broken = first.replace(",", ',"', 1)  # a quote opened after the first cell, never closed
    source = tmp_path / "broken.csv"
    source.write_text("\n".join([header, broken, *rest]) + "\n", encoding="utf-8")
    rejects = tmp_path / "broken.rejects.csv"

    report = import_customers(
        demo_uow_factory, source, load_mapping(DOCS / "import.example.toml"), rejects, workers=1
    )

    assert (report.read, report.accepted, report.rejected) == (6, 0, 6)
    [[row, field, reason], *swallowed] = _rejects(rejects)[1:]
    assert (row, field) == ("2", "(row)")  # as a spreadsheet numbers it, the header 1
    assert f"A quote opened in it is never closed, so the {len(rest)} lines after it" in reason
    assert "(listed as rows 3 to 7)" in reason
    assert [line[:2] for line in swallowed] == [[str(n), "(row)"] for n in range(3, 8)]
    assert all("read as part of row 2" in line[2] for line in swallowed)


def test_a_customer_already_stored_is_flagged_not_merged(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    mapping = _mapping(tmp_path)
    first = _legacy_file(tmp_path / "first.csv", _people(3))
    import_customers(uow_factory, first, mapping, tmp_path / "first.rejects.csv")
    again = [("Robyn", *_people(1)[0][1:])]  # a slip in the given name; the rest the same
    second = _legacy_file(tmp_path / "second.csv", again + _people(2, start=50))

    report = import_customers(uow_factory, second, mapping, tmp_path / "second.rejects.csv")

    assert (report.accepted, report.flagged) == (3, 1)
    with uow_factory() as uow:
        assert uow.customers.count() == 6
        [item] = uow.queue.list_open()
        assert item.kind == QueueKind.POSSIBLE_DUPLICATE
        assert item.other_customer_id is not None and item.customer_id != item.other_customer_id


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("cp1252", "Zoë,Brontë"), ("utf-8-sig", "Siân,Ní Bhriain"), ("utf-8", "Łucja,Wąs")],
)
def test_windows_1252_and_byte_order_mark_files_are_read_as_written(
    uow_factory: UnitOfWorkFactory, tmp_path: Path, encoding: str, text: str
) -> None:
    given, family = text.split(",")
    source = _legacy_file(
        tmp_path / "legacy.csv",
        [(given, family, "02/07/1990", "07700 900555", "")],
        encoding=encoding,
    )

    report = import_customers(uow_factory, source, _mapping(tmp_path, encoding), tmp_path / "r.csv")

    assert (report.accepted, report.rejected) == (1, 0)
    with uow_factory() as uow:
        [row] = uow.customers.find_by_contact("phone", "+447700900555", exact=True, limit=5)
        assert (row.given_name, row.family_name) == (given, family)


def test_an_interrupted_import_continues_where_it_stopped_storing_each_row_once(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    rows = _people(9)
    rows[1] = ("Robin", "Bad\x1b[31m", "01/01/1970", "", "")
    rows[6] = ("Robin", "Importer", "30/02/1970", "", "")
    source = _legacy_file(tmp_path / "legacy.csv", rows)
    mapping, rejects = _mapping(tmp_path), tmp_path / "legacy.rejects.csv"
    batches = 0

    def interrupt_after_two_batches(progress: ImportProgress) -> None:
        nonlocal batches
        batches += 1
        if batches == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(
            uow_factory,
            source,
            mapping,
            rejects,
            batch_rows=2,
            progress=interrupt_after_two_batches,
        )
    with rejects.open("ab") as file:
        file.write(b"half a line the next batch would have wri")  # killed while writing
    report = import_customers(uow_factory, source, mapping, rejects, batch_rows=2)

    assert report.resumed_after == 4
    assert (report.read, report.accepted, report.rejected) == (9, 7, 2)
    assert [line[:2] for line in _rejects(rejects)] == [
        ["row", "field"],
        ["3", "family_name"],
        ["8", "date_of_birth"],
    ]
    with uow_factory() as uow:
        assert uow.customers.count() == 7
        assert len(uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORTED.value)) == 1
    with pytest.raises(ServiceError, match="importing it again would add every customer twice"):
        import_customers(uow_factory, source, mapping, rejects)


def test_rows_of_the_same_file_are_flagged_against_earlier_rows_once_all_are_stored(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    people = _people(4)
    rows = [*people, ("Robyn", *people[0][1:]), ("Robin", *people[2][1:4], "other@example.org")]
    source = _legacy_file(tmp_path / "legacy.csv", rows)

    report = import_customers(
        uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv", batch_rows=2
    )

    assert (report.accepted, report.flagged) == (6, 2)
    with uow_factory() as uow:
        pairs = {(item.customer_id, item.other_customer_id) for item in uow.queue.list_open()}
        [first, again] = uow.customers.find_by_contact("email", people[0][4], exact=True, limit=5)
        [third] = uow.customers.find_by_contact("email", people[2][4], exact=True, limit=5)
    # Each later row points at the earlier one it repeats, across batches of two.
    assert len(pairs) == 2 and all(later > earlier for later, earlier in pairs)
    assert min(first.id, again.id) in {earlier for _, earlier in pairs}
    assert third.id in {earlier for _, earlier in pairs}


def test_each_pair_of_possible_duplicates_says_what_the_two_share(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """The agreements the scoring weighs, for pairs found each way: by name and date of
    birth (sharing a number so many hold that it finds no pair itself), by e-mail, by a
    number only two hold."""
    switchboard = "07700 900999"
    held_by_many = [
        ("Ann", "Sharedline", "01/01/1960", switchboard, "ann.a@example.com"),
        ("Ann", "Sharedline", "01/01/1960", switchboard, "ann.b@example.com"),
        *(
            (
                "Bob",
                f"Switchboard{chr(97 + n)}",
                f"{1 + n}/07/1961",
                switchboard,
                f"b{n}@example.com",
            )
            for n in range(SHARED_PHONE_HOLDERS - 1)
        ),
    ]
    rows = [
        *held_by_many,
        ("Cara", "Mailer", "02/02/1962", "07700 900501", "shared@example.org"),
        ("Dan", "Otherone", "03/03/1963", "07700 900502", "shared@example.org"),
        ("Eve", "Phoneone", "04/04/1964", "07700 900601", "eve@example.com"),
        ("Fay", "Phonetwo", "05/05/1965", "07700 900601", "fay@example.com"),
    ]
    source = _legacy_file(tmp_path / "legacy.csv", rows)
    mapping = _mapping(tmp_path)
    import_customers(uow_factory, source, mapping, tmp_path / "r.csv")

    with uow_factory() as uow:
        [run] = uow.legacy_import.runs_of_file(hashlib.sha256(source.read_bytes()).hexdigest())
        pairs = {
            (pair.family_key, pair.other_family_key): (
                pair.same_date_of_birth,
                pair.same_phone,
                pair.same_email,
            )
            for pair in uow.legacy_import.possible_duplicates(run.id)
        }
    assert len(held_by_many) > SHARED_PHONE_HOLDERS
    assert pairs == {
        ("sharedline", "sharedline"): (True, True, False),
        ("otherone", "mailer"): (False, False, True),
        ("phonetwo", "phoneone"): (False, True, False),
    }


def test_an_interrupted_first_import_leaves_no_database_without_its_search_indexes(
    sqlite_url: str, tmp_path: Path
) -> None:
    from custinfo_tui.composition import build_console_services, build_engine_for, uow_factory_for

    engine = build_engine_for(sqlite_url)
    factory = uow_factory_for(engine)
    source = _legacy_file(tmp_path / "legacy.csv", _people(6))

    def interrupt(progress: ImportProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(
            factory, source, _mapping(tmp_path), tmp_path / "r.csv", batch_rows=2,
            progress=interrupt,
        )  # fmt: skip
    # A first import stores without the customers' search indexes and builds them at the
    # end; interrupted, it leaves them set aside, and a console starting builds them.
    assert _search_indexes(engine) == {
        "ix_addresses_customer_id",
        "ix_contact_points_customer_id",
    }  # kept: they take the rows in the order they come
    # The finish builds the duplicate search's indexes first: they must be among those set
    # aside, or the search would run without them.
    assert set(DUPLICATE_SEARCH_INDEXES) <= EXPECTED_SEARCH_INDEXES - _search_indexes(engine)
    build_console_services(sqlite_url)
    assert _search_indexes(engine) == EXPECTED_SEARCH_INDEXES
    report = import_customers(factory, source, _mapping(tmp_path), tmp_path / "r.csv")
    assert (report.read, report.accepted) == (6, 6)
    assert _search_indexes(engine) == EXPECTED_SEARCH_INDEXES
    with factory() as uow:
        [found] = uow.customers.find_by_contact("email", _people(6)[5][4], exact=True, limit=5)
        assert found.family_name == _people(6)[5][1]
    engine.dispose()


EXPECTED_SEARCH_INDEXES = {
    "ix_addresses_customer_id",
    "ix_addresses_postcode",
    "ix_contact_points_customer_id",
    "ix_contact_points_kind_value",
    "ix_customers_family_key_date_of_birth",
    "ix_customers_family_key_given_key",
    "ix_customers_given_key",
    "ix_customers_merged_into_id",
}


def _search_indexes(engine: object) -> set[str]:
    from sqlalchemy import Engine, text

    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        names = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                "('customers', 'contact_points', 'addresses') AND name LIKE 'ix_%'"
            )
        ).scalars()
        return set(names)


def test_a_header_without_a_mapped_column_stops_before_anything_is_stored(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source = tmp_path / "legacy.csv"
    source.write_text("First,Surname\nRobin,Importer\n", encoding="utf-8")

    with pytest.raises(ServiceError, match="no column 'Last'"):
        import_customers(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")
    with uow_factory() as uow:
        assert uow.customers.count() == 0
        # Nor recorded as an import begun, nor a rejects file left behind.
        file_sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
        assert uow.legacy_import.runs_of_file(file_sha256) == []
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_an_empty_file_is_said_to_be_empty_not_to_lack_a_column(
    uow_factory: UnitOfWorkFactory, tmp_path: Path, content: str
) -> None:
    source = tmp_path / "legacy.csv"
    source.write_text(content, encoding="utf-8")

    with pytest.raises(ServiceError, match=r"legacy\.csv is empty: there is no header line"):
        import_customers(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_a_console_that_cannot_build_the_set_aside_indexes_says_why_not_a_traceback(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from custinfo_tui.composition import StartupError, build_console_services
    from custinfo_tui.repository import import_indexes as storage

    def locked(engine: object) -> int:
        raise OperationalError("CREATE INDEX", {}, Exception("database is locked"))

    monkeypatch.setattr(storage, "restore_set_aside_indexes", locked)  # an import holds it

    with pytest.raises(StartupError, match="a first import is storing customers"):
        build_console_services(sqlite_url)


def test_the_first_index_builds_sorting_thread_is_not_left_on_the_connection(
    sqlite_url: str,
) -> None:
    """The finish lets SQLite sort the duplicate search's indexes on a second thread while
    nothing else runs; the pooled connection must not keep it for the console's work."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for

    engine = build_engine_for(sqlite_url)
    with uow_factory_for(engine)() as uow:
        assert uow.legacy_import.restore_indexes(DUPLICATE_SEARCH_INDEXES, sorters=1) == 0
    assert engine.pool.checkedin() == 1  # the one connection, back in the pool
    with engine.connect() as connection:
        threads = connection.exec_driver_sql("PRAGMA threads").scalar_one()
    engine.dispose()
    assert threads == 0


def test_a_mapping_changed_only_in_its_comments_does_not_import_the_file_again(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: a comment added to the mapping imported the whole file a
    second time, every customer stored twice and flagged as duplicates."""
    source = _legacy_file(tmp_path / "legacy.csv", _people(3))
    import_customers(uow_factory, source, _mapping(tmp_path), tmp_path / "r1.csv")
    commented = tmp_path / "commented.toml"
    commented.write_text("# checked\n" + MAPPING.format(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(MAPPING.format(encoding="utf-8").replace("%d/%m/%Y", "%Y-%m-%d"))

    with pytest.raises(ServiceError, match=r"imported with this mapping on .* twice"):
        import_customers(uow_factory, source, load_mapping(commented), tmp_path / "r2.csv")
    with pytest.raises(ServiceError, match=r"imported with another mapping on .* twice"):
        import_customers(uow_factory, source, load_mapping(other), tmp_path / "r3.csv")

    with uow_factory() as uow:
        assert uow.customers.count() == 3
    assert not (tmp_path / "r2.csv").exists() and not (tmp_path / "r3.csv").exists()


def _interrupted_after(
    uow_factory: UnitOfWorkFactory, source: Path, mapping: LoadedMapping, rejects: Path
) -> None:
    """The import stopped (Ctrl+C) once its second batch of two rows is stored."""
    batches = 0

    def interrupt(progress: ImportProgress) -> None:
        nonlocal batches
        batches += 1
        if batches == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(uow_factory, source, mapping, rejects, batch_rows=2, progress=interrupt)


def test_an_interrupted_import_continues_with_its_mapping_whatever_its_comments(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source = _legacy_file(tmp_path / "legacy.csv", _people(7))
    _interrupted_after(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")
    commented = tmp_path / "commented.toml"
    commented.write_text(MAPPING.format(encoding="utf-8") + "# a note\n", encoding="utf-8")

    report = import_customers(
        uow_factory, source, load_mapping(commented), tmp_path / "r.csv", batch_rows=2
    )

    assert (report.resumed_after, report.read, report.accepted) == (4, 7, 7)
    with uow_factory() as uow:
        assert uow.customers.count() == 7


def test_a_partly_imported_file_with_another_mapping_is_refused_naming_the_pending_import(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: after Ctrl+C, a run with a changed mapping and a new
    --rejects imported the file from scratch, the first run left unfinished; the next
    refusal said only "the rejects file r2.csv already exists"."""
    source = _legacy_file(tmp_path / "legacy.csv", _people(7))
    _interrupted_after(uow_factory, source, _mapping(tmp_path), tmp_path / "r1.csv")
    other = tmp_path / "other.toml"
    other.write_text("required = ['phone']\n" + MAPPING.format(encoding="utf-8"))
    (tmp_path / "r2.csv").write_text("an older file\n")

    for rejects in (tmp_path / "r2.csv", tmp_path / "r3.csv"):
        with pytest.raises(ServiceError) as refused:
            import_customers(uow_factory, source, load_mapping(other), rejects, batch_rows=2)
        said = str(refused.value)
        assert "legacy.csv is partly imported: an import begun on" in said
        assert "with another mapping" in said and "has done 4 of its rows" in said
        assert (
            "Finish it: run the import again with the mapping it began with, giving --rejects "
            f"{(tmp_path / 'r1.csv').resolve()}. (Its file's name is not recorded, only what "
            "it says: a mapping with the same columns, date formats, encoding, delimiter and "
            "required fields continues it"
        ) in said
        assert "the rows after row 5 in a new file" in said
    assert not (tmp_path / "r3.csv").exists()
    with uow_factory() as uow:
        assert uow.customers.count() == 4
        assert (
            len(uow.legacy_import.runs_of_file(hashlib.sha256(source.read_bytes()).hexdigest()))
            == 1
        )


def test_every_customer_an_interrupted_import_stored_is_on_the_audit_trail(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: a run stopped and never finished left the customers it had
    stored under no audit event. Each batch is an event in its own transaction."""
    rows = _people(5)
    rows[2] = ("Robin", "", "01/01/1970", "", "")
    source = _legacy_file(tmp_path / "legacy.csv", rows)

    _interrupted_after(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")

    with uow_factory() as uow:
        stored = uow.customers.count()
        events = uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORT_STORED.value)
        assert not uow.audit.list_recent(action=AuditAction.CUSTOMERS_IMPORTED.value)
    details = sorted((event.details for event in events), key=lambda d: d["rows"])
    assert [(d["rows"], d["accepted"], d["rejected"]) for d in details] == [
        ([1, 2], 2, 0),
        ([3, 4], 1, 1),
    ]
    assert sum(d["accepted"] for d in details) == stored == 3
    assert {d["file"] for d in details} == {"legacy.csv"}
    assert audit.verify_chain(uow_factory()).ok


def test_an_import_that_refuses_no_row_leaves_no_rejects_file(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source = _legacy_file(tmp_path / "legacy.csv", _people(3))
    rejects = tmp_path / "legacy.rejects.csv"

    report = import_customers(uow_factory, source, _mapping(tmp_path), rejects)

    assert (report.rejected, report.rejects_kept) == (0, False)
    assert not rejects.exists()


def test_a_header_read_with_the_wrong_delimiter_names_the_one_that_reads_it(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: "the header has no column 'Forename'" alone, when the file
    was read with the wrong delimiter or encoding. The line itself is not shown: without a
    header row, it would be a customer's record."""
    source = tmp_path / "legacy.csv"
    source.write_text("First;Last;Born;Phone;Email\nRobin;Importer;;;\n", encoding="utf-8")

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")

    assert str(refused.value) == (
        "legacy.csv: the first line does not look like a header: it names none of the "
        "columns the mapping reads ('First', 'Last', 'Born', 'Phone', 'Email'). Read with "
        "delimiter ',' and encoding 'utf-8', it has 1 column. Read with delimiter ';' it "
        'names 5 of the 5: set delimiter = ";" in the mapping.'
    )


def test_a_header_the_encoding_cannot_read_says_to_check_the_encoding(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    source = tmp_path / "legacy.csv"
    source.write_bytes("Prénom,Nom\nRobin,Importer\n".encode("cp1252"))

    with pytest.raises(ServiceError) as refused:
        import_customers(uow_factory, source, _mapping(tmp_path), tmp_path / "r.csv")

    said = str(refused.value)
    assert said.endswith("It holds bytes that are not utf-8 text: check the mapping's `encoding`.")
    assert "Nom" not in said and "Robin" not in said


def test_a_cell_too_long_for_csv_refuses_its_row_and_the_import_goes_on(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: a cell over 128 KiB crashed it (`_csv.Error`), leaving an
    unfinished import that crashed again at every run."""
    rows = _people(3)
    rows[1] = (*rows[1][:4], "x" * 200_000)
    source = _legacy_file(tmp_path / "legacy.csv", rows)
    rejects = tmp_path / "r.csv"

    report = import_customers(uow_factory, source, _mapping(tmp_path), rejects, workers=1)

    assert (report.read, report.accepted, report.rejected) == (3, 2, 1)
    assert _rejects(rejects)[1][:2] == ["3", "(row)"]
    assert "longer than 131,072 characters" in _rejects(rejects)[1][2]


def test_a_resumed_imports_progress_counts_only_its_own_part_of_the_file(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    """Found trying the import: resumed at 62%, the bar said "0:00 left", and 100% before
    the rows were stored."""
    source = _legacy_file(tmp_path / "legacy.csv", _people(4_000))
    mapping, rejects = _mapping(tmp_path), tmp_path / "r.csv"
    batches = 0

    def interrupt(progress: ImportProgress) -> None:
        nonlocal batches
        batches += 1
        if batches == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_customers(uow_factory, source, mapping, rejects, batch_rows=500, progress=interrupt)
    seen: list[ImportProgress] = []

    import_customers(uow_factory, source, mapping, rejects, batch_rows=500, progress=seen.append)

    size = source.stat().st_size
    *storing, done, finishing = seen
    assert [progress.rows for progress in storing] == [3_000, 3_500, 4_000]
    resumed = storing[0].bytes_resumed
    assert 0.55 * size < resumed < 0.68 * size  # 2,500 of 4,000 rows, read again
    # Each step says how far the stored rows reach, not how far the reading has run ahead.
    assert all(abs(p.bytes_done / size - p.rows / 4_000) < 0.06 for p in storing)
    assert done.bytes_done == finishing.bytes_done == size and finishing.finishing
