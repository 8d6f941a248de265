"""Finding a customer while the caller waits (MP-12).

One search box: `domain.search.parse_query` works out whether a phone, an e-mail, a
postcode (or its outward code), a reference or a name was typed, and each kind is answered
from its own index. Results show only what picks the right record before verification.
"""

from __future__ import annotations

from collections.abc import Iterable

from custinfo_tui.domain.customers import CustomerMatch, LookupResult
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.search import (
    MIN_FUZZY_LENGTH,
    QueryKind,
    SearchQuery,
    deletion_keys,
    parse_query,
    word_similarity,
)
from custinfo_tui.repository.repositories import CustomerRow
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


def _find(uow: UnitOfWork, query: SearchQuery, limit: int) -> list[CustomerRow]:
    customers = uow.customers
    if query.kind in (QueryKind.PHONE, QueryKind.EMAIL):
        return list(
            customers.find_by_contact(query.kind.value, query.value, exact=query.exact, limit=limit)
        )
    if query.kind is QueryKind.POSTCODE:
        return list(customers.find_by_postcode(query.value, exact=query.exact, limit=limit))
    if query.kind is QueryKind.REFERENCE:
        return customers.find_by_reference(query.value) if query.value else []
    return _by_name(uow, query, limit)


def _by_name(uow: UnitOfWork, query: SearchQuery, limit: int) -> list[CustomerRow]:
    """Names as typed, as the start of a name, or one slip per word away; best first.

    Three sources, all answered from indexes: the surname (and given name or initial)
    as prefixes, for search as you type; surnames and given names within one slip of the
    words typed, from the symmetric-delete name index; and, for a single word, given names
    too ("zoe"). Candidates are then ranked by how close each name is to what was typed.
    """
    words = query.words
    if not words:
        return []
    area = query.area
    customers = uow.customers
    fetch = limit * 2
    found: dict[int, CustomerRow] = {}

    def add(batch: Iterable[CustomerRow]) -> None:
        for customer in batch:
            found.setdefault(customer.id, customer)

    add(customers.find_by_name_prefix(" ".join(words), None, fetch, postcode_prefix=area))
    for split in range(1, len(words)):
        given, family = " ".join(words[:split]), " ".join(words[split:])
        add(customers.find_by_name_prefix(family, given, fetch, postcode_prefix=area))

    family_word, given_word = words[-1], " ".join(words[:-1])
    families = _close_terms(uow, "family", family_word)
    if not given_word:
        add(customers.find_by_name_keys(families, None, fetch, postcode_prefix=area))
        givens = _close_terms(uow, "given", family_word)
        add(customers.find_by_given_keys(givens, fetch, postcode_prefix=area))
    elif len(given_word) < MIN_FUZZY_LENGTH:  # an initial: "j smith"
        add(
            customers.find_by_name_keys(
                families, None, fetch, given_prefix=given_word, postcode_prefix=area
            )
        )
    else:
        givens = _close_terms(uow, "given", given_word)
        add(customers.find_by_name_keys(families, givens, fetch, postcode_prefix=area))

    def rank(customer: CustomerRow) -> tuple[float, str, str, int]:
        return (
            -_score(customer, family_word, given_word),
            customer.family_key,
            customer.given_key,
            customer.id,
        )

    ranked = sorted(found.values(), key=rank)
    return [c for c in ranked if _score(c, family_word, given_word) >= MIN_SCORE][:limit]


#: Names less close than this to what was typed are not shown (0..100).
MIN_SCORE = 70.0


def _score(customer: CustomerRow, family_word: str, given_word: str) -> float:
    family = word_similarity(family_word, customer.family_key)
    if not given_word:
        # One word: a surname, or failing that a given name ("zoe"), ranked below.
        return max(family, word_similarity(family_word, customer.given_key) - 5)
    given = word_similarity(given_word, customer.given_key)
    return (family * 3 + given * 2) / 5


def _close_terms(uow: UnitOfWork, kind: str, word: str) -> list[str]:
    """Stored name keys within one slip of `word`, closest first."""
    terms = uow.customers.similar_terms(kind, deletion_keys(word))
    close = [t for t in terms if word_similarity(word, t) >= MIN_SCORE]
    return sorted(close, key=lambda t: -word_similarity(word, t))


def _to_match(customer: CustomerRow) -> CustomerMatch:
    return CustomerMatch(
        customer_id=customer.id,
        reference=customer.reference,
        given_name=customer.given_name,
        family_name=customer.family_name,
        masked_postcode=mask_postcode(customer.postcode) if customer.postcode else None,
        phone_hint=phone_last_digits(customer.phone) if customer.phone else None,
    )
