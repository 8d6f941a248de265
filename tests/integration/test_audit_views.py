"""Searching the audit trail: filters, who may search, and the `custinfo audit show` table."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from custinfo_tui.commands.audit import register, run
from custinfo_tui.domain.breaches import BreachIn
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction, AuditTrailEntry, AuditTrailFilters
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services import audit, breaches
from custinfo_tui.services.audit import search_events
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.operators import disable_operator
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.audit import describe_entry
from tests.support.acting import SUPERVISOR, acting_as, password_typed
from tests.support.actors import actor_for
from tests.support.references import stored_reference

JOHN_SMITH = 1  # the first demo customer
OTHER_CUSTOMER = 2
REASON = AccessReason(reason="Customer wrote in", detail="letter of 20 November")


@pytest.fixture
def supervisor(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "supervisor")


@pytest.fixture
def busy_day(demo_uow_factory: UnitOfWorkFactory) -> None:
    """An agent and the DPO open records and search, leaving events on the trail."""
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    open_record(demo_uow_factory(), agent, OTHER_CUSTOMER, REASON)
    search_customers(demo_uow_factory(), agent, "smith")
    open_record(demo_uow_factory(), dpo, JOHN_SMITH, AccessReason(reason="Data protection request"))


def _search(
    uow_factory: UnitOfWorkFactory, actor: Actor | None, **filters: Any
) -> list[AuditTrailEntry]:
    return search_events(uow_factory(), actor, AuditTrailFilters.model_validate(filters))


@pytest.mark.usefixtures("busy_day")
def test_a_customers_events_are_found_by_reference_with_who_and_why(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    reference = stored_reference(demo_uow_factory, JOHN_SMITH)

    entries = _search(demo_uow_factory, supervisor, customer_reference=format_reference(reference))

    assert [(e.operator, e.action) for e in entries] == [
        ("dpo", AuditAction.CUSTOMER_VIEWED.value),
        ("agent", AuditAction.CUSTOMER_VIEWED.value),
    ]
    assert {e.customer_reference for e in entries} == {reference}
    assert entries[1].reason == "Customer wrote in: letter of 20 November"
    assert "given_name" in entries[1].fields


def test_a_supervisors_search_of_the_trail_is_not_on_the_records_timeline(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    """Found by a tester: a handler opening the record read "Audit trail searched ...
    supervisor": handlers, who have no audit trail, do not see who looked into whom."""
    reference = stored_reference(demo_uow_factory, JOHN_SMITH)
    _search(demo_uow_factory, supervisor, customer_reference=format_reference(reference))
    agent = actor_for(demo_uow_factory, "agent")

    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)

    actions = [entry.action for entry in record.history]
    assert AuditAction.CUSTOMER_VIEWED.value in actions
    assert AuditAction.AUDIT_SEARCHED.value not in actions
    with demo_uow_factory() as uow:  # still on the trail, and so in the subject access pack
        about = [row[0] for row in uow.subject_access.events_about([JOHN_SMITH])]
    assert AuditAction.AUDIT_SEARCHED.value in about


@pytest.mark.usefixtures("busy_day")
def test_entries_carry_the_reference_but_no_personal_value(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    entries = _search(demo_uow_factory, supervisor)
    dumped = str([entry.model_dump() for entry in entries])
    assert "Smith" not in dumped and "John" not in dumped


@pytest.mark.usefixtures("busy_day")
def test_an_operator_is_found_by_username_or_by_id(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")

    by_name = _search(demo_uow_factory, supervisor, operator="Agent")
    by_id = _search(demo_uow_factory, supervisor, operator=str(dpo.operator_id))

    assert {e.operator for e in by_name} == {"agent"}
    assert len(by_name) == 3
    assert [e.operator for e in by_id] == ["dpo"]


@pytest.mark.usefixtures("busy_day")
def test_events_are_found_by_action(demo_uow_factory: UnitOfWorkFactory, supervisor: Actor) -> None:
    entries = _search(demo_uow_factory, supervisor, action=AuditAction.CUSTOMER_SEARCHED)
    assert [(e.operator, e.customer_reference) for e in entries] == [("agent", None)]


@pytest.mark.usefixtures("busy_day")
def test_a_date_range_includes_whole_days(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    today = datetime.now(UTC).date()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    viewed = AuditAction.CUSTOMER_VIEWED

    assert len(_search(demo_uow_factory, supervisor, action=viewed, since=today, until=today)) == 3
    assert _search(demo_uow_factory, supervisor, action=viewed, until=yesterday) == []
    assert _search(demo_uow_factory, supervisor, action=viewed, since=tomorrow) == []
    with pytest.raises(ServiceError, match="first day comes after the last"):
        _search(demo_uow_factory, supervisor, since=today, until=yesterday)


@pytest.mark.usefixtures("busy_day")
def test_newest_come_first_up_to_the_limit(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    entries = _search(demo_uow_factory, supervisor, limit=3)
    assert len(entries) == 3
    assert entries[0].id > entries[1].id > entries[2].id
    assert entries[0].operator == "dpo"


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("agent", False), ("trainer", False), ("supervisor", True), ("dpo", True), ("admin", True)],
)
def test_only_supervisors_the_dpo_and_admins_may_search_the_trail(
    demo_uow_factory: UnitOfWorkFactory, username: str, allowed: bool
) -> None:
    actor = actor_for(demo_uow_factory, username)
    if allowed:
        assert isinstance(_search(demo_uow_factory, actor), list)
    else:
        with pytest.raises(PermissionDenied):
            _search(demo_uow_factory, actor)


@pytest.mark.usefixtures("busy_day")
def test_a_search_of_the_trail_is_itself_recorded_on_the_customers_history(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    reference = stored_reference(demo_uow_factory, JOHN_SMITH)
    found = _search(demo_uow_factory, supervisor, customer_reference=reference)

    with demo_uow_factory() as uow:
        event = uow.audit.list_recent(action=AuditAction.AUDIT_SEARCHED.value, limit=1)[0]
    assert event.operator_id == supervisor.operator_id
    assert event.customer_id == JOHN_SMITH
    assert event.details == {"filters": ["customer_reference"], "results": len(found)}


def test_an_unknown_or_malformed_reference_is_explained(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    with pytest.raises(NotFound):
        _search(demo_uow_factory, supervisor, customer_reference="12345678Z")
    with pytest.raises(FieldError):
        _search(demo_uow_factory, supervisor, customer_reference="not a reference")


# --- custinfo audit show -------------------------------------------------------------------


def _cli(database_url: str, *argv: str) -> int:
    """`custinfo audit ARGV`; `show` as the supervisor, with their password typed."""
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    acting = acting_as(SUPERVISOR) if argv[0] == "show" else []
    with password_typed(SUPERVISOR.password):
        return run(
            parser.parse_args(["audit", *argv, *acting]), Settings(database_url=database_url)
        )


@pytest.mark.usefixtures("busy_day")
def test_show_prints_a_table_of_matching_events(
    demo_uow_factory: UnitOfWorkFactory,
    demo_database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reference = stored_reference(demo_uow_factory, JOHN_SMITH)
    today = datetime.now(UTC).date().isoformat()

    code = _cli(
        demo_database_url,
        "show",
        "--customer",
        reference,
        "--action",
        "customer.viewed",
        "--since",
        today,
        "--until",
        today,
        "--limit",
        "5",
    )

    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "time", "(UTC)", "operator", "action", "customer", "fields", "reason", "outcome",
        "facts",
    ]  # fmt: skip
    assert len(lines) == 4  # header, two events, count
    assert "dpo" in lines[1] and "agent" in lines[2]
    assert format_reference(reference) in lines[2]
    assert "Customer wrote in: letter of 20 November" in lines[2]
    assert "Smith" not in out


def test_one_long_reason_does_not_widen_every_line_of_the_listing(
    demo_uow_factory: UnitOfWorkFactory,
    demo_database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found trying the command line: one erasure's long reason padded every line of
    `audit show` to its length (about 900 characters there)."""
    with demo_uow_factory() as uow:
        audit.record(uow, None, AuditAction.AUDIT_SEARCHED, reason="a long reason " * 17)
        audit.record(uow, None, AuditAction.AUDIT_SEARCHED, reason="short")
        uow.commit()
    assert _cli(demo_database_url, "show", "--action", "audit.searched", "--limit", "3") == 0
    header, short, long, *_ = capsys.readouterr().out.splitlines()
    assert len(header) < 150 and len(short) < 150 and len(long) > 230


@pytest.mark.usefixtures("busy_day")
def test_show_is_recorded_under_the_operator_it_acts_for(
    demo_uow_factory: UnitOfWorkFactory,
    demo_database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A search of the trail is in a customer's pack's list of who accessed their record:
    "system" named no one (UK GDPR Art. 5(2)); it is the supervisor's, between their login
    and their log-out."""
    assert _cli(demo_database_url, "show", "--operator", "agent") == 0
    assert "3 events, newest first." in capsys.readouterr().out
    with demo_uow_factory() as uow:
        login, searched, out = reversed(uow.audit.list_recent(limit=3))
        supervisor = uow.operators.get_by_username("supervisor")
    assert supervisor is not None
    assert [login.action, searched.action, out.action] == [
        AuditAction.LOGIN_SUCCEEDED,
        AuditAction.AUDIT_SEARCHED,
        AuditAction.LOGGED_OUT,
    ]
    assert searched.operator_id == supervisor.id
    assert searched.console_session == login.console_session == out.console_session


def test_show_explains_what_it_cannot_search_for(
    demo_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(demo_database_url, "show", "--customer", "12345678Z") == 1
    assert "No customer has that reference." in capsys.readouterr().err
    assert _cli(demo_database_url, "show", "--operator", "nobody") == 1
    assert "No operator has that username." in capsys.readouterr().err
    for bad in (["--action", "customer.hacked"], ["--since", "31/11/2026"], ["--limit", "0"]):
        with pytest.raises(SystemExit):
            _cli(demo_database_url, "show", *bad)
    assert "That date does not exist: that month has only" in capsys.readouterr().err
    # A kind of event misspelt: the nearest names, not all eighty.
    with pytest.raises(SystemExit):
        _cli(demo_database_url, "show", "--action", "customer.veiwed")
    said = capsys.readouterr().err
    assert "no kind of event is called 'customer.veiwed'; did you mean customer.viewed" in said
    assert "operator.login_failed" not in said


def test_the_command_refuses_a_database_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.db"
    assert _cli(f"sqlite+pysqlite:///{missing}", "verify") == 1
    assert "no database at" in capsys.readouterr().err
    assert not missing.exists()


def test_an_operator_a_detail_names_by_id_is_named_by_username_too(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    """The line under the audit table said "operator_id 3" for an operator disabled: which
    one was a search of its own."""
    admin = actor_for(demo_uow_factory, "admin")
    trainer = actor_for(demo_uow_factory, "trainer")
    disable_operator(demo_uow_factory(), admin, "trainer")

    (entry,) = _search(demo_uow_factory, supervisor, action=AuditAction.OPERATOR_DISABLED)

    assert entry.details["operator_id"] == trainer.operator_id  # stored as it was
    assert entry.named_operators == {trainer.operator_id: "trainer"}
    assert f"operator_id {trainer.operator_id} (trainer)" in describe_entry(entry)


def test_show_prints_each_events_facts_as_the_console_does(
    demo_uow_factory: UnitOfWorkFactory,
    demo_database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`audit show` printed no facts: from the command line an administrator could not see
    which operator was disabled, or the counts of an import or a backup."""
    admin = actor_for(demo_uow_factory, "admin")
    trainer = actor_for(demo_uow_factory, "trainer")
    disable_operator(demo_uow_factory(), admin, "trainer")

    assert _cli(demo_database_url, "show", "--action", "operator.disabled") == 0

    (line,) = [line for line in capsys.readouterr().out.splitlines() if "disabled" in line]
    assert line.endswith(f"operator_id {trainer.operator_id} (trainer)")


def test_a_customers_events_include_the_breaches_that_involved_them(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    """Found by a DPO: filtering the trail by a customer named in a breach report showed
    none of the breach's events (they name no one customer: a breach may involve many)."""
    agent = actor_for(demo_uow_factory, "agent")
    john, other = (stored_reference(demo_uow_factory, c) for c in (JOHN_SMITH, OTHER_CUSTOMER))
    report = BreachIn(
        what_happened="A letter went to the wrong address.",
        discovered_at=datetime.now(UTC) - timedelta(hours=1),
        categories=(DataCategory.PERSONAL,),
        people_affected=1,
        customer_references=(format_reference(john),),
    )
    breaches.report_breach(demo_uow_factory(), agent, report)

    about_john = _search(demo_uow_factory, supervisor, customer_reference=format_reference(john))
    about_other = _search(demo_uow_factory, supervisor, customer_reference=format_reference(other))

    assert AuditAction.BREACH_REPORTED.value in [e.action for e in about_john]
    assert AuditAction.BREACH_REPORTED.value not in [e.action for e in about_other]


def test_show_lists_the_events_about_an_operators_login_naming_them(
    demo_uow_factory: UnitOfWorkFactory,
    demo_database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--about-operator` finds what the console's About box finds with "op:agent": the
    events about the agent's login, whoever acted; each names them in its facts."""
    disable_operator(demo_uow_factory(), actor_for(demo_uow_factory, "admin"), "agent")
    with demo_uow_factory() as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None

    assert _cli(demo_database_url, "show", "--about-operator", "agent") == 0
    header, disabled, created, count = capsys.readouterr().out.splitlines()
    assert header.split()[2:5] == ["operator", "action", "customer"]  # as it was
    assert disabled.split()[2:4] == ["admin", "operator.disabled"]
    assert disabled.endswith(f"operator_id {agent.id} (agent)")
    assert "operator.created" in created and f"operator_id {agent.id} (agent)" in created
    assert count == "2 events, newest first."

    assert _cli(demo_database_url, "show", "--about-operator", "nobody") == 1
    assert "No operator has that username." in capsys.readouterr().err


def test_a_complaint_moved_on_says_why_with_its_stage_and_the_note_s_first_words(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Actor
) -> None:
    """A change of stage's Why read "-": its event holds no reason, the note being the
    complaint's. It reads the stage moved to and, for those who may read the note on the
    record, its first words."""
    from custinfo_tui.domain.complaints import ComplaintPolicy
    from custinfo_tui.services import complaints
    from tests.support.complaints import plant_complaint

    taken = plant_complaint(demo_uow_factory, stage="acknowledged")
    note = "Rang back and agreed a refund of the second payment by Friday"
    complaints.move_complaint(
        demo_uow_factory(), supervisor, ComplaintPolicy(), taken, "investigating", note
    )
    filters = AuditTrailFilters(action=AuditAction.COMPLAINT_STAGE_CHANGED)

    moves = search_events(demo_uow_factory(), supervisor, filters)

    assert [entry.reason for entry in moves] == [
        "to investigating: Rang back and agreed a refund…",
        "to acknowledged: Moved on",
    ]
    assert "why: to investigating: Rang back" in describe_entry(moves[0])
    # An administrator, with no need to know about customers, reads the stage alone.
    admin = actor_for(demo_uow_factory, "admin")
    as_admin = search_events(demo_uow_factory(), admin, filters)
    assert [entry.reason for entry in as_admin] == ["to investigating", "to acknowledged"]
