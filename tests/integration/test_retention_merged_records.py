"""Retention runs reach what a record merged into the person's still holds of its own
(MP-13, MP-15), on SQLite, SQLCipher and PostgreSQL.

Found reading the retention service: a merged record keeps its own row (names, support
needs, its decided discrepancy reports), which the subject access pack lists, but a run cleared a
category only on the kept record, and took the merged records along only when the whole
record was anonymised. Support needs on a merged record outlived their year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.retention import RetentionPolicy, RetentionReport
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import Customer, DiscrepancyReportRow, LegalHoldRow
from custinfo_tui.services import discrepancies, retention
from custinfo_tui.services.legacy_import import import_customers
from custinfo_tui.services.legacy_import_mapping import load_mapping
from tests.support.actors import Desk
from tests.support.merges import merge_as_one_person

POLICY = RetentionPolicy()
NOW = datetime.now(UTC)
YEAR = timedelta(days=366)
KEPT, MERGED = 1, 2  # the demo's John Smith, and Zoë Taylor merged into him
#: Zoë Taylor's record dates from 2023, with no calls.
ZOE_TAYLOR = MERGED
NEEDS = "Large print please"
REASON = "Same person: letter with both references"


def _give_support_needs(desk: Desk, customer_id: int) -> None:
    """Support needs that reached the record around the console's checks (an import)."""
    with desk.uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        customer.accessibility_needs = NEEDS
        uow.commit()


def _merge(supervisor: Desk, kept: int = KEPT, merged: int = MERGED) -> None:
    """Merge Zoë Taylor into John Smith (or `merged` into `kept`), keeping every field of
    the kept record."""
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, kept, merged, REASON)


def _run(dpo: Desk, at: datetime, *, dry_run: bool) -> RetentionReport:
    return retention.run_retention(dpo.uow_factory(), dpo.actor, POLICY, at, dry_run=dry_run)


def _line(report: RetentionReport, category: DataCategory) -> tuple[int, int, int]:
    [line] = [line for line in report.categories if line.category is category]
    return line.records, line.values, line.held


def _due_soon(dpo: Desk, at: datetime, category: DataCategory) -> int:
    soon = retention.due_soon(dpo.uow_factory(), dpo.actor, POLICY, at, days=30)
    [line] = [line for line in soon if line.category is category]
    return line.records


def _events(dpo: Desk, customer_id: int) -> dict[str, tuple[tuple[str, ...], dict[str, object]]]:
    """The `retention.anonymised` events on the record, by category: fields and details."""
    with dpo.uow_factory() as uow:
        events = uow.audit.list_recent(
            customer_id=customer_id, action=AuditAction.RETENTION_ANONYMISED.value
        )
    return {str(e.details["category"]): (tuple(e.fields), dict(e.details)) for e in events}


def _needs(dpo: Desk, customer_id: int) -> str | None:
    with dpo.uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        return customer.accessibility_needs


def _decided_on_merged(supervisor: Desk) -> None:
    """A report on the record to merge, decided before the merge: it stays on that record
    (an open one would follow the person to the kept record, to be decided there)."""
    report = discrepancies.report_discrepancy(
        supervisor.uow_factory(),
        supervisor.actor,
        MERGED,
        DiscrepancyIn(field="town", claimed_value="York", why="Letter returned from Leeds"),
    )
    discrepancies.reject_discrepancy(
        supervisor.uow_factory(), supervisor.actor, report.id, "Leeds confirmed by phone"
    )


def _discrepancy_texts(dpo: Desk) -> list[tuple[str, str]]:
    with dpo.uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        rows = session.query(DiscrepancyReportRow).filter_by(customer_id=MERGED).all()
        return [(row.claimed_value, row.why) for row in rows]


def test_support_needs_on_a_merged_record_go_with_the_kept_records_and_are_audited_on_it(
    dpo: Desk, supervisor: Desk
) -> None:
    at = NOW + 2 * YEAR
    before = _line(_run(dpo, at, dry_run=True), DataCategory.SPECIAL_CATEGORY)
    due_before = _due_soon(dpo, at, DataCategory.SPECIAL_CATEGORY)
    _give_support_needs(dpo, MERGED)  # John Smith has none of his own
    _merge(supervisor)

    preview = _run(dpo, at, dry_run=True)
    # The person falls due once more, for the value their merged record holds.
    assert _line(preview, DataCategory.SPECIAL_CATEGORY)[:2] == (before[0] + 1, before[1] + 1)
    assert _due_soon(dpo, at, DataCategory.SPECIAL_CATEGORY) == due_before + 1
    assert _needs(dpo, MERGED) == NEEDS  # a dry run changes nothing
    real = _run(dpo, at, dry_run=False)

    assert preview.model_copy(update={"dry_run": False}) == real
    assert _needs(dpo, MERGED) is None
    fields, details = _events(dpo, MERGED)["special_category"]
    assert fields == ("customers.accessibility_needs",)
    assert details["values"] == 1 and details["period_years"] == 1
    assert details["why"] == "no Article 9 condition in force"  # John Smith gave none
    assert NEEDS not in str(details)
    assert "special_category" not in _events(dpo, KEPT)  # nothing of his was cleared


def test_a_merged_records_enquiry_data_goes_when_the_persons_falls_due_not_before(
    dpo: Desk, supervisor: Desk
) -> None:
    """Decided discrepancy reports stay on the record they were made about through a
    merge: they go when the person's enquiry data does, for the same reason, and not
    before."""
    _decided_on_merged(supervisor)
    _merge(supervisor)

    _run(dpo, NOW + timedelta(days=1), dry_run=False)
    assert _discrepancy_texts(dpo) == [("York", "Letter returned from Leeds")]

    _run(dpo, NOW + 2 * YEAR + timedelta(days=1), dry_run=False)

    assert _discrepancy_texts(dpo) == [("(erased)", "(erased)")]
    fields, details = _events(dpo, MERGED)["enquiry"]
    assert {"discrepancy_reports.claimed_value", "discrepancy_reports.why"} <= set(fields)
    assert details["why"] == "last contact more than 2 years ago"
    assert details["period_years"] == 2


def test_a_hold_on_a_merged_record_holds_the_person_as_erasure_does(
    dpo: Desk, supervisor: Desk
) -> None:
    _give_support_needs(dpo, MERGED)
    _merge(supervisor)
    # Recorded before merges looked for holds (a hold in force now stops the merge, and one
    # is recorded on an active record only): it holds the person all the same.
    with dpo.uow_factory() as uow:
        uow.erasure.add_hold(
            LegalHoldRow(
                customer_id=MERGED,
                kind=HoldKind.LEGAL_CLAIM,
                reason="Claim 2026/41 in court",
                set_at=NOW,
                set_by_id=dpo.actor.operator_id,
            )
        )
        uow.commit()
    at = NOW + 7 * YEAR

    report = _run(dpo, at, dry_run=False)

    assert _line(report, DataCategory.PERSONAL)[2] == 1  # held, counted as such
    assert _needs(dpo, MERGED) == NEEDS
    with dpo.uow_factory() as uow:
        kept = uow.customers.get(KEPT)
        assert kept is not None and kept.given_name == "John"
    assert _events(dpo, MERGED) == {} and _events(dpo, KEPT) == {}


def _imported_today(desk: Desk, folder: Path) -> int:
    """A record imported today from an old system: no call, only its creation."""
    source, mapping = folder / "old.csv", folder / "old.toml"
    source.write_text("First,Last\nZoe,Taylor-Brook\n", encoding="utf-8")
    mapping.write_text('[columns]\ngiven_name = "First"\nfamily_name = "Last"\n')
    import_customers(desk.uow_factory, source, load_mapping(mapping), folder / "rejects.csv")
    with desk.uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        found = session.scalar(select(Customer.id).where(Customer.family_name == "Taylor-Brook"))
        assert found is not None
        return int(found)


def test_a_record_merged_in_counts_its_creation_as_the_persons_last_contact(
    dpo: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    """Zoë Taylor's record is from 2023 and she never called; one imported for her today and
    merged into hers is new data about her: her record is not due whole in 2029."""
    imported = _imported_today(dpo, tmp_path)
    _merge(supervisor, ZOE_TAYLOR, imported)
    at = NOW + 4 * YEAR  # six years after 2023, not after today

    _run(dpo, at, dry_run=False)

    with dpo.uow_factory() as uow:
        for customer_id in (ZOE_TAYLOR, imported):
            customer = uow.customers.get(customer_id)
            assert customer is not None and customer.given_name != "(erased)", customer_id
