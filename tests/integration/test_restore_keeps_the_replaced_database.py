"""`custinfo restore --force` keeps the database it replaces beside it, and its own event
says how far the replaced trail had got (docs/backups.md, "The database a restore
replaces"): the work and the trail the restore undoes stay accountable."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import audit, operators
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.files import mode_of


def _log_request(uows: UnitOfWorkFactory, dpo: Actor) -> None:
    today = datetime.now(UTC).date()
    given = SubjectAccessIn(
        customer_reference="1001 2345 P",
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=today,
    )
    sar.log_request(uows(), dpo, given, today)


def _restored_event(url: str) -> dict[str, object]:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            [event] = uow.audit.list_recent(action=AuditAction.DATABASE_RESTORED.value)
            return dict(event.details)
    finally:
        engine.dispose()


def test_the_replaced_database_is_kept_private_and_the_restore_records_its_trails_end(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: `restore --force` replaced the database and every audit
    event recorded since the backup, with no copy kept and nothing on the trail to say
    how far it had got or whose work was in the gap."""
    database = Path(str(make_url(sqlite_demo_url).database))
    backup = tmp_path / "monday.db"
    assert main(["--db", str(database), "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    admin, agent = actor_for(uows, "admin"), actor_for(uows, "agent")
    operators.change_role(uows(), admin, "supervisor", Role.AGENT)
    with uows() as uow:
        audit.record(uow, agent, AuditAction.CUSTOMER_VIEWED, customer_id=1)
        newest = audit.record(uow, None, AuditAction.AUDIT_SEARCHED, details={"results": 0})
        uow.commit()
    engine.dispose()
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(backup), "--force"]) == 0
    said = capsys.readouterr().out

    [kept] = database.parent.glob(f"{database.name}.replaced-*")
    assert kept.read_bytes()[18:20] == b"\x01\x01"  # its log folded in: one whole file
    assert mode_of(kept) == 0o600
    assert not list(database.parent.glob(f"{kept.name}-*"))  # no -wal or -shm beside it
    flat = " ".join(said.split())
    assert f"The database it replaced is kept beside it as {kept.name}" in flat
    assert (
        f"its audit trail to event #{newest.id}, 4 events the backup lacks" in flat
    )  # its backed_up too
    assert "the work of 2 operators among them" in flat  # the admin's and the agent's
    assert "It holds personal data" in flat
    [remove] = [line.strip() for line in said.splitlines() if line.strip().startswith("rm ")]
    assert shlex.split(remove) == ["rm", str(kept)]
    replaced = _restored_event(sqlite_demo_url)["replaced"]
    assert replaced == {
        "file": kept.name,
        "newest_event": newest.id,
        "newest_event_at": f"{newest.occurred_at:%Y-%m-%d %H:%M:%S} UTC",
        "events_not_in_backup": 4,
        "operators_not_in_backup": 2,
        "newest_seal": None,
    }
    # The copy is a custinfo database whose trail verifies, up to the event it names.
    assert main(["--db", str(kept), "audit", "verify"]) == 0
    assert f"Newest event #{newest.id}," in capsys.readouterr().out


def test_restoring_a_backup_the_trail_did_not_go_on_from_counts_what_it_lacks_by_hash(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: Monday's backup restored by mistake, work done on it,
    then Tuesday's restored. The trail went on from Monday's, under numbers Tuesday's gives
    to other events, so the restore counted "0 events the backup lacks" by number and said
    nothing of the work it undid: the trails are compared hash for hash."""
    database = Path(str(make_url(sqlite_demo_url).database))
    monday, tuesday = tmp_path / "monday.db", tmp_path / "tuesday.db"
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    with uows() as uow:
        monday_newest = uow.audit.newest_event_id()  # the backup's; its backed_up comes after
    assert main(["--db", str(database), "backup", str(monday)]) == 0
    agent, dpo = actor_for(uows, "agent"), actor_for(uows, "dpo")
    with uows() as uow:
        for customer_id in (1, 2, 3):  # Monday's calls, in Tuesday's backup
            audit.record(uow, agent, AuditAction.CUSTOMER_VIEWED, customer_id=customer_id)
        uow.commit()
    _log_request(uows, dpo)  # Tuesday's
    assert main(["--db", str(database), "backup", str(tuesday)]) == 0
    assert main(["--db", str(database), "restore", str(monday), "--force"]) == 0  # by mistake
    operators.change_role(uows(), actor_for(uows, "admin"), "supervisor", Role.AGENT)
    # Logged on the restored Monday: numbered as Tuesday's request, and counted all the
    # same (it was left out, and the warning said it might be).
    _log_request(uows, dpo)
    with uows() as uow:
        since_monday = len(list(uow.audit.events_after(monday_newest)))
    engine.dispose()
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(tuesday), "--force"]) == 0
    flat = " ".join(capsys.readouterr().out.split())

    assert f"the two audit trails are the same up to event #{monday_newest} only" in flat
    assert "given another role: supervisor" in flat  # the work since, from there
    assert "counted from where that backup's ended" in flat
    assert "1 subject access request" in flat
    assert since_monday == 3  # the mistaken restore's event, the change of role, the request
    assert f"{since_monday} events the backup lacks" in flat
    replaced = _restored_event(sqlite_demo_url)["replaced"]
    assert isinstance(replaced, dict) and replaced["events_not_in_backup"] == since_monday
