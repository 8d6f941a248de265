"""Personal-data breaches (MP-20): reporting one, the DPO's assessment, closing it, the list
on the desk and the clocks shown at login (docs/data-protection.md, "Breaches").

Any operator may report a suspected breach: recognising one is every handler's job, so no
role is needed beyond being logged in. Only the data protection officer assesses and
closes breaches and reads them in full (`Permission.DATA_PROTECTION`); supervisors are
told at login how many clocks are overdue, and nothing else. The texts are free text
(`clean_free_text`); events carry the breach's id, categories, decisions and counts, never
what was typed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.breach_assessment import check_assessment
from custinfo_tui.domain.breach_clocks import (
    ClocksRunning,
    IndividualsToTell,
    running_clock,
    to_tell,
)
from custinfo_tui.domain.breach_record import BreachRecord, assessment_step
from custinfo_tui.domain.breaches import (
    AssessmentIn,
    BreachIn,
    BreachInvalid,
    BreachRisk,
    BreachView,
    OverdueClocks,
    Told,
    check_breach,
    check_summary,
    deadline_for,
    describe_clock,
)
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import BreachRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, allows, require
from custinfo_tui.services.unit_of_work import UnitOfWork


def report_breach(uow: UnitOfWork, actor: Actor, given: BreachIn) -> BreachView:
    """Record a suspected breach, its 72-hour clock starting at its discovery.

    Raises BreachInvalid naming each wrong field, a reference not on file included;
    nothing is saved then. Audited as `breach.reported` with the categories and the
    counts of people and customers.
    """
    now = datetime.now(UTC)
    checked = check_breach(given, now)
    with uow:
        customer_ids: list[int] = []
        for reference in checked.customer_references:
            customer = uow.customers.get_by_reference(reference)
            if customer is None:
                raise BreachInvalid({"customer_references": _not_on_file(reference)})
            customer_ids.append(customer.id)
        breach = uow.breaches.add(
            BreachRow(
                reported_by_id=actor.operator_id,
                reported_at=now,
                discovered_at=checked.discovered_at,
                deadline=deadline_for(checked.discovered_at),
                what_happened=checked.what_happened,
                categories=[category.value for category in checked.categories],
                people_affected=checked.people_affected,
            ),
            customer_ids,
        )
        view = _view(uow, breach, list(checked.customer_references), now)
        audit.record(
            uow,
            actor,
            AuditAction.BREACH_REPORTED,
            details={
                "breach_id": breach.id,
                "categories": list(breach.categories),
                "people_affected": checked.people_affected,
                "customers": len(customer_ids),
                "hours_since_discovery": int((now - checked.discovered_at).total_seconds()) // 3600,
            },
        )
        uow.commit()
        return view


def _not_on_file(reference: str) -> str:
    """The problem said at the Customers box: the reference itself, as typed references
    are read (each once), so a place in the box ("Reference 2") could name the wrong one
    once a reference typed twice was counted once; and what to do about it."""
    return f"{format_reference(reference)} is not a customer on file: check it, or leave it out."


def assess_breach(uow: UnitOfWork, actor: Actor, breach_id: int, given: AssessmentIn) -> BreachView:
    """Record the DPO's risk assessment and whether (and when) the ICO and the individuals
    were told, or why not. May be recorded again as things move on, until the breach is
    closed; the ICO decision stops the clock. Audited as `breach.assessed` with the
    decisions, never the reasons."""
    require(actor, Permission.DATA_PROTECTION)
    now = datetime.now(UTC)
    with uow:
        breach = _open_breach(uow, breach_id)
        checked = check_assessment(given, breach.discovered_at, now)
        breach.risk = checked.risk.value
        breach.records_affected = checked.records_affected
        breach.likely_consequences = checked.likely_consequences or None
        breach.measures = checked.measures or None
        breach.ico = checked.ico.value if checked.ico else None
        breach.ico_told_at = checked.ico_told_at
        breach.ico_reference = checked.ico_reference or None
        breach.ico_reason = checked.ico_reason or None
        breach.individuals = checked.individuals.value if checked.individuals else None
        breach.individuals_told_at = checked.individuals_told_at
        breach.individuals_reason = checked.individuals_reason or None
        breach.assessed_by_id = actor.operator_id
        breach.assessed_at = now
        audit.record(
            uow,
            actor,
            AuditAction.BREACH_ASSESSED,
            details={
                "breach_id": breach.id,
                "risk": breach.risk,
                "ico": breach.ico,
                "ico_told_late": bool(
                    checked.ico_told_at is not None and checked.ico_told_at > breach.deadline
                ),
                "individuals": breach.individuals,
                # Whether each fact of Art. 33(3) is recorded, never what it says.
                "records_affected": checked.records_affected is not None,
                "likely_consequences": bool(checked.likely_consequences),
                "measures": bool(checked.measures),
                "ico_reference": bool(checked.ico_reference),
            },
        )
        view = _view(uow, breach, None, now)
        uow.commit()
        return view


def close_breach(uow: UnitOfWork, actor: Actor, breach_id: int, summary: str) -> BreachView:
    """Close a breach with a summary of what was done. Refused until the risk, both
    decisions (the ICO, the individuals), the likely consequences and the measures are
    recorded (`BreachView.missing_to_close`). Audited as `breach.closed`."""
    require(actor, Permission.DATA_PROTECTION)
    text = check_summary(summary)
    now = datetime.now(UTC)
    with uow:
        breach = _open_breach(uow, breach_id)
        missing = _view(uow, breach, [], now).missing_to_close()
        if missing is not None:
            raise ServiceError(missing)
        breach.summary = text
        breach.closed_at = now
        breach.closed_by_id = actor.operator_id
        audit.record(
            uow,
            actor,
            AuditAction.BREACH_CLOSED,
            details={
                "breach_id": breach.id,
                "risk": breach.risk,
                "ico": breach.ico,
                "individuals": breach.individuals,
                "summary_characters": len(text),
            },
        )
        view = _view(uow, breach, None, now)
        uow.commit()
        return view


def list_breaches(uow: UnitOfWork, actor: Actor | None, *, open_only: bool) -> list[BreachView]:
    """Breaches with their clocks: overdue first (the most overdue first), then open ones
    by deadline, then closed ones, newest first. `actor` None is the system. Audited as
    `breach.listed` with the count."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    now = datetime.now(UTC)
    with uow:
        rows = uow.breaches.listed(open_only=open_only)
        references = uow.breaches.references_of([row.id for row in rows])
        views = [_view(uow, row, references.get(row.id, []), now) for row in rows]
        views.sort(key=_desk_order)
        audit.record(
            uow,
            actor,
            AuditAction.BREACHES_LISTED,
            details={"open_only": open_only, "count": len(views)},
        )
        uow.commit()
        return views


def breach_record(uow: UnitOfWork, actor: Actor | None, breach_id: int) -> BreachRecord:
    """One breach in full, with every saving of its assessment as the audit trail holds
    it (who, when, the decisions then): the record Art. 33(5) asks for, on the desk or by
    `custinfo breach show` (`actor` None: the command line acting as the system). Its
    texts are shown, so reading it is audited as `breach.shown`, naming it."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    now = datetime.now(UTC)
    with uow:
        breach = uow.breaches.get(breach_id)
        if breach is None:
            raise NotFound(f"No breach {breach_id}.")
        names = operator_names(uow)
        steps = tuple(
            assessment_step(event.occurred_at, names(event.operator_id), event.details)
            for event in uow.audit.of_breach(breach.id, (AuditAction.BREACH_ASSESSED.value,))
        )
        record = BreachRecord(breach=_view(uow, breach, None, now), assessments=steps)
        audit.record(uow, actor, AuditAction.BREACH_SHOWN, details={"breach_id": breach.id})
        uow.commit()
        return record


def overdue_clocks(uow: UnitOfWork, actor: Actor) -> OverdueClocks:
    """How many breaches are past their 72 hours with no ICO decision, and by how long the
    worst is: what the DPO and supervisors are told at login. Numbers only, so not audited."""
    if not (
        allows(actor.role, Permission.DATA_PROTECTION) or allows(actor.role, Permission.WORK_QUEUE)
    ):
        raise PermissionDenied("see overdue breach clocks")
    now = datetime.now(UTC)
    with uow:
        count, earliest = uow.breaches.overdue(now)
    if not count or earliest is None:
        return OverdueClocks(count=0, worst=None)
    worst, _ = describe_clock(earliest, now, ico_decided=False, closed=False)
    return OverdueClocks(count=count, worst=worst)


def clocks_running(uow: UnitOfWork, actor: Actor) -> ClocksRunning:
    """Every breach whose 72-hour clock still runs (no ICO decision yet), soonest deadline
    first, overdue ones included: what the DPO is told at login. Numbers and clocks only,
    so not audited."""
    require(actor, Permission.DATA_PROTECTION)
    now = datetime.now(UTC)
    with uow:
        running = uow.breaches.clocks_running()
    return ClocksRunning(
        clocks=tuple(running_clock(id_, deadline, now) for id_, deadline in running)
    )


def individuals_to_tell(uow: UnitOfWork, actor: Actor) -> IndividualsToTell:
    """Every open breach assessed as a high risk with nothing decided about telling the
    people affected (Art. 34), the longest known first: what the DPO is told at login,
    whatever its ICO clock says. Numbers and times only, so not audited."""
    require(actor, Permission.DATA_PROTECTION)
    now = datetime.now(UTC)
    with uow:
        due = uow.breaches.individuals_to_tell()
    return IndividualsToTell(breaches=tuple(to_tell(id_, found, now) for id_, found in due))


def _desk_order(view: BreachView) -> tuple[int, float, int]:
    """Overdue clocks, then high risks with the people still to tell, then the other open
    breaches by deadline; closed ones last, newest first."""
    if view.closed_at is not None:
        return (3, -view.closed_at.timestamp(), -view.id)
    rank = 0 if view.overdue else 1 if view.individuals_due else 2
    return (rank, view.deadline.timestamp(), view.id)


def _open_breach(uow: UnitOfWork, breach_id: int) -> BreachRow:
    breach = uow.breaches.get(breach_id, for_update=True)
    if breach is None:
        raise NotFound("No such breach.")
    if breach.closed_at is not None:
        raise ServiceError("This breach is closed.")
    return breach


def _view(
    uow: UnitOfWork, breach: BreachRow, references: list[str] | None, now: datetime
) -> BreachView:
    """The breach as the desk shows it; `references` None reads them."""
    if references is None:
        references = uow.breaches.references_of([breach.id]).get(breach.id, [])
    names = operator_names(uow)
    clock, overdue = describe_clock(
        breach.deadline,
        now,
        ico_decided=breach.ico is not None,
        closed=breach.closed_at is not None,
        individuals_due=breach.risk == BreachRisk.HIGH_RISK and breach.individuals is None,
    )
    return BreachView(
        id=breach.id,
        reported_at=breach.reported_at,
        reported_by=names(breach.reported_by_id),
        discovered_at=breach.discovered_at,
        deadline=breach.deadline,
        what_happened=breach.what_happened,
        categories=tuple(DataCategory(c) for c in breach.categories),
        people_affected=breach.people_affected,
        customer_references=tuple(format_reference(r) for r in references),
        risk=BreachRisk(breach.risk) if breach.risk else None,
        records_affected=breach.records_affected,
        likely_consequences=breach.likely_consequences or "",
        measures=breach.measures or "",
        ico=Told(breach.ico) if breach.ico else None,
        ico_told_at=breach.ico_told_at,
        ico_reference=breach.ico_reference or "",
        ico_reason=breach.ico_reason or "",
        individuals=Told(breach.individuals) if breach.individuals else None,
        individuals_told_at=breach.individuals_told_at,
        individuals_reason=breach.individuals_reason or "",
        assessed_by=names(breach.assessed_by_id) if breach.assessed_by_id else None,
        assessed_at=breach.assessed_at,
        closed_by=names(breach.closed_by_id) if breach.closed_by_id else None,
        closed_at=breach.closed_at,
        summary=breach.summary,
        clock=clock,
        overdue=overdue,
    )
