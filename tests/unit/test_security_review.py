"""How `custinfo doctor` rates what it finds: FAIL when customer data is open or the audit
trail is broken, WARN when a protection is missing, OK otherwise."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.access_reasons import built_in_reasons_lacking
from custinfo_tui.domain.audit_chain import ChainProblem, ChainReport
from custinfo_tui.domain.operator_review import administrators_check, dormant_operators_check
from custinfo_tui.domain.security_review import (
    DatabaseProtection,
    PrivateFile,
    Status,
    access_reasons_check,
    audit_chain_check,
    audit_protection_check,
    chmod_command,
    console_files,
    encryption_check,
    file_check,
    idle_lock_check,
    overall,
    shared_files_warning,
    tls_check,
)

DATABASE = PrivateFile("database file", Path("/srv/desk/custinfo.db"), holds_personal_data=True)
LOG_FOLDER = PrivateFile("log folder", Path("/srv/desk/log"), is_dir=True)
SQLITE = DatabaseProtection(backend="sqlite", drivername="sqlite+pysqlite")
POSTGRES = DatabaseProtection(
    backend="postgresql",
    drivername="postgresql+psycopg",
    host="db.example.net",
    database_user="custinfo_console",
    tls=True,
    tls_version="TLSv1.3",
    audit_privileges={"UPDATE": False, "DELETE": False, "TRUNCATE": False},
)


@given(st.integers(min_value=0, max_value=0o777), st.booleans(), st.booleans())
def test_a_file_is_ok_exactly_when_only_its_owner_has_access(
    mode: int, is_dir: bool, personal: bool
) -> None:
    file = PrivateFile("x", Path("/srv/x"), is_dir=is_dir, holds_personal_data=personal)
    check = file_check(file, mode)

    assert (check.status is Status.OK) == (mode & 0o077 == 0)
    assert (check.status is Status.FAIL) == (personal and mode & 0o007 != 0)
    assert (check.action == "") == (check.status is Status.OK)


def test_a_world_readable_database_fails_with_the_command_that_fixes_it() -> None:
    check = file_check(DATABASE, 0o644)

    assert check.status is Status.FAIL
    assert check.finding == "-rw-r--r--: every account on this computer can open it"
    assert check.action == "chmod 600 /srv/desk/custinfo.db"


def test_a_database_its_group_can_read_is_a_warning() -> None:
    assert file_check(DATABASE, 0o640).status is Status.WARN


def test_a_world_readable_log_folder_is_a_warning_since_the_log_holds_no_customer_data() -> None:
    check = file_check(LOG_FOLDER, 0o755)

    assert check.status is Status.WARN
    assert check.finding.startswith("drwxr-xr-x: every account")
    assert check.action == "chmod 700 /srv/desk/log"


def test_a_missing_file_is_fine() -> None:
    assert file_check(DATABASE, None).status is Status.OK


def test_the_fix_command_quotes_paths_for_the_shell() -> None:
    odd = PrivateFile("database file", Path("/home/o'neill/my data/custinfo.db"))

    assert chmod_command([odd, LOG_FOLDER]) == (
        "chmod 700 /srv/desk/log && chmod 600 '/home/o'\"'\"'neill/my data/custinfo.db'"
    )


def test_the_console_files_are_the_data_folder_database_wal_shm_and_log() -> None:
    files = console_files(Path("/d/custinfo.db"), Path("/d"), Path("/l"), Path("/l/custinfo.log"))

    assert [str(f.path) for f in files] == [
        "/d",
        "/d/custinfo.db",
        "/d/custinfo.db-wal",
        "/d/custinfo.db-shm",
        "/l",
        "/l/custinfo.log",
    ]
    assert [f.path.name for f in files if f.holds_personal_data] == [
        "custinfo.db",
        "custinfo.db-wal",
        "custinfo.db-shm",
    ]


def test_on_postgresql_there_is_no_database_file_to_check() -> None:
    files = console_files(None, Path("/d"), Path("/l"), Path("/l/custinfo.log"))

    assert [f.label for f in files] == ["data folder", "log folder", "log file"]


def test_one_warning_gives_a_command_a_line_for_every_shared_file() -> None:
    warning = shared_files_warning([DATABASE, LOG_FOLDER], [0o644, 0o755])

    assert warning is not None
    assert warning.splitlines() == [
        "Warning: others on this computer can open custinfo's files. To fix:",
        "chmod 700 /srv/desk/log",
        "chmod 600 /srv/desk/custinfo.db",
    ]
    assert shared_files_warning([DATABASE, LOG_FOLDER], [0o600, None]) is None


def test_the_warning_spells_a_database_with_its_wal_and_shm_as_one_pattern() -> None:
    files = console_files(
        Path("/srv/desk/custinfo.db"), Path("/srv/desk"), Path("/l"), Path("/l/custinfo.log")
    )
    modes = [0o700, 0o644, 0o644, 0o644, 0o700, 0o600]

    warning = shared_files_warning(files, modes)

    assert warning is not None
    assert warning.splitlines()[1:] == ["chmod 600 /srv/desk/custinfo.db*"]


def test_sqlite_encryption_is_on_only_through_sqlcipher() -> None:
    assert encryption_check(SQLITE).status is Status.WARN
    sqlcipher = DatabaseProtection(backend="sqlite", drivername="sqlite+pysqlcipher")
    assert encryption_check(sqlcipher).status is Status.OK
    assert "server's business" in encryption_check(POSTGRES).finding


def test_tls_is_not_applicable_to_a_local_file() -> None:
    check = tls_check(SQLITE)

    assert check.status is Status.OK and "not applicable" in check.finding


def test_tls_off_to_a_remote_server_fails_but_is_fine_on_this_computer() -> None:
    remote = DatabaseProtection(backend="postgresql", drivername="x", host="db.example.net")
    local = DatabaseProtection(backend="postgresql", drivername="x", host="127.0.0.1")

    assert tls_check(_with(remote, tls=False)).status is Status.FAIL
    assert tls_check(_with(local, tls=False)).status is Status.OK
    assert tls_check(_with(remote, tls=None)).status is Status.WARN
    assert tls_check(POSTGRES).finding == "on (TLSv1.3)"
    assert tls_check(_with(POSTGRES, tls_version="TLSv1.1")).status is Status.WARN


def test_missing_sqlite_audit_triggers_are_named() -> None:
    check = audit_protection_check(SQLITE)

    assert check.status is Status.WARN
    assert check.finding == "missing: trigger audit_events_no_update, audit_events_no_delete"
    guarded = _with(SQLITE, audit_triggers=frozenset({"audit_events_no_update"}))
    assert audit_protection_check(guarded).finding == "missing: trigger audit_events_no_delete"
    both = frozenset({"audit_events_no_update", "audit_events_no_delete"})
    assert audit_protection_check(_with(SQLITE, audit_triggers=both)).status is Status.OK


def test_a_console_role_that_could_rewrite_audit_events_is_a_warning() -> None:
    assert audit_protection_check(POSTGRES).status is Status.OK
    owner = _with(
        POSTGRES,
        database_user="custinfo",
        audit_privileges={"UPDATE": True, "DELETE": True, "TRUNCATE": False},
    )
    check = audit_protection_check(owner)

    assert check.status is Status.WARN
    assert check.finding == "custinfo may UPDATE, DELETE audit events"
    assert "custinfo_console" in check.action


def test_the_audit_chain_line_gives_the_newest_hash_or_where_it_broke() -> None:
    good = ChainReport(
        ok=True, events_checked=12, last_verified_event_id=12, last_verified_hash="ab" * 32
    )
    assert audit_chain_check(good).finding == f"12 events intact; newest #12, hash {'ab' * 32}"
    broken = ChainReport(
        ok=False,
        events_checked=4,
        first_bad_event_id=4,
        problem=ChainProblem.CHANGED,
        explanation="its content no longer matches its hash",
    )
    check = audit_chain_check(broken)
    assert check.status is Status.FAIL and check.finding.startswith("BROKEN at event #4 (changed)")


def test_idle_lock_longer_than_fifteen_minutes_is_a_warning() -> None:
    assert idle_lock_check(5).finding == "after 5 minutes"
    assert idle_lock_check(1).finding == "after 1 minute"
    assert idle_lock_check(15).status is Status.OK
    assert idle_lock_check(30).status is Status.WARN


def test_administrators_none_or_many_are_warnings() -> None:
    assert administrators_check(0, operators=3).status is Status.WARN
    assert administrators_check(2, operators=3).status is Status.OK
    assert administrators_check(4, operators=9).status is Status.WARN


def test_unused_logins_are_named_by_id_only() -> None:
    assert dormant_operators_check([]).status is Status.OK
    check = dormant_operators_check([9, 3])

    assert check.status is Status.WARN
    assert check.finding == (
        "2 active operators have not logged in for 90 days: operator id #3, #9"
    )


def test_the_result_is_the_worst_line() -> None:
    ok, warn, fail = idle_lock_check(5), idle_lock_check(30), file_check(DATABASE, 0o644)

    assert overall([ok]) is Status.OK
    assert overall([ok, warn]) is Status.WARN
    assert overall([warn, fail, ok]) is Status.FAIL


def _with(protection: DatabaseProtection, **changes: object) -> DatabaseProtection:
    return replace(protection, **changes)  # type: ignore[arg-type]


def test_the_audit_chain_note_explains_ids_that_skip_numbers_only_where_they_do() -> None:
    """Doctor printed "52 events intact; newest #72" on PostgreSQL, where a sequence leaves
    ids unused, with nothing to tell an auditor that no event is missing."""
    gapped = ChainReport(
        ok=True, events_checked=52, last_verified_event_id=72, last_verified_hash="ab" * 32
    )
    contiguous = ChainReport(
        ok=True, events_checked=72, last_verified_event_id=72, last_verified_hash="ab" * 32
    )

    assert "the chains, not the ids, show that no event is missing" in (
        audit_chain_check(gapped).action
    )
    assert "skip" not in audit_chain_check(contiguous).action


def test_a_sites_own_access_reasons_lacking_a_built_in_one_are_a_warning_naming_it() -> None:
    assert access_reasons_check(DEFAULT_ACCESS_REASONS).finding == "the built-in list"
    # Its own wording of a built-in one, in another case, and its own "Other": not lacking.
    own = [r.upper() for r in DEFAULT_ACCESS_REASONS[:-1]] + ["Other (say who)", "Court order"]
    check = access_reasons_check(own)
    assert (check.status, check.finding) == (Status.OK, "the site's own, with every built-in one")
    older = [r for r in DEFAULT_ACCESS_REASONS if not r.startswith("Third-party")]
    check = access_reasons_check(older)
    assert check.status is Status.WARN
    assert check.finding == (
        'CUSTINFO_ACCESS_REASONS lacks the built-in "Third-party request (for or about the '
        'customer)"'
    )
    assert check.action.startswith("Add each to CUSTINFO_ACCESS_REASONS")
    assert built_in_reasons_lacking(["Complaint investigation"]) == tuple(
        r for r in DEFAULT_ACCESS_REASONS if r != "Complaint investigation"
    )
