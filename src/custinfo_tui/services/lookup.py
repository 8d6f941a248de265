"""Finding a customer while the caller waits (MP-12).

One search box: `domain.search.parse_query` works out whether a phone, an e-mail, a
postcode (or its outward code), a reference or a name was typed, and each kind is answered
from its own index. Results show only what picks the right record before verification.

A postcode, alone or after a name ("john smith se1"), finds those living there now and
then, listed after them and marked, those who moved from there (a move keeps the old
address as a past one): a caller who has just moved often gives the old postcode.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from custinfo_tui.domain.customers import CustomerMatch, CustomerStatus, LookupResult
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.search import (
    MIN_FUZZY_LENGTH,
    NameReading,
    QueryKind,
    SearchQuery,
    parse_query,
    readings_either_order,
    word_similarity,
)
from custinfo_tui.repository.lookup_rows import CustomerQuery, CustomerRow
from custinfo_tui.services import audit
from custinfo_tui.services.erased_records import erased_note
from custinfo_tui.services.lookup_matches import Found, marked, survivors_in_place
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.restriction import (
    RESTRICTED_MESSAGE,
    RESTRICTED_TAIL,
    record_refusal,
    references_on_file,
    sees_restricted,
)
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
        # Restricted records (Art. 18) are not listed for ordinary handlers.
        matches, hidden = survivors_in_place(
            uow,
            found.rows,
            hide_restricted=not sees_restricted(actor),
            moved_from=found.moved_from,
            by_one_name=found.by_one_name,
        )
        matches = matches[:limit]
        # Only suggest references that are someone's: "did you mean" a real customer.
        suggestions = references_on_file(uow, actor, query.suggestions)
        message = query.said(suggestions) if query.said is not None else query.message
        if query.kind is QueryKind.REFERENCE and not matches and query.value:
            message = _erased(uow, query.value) or message
        if hidden and query.exact and query.kind in RESTRICTED_SAID_FOR:
            message = _restricted(uow, actor, query, hidden, others_shown=bool(matches))
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
        message=message,
        suggestions=suggestions,
    )


def _erased(uow: UnitOfWork, reference: str) -> str | None:
    """For a reference whose record was erased: when, and that nothing is held; else None.
    "No customer matches" sent the handler (and the DPO) to check the spelling."""
    customer = uow.customers.get_by_reference(reference)
    if customer is None or customer.status != CustomerStatus.ERASED:
        return None
    return f"{format_reference(reference)}: {erased_note(uow, customer.id)}"


#: Searches that name one person's record, typed whole: when they find a restricted record,
#: the handler is told so (not whose), instead of being sent to check the spelling. A
#: contact detail by what it is.
RESTRICTED_SAID_FOR = {
    QueryKind.REFERENCE: "",
    QueryKind.PHONE: "phone number",
    QueryKind.EMAIL: "e-mail address",
}


def _restricted(
    uow: UnitOfWork,
    actor: Actor,
    query: SearchQuery,
    hidden: Sequence[int],
    *,
    others_shown: bool,
) -> str:
    """What the handler is told of the restricted records an exact reference, phone or
    e-mail found: that one is restricted and to contact the DPO, never whose. Each is
    audited as a refusal, as opening one is (`customer.restricted_refused`)."""
    for customer_id in hidden:
        record_refusal(uow, actor, customer_id, search=query.kind.value)
    if query.kind is QueryKind.REFERENCE:
        return f"{format_reference(query.value)}: {RESTRICTED_MESSAGE}"
    which = "Another record" if others_shown else "A record"
    return f"{which} with this {RESTRICTED_SAID_FOR[query.kind]} {RESTRICTED_TAIL}"


def search_customers(
    uow: UnitOfWork, actor: Actor, text: str, *, limit: int = MAX_RESULTS
) -> list[CustomerMatch]:
    """Just the matches of `lookup`."""
    return list(lookup(uow, actor, text, limit=limit).matches)


def _find(uow: UnitOfWork, query: SearchQuery, limit: int) -> Found:
    customers = uow.customers
    if query.kind in (QueryKind.PHONE, QueryKind.EMAIL):
        kind, value, exact = query.kind.value, query.value, query.exact
        return Found(customers.find_by_contact(kind, value, exact=exact, limit=limit))
    if query.kind is QueryKind.POSTCODE:
        postcode, exact = query.value, query.exact
        living = customers.find_by_postcode(postcode, exact=exact, limit=limit)
        return _then_moved_from(
            living,
            lambda: customers.find_by_postcode(postcode, exact=exact, limit=limit, current=False),
            limit,
        )
    if query.kind is QueryKind.REFERENCE:
        return Found(customers.find_by_reference(query.value) if query.value else [])
    return _by_name(uow, query, limit)


def _then_moved_from(
    living: list[CustomerRow], moved: Callable[[], list[CustomerRow]], limit: int
) -> Found:
    """Those found at an address now, then, while there is room, those found at an
    address they moved from (`moved`, asked only then), each customer once."""
    if len(living) >= limit:
        return Found(living)
    here = {row.id for row in living}
    before = [row for row in moved() if row.id not in here][: limit - len(living)]
    return Found(living + before, {row.id for row in before})


def _by_name(uow: UnitOfWork, query: SearchQuery, limit: int) -> Found:
    """Names as typed, as the start of a name, or one slip per name away; best first.

    The words are read every way they can split into given names and a surname
    (`domain.search.name_readings`: "pieter van der berg", "de la cruz", "mc donald"), two
    words either way round too ("smith john": `readings_either_order`), each as name keys
    without spaces, hyphens or apostrophes. Sources, all answered from indexes: for each
    reading the surname (and given name or initial) as prefixes, for search as you type;
    surnames and given names within one slip, from the symmetric-delete name index; for
    the whole as one name, given names too ("zoe"). A town after the name
    ("smith leeds") narrows to customers living there; a postcode area ("smith se1") to
    those living there, then those who moved from there. Candidates are ranked by how close
    each name is to the reading that fits it best. A given name typed does not hide a
    customer with one name only ("budi suharto" finds "Suharto"), ranked below those whose
    given name fits and marked (`NameReading.similarity`, `by_one_name`).
    """
    words = query.words
    readings = readings_either_order(words)
    if not readings:
        return Found([])
    area, fetch = query.area, limit * 2
    # The last word may be a town ("smith leeds"): then the words before it are the name.
    in_town = readings_either_order(words[:-1]) if area is None and len(words) >= 2 else ()
    wanted = _words_to_match(readings + in_town)
    if in_town:
        wanted["town"] = [words[-1]]
    close = _close_terms(uow, wanted, typed={name_key(word) for word in words} | {words[-1]})
    customers = uow.customers
    towns = close.get(("town", words[-1]), [])
    if towns:
        found_in_town = customers.find_all(
            _name_key_queries(uow, in_town, close, fetch, towns=towns, one_name_too=True)
        )
        if found_in_town:
            return marked(_ranked(_once_each(found_in_town), in_town)[:limit], in_town)

    def named(moved_from: bool = False) -> list[CustomerRow]:
        prefixes = [
            customers.name_prefix_query(
                reading.family,
                reading.given or None,
                fetch,
                postcode_prefix=area,
                moved_from=moved_from,
                one_name_too=True,
            )
            for reading in readings
        ]
        keys = _name_key_queries(
            uow, readings, close, fetch, area=area, moved_from=moved_from, one_name_too=True
        )
        return _ranked(_once_each(customers.find_all([*prefixes, *keys])), readings)[:limit]

    if area is None:
        return marked(named(), readings)
    found = _then_moved_from(named(), lambda: named(moved_from=True), limit)
    return found._replace(by_one_name=marked(found.rows, readings).by_one_name)


def _once_each(rows: Iterable[CustomerRow]) -> list[CustomerRow]:
    """The rows with each customer once (several ways of looking may find one)."""
    return list({row.id: row for row in rows}.values())


#: Stored keys close to a word: by (kind, word), from `_close_terms`.
CloseTerms = dict[tuple[str, str], list[str]]


def _words_to_match(readings: Sequence[NameReading]) -> dict[str, list[str]]:
    """The words of these readings to look for with a slip, by kind: each reading's surname;
    its given name unless that is an initial, or the whole typed as one name ("zoe")."""
    return {
        "family": [r.family for r in readings],
        "given": [r.given or r.family for r in readings if not 0 < len(r.given) < MIN_FUZZY_LENGTH],
    }


def _name_key_queries(
    uow: UnitOfWork,
    readings: Sequence[NameReading],
    close: CloseTerms,
    fetch: int,
    *,
    area: str | None = None,
    moved_from: bool = False,
    towns: Collection[str] = (),
    one_name_too: bool = False,
) -> list[CustomerQuery | None]:
    """The ways to look for customers whose names are within one slip of a reading's: its
    surname, and its given name (or initial) if it has one, from the stored keys `close`
    to the readings' words (`_words_to_match`). Run with `find_all`, in one statement.
    `moved_from`: the postcode `area` is of an address moved from. `one_name_too`: with a
    given name (or initial), customers with one name only, who hold none, as well."""
    customers = uow.customers
    queries: list[CustomerQuery | None] = []
    for reading in readings:
        families = [
            t
            for t in close.get(("family", reading.family), [])
            if reading.family_similarity(t) >= MIN_SCORE
        ]
        if not reading.given:
            queries.append(
                customers.name_keys_query(
                    families, None, fetch, postcode_prefix=area, moved_from=moved_from, towns=towns
                )
            )
            if not towns:  # one name may be a first name: "zoe"
                givens = close.get(("given", reading.family), [])
                queries.append(
                    customers.given_keys_query(
                        givens, fetch, postcode_prefix=area, moved_from=moved_from
                    )
                )
        elif len(reading.given) < MIN_FUZZY_LENGTH:  # an initial: "j smith"
            queries.append(
                customers.name_keys_query(
                    families,
                    None,
                    fetch,
                    given_prefix=reading.given,
                    postcode_prefix=area,
                    moved_from=moved_from,
                    towns=towns,
                    one_name_too=one_name_too,
                )
            )
        else:
            givens = close.get(("given", reading.given), [])
            if one_name_too:  # one name only: held as an empty key, in the same index walk
                givens = [*givens, ""]
            queries.append(
                customers.name_keys_query(
                    families,
                    givens,
                    fetch,
                    postcode_prefix=area,
                    moved_from=moved_from,
                    towns=towns,
                )
            )
    return queries


def name_candidates(uow: UnitOfWork, given_key: str, family_key: str, *, limit: int) -> Found:
    """Customers whose name keys are the ones given, start with them, or are one slip per
    name away: for the duplicate check while a new customer's name is typed. As the lookup
    does, a given name typed does not hide a customer with one name only whose one name is
    the family name ("Budi Suharto" finds "Suharto"), and those found so are marked
    (`Found.by_one_name`): the handler capturing them again is warned, and sees why."""
    if not family_key:
        return Found([])
    readings = [NameReading(given_key, family_key)]
    close = _close_terms(uow, _words_to_match(readings), typed={given_key, family_key})
    prefix = uow.customers.name_prefix_query(
        family_key, given_key[:1] or None, limit, one_name_too=True
    )
    keys = _name_key_queries(uow, readings, close, limit, one_name_too=True)
    return marked(_once_each(uow.customers.find_all([prefix, *keys])), readings)


def family_terms(uow: UnitOfWork, family_key: str) -> list[str]:
    """The stored family keys equal to or within one slip of `family_key`."""
    close = _close_terms(uow, {"family": [family_key]}, typed={family_key})
    return list(dict.fromkeys([family_key, *close[("family", family_key)]]))


def _ranked(
    candidates: Iterable[CustomerRow], readings: Sequence[NameReading]
) -> list[CustomerRow]:
    """The candidates close enough to what was typed, closest first, then in name order."""
    scored = [(_score(c, readings), c) for c in candidates]
    scored = [(score, c) for score, c in scored if score >= MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[0], pair[1].family_key, pair[1].given_key, pair[1].id))
    return [c for _, c in scored]


#: Names less close than this to what was typed are not shown (0..100).
MIN_SCORE = 70.0


def _score(customer: CustomerRow, readings: Sequence[NameReading]) -> float:
    """How close the customer's name is to the reading of the words that fits it best."""
    return max(r.similarity(customer.given_key, customer.family_key) for r in readings)


def _close_terms(
    uow: UnitOfWork, wanted: Mapping[str, Sequence[str]], *, typed: Collection[str]
) -> CloseTerms:
    """For each kind of key and each word of it wanted, the stored keys close enough to
    show, closest first; one query for every kind.

    Those within one slip; for a word typed whole (one of `typed`), also those the search
    backend finds a second slip away (pg_trgm on PostgreSQL). A word the readings join
    from several typed words ("john smith" read as one name, `johnsmith`) is looked for
    within one slip only, on every backend: asking pg_trgm about it cost two scans of the
    name index per whole-name search and found nothing a handler meant (`johnson`).
    """
    wanted = {kind: list(dict.fromkeys(w for w in words if w)) for kind, words in wanted.items()}
    terms = uow.customers.similar_terms(wanted, two_slips=typed)
    close: CloseTerms = {}
    for kind, words in wanted.items():
        for word in words:
            near = [t for t in terms.get(kind, []) if word_similarity(word, t) >= MIN_SCORE]
            close[kind, word] = sorted(near, key=lambda t: -word_similarity(word, t))
    return close
