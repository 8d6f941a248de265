"""Retention runs (MP-15): anonymising, category by category, what the policy no longer
lets us keep (domain.data_protection.retention), with the same code as erasure.

`run_retention(..., dry_run=True)` does the whole run inside a transaction and rolls it
back, so what it reports is exactly what the real run would do; the real run commits,
audits each record it changed on that record (`retention.anonymised`: the category, the
columns cleared, why and the period; inserted a batch at a time) and records the counts
in one `retention.run` event. Records under a legal hold, with an open
complaint or with processing restricted (Art. 18) are skipped and counted as held.
`due_soon` is the desk's list: what falls due in the next days.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.retention import (
    REPORTED_CATEGORIES,
    CategoryDue,
    DueSoon,
    RetentionPolicy,
    RetentionReport,
    due_at,
    why_due,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import audit
from custinfo_tui.services.consent import special_condition_in_force
from custinfo_tui.services.disclosures import close_for_erasure
from custinfo_tui.services.erasure import ALL_CATEGORIES
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Customers per statement: keeps every IN list well inside SQLite's limit.
BATCH = 500
#: What anonymising each reported category takes out.
ANONYMISED = {
    DataCategory.PERSONAL: ALL_CATEGORIES,
    DataCategory.ENQUIRY: frozenset({DataCategory.ENQUIRY}),
    DataCategory.SPECIAL_CATEGORY: frozenset({DataCategory.SPECIAL_CATEGORY}),
}


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _due(
    uow: UnitOfWork, policy: RetentionPolicy, until: datetime
) -> dict[DataCategory, dict[int, tuple[datetime, str]]]:
    """For each reported category, the active customers holding data in it due by `until`:
    when it falls (fell) due, and why. A record due as a whole is not listed again."""
    contacts = uow.erasure.last_contacts()
    due: dict[DataCategory, dict[int, tuple[datetime, str]]] = {}
    whole = {
        customer_id: (moment, why_due(DataCategory.PERSONAL, policy, condition_in_force=True))
        for customer_id, last in contacts
        if (moment := _due_at(DataCategory.PERSONAL, policy, last)) is not None and moment <= until
    }
    due[DataCategory.PERSONAL] = whole
    rest = [(customer_id, last) for customer_id, last in contacts if customer_id not in whole]
    enquiry = {
        customer_id: (moment, why_due(DataCategory.ENQUIRY, policy, condition_in_force=True))
        for customer_id, last in rest
        if (moment := _due_at(DataCategory.ENQUIRY, policy, last)) is not None and moment <= until
    }
    due[DataCategory.ENQUIRY] = _holding(uow, enquiry, DataCategory.ENQUIRY)
    special: dict[int, tuple[datetime, str]] = {}
    last_of = dict(rest)
    for batch in _batches([customer_id for customer_id, _ in rest]):
        for customer_id in uow.erasure.holding_special(batch):
            in_force = special_condition_in_force(uow, customer_id)
            moment = due_at(
                DataCategory.SPECIAL_CATEGORY,
                policy,
                last_of[customer_id],
                condition_in_force=in_force,
            )
            if moment is not None and moment <= until:
                reason = why_due(DataCategory.SPECIAL_CATEGORY, policy, condition_in_force=in_force)
                special[customer_id] = (moment, reason)
    due[DataCategory.SPECIAL_CATEGORY] = special
    return due


def _due_at(category: DataCategory, policy: RetentionPolicy, last: datetime) -> datetime | None:
    return due_at(category, policy, last)


def _holding(
    uow: UnitOfWork, due: dict[int, tuple[datetime, str]], category: DataCategory
) -> dict[int, tuple[datetime, str]]:
    """Only the customers who still hold something of `category`."""
    holders: set[int] = set()
    for batch in _batches(sorted(due)):
        holders |= uow.erasure.customers_holding(batch, {category})
    return {customer_id: due[customer_id] for customer_id in due if customer_id in holders}


def run_retention(
    uow: UnitOfWork,
    actor: Actor | None,
    policy: RetentionPolicy,
    now: datetime,
    *,
    dry_run: bool,
) -> RetentionReport:
    """Anonymise what has fallen due by `now`, category by category, skipping records under
    a legal hold; or, with `dry_run`, work out exactly that and change nothing. Recorded in
    one event with the counts (`retention.run`, or `retention.previewed`)."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    lines = []
    closed: list[int] = []
    with uow:
        due = _due(uow, policy, now)
        held = uow.erasure.held_customers()
        for category in REPORTED_CATEGORIES:
            customers = due[category]
            go = sorted(set(customers) - held)
            values = 0
            for batch in _batches(go):
                if category is DataCategory.PERSONAL:  # whole records: erased, as erasure does
                    batch += uow.erasure.merged_into(batch)
                    closed += close_for_erasure(uow, actor, batch, now)
                each = (
                    {} if dry_run else uow.erasure.values_by_customer(batch, ANONYMISED[category])
                )
                values += sum(uow.erasure.anonymise(batch, ANONYMISED[category], now).values())
                if not dry_run:
                    _record_each(uow, actor, policy, category, customers, batch, each, now)
            lines.append(
                CategoryDue(
                    category=category,
                    records=len(go),
                    values=values,
                    held=len(set(customers) & held),
                    reasons=tuple(sorted({why for _, why in customers.values()})),
                )
            )
        report = RetentionReport(
            as_of=now,
            dry_run=dry_run,
            categories=tuple(lines),
            disclosures_closed=tuple(sorted(closed)),
        )
        if dry_run:
            uow.rollback()
        else:
            _record(uow, actor, report)
            uow.commit()
            if report.values:
                uow.erasure.dispose_freed_space()
            return report
    with uow:
        _record(uow, actor, report)
        uow.commit()
    return report


def _record_each(
    uow: UnitOfWork,
    actor: Actor | None,
    policy: RetentionPolicy,
    category: DataCategory,
    due: dict[int, tuple[datetime, str]],
    batch: list[int],
    cleared: dict[int, dict[str, int]],
    now: datetime,
) -> None:
    """One `retention.anonymised` event on each record of `batch` the run changed: the
    category, the columns cleared and how many values (`cleared`), why it fell due and the
    period, and the run (`run_at`); a record erased whole is audited even with no value
    left to clear (its status changed). Records merged into one erased whole go with it,
    for its reason."""
    whole = category is DataCategory.PERSONAL
    years = policy.record_years() if whole else policy.rule(category).years_after_last_contact
    record_why = why_due(DataCategory.PERSONAL, policy, condition_in_force=True)
    audit.record_many(
        uow,
        actor,
        AuditAction.RETENTION_ANONYMISED,
        (
            (
                customer_id,
                sorted(cleared.get(customer_id, {})),
                {
                    "category": category.value,
                    "values": sum(cleared.get(customer_id, {}).values()),
                    "why": due[customer_id][1] if customer_id in due else record_why,
                    "period_years": years,
                    "run_at": now.isoformat(),
                },
            )
            for customer_id in batch
            if whole or cleared.get(customer_id)
        ),
        at=datetime.now(UTC),  # when it was done; `now` is the day the run counts to
    )


def _record(uow: UnitOfWork, actor: Actor | None, report: RetentionReport) -> None:
    audit.record(
        uow,
        actor,
        AuditAction.RETENTION_PREVIEWED if report.dry_run else AuditAction.RETENTION_RUN,
        details={
            **{
                line.category.value: {
                    "records": line.records,
                    "values": line.values,
                    "held": line.held,
                }
                for line in report.categories
            },
            "disclosures_closed": list(report.disclosures_closed),
        },
    )


def due_soon(
    uow: UnitOfWork, actor: Actor | None, policy: RetentionPolicy, now: datetime, days: int = 30
) -> list[DueSoon]:
    """By category, how many records (not under a hold) fall due within `days` of `now`,
    overdue ones included, and the earliest day among them. Counts only: not audited."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    with uow:
        due = _due(uow, policy, now + timedelta(days=days))
        held = uow.erasure.held_customers()
        result = []
        for category in REPORTED_CATEGORIES:
            moments = [moment for cid, (moment, _) in due[category].items() if cid not in held]
            result.append(
                DueSoon(
                    category=category,
                    records=len(moments),
                    first_due=min(moments).date() if moments else None,
                )
            )
        return result
