"""The duplicate check (MP-13): existing customers who may be the person with some
details, scored on a fuzzy name match (the lookup's typo-tolerant name index) plus exact
date of birth, phone, e-mail and postcode, a UK one or one from elsewhere
(`domain.duplicates`).

Used as a new customer is captured (`services.capture`) and as a subject access request is
logged, to point the DPO at other records of the same person (`same_person`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from custinfo_tui.domain.address_country import POSTCODE_FIELDS
from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.duplicates import (
    Agreement,
    family_name_only,
    name_similarity,
    score_duplicate,
)
from custinfo_tui.domain.fields import DUPLICATE_FIELDS
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.one_name import FAMILY_NAME, GIVEN_NAME, has_one_name
from custinfo_tui.domain.search import NameReading
from custinfo_tui.repository.lookup_rows import CustomerRow
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services import lookup, record_fields
from custinfo_tui.services.lookup_matches import Found, marked, to_match
from custinfo_tui.services.unit_of_work import UnitOfWork

#: At most this many possible duplicates are shown beside the form.
MAX_DUPLICATES = 5


def same_person(uow: UnitOfWork, customer: Customer) -> list[DuplicateCandidate]:
    """The other records that strongly match this customer's stored details, as the
    capture form would have warned of them: the same person, likely, kept twice."""
    typed = {
        key: value
        for key in DUPLICATE_FIELDS
        if (value := record_fields.stored_value(customer, key)) is not None
    }
    one_name = has_one_name(typed.get(GIVEN_NAME), typed.get(FAMILY_NAME))
    return [
        candidate
        for candidate in duplicates(uow, typed, one_name_only=one_name)
        if candidate.strong
        and candidate.match is not None
        and candidate.match.customer_id != customer.id
    ]


def duplicates(
    uow: UnitOfWork, typed: Mapping[str, str], *, one_name_only: bool = False
) -> list[DuplicateCandidate]:
    """Existing customers who may be the person with these details (stored forms of
    `DUPLICATE_FIELDS`), best first, at most `MAX_DUPLICATES`, unmasked: callers show them
    as the operator may see them. `one_name_only`: the details are of a customer with one
    name only, their family name (domain/one_name.py): another such customer of that name
    has "the same name", one with a given name too "the same family name"."""
    customers = uow.customers
    given = name_key(typed.get(GIVEN_NAME, ""))
    family = name_key(typed.get(FAMILY_NAME, ""))
    birth = date.fromisoformat(typed["date_of_birth"]) if "date_of_birth" in typed else None
    named = _by_name(uow, given, family, birth)
    candidates: dict[int, CustomerRow] = {row.id: row for row in named.rows}
    same: dict[str, set[int]] = {}
    for kind in ("phone", "email"):
        if kind in typed:
            rows = customers.find_by_contact(kind, typed[kind], exact=True, limit=10)
            same[kind] = {row.id for row in rows}
            for row in rows:
                candidates.setdefault(row.id, row)
    # A UK postcode or one from elsewhere: the address's one postcode column holds either.
    postcode = next((typed[key] for key in POSTCODE_FIELDS.values() if typed.get(key)), None)
    if postcode is not None:
        rows = customers.find_by_postcode(postcode, exact=True, limit=50)
        same["postcode"] = {row.id for row in rows}
        for row in rows:
            candidates.setdefault(row.id, row)

    scored = []
    # A merged record is no one to be a duplicate of: its survivor is found in its own right.
    for row in (row for row in candidates.values() if row.merged_into_id is None):
        found = score_duplicate(
            Agreement(
                name_similarity=name_similarity(given, family, row.given_key, row.family_key)
                if family
                else None,
                family_name_only=family_name_only(
                    given, row.given_key, one_name_only=one_name_only
                ),
                by_one_name=row.id in named.by_one_name,
                same_date_of_birth=birth is not None and row.date_of_birth == birth,
                same_phone=row.id in same.get("phone", ()),
                same_email=row.id in same.get("email", ()),
                same_postcode=row.id in same.get("postcode", ()),
            )
        )
        if found.shown:
            scored.append((found, row))
    # As the lookup lists them: one found by their one name alone after those of the same
    # score whose given name was compared too.
    scored.sort(
        key=lambda item: (
            -item[0].score,
            item[0].by_one_name,
            item[1].family_key,
            item[1].given_key,
            item[1].id,
        )
    )
    return [
        DuplicateCandidate(
            match=to_match(row, by_one_name=found.by_one_name),
            score=found.score,
            strong=found.strong,
            reasons=found.reasons,
            restricted=row.restricted,
            locked=found.strong and uow.queue.active_lock(row.id) is not None,
        )
        for found, row in scored[:MAX_DUPLICATES]
    ]


def _by_name(uow: UnitOfWork, given: str, family: str, birth: date | None) -> Found:
    """The customers the typed name keys may be, those with one name only found by it with
    a given name typed that they do not hold marked as the lookup marks them
    (`lookup_matches.marked`): "Suharto" for "Budi Suharto"."""
    if not family:
        return Found([])
    found = lookup.name_candidates(uow, given, family, limit=20)
    if birth is None:
        return found
    # A common surname has more namesakes than the name search returns: the date of birth
    # finds the one this may be, whatever slip the given name has.
    families = lookup.family_terms(uow, family)
    rows = uow.customers.find_by_family_and_birth(families, birth, limit=20)
    born = marked(rows, [NameReading(given, family)])
    return Found(
        list({row.id: row for row in [*found.rows, *born.rows]}.values()),
        by_one_name={*found.by_one_name, *born.by_one_name},
    )
