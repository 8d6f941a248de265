"""Seals on both databases, and appends that do not queue behind each other on PostgreSQL."""

from __future__ import annotations

import argparse
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from custinfo_tui.commands.audit import register, run
from custinfo_tui.domain.audit_chain import ChainProblem
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services import audit
from custinfo_tui.services.audit import seal, verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from tests.support.audit_guard import guard_lifted
from tests.support.printed_lines import words


def _append(uow_factory: UnitOfWorkFactory, count: int) -> list[int]:
    ids = []
    for n in range(count):
        with uow_factory() as uow:
            ids.append(audit.record(uow, None, AuditAction.CUSTOMER_VIEWED, details={"n": n}).id)
            uow.commit()
    return ids


def _cli(database_url: str, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    code = run(parser.parse_args(["audit", *argv]), Settings(database_url=database_url))
    return code, " ".join(capsys.readouterr().out.split())  # read as words, lines joined


def test_a_seal_covers_the_trail_and_verify_says_what_is_newer(
    uow_factory: UnitOfWorkFactory,
) -> None:
    _append(uow_factory, 3)
    made = seal(uow_factory())
    assert made is not None and made.content.id == 1
    _append(uow_factory, 2)

    report = verify_chain(uow_factory())

    assert report.ok and report.seals_checked == 1
    assert (report.newest_seal_id, report.newest_seal_hash) == (1, made.hash)
    assert report.unsealed_events == 2


def test_no_seal_is_made_when_nothing_moved_or_a_desk_just_sealed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    assert seal(uow_factory()) is None  # an empty trail
    _append(uow_factory, 1)
    first = seal(uow_factory())
    assert first is not None
    assert seal(uow_factory()) is None  # nothing new

    _append(uow_factory, 1)
    just_after = first.content.sealed_at + timedelta(seconds=30)
    assert seal(uow_factory(), at=just_after, unless_within=timedelta(minutes=1)) is None
    later = first.content.sealed_at + timedelta(minutes=2)
    second = seal(uow_factory(), at=later, unless_within=timedelta(minutes=1))
    assert second is not None and second.content.prev_hash == first.hash


def test_a_sealed_chain_cut_back_cleanly_is_caught_by_the_seal(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    """Deleting the newest events and moving the head back leaves a chain that holds; the
    seal still names the deleted event."""
    ids = _append(uow_factory, 4)
    seal(uow_factory())
    with guard_lifted(engine) as owner:
        kept = owner.execute(text("SELECT hash FROM audit_events WHERE id = :id"), {"id": ids[1]})
        kept_hash = kept.scalar_one()
        owner.execute(text("DELETE FROM audit_events WHERE id > :id"), {"id": ids[1]})
        owner.execute(
            text("UPDATE audit_chain_head SET last_event_id = :id, last_hash = :h WHERE id = 1"),
            {"id": ids[1], "h": kept_hash},
        )

    report = verify_chain(uow_factory())

    assert report.problem is ChainProblem.REMOVED
    assert (report.first_bad_seal_id, report.first_bad_event_id) == (1, ids[-1])


def test_seals_removed_with_the_events_need_the_anchor_kept_outside(
    uow_factory: UnitOfWorkFactory,
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _append(uow_factory, 3)
    anchors = tmp_path / "anchors.txt"
    code, out = _cli(database_url, capsys, "seal", "--anchor-file", str(anchors))
    assert code == 0 and out.startswith("1:")
    assert _cli(database_url, capsys, "verify", "--anchors", str(anchors))[0] == 0
    with guard_lifted(engine) as owner:
        owner.execute(text("DELETE FROM audit_seals"))

    assert verify_chain(uow_factory()).ok  # without the anchor nothing shows
    code, out = _cli(database_url, capsys, "verify", "--anchors", str(anchors))

    assert code == 1
    assert "BROKEN at seal #1 (removed)" in out
    assert "recorded outside the database, is missing" in out


def test_verify_prints_the_newest_seal_to_keep(
    uow_factory: UnitOfWorkFactory, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(uow_factory, 2)
    made = seal(uow_factory(), at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    assert made is not None

    code, out = _cli(database_url, capsys, "verify", "--anchor", f"1:{made.hash}")

    assert code == 0
    assert "2 events in 1 chain and 1 seal verified" in out
    assert f"Newest seal (keep it outside the database): 1:{made.hash}" in out


def test_a_malformed_anchor_is_refused_before_anything_is_read(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "anchors.txt"
    anchors.write_text("1:not-a-hash\n")
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    args = parser.parse_args(["audit", "verify", "--anchors", str(anchors)])

    assert run(args, Settings(database_url=database_url)) == 1
    assert "line 1: not a SEAL:HASH anchor" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_desk_appends_while_another_holds_its_chain(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    """The point of the chains: an open transaction that has appended does not hold up
    the next desk's append (one chain head used to)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: its appends queue by design")
    holding = uow_factory()
    with holding:
        audit.record(holding, None, AuditAction.CUSTOMER_VIEWED)
        other = threading.Thread(target=_append, args=(uow_factory, 3))
        other.start()
        other.join(timeout=30)
        finished_while_held = not other.is_alive()
        holding.commit()
    other.join()

    assert finished_while_held
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 4 and report.chains_used > 1


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("missing.txt", "there is no anchor file at "),
        (".", " is a folder: give the anchor file in it."),
    ],
)
def test_an_anchor_file_that_cannot_be_read_is_said_in_words(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, said: str
) -> None:
    """A missing anchor file gave "[Errno 2] No such file or directory"."""
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    arguments = parser.parse_args(["audit", "verify", "--anchors", str(tmp_path / given)])
    assert run(arguments, Settings(database_url=database_url)) == 1
    err = words(capsys.readouterr().err)
    assert said in err and "Errno" not in err


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("no-folder/seals.txt", "there is no folder "),
        (".", " is a folder: add a file name to it, for example "),
        # It said "there is no folder a-file", a file the administrator could see there.
        ("a-file/seals.txt", "a-file is a file, not a folder: choose another."),
    ],
)
def test_an_anchor_file_that_cannot_be_written_is_said_before_sealing(
    uow_factory: UnitOfWorkFactory,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    given: str,
    said: str,
) -> None:
    """Found by an administrator: a missing folder or a folder gave "internal error
    (reference ...)", after the seal was made."""
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    _append(uow_factory, 2)
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    arguments = parser.parse_args(["audit", "seal", "--anchor-file", str(tmp_path / given)])

    assert run(arguments, Settings(database_url=database_url)) == 1

    err = words(capsys.readouterr().err)
    assert said in err and "internal error" not in err
    with uow_factory() as uow:
        assert uow.audit.newest_seal() is None  # nothing sealed by a run that could not anchor


def test_an_hourly_anchor_run_anchors_the_consoles_newest_seal_when_it_makes_none(
    uow_factory: UnitOfWorkFactory,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found running it: the consoles seal every minute, so in a quiet hour the newest seal
    is theirs; `seal --anchor-file` then said "Nothing new to seal" and wrote nothing, and
    the anchor file stayed empty (or missing) for good."""
    _append(uow_factory, 2)
    console_seal = seal(uow_factory())  # a console's, on its timer
    assert console_seal is not None
    anchors = tmp_path / "anchors.txt"

    code, out = _cli(database_url, capsys, "seal", "--anchor-file", str(anchors))
    assert code == 0 and "Nothing new to seal" in out
    assert anchors.read_text().startswith(f"1:{console_seal.hash}  sealed ")
    code, out = _cli(database_url, capsys, "seal", "--anchor-file", str(anchors))
    assert code == 0 and "holds that seal already" in out
    assert len(anchors.read_text().splitlines()) == 1  # each seal once
    assert _cli(database_url, capsys, "verify", "--anchors", str(anchors))[0] == 0


def test_an_anchor_for_seal_0_is_refused_not_reported_verified(
    uow_factory: UnitOfWorkFactory, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(uow_factory, 2)
    made = seal(uow_factory())
    assert made is not None
    with pytest.raises(SystemExit):
        _cli(database_url, capsys, "verify", "--anchor", f"0:{made.hash}")
    assert "seals are numbered from 1" in capsys.readouterr().err


def test_the_anchor_file_is_readable_by_its_owner_only(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: `seal --anchor-file` wrote the file -rw-r--r--, where
    every other file custinfo writes that matters for security is its owner's only. One
    an earlier custinfo left open to others is said, with the fix, not changed."""
    anchors, older = tmp_path / "anchors.txt", tmp_path / "older-anchors.txt"
    older.write_text("", encoding="ascii")
    older.chmod(0o644)  # as an earlier custinfo left it
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    settings = Settings(database_url=sqlite_demo_url)
    umask = os.umask(0o022)
    try:
        for anchor_file in (anchors, older):
            arguments = parser.parse_args(["audit", "seal", "--anchor-file", str(anchor_file)])
            assert run(arguments, settings) == 0
    finally:
        os.umask(umask)

    assert stat.S_IMODE(anchors.stat().st_mode) == 0o600
    assert words(capsys.readouterr().err) == (
        f"custinfo: Warning: others on this computer can open the anchor file {older}. "
        f"To fix: chmod 600 {older}"
    )
    assert stat.S_IMODE(older.stat().st_mode) == 0o644  # said, not changed
    assert older.read_text(encoding="ascii") == anchors.read_text(encoding="ascii")
