"""`custinfo erase REF --keep-open` (docs/data-protection.md, "Legal holds"): the desk's
*Keep request N open while the hold stands* from the command line. The DPO could keep an
erasure request open on a held record only at the desk; the command line could refuse it
or attempt the erasure, never keep it open while an open complaint (no ground of
Art. 17(3)) held the record."""

from __future__ import annotations

import shlex

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.acting import AGENT, DPO, main_as, password_typed
from tests.support.actors import desk_for
from tests.support.erasure import TRACES, customer_with_everything


def test_erase_keep_open_keeps_the_request_open_while_an_open_complaint_holds_the_record(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    subject = customer_with_everything(desk_for(uows, "agent"))  # an open complaint holds her
    db = str(make_url(sqlite_demo_url).database)
    ref = format_reference(subject.reference)
    keep = ["--db", db, "erase", ref, "--keep-open"]

    assert main_as(keep) == 1  # no erasure request of hers is open yet
    assert "no erasure request open: nothing to keep open" in capsys.readouterr().err
    logged = ["--db", db, "dsar", "log", "--customer", ref, "--asked-by", "The customer"]
    assert main_as([*logged, "--identity", "Passport", "--right", "erasure"]) == 0
    capsys.readouterr()
    assert main_as(keep, AGENT) == 1
    assert "only a data protection officer" in capsys.readouterr().err
    assert main_as([*keep, "--check"]) == 2  # nothing to check with it
    assert "give --check or --keep-open, not both." in capsys.readouterr().err
    assert main_as([*keep, "--reason", "Her letter"]) == 2  # nor a reason to record
    assert "--keep-open erases nothing and records no reason" in capsys.readouterr().err
    assert _kept(uows) == []

    assert main_as(keep) == 0

    printed = capsys.readouterr().out
    said = " ".join(printed.split())  # read as words, whatever the terminal's width
    assert "held: Open complaint" in said  # the preview, as --check shows it
    assert f"Erasure request 1 is kept open while {ref} is held (open complaint)" in said
    assert "nothing is refused; erase the record once the hold ends" in said
    assert "(E on the list)" not in said  # the desk's key means nothing here
    [kept] = _kept(uows)
    assert kept.details == {"request_id": 1, "right": "erasure", "holds": ["open_complaint"]}
    with uows() as uow:
        dpo = uow.operators.get_by_username("dpo")
        row = uow.subject_access.get(1)
        customer = uow.customers.get(subject.customer_id)
    assert dpo is not None and kept.operator_id == dpo.id
    assert row is not None and row.answered_at is None and row.refusal_reason is None
    assert customer is not None and customer.status == "active"  # nothing erased
    assert not [trace for trace in TRACES if trace in said.casefold()]
    # The command it names to extend the request works as printed.
    assert "extend it once (the command below) if the hold will outlast" in said
    [extend] = [line.strip() for line in printed.splitlines() if "custinfo dsar extend" in line]
    typed = shlex.split(extend.replace("N", "1", 1).replace('"..."', '"Complaint open"'))
    with password_typed(DPO.password):
        assert main(["--db", db, *typed[1:], "--password-stdin"]) == 0
    engine.dispose()


def test_erase_keep_open_refuses_a_record_nothing_holds(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With nothing holding the record there is nothing to keep the request open for (the
    desk offers it only on a held record): said, nothing recorded, nothing erased."""
    db = str(make_url(sqlite_demo_url).database)
    ref = "1001 2345 P"
    logged = ["--db", db, "dsar", "log", "--customer", ref, "--asked-by", "The customer"]
    assert main_as([*logged, "--identity", "Passport", "--right", "erasure"]) == 0
    capsys.readouterr()

    assert main_as(["--db", db, "erase", ref, "--keep-open"]) == 1

    assert "nothing holds this record" in capsys.readouterr().err
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    assert _kept(uows) == []
    with uows() as uow:
        assert not uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    engine.dispose()


def _kept(uows: UnitOfWorkFactory) -> list[AuditEvent]:
    with uows() as uow:
        return list(uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_KEPT_OPEN.value))
