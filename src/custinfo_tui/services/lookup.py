"""Finding a customer while the caller waits (MP-12).

One search box: `domain.search.parse_query` works out whether a phone, an e-mail, a
postcode (or its outward code), a reference or a name was typed, and each kind is answered
from its own index. Results show only what picks the right record before verification.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

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
    parse_query,
    word_similarity,
)
from custinfo_tui.repository.repositories import CustomerRow
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

MAX_RESULTS = 20


def lookup(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = MAX_RESULTS) -> LookupResult:
    """Customers matching what was typed, at most `limit`: closest first, then by name.

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
        matches = tuple(to_match(customer) for customer in found[:limit])
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

    Sources, all answered from indexes: the surname (and given name or initial) as
    prefixes, for search as you type; surnames and given names within one slip of the
    words typed, from the symmetric-delete name index; for a single word, given names too
    ("zoe"). A town after the name ("smith leeds") narrows to customers living there.
    Candidates are ranked by how close each name is to what was typed.
    """
    words = query.words
    if not words:
        return []
    area, fetch = query.area, limit * 2
    if area is None and len(words) >= 2:
        towns = _close_terms(uow, "town", words[-1])
        in_town = _by_name_keys(uow, words[:-1], fetch, towns=towns) if towns else []
        if in_town:
            return _ranked(in_town, words[-2], " ".join(words[:-2]))[:limit]

    found: dict[int, CustomerRow] = {}
    batches = [
        uow.customers.find_by_name_prefix(" ".join(words), None, fetch, postcode_prefix=area)
    ]
    for split in range(1, len(words)):
        given, family = " ".join(words[:split]), " ".join(words[split:])
        batches.append(
            uow.customers.find_by_name_prefix(family, given, fetch, postcode_prefix=area)
        )
    batches.append(_by_name_keys(uow, words, fetch, area=area))
    for batch in batches:
        for customer in batch:
            found.setdefault(customer.id, customer)
    return _ranked(found.values(), words[-1], " ".join(words[:-1]))[:limit]


def _by_name_keys(
    uow: UnitOfWork,
    words: tuple[str, ...],
    fetch: int,
    *,
    area: str | None = None,
    towns: Collection[str] = (),
) -> list[CustomerRow]:
    """Customers whose names are within one slip of the words: the last word the surname,
    any before it the given name (or its initial)."""
    customers = uow.customers
    family_word, given_word = words[-1], " ".join(words[:-1])
    families = _close_terms(uow, "family", family_word)
    if not given_word:
        rows = customers.find_by_name_keys(families, None, fetch, postcode_prefix=area, towns=towns)
        if not towns:  # a single word may be a first name: "zoe"
            givens = _close_terms(uow, "given", family_word)
            rows += customers.find_by_given_keys(givens, fetch, postcode_prefix=area)
        return rows
    if len(given_word) < MIN_FUZZY_LENGTH:  # an initial: "j smith"
        return customers.find_by_name_keys(
            families, None, fetch, given_prefix=given_word, postcode_prefix=area, towns=towns
        )
    givens = _close_terms(uow, "given", given_word)
    return customers.find_by_name_keys(families, givens, fetch, postcode_prefix=area, towns=towns)


def name_candidates(
    uow: UnitOfWork, given_key: str, family_key: str, *, limit: int
) -> list[CustomerRow]:
    """Customers whose names are the folded names given, start with them, or are one slip
    per word away: for the duplicate check while a new customer's name is typed."""
    words = (*given_key.split(), *family_key.split())
    if not words:
        return []
    found: dict[int, CustomerRow] = {}
    for batch in (
        uow.customers.find_by_name_prefix(family_key, given_key[:1] or None, limit),
        _by_name_keys(uow, words, limit),
    ):
        for customer in batch:
            found.setdefault(customer.id, customer)
    return list(found.values())


def family_terms(uow: UnitOfWork, family_key: str) -> list[str]:
    """The stored family keys equal to or within one slip of `family_key`."""
    return list(dict.fromkeys([family_key, *_close_terms(uow, "family", family_key)]))


def _ranked(
    candidates: Iterable[CustomerRow], family_word: str, given_word: str
) -> list[CustomerRow]:
    """The candidates close enough to what was typed, closest first, then in name order."""
    scored = [(_score(c, family_word, given_word), c) for c in candidates]
    scored = [(score, c) for score, c in scored if score >= MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[0], pair[1].family_key, pair[1].given_key, pair[1].id))
    return [c for _, c in scored]


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
    terms = uow.customers.similar_terms(kind, word)
    close = [t for t in terms if word_similarity(word, t) >= MIN_SCORE]
    return sorted(close, key=lambda t: -word_similarity(word, t))


def to_match(customer: CustomerRow) -> CustomerMatch:
    return CustomerMatch(
        customer_id=customer.id,
        reference=customer.reference,
        given_name=customer.given_name,
        family_name=customer.family_name,
        masked_postcode=mask_postcode(customer.postcode) if customer.postcode else None,
        phone_hint=phone_last_digits(customer.phone) if customer.phone else None,
    )
