"""Finding a customer while the caller waits (MP-12)."""

from __future__ import annotations

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.text import fold_for_search, strip_control_characters
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

MAX_RESULTS = 20
MAX_QUERY_LENGTH = 100


def search_customers(
    uow: UnitOfWork, actor: Actor, query: str, *, limit: int = MAX_RESULTS
) -> list[CustomerMatch]:
    """Customers whose surname starts with what was typed, or `<given> <surname>` prefixes.

    Matching ignores case and accents (`zoe` finds Zoë). Results are masked for picking
    the record, not for disclosure. The search is audited by kind and result count only:
    the text typed is personal data and is not stored.
    """
    require(actor, Permission.SEARCH_CUSTOMERS)
    folded = fold_for_search(strip_control_characters(query))[:MAX_QUERY_LENGTH]
    if not folded:
        return []
    limit = max(1, min(limit, MAX_RESULTS))
    with uow:
        found: dict[int, Customer] = {
            c.id: c for c in uow.customers.find_by_name_prefix(folded, None, limit)
        }
        given, _, family = folded.rpartition(" ")
        if given and len(found) < limit:
            for customer in uow.customers.find_by_name_prefix(family, given, limit):
                found.setdefault(customer.id, customer)
        matches = [_to_match(customer) for customer in list(found.values())[:limit]]
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_SEARCHED,
            details={"kind": "name", "results": len(matches)},
        )
        uow.commit()
        return matches


def _to_match(customer: Customer) -> CustomerMatch:
    address = next((a for a in customer.addresses if a.is_current), None)
    phone = next((p for p in customer.contact_points if p.kind == "phone"), None)
    return CustomerMatch(
        customer_id=customer.id,
        reference=customer.reference,
        given_name=customer.given_name,
        family_name=customer.family_name,
        masked_postcode=mask_postcode(address.postcode) if address else None,
        phone_hint=phone_last_digits(phone.value) if phone else None,
    )
