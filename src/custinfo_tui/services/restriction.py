"""Restricting processing (UK GDPR Art. 18): the DPO sets a flag with a reason that hides a
customer's record from ordinary handlers until the DPO lifts it, with a reason.

While a record is restricted the lookup does not list it for anyone without the data
protection permission (its reference, phone or e-mail typed whole is said to be a
restricted record's, never whose: `services/lookup.py`), and opening it (or starting a
call about it) is refused with a message saying it is restricted and to contact the DPO;
the refusal is itself audited.
The DPO still finds and opens it. Setting and lifting are audited with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import disclosed_to
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import NOT_ON_FILE, format_reference, normalise_reference
from custinfo_tui.domain.subject_access import MAX_REQUEST_TEXT, ProcessingRestriction
from custinfo_tui.domain.text import clean_free_text, too_long
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.repository.orm import Customer, Interaction, ProcessingRestrictionRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.in_call import open_call
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, allows, require
from custinfo_tui.services.recipients import released_to
from custinfo_tui.services.unit_of_work import UnitOfWork

#: What is said of a restricted record to an ordinary handler, after what it is.
RESTRICTED_TAIL = (
    "is restricted (processing restricted under UK GDPR Article 18): "
    "contact the data protection officer."
)
#: What an ordinary handler is told when they try to open a restricted record.
RESTRICTED_MESSAGE = f"This record {RESTRICTED_TAIL}"


class RecordRestricted(ServiceError):
    def __init__(self) -> None:
        super().__init__(RESTRICTED_MESSAGE)


class RestrictedDuplicate(ServiceError):
    """A new customer's details strongly match a restricted record: the handler may neither
    open it nor take the person again as someone new."""

    def __init__(self) -> None:
        super().__init__(
            "These details strongly match a record whose processing is restricted (UK GDPR "
            "Article 18): contact the data protection officer. Nothing was saved."
        )


def sees_restricted(actor: Actor | None) -> bool:
    """The DPO (and the system, `actor` None) still see restricted records."""
    return actor is None or allows(actor.role, Permission.DATA_PROTECTION)


def hide_restricted_references(
    uow: UnitOfWork, actor: Actor | None, references: set[str]
) -> set[str]:
    """The references without those of restricted records, unless `actor` sees them: the
    lookup's "did you mean" must not point an ordinary handler at one either."""
    if sees_restricted(actor) or not references:
        return references
    return references - uow.subject_access.restricted_references(references)


def references_on_file(
    uow: UnitOfWork, actor: Actor | None, candidates: Sequence[str]
) -> tuple[str, ...]:
    """The `candidates` (canonical references, one slip away from one typed) that are
    active customers', in their order and formatted, less those of restricted records the
    actor may not see: what a "Did you mean ...?" offers (domain/reference.py)."""
    real = hide_restricted_references(uow, actor, uow.customers.existing_references(candidates))
    return tuple(format_reference(each) for each in candidates if each in real)


def open_call_unless_restricted(
    uow: UnitOfWork, actor: Actor, interaction_id: int
) -> tuple[Interaction, Customer]:
    """The operator's open call and its customer (`in_call.open_call`), refused first if
    the record was restricted since the call began (`refuse_if_restricted`): for what shows
    or changes the record in a call. What closes the call (its note, its wrap-up) takes
    `open_call` alone, and goes on."""
    interaction, customer = open_call(uow, actor, interaction_id)
    refuse_if_restricted(uow, actor, customer.id)
    return interaction, customer


def refuse_if_restricted(uow: UnitOfWork, actor: Actor | None, customer_id: int) -> None:
    """Raise RecordRestricted when the record is restricted and `actor` is an ordinary
    handler. Call it first in the transaction: the refusal is committed to the audit trail
    (outcome "refused") before the error ends the work."""
    if sees_restricted(actor) or uow.subject_access.restriction_in_force(customer_id) is None:
        return
    record_refusal(uow, actor, customer_id)
    uow.commit()
    raise RecordRestricted()


def record_refusal(uow: UnitOfWork, actor: Actor | None, customer_id: int, **details: str) -> None:
    """Audit a handler refused a restricted record (`customer.restricted_refused`), inside
    the caller's transaction: an action on it, or a search that found it typed whole."""
    audit.record(
        uow,
        actor,
        AuditAction.RESTRICTED_RECORD_REFUSED,
        customer_id=customer_id,
        outcome="refused",
        details=details,
    )


def _reason(raw: str) -> str:
    text = clean_free_text(raw)
    if not text:
        raise FieldProblems({"reason": "Give the reason: it is kept with the restriction."})
    if len(text) > MAX_REQUEST_TEXT:
        raise FieldProblems({"reason": too_long("The reason", len(text), MAX_REQUEST_TEXT)})
    return text


def _customer(uow: UnitOfWork, reference: str) -> Customer:
    """The customer with the reference typed; `FieldProblems` about the reference (a form
    says it at its box) when it is misread or no customer's."""
    try:
        customer = uow.customers.get_by_reference(normalise_reference(reference))
    except FieldError as error:
        raise FieldProblems({"reference": str(error)}) from None
    if customer is None:
        raise FieldProblems({"reference": NOT_ON_FILE})
    return customer


def restrict_processing(
    uow: UnitOfWork, actor: Actor | None, reference: str, reason: str
) -> ProcessingRestriction:
    """Restrict processing of the customer's record, with a reason (`actor` None: the
    command line). Refused (`FieldProblems` about the reference) when it is erased or
    restricted already. Audited as `customer.restricted` with the reason. The view returned
    names the third parties the data was released to, who are to be told (Art. 19)."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    text = _reason(reason)
    now = datetime.now(UTC)
    with uow:
        customer = _customer(uow, reference)
        # About the reference typed: said at its box, which takes the focus to correct it.
        if customer.status == CustomerStatus.ERASED:
            raise FieldProblems(
                {"reference": "This record was erased: nothing personal is left to restrict."}
            )
        if uow.subject_access.restriction_in_force(customer.id) is not None:
            raise FieldProblems({"reference": "This record's processing is restricted already."})
        row = ProcessingRestrictionRow(
            customer_id=customer.id,
            reason=text,
            restricted_at=now,
            restricted_by_id=actor.operator_id if actor else None,
        )
        uow.subject_access.add_restriction(row)
        audit.record(
            uow, actor, AuditAction.PROCESSING_RESTRICTED, customer_id=customer.id, reason=text
        )
        told = disclosed_to(released_to(uow, [customer.id]), "tell them of the restriction")
        view = _view(uow, row, customer.reference).model_copy(update={"recipients_line": told})
        uow.commit()
        return view


def lift_restriction(uow: UnitOfWork, actor: Actor | None, reference: str, reason: str) -> None:
    """Lift the restriction on the customer's record, with a reason; handlers find and open
    it again. Audited as `customer.restriction_lifted` with the reason."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    text = _reason(reason)
    with uow:
        customer = _customer(uow, reference)
        row = uow.subject_access.restriction_in_force(customer.id)
        if row is None:
            raise FieldProblems({"reference": "This record's processing is not restricted."})
        row.lifted_at = datetime.now(UTC)
        row.lifted_by_id = actor.operator_id if actor else None
        row.lift_reason = text
        audit.record(
            uow, actor, AuditAction.RESTRICTION_LIFTED, customer_id=customer.id, reason=text
        )
        uow.commit()


def restrictions_in_force(uow: UnitOfWork, actor: Actor | None) -> list[ProcessingRestriction]:
    """Every record restricted now, oldest restriction first."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    with uow:
        return [
            _view(uow, row, reference)
            for row, reference in uow.subject_access.restrictions_in_force()
        ]


def _view(uow: UnitOfWork, row: ProcessingRestrictionRow, reference: str) -> ProcessingRestriction:
    return ProcessingRestriction(
        customer_id=row.customer_id,
        customer_reference=reference,
        reason=row.reason,
        restricted_at=row.restricted_at,
        restricted_by=operator_names(uow)(row.restricted_by_id),
    )
