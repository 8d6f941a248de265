"""Retention runs (MP-15): anonymising, category by category, what the policy no longer
lets us keep (domain.data_protection.retention), with the same code as erasure.

`run_retention(..., dry_run=True)` does the whole run inside a transaction and rolls it
back, so what it reports is exactly what the real run would do; the real run commits,
audits each record it changed on that record (`retention.anonymised`: the category, the
columns cleared, why and the period; inserted a batch at a time) and records the counts
in one `retention.run` event. Records under a legal hold, with an open
complaint or with processing restricted (Art. 18) are skipped and counted as held.
`due_soon` is the desk's list: what falls due in the next days.

A record merged into another (MP-13) keeps its own row (names, support needs, the
discrepancy reports made about it): the same person's, so every category goes from it
when it goes from the record kept, for the kept record's reason, audited on the merged
record; a hold on either holds both, as for erasure. The counts are of people (kept
records); the values include their merged records'.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Merged:
    """The records merged into others: each one's kept record, and each kept record's."""

    kept_of: dict[int, int]
    of_kept: dict[int, list[int]]

    @classmethod
    def read(cls, uow: UnitOfWork) -> _Merged:
        kept_of = uow.erasure.merged_records()
        of_kept: dict[int, list[int]] = {}
        for merged, kept in sorted(kept_of.items()):
            of_kept.setdefault(kept, []).append(merged)
        return cls(kept_of, of_kept)

    def person(self, customer_id: int) -> int:
        """The record kept for this one's person: itself unless it was merged."""
        return self.kept_of.get(customer_id, customer_id)

    def with_merged(self, kept: Iterable[int]) -> list[int]:
        """These kept records, then every record merged into them."""
        ids = list(kept)
        return ids + [merged for customer_id in ids for merged in self.of_kept.get(customer_id, [])]


def _due(
    uow: UnitOfWork, policy: RetentionPolicy, until: datetime, merged: _Merged
) -> dict[DataCategory, dict[int, tuple[datetime, str]]]:
    """For each reported category, the active customers holding data in it (themselves or
    on a record merged into theirs) due by `until`: when it falls (fell) due, and why. A
    record due as a whole is not listed again."""
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
    due[DataCategory.ENQUIRY] = _holding(uow, enquiry, DataCategory.ENQUIRY, merged)
    special: dict[int, tuple[datetime, str]] = {}
    last_of = dict(rest)
    for batch in _batches([customer_id for customer_id, _ in rest]):
        for customer_id in _holders(uow, batch, DataCategory.SPECIAL_CATEGORY, merged):
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
    uow: UnitOfWork, due: dict[int, tuple[datetime, str]], category: DataCategory, merged: _Merged
) -> dict[int, tuple[datetime, str]]:
    """Only the customers who still hold something of `category`."""
    holders: set[int] = set()
    for batch in _batches(sorted(due)):
        holders |= _holders(uow, batch, category, merged)
    return {customer_id: due[customer_id] for customer_id in due if customer_id in holders}


def _holders(uow: UnitOfWork, kept: list[int], category: DataCategory, merged: _Merged) -> set[int]:
    """Those of these kept records holding something of `category` (the field registry's
    columns, `ERASED_COLUMNS`), on their own row or on a record merged into theirs."""
    found = uow.erasure.customers_holding(merged.with_merged(kept), {category})
    return {merged.person(customer_id) for customer_id in found}


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
        merged = _Merged.read(uow)
        due = _due(uow, policy, now, merged)
        held = _held(uow, merged)
        for category in REPORTED_CATEGORIES:
            customers = due[category]
            go = sorted(set(customers) - held)
            values = 0
            for kept in _batches(go):
                batch = merged.with_merged(kept)  # the same people's records
                if category is DataCategory.PERSONAL:  # whole records: erased, as erasure does
                    closed += close_for_erasure(uow, actor, batch, now)
                each = (
                    {} if dry_run else uow.erasure.values_by_customer(batch, ANONYMISED[category])
                )
                values += sum(uow.erasure.anonymise(batch, ANONYMISED[category], now).values())
                if not dry_run:
                    why = {cid: customers[merged.person(cid)][1] for cid in batch}
                    _record_each(uow, actor, policy, category, why, each, now)
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


def _held(uow: UnitOfWork, merged: _Merged) -> set[int]:
    """The kept records held: by a hold of their own, or one on a record merged into
    theirs (recorded before the merge, it stays there), as erasure counts them."""
    return {merged.person(customer_id) for customer_id in uow.erasure.held_customers()}


def _record_each(
    uow: UnitOfWork,
    actor: Actor | None,
    policy: RetentionPolicy,
    category: DataCategory,
    why: dict[int, str],
    cleared: dict[int, dict[str, int]],
    now: datetime,
) -> None:
    """One `retention.anonymised` event on each record of the batch (`why`: each one's
    reason) the run changed: the category, the columns cleared and how many values
    (`cleared`), why it fell due and the period, and the run (`run_at`); a record erased
    whole is audited even with no value left to clear (its status changed). A record
    merged into another goes with it, for its reason, audited on its own."""
    whole = category is DataCategory.PERSONAL
    years = policy.period_years(category)
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
                    "why": why[customer_id],
                    "period_years": years,
                    "run_at": now.isoformat(),
                },
            )
            for customer_id in why
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
        merged = _Merged.read(uow)
        due = _due(uow, policy, now + timedelta(days=days), merged)
        held = _held(uow, merged)
        result = []
        for category in REPORTED_CATEGORIES:
            moments = [moment for cid, (moment, _) in due[category].items() if cid not in held]
            result.append(
                DueSoon(
                    category=category,
                    records=len(moments),
                    first_due=min(moments).date() if moments else None,
                    years=policy.period_years(category),
                )
            )
        return result
