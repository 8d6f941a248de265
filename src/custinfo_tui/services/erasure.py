"""Erasure by anonymisation (UK GDPR Art. 17, MP-16) and legal holds, for the DPO.

Erasing a customer replaces every personal value the console holds about them
(`repository.erasure.ERASED_COLUMNS`) with nothing or a placeholder, in one transaction with
its `customer.erased` event (which holds counts, never values), then disposes of the freed
space (SQLite's write-ahead log is emptied; docs/data-protection.md). Records merged into
the customer's are the same person and are erased with it. A legal hold blocks it.

`custinfo erase` and `custinfo hold` act for the DPO they name (`--as`), as the desk does;
`actor` None is the system.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import (
    NO_GROUND_FOR_A_COMPLAINT,
    REFUSAL_NEXT_STEPS,
    ErasureDone,
    ErasureKeptOpen,
    ErasurePreview,
    ErasureRefused,
    HoldKind,
    LegalHold,
    erasure_refusal,
    grounded,
    held_ground,
    open_call,
    recipients_to_tell,
)
from custinfo_tui.domain.data_protection.refusal_reason import refusal_reason_problem
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.limits import MAX_STORED_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, LegalHoldRow
from custinfo_tui.services import audit
from custinfo_tui.services.disclosures import close_for_erasure
from custinfo_tui.services.erased_records import when_erased
from custinfo_tui.services.erasure_cautions import cautions_before_erasing
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.legal_holds import holds_on, recorded_hold
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.recipients import released_to
from custinfo_tui.services.rights_requests import open_requests
from custinfo_tui.services.subject_access import close_request
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Every category: erasure leaves no personal value of any kind.
ALL_CATEGORIES = frozenset(DataCategory)


def _allowed(actor: Actor | None) -> None:
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)


def _reason(reason: str, what: str) -> str:
    cleaned = clean_free_text(reason, MAX_STORED_REASON_LENGTH)
    if not cleaned:
        raise ServiceError(f"Give the reason for {what}.")
    return cleaned


def _customer_by_reference(uow: UnitOfWork, reference: str) -> Customer:
    try:
        parsed = normalise_reference(reference)
    except FieldError as error:
        raise ServiceError(str(error)) from None
    customer = uow.customers.get_by_reference(parsed)
    if customer is None:
        raise NotFound("No record has that reference.")
    return customer


def preview_erasure(uow: UnitOfWork, actor: Actor | None, reference: str) -> ErasurePreview:
    """The record with this reference, what holds it and how much would be erased (counts,
    never values). Audited as the record viewed (`erasure_preview`), with no reason: a look
    is not a request, and none was typed."""
    _allowed(actor)
    with uow:
        customer = _customer_by_reference(uow, reference)
        refusal = erasure_refusal(customer.status, (), ())
        if refusal is not None:
            raise ServiceError(when_erased(uow, customer.id) or refusal)
        merged = uow.erasure.merged_into([customer.id])
        ids = [customer.id, *merged]
        counts = uow.erasure.count_values(ids, ALL_CATEGORIES)
        recipients = released_to(uow, ids)
        told = recipients_to_tell(recipients, erased=False)
        request = open_requests(uow, customer.id).get(DataRight.ERASURE)
        preview = ErasurePreview(
            customer_id=customer.id,
            reference=format_reference(customer.reference),
            holds=holds_on(uow, ids),
            merged_records=len(merged),
            holding=_by_table(counts),
            cautions=cautions_before_erasing(uow, customer.id) + ((told,) if told else ()),
            open_calls=_open_calls(uow, ids),
            recipients=recipients,
            erasure_request=request.id if request is not None else None,
            erasure_request_due=request.due_on if request is not None else None,
        )
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            details={
                "erasure_preview": True,
                "holds": len(preview.holds),
                "open_calls": len(preview.open_calls),
            },
        )
        uow.commit()
        return preview


def _open_calls(uow: UnitOfWork, ids: list[int]) -> tuple[str, ...]:
    """The calls about these records not yet ended, in words: whose, and since when."""
    calls = uow.erasure.open_calls(ids)
    names = operator_names(uow)
    return tuple(
        open_call(names(call.operator_id), Channel(call.channel).label, call.started_at)
        for call in calls
    )


def erase_customer(
    uow: UnitOfWork, actor: Actor | None, customer_id: int, reason: str
) -> ErasureDone:
    """Anonymise the customer (and the records merged into theirs): every personal value
    replaced, their name-index entries removed, the record marked erased. Refused, and the
    refusal audited, while a legal hold or a call is open."""
    _allowed(actor)
    reason = _reason(reason, "erasing the record (for example: the customer's request)")
    now = datetime.now(UTC)
    with uow:
        customer = uow.customers.get_for_update(customer_id, lock=True)
        if customer is None:
            raise NotFound("That customer record no longer exists.")
        ids = [customer.id, *uow.erasure.merged_into([customer.id])]
        holds = holds_on(uow, ids)
        refusal = erasure_refusal(customer.status, holds, _open_calls(uow, ids))
        reference = format_reference(customer.reference)
        if refusal is not None:
            if holds:
                _record_refusal(uow, actor, customer.id, holds, reason)
                # Only a hold with a ground of Art. 17(3) is a reason to say no to the person.
                if grounded(holds):
                    raise ServiceError(f"{refusal} The refusal is recorded. {REFUSAL_NEXT_STEPS}")
                raise ServiceError(
                    f"{refusal} The attempt is recorded. {NO_GROUND_FOR_A_COMPLAINT}"
                )
            raise ServiceError(refusal)
        closed = close_for_erasure(uow, actor, ids, now)  # nothing left to release
        recipients = released_to(uow, ids)  # released before: to be told (Art. 19)
        values = uow.erasure.anonymise(ids, ALL_CATEGORIES, now)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_ERASED,
            customer_id=customer_id,
            fields=sorted(values),
            reason=reason,
            details={"records": len(ids), "values": sum(values.values())}
            | ({"disclosures_closed": list(closed)} if closed else {})
            | ({"recipients_to_tell": len(recipients)} if recipients else {}),
        )
        uow.commit()
        uow.erasure.dispose_freed_space()
        return ErasureDone(
            customer_id=customer_id,
            reference=reference,
            records=len(ids),
            values=values,
            disclosures_closed=closed,
            recipients=recipients,
        )


def refuse_erasure(
    uow: UnitOfWork, actor: Actor | None, customer_id: int, reason: str
) -> ErasureRefused:
    """Record that an erasure request is refused because the record is held (the desk's F2
    on a held record), with the reason typed. Never erases: when nothing holds the record
    any more, ServiceError says to find it again, so the DPO sees that it can be erased
    before asking to.

    With an erasure request of the customer's open on the register, the refusal is its
    answer, in one step audited once: the request is closed as refused, the holds its
    ground (the exception of Art. 17(3) each relies on, `held_ground`), as `dsar.refused`
    with those holds' kinds and the reason typed. With none open, it is recorded on the
    record alone, as a refused erasure (`customer.erased`, outcome `refused`). Only a hold
    with such a ground refuses: an open complaint has none, and ServiceError says to keep
    the request open until it is closed (`keep_request_open`). The person's pack reads the
    reason, so one that only numbers the request ("Request 2 (Art. 17)") is refused
    (`refusal_reason_problem`)."""
    _allowed(actor)
    reason = _reason(reason, "the erasure request refused (for example: the customer's request)")
    if (problem := refusal_reason_problem(reason)) is not None:
        raise ServiceError(problem)
    with uow:
        customer = uow.customers.get_for_update(customer_id, lock=True)
        if customer is None:
            raise NotFound("That customer record no longer exists.")
        refusal = erasure_refusal(customer.status, (), ())
        if refusal is not None:
            raise ServiceError(when_erased(uow, customer.id) or refusal)
        holds = holds_on(uow, [customer.id, *uow.erasure.merged_into([customer.id])])
        if not holds:
            raise ServiceError(
                "Nothing holds this record now: nothing was recorded. Find it again (Enter "
                "in the reference box) to see whether it can be erased."
            )
        if not grounded(holds):
            raise ServiceError(f"Nothing was recorded. {NO_GROUND_FOR_A_COMPLAINT}")
        holds = grounded(holds)  # the ground of the refusal: what it says and records
        refused = ErasureRefused(reference=format_reference(customer.reference), holds=holds)
        request = open_requests(uow, customer.id).get(DataRight.ERASURE)
        if request is None:
            _record_refusal(uow, actor, customer.id, holds, reason)
            return refused
        close_request(
            uow,
            actor,
            request,
            datetime.now(UTC).date(),
            refusal_reason=held_ground(holds),
            details={"holds": _kinds(holds)},
            reason=reason,
        )
        uow.commit()
        return refused.model_copy(update={"request_id": request.id, "request_due": request.due_on})


def keep_request_open(uow: UnitOfWork, actor: Actor | None, customer_id: int) -> ErasureKeptOpen:
    """Keep the customer's open erasure request open while their record is held, refusing
    nothing (the desk's F2 on a held record): it is erased once the hold ends, and its due
    date keeps counting. The only course for an open complaint, which gives no ground of
    Art. 17(3); open to the DPO for any hold. Audited as `dsar.kept_open` on the request,
    with the holds' kinds. ServiceError when no erasure request is open or nothing holds
    the record now."""
    _allowed(actor)
    with uow:
        customer = uow.customers.get_for_update(customer_id, lock=True)
        if customer is None:
            raise NotFound("That customer record no longer exists.")
        request = open_requests(uow, customer.id).get(DataRight.ERASURE)
        if request is None:
            raise ServiceError("The customer has no erasure request open: nothing to keep open.")
        holds = holds_on(uow, [customer.id, *uow.erasure.merged_into([customer.id])])
        if not holds:
            raise ServiceError(
                "Nothing holds this record now: nothing was recorded. Find it again (Enter "
                "in the reference box) to see whether it can be erased."
            )
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_KEPT_OPEN,
            customer_id=customer.id,
            details={"request_id": request.id, "right": request.data_right, "holds": _kinds(holds)},
        )
        uow.commit()
        return ErasureKeptOpen(
            reference=format_reference(customer.reference),
            holds=holds,
            request_id=request.id,
            request_due=request.due_on,
        )


def _record_refusal(
    uow: UnitOfWork,
    actor: Actor | None,
    customer_id: int,
    holds: tuple[LegalHold, ...],
    reason: str,
) -> None:
    """Commit an erasure refused for these holds, with the reason typed for the request."""
    audit.record(
        uow,
        actor,
        AuditAction.CUSTOMER_ERASED,
        customer_id=customer_id,
        reason=reason,
        outcome="refused",
        details={"holds": _kinds(holds)},
    )
    uow.commit()


def _kinds(holds: tuple[LegalHold, ...]) -> list[str]:
    """The holds' kinds, as a refusal's event names them."""
    return sorted({hold.kind.value for hold in holds})


def set_legal_hold(
    uow: UnitOfWork, actor: Actor | None, reference: str, kind: HoldKind, reason: str
) -> LegalHold:
    """Record a legal hold on the customer: erasure and retention runs leave them alone
    until it is lifted."""
    _allowed(actor)
    if kind is HoldKind.OPEN_COMPLAINT:
        raise ServiceError("An open complaint holds the record by itself; choose another kind.")
    reason = _reason(reason, "the hold (for example: the claim or the rule that needs it)")
    now = datetime.now(UTC)
    with uow:
        customer = _customer_by_reference(uow, reference)
        if customer.status != CustomerStatus.ACTIVE:
            raise ServiceError("Only an active record can be held.")
        row = uow.erasure.add_hold(
            LegalHoldRow(
                customer_id=customer.id,
                kind=kind,
                reason=reason,
                set_at=now,
                set_by_id=actor.operator_id if actor else None,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.LEGAL_HOLD_SET,
            customer_id=customer.id,
            reason=reason,
            details={"hold": row.id, "kind": kind.value},
        )
        uow.commit()
        return LegalHold(kind=kind, reason=reason, hold_id=row.id, since=now)


def holds_in_force(uow: UnitOfWork, actor: Actor | None) -> list[tuple[str, LegalHold]]:
    """Every recorded hold in force, with the held customer's reference (formatted), oldest
    first: what the DPO reviews to lift holds that no longer apply. Audited as
    `legal_hold.listed` with the count (the reasons are free text about the customer)."""
    _allowed(actor)
    with uow:
        listed = [
            (format_reference(reference), recorded_hold(row))
            for row, reference in uow.erasure.every_hold_in_force()
        ]
        audit.record(uow, actor, AuditAction.LEGAL_HOLDS_LISTED, details={"count": len(listed)})
        uow.commit()
        return listed


def lift_legal_hold(uow: UnitOfWork, actor: Actor | None, hold_id: int, reason: str) -> None:
    """Lift a recorded hold, with the reason it no longer applies."""
    _allowed(actor)
    reason = _reason(reason, "lifting the hold (for example: the claim was settled)")
    with uow:
        row = uow.erasure.get_hold(hold_id)
        if row is None or row.lifted_at is not None:
            raise NotFound("No hold in force has that number.")
        row.lifted_at = datetime.now(UTC)
        row.lifted_by_id = actor.operator_id if actor else None
        row.lift_reason = reason
        audit.record(
            uow,
            actor,
            AuditAction.LEGAL_HOLD_LIFTED,
            customer_id=row.customer_id,
            reason=reason,
            details={"hold": row.id, "kind": row.kind},
        )
        uow.commit()


def _by_table(counts: dict[str, int]) -> dict[str, int]:
    """Values to erase by table (`interactions`: 3), for the preview."""
    tables: dict[str, int] = {}
    for name, count in counts.items():
        table = name.split(".", 1)[0]
        tables[table] = tables.get(table, 0) + count
    return tables
