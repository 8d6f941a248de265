"""Finding a customer while the caller waits (MP-12).

One search box: `domain.search.parse_query` works out whether a phone, an e-mail, a
postcode (or its outward code), a reference or a name was typed, and each kind is answered
from its own index. Results show only what picks the right record before verification.
"""

from __future__ import annotations

from custinfo_tui.domain.customers import CustomerMatch, LookupResult
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.search import QueryKind, SearchQuery, parse_query
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

MAX_RESULTS = 20


def lookup(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = MAX_RESULTS) -> LookupResult:
    """Customers matching what was typed, at most `limit`, in name order.

    The search is audited by its kind and result count only: what was typed is personal
    data and is not stored.
    """
    require(actor, Permission.SEARCH_CUSTOMERS)
    query = parse_query(text)
    if query.kind is QueryKind.EMPTY:
        return LookupResult(kind=query.kind)
    limit = max(1, min(limit, MAX_RESULTS))
    with uow:
        found = _find(uow, query, limit)
        matches = tuple(_to_match(customer) for customer in found[:limit])
        # Only suggest references that are someone's: "did you mean" a real customer.
        real = uow.customers.existing_references(query.suggestions)
        suggestions = tuple(format_reference(s) for s in query.suggestions if s in real)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_SEARCHED,
            details={"kind": query.kind.value, "results": len(matches)},
        )
        uow.commit()
    return LookupResult(
        kind=query.kind,
        matches=matches,
        message=query.message,
        suggestions=suggestions,
    )


def search_customers(
    uow: UnitOfWork, actor: Actor, text: str, *, limit: int = MAX_RESULTS
) -> list[CustomerMatch]:
    """Just the matches of `lookup`."""
    return list(lookup(uow, actor, text, limit=limit).matches)


def _find(uow: UnitOfWork, query: SearchQuery, limit: int) -> list[Customer]:
    customers = uow.customers
    if query.kind in (QueryKind.PHONE, QueryKind.EMAIL):
        return list(
            customers.find_by_contact(query.kind.value, query.value, exact=query.exact, limit=limit)
        )
    if query.kind is QueryKind.POSTCODE:
        return list(customers.find_by_postcode(query.value, exact=query.exact, limit=limit))
    if query.kind is QueryKind.REFERENCE:
        customer = customers.get_by_reference(query.value) if query.value else None
        return [customer] if customer is not None and customer.status == "active" else []
    return _by_name(uow, query, limit)


def _by_name(uow: UnitOfWork, query: SearchQuery, limit: int) -> list[Customer]:
    """Surname prefix; or given-name prefix (an initial will do) and surname prefix."""
    if not query.words:
        return []
    whole = " ".join(query.words)
    found: dict[int, Customer] = {
        c.id: c
        for c in uow.customers.find_by_name_prefix(whole, None, limit, postcode_prefix=query.area)
    }
    for split in range(1, len(query.words)):
        if len(found) >= limit:
            break
        given = " ".join(query.words[:split])
        family = " ".join(query.words[split:])
        for customer in uow.customers.find_by_name_prefix(
            family, given, limit, postcode_prefix=query.area
        ):
            found.setdefault(customer.id, customer)
    return list(found.values())


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
