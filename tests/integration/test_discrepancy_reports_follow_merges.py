"""Discrepancy reports open on a record merged into another follow the person to the
record kept (MP-13, MP-14), on SQLite, SQLCipher and PostgreSQL: each keeps who reported
what and when and names the record it was made on; the queue, the report and the
reporter's own list say so; decided reports stay where they were made. Reports a merge
left behind before (migration 0033) are moved the same way when the database is upgraded.
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyStatus
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.repository.orm import DiscrepancyReportRow
from custinfo_tui.services import discrepancies, merging, queue
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for
from tests.support.merges import SAME_PERSON, merge_as_one_person

FIRST, SECOND, THIRD = 1, 2, 3  # demo customers, merged as one person's


def _report(agent: Desk, customer_id: int, field: str = "email") -> int:
    value = {"email": "same.person@example.com", "phone": "07700 900456"}[field]
    given = DiscrepancyIn(field=field, claimed_value=value, why="Caller says it changed")
    return discrepancies.report_discrepancy(agent.uow_factory(), agent.actor, customer_id, given).id


def _row(desk: Desk, report_id: int) -> DiscrepancyReportRow:
    with desk.uow_factory() as uow:
        row = uow.discrepancies.get(report_id)
        assert row is not None
        return row


def test_open_reports_follow_the_person_through_two_merges_naming_where_they_were_made(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    agent, supervisor = (
        desk_for(demo_uow_factory, "agent"),
        desk_for(demo_uow_factory, "supervisor"),
    )
    waiting, decided = _report(agent, THIRD), _report(agent, THIRD, "phone")
    discrepancies.reject_discrepancy(
        supervisor.uow_factory(), supervisor.actor, decided, "Confirmed by letter"
    )
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, SECOND, THIRD, comparing_reason(SAME_PERSON)
    )
    assert preview.moving["discrepancy_reports"] == 1  # the open one only
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, SECOND, THIRD)
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, FIRST, SECOND)

    moved, stayed = _row(supervisor, waiting), _row(supervisor, decided)
    assert (moved.customer_id, moved.reported_on_id) == (FIRST, THIRD)
    assert (stayed.customer_id, stayed.reported_on_id) == (THIRD, None)
    assert stayed.status == DiscrepancyStatus.REJECTED

    made_on, kept = supervisor.reference(THIRD), supervisor.reference(FIRST)
    said = f"Reported on {made_on}, since merged into {kept}."
    [item] = queue.open_items(supervisor.uow_factory(), supervisor.actor, QueueKind.DISCREPANCY)
    assert (item.customer_id, item.merged_since) == (FIRST, said)
    report = discrepancies.report_for_item(supervisor.uow_factory(), supervisor.actor, item.id)
    assert (report.customer_reference, report.merged_since) == (kept, said)
    mine = {r.id: r for r in discrepancies.my_reports(agent.uow_factory(), agent.actor)}
    assert mine[waiting].merged_since == said and mine[decided].merged_since is None

    discrepancies.reject_discrepancy(
        supervisor.uow_factory(), supervisor.actor, waiting, "Checked: the e-mail is right"
    )
    assert _row(supervisor, waiting).status == DiscrepancyStatus.REJECTED


def test_the_persons_pack_lists_reports_made_on_a_record_merged_into_theirs(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """Found after the merge change: a report decided before the merge stays on the merged
    record, and the pack read the kept record's reports only, so it went missing from the
    person's subject access pack (Art. 15). Both reports are listed, each naming its record."""
    agent, supervisor, dpo = (
        desk_for(demo_uow_factory, name) for name in ("agent", "supervisor", "dpo")
    )
    waiting, decided = _report(agent, SECOND), _report(agent, SECOND, "phone")
    discrepancies.reject_discrepancy(
        supervisor.uow_factory(), supervisor.actor, decided, "Confirmed by letter"
    )
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, FIRST, SECOND)

    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, FIRST)
    reports = pack.section("discrepancy-reports")
    about = reports.columns.index("About")
    status = reports.columns.index("Status")
    made_on = f"{dpo.reference(SECOND)}, merged into this record"
    assert sorted((row[status], row[about]) for row in reports.rows) == [
        ("rejected", made_on),
        ("waiting", made_on),
    ]
    assert {_row(dpo, waiting).customer_id, _row(dpo, decided).customer_id} == {FIRST, SECOND}


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_reports_a_merge_left_behind_before_move_when_the_database_is_upgraded(
    demo_database_url: str,
) -> None:
    """Before, a merge moved a report's queue item to the kept record and left the report
    on the merged one: correcting it there was refused. Migration 0033 moves each one still
    open, as a merge now does; a decided one stays."""
    engine = build_engine(demo_database_url)
    uow_factory = uow_factory_for(engine)
    agent, supervisor = desk_for(uow_factory, "agent"), desk_for(uow_factory, "supervisor")
    waiting, decided = _report(agent, SECOND), _report(agent, SECOND, "phone")
    discrepancies.reject_discrepancy(uow_factory(), supervisor.actor, decided, "No change")
    _downgrade(engine, "0032")
    with engine.begin() as connection:  # merged as before: the report left where it was
        connection.execute(
            text("UPDATE customers SET status = 'merged', merged_into_id = :kept WHERE id = :id"),
            {"kept": FIRST, "id": SECOND},
        )
        connection.execute(
            text("UPDATE queue_items SET customer_id = :kept WHERE customer_id = :id"),
            {"kept": FIRST, "id": SECOND},
        )
    upgrade_to_head(engine)

    moved, stayed = _row(supervisor, waiting), _row(supervisor, decided)
    assert (moved.customer_id, moved.reported_on_id) == (FIRST, SECOND)
    assert (stayed.customer_id, stayed.reported_on_id) == (SECOND, None)
    [item] = queue.open_items(supervisor.uow_factory(), supervisor.actor, QueueKind.DISCREPANCY)
    assert item.merged_since == (
        f"Reported on {supervisor.reference(SECOND)}, since merged into "
        f"{supervisor.reference(FIRST)}."
    )
    engine.dispose()
