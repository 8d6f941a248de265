"""What the lookup lists of the customers its search found (MP-12, MP-13): each as a
`CustomerMatch`, enough to pick the record and nothing more, a merged record replaced by
the one it was merged into, a restricted one left out for those who may not see it, and
one found by an address the customer has moved from marked so, as is one with one name
only found by it with a given name typed that they do not hold ("budi suharto" for
"Suharto": domain/one_name.py)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.merging import merged_from_note
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.search import NameReading
from custinfo_tui.repository.lookup_rows import CustomerRow
from custinfo_tui.services.unit_of_work import UnitOfWork


class Found(NamedTuple):
    """What a search found, in order, and which of it was found how, by id."""

    rows: list[CustomerRow]
    #: By an address moved from (a postcode typed).
    moved_from: Collection[int] = ()
    #: By their one name alone, a given name typed that they do not hold (`marked`).
    by_one_name: Collection[int] = ()


def marked(rows: list[CustomerRow], readings: Sequence[NameReading]) -> Found:
    """The rows a name search found, those with one name only whose name fits best a
    reading with a given name marked (`NameReading.by_one_name`): the handler sees why
    "Suharto" is listed for "budi suharto"."""

    def best(row: CustomerRow) -> NameReading:
        return max(readings, key=lambda r: r.similarity(row.given_key, row.family_key))

    one_name = {row.id for row in rows if not row.given_key and best(row).by_one_name("")}
    return Found(rows, by_one_name=one_name)


def survivors_in_place(
    uow: UnitOfWork,
    found: Sequence[CustomerRow],
    *,
    hide_restricted: bool,
    moved_from: Collection[int] = (),
    by_one_name: Collection[int] = (),
) -> tuple[tuple[CustomerMatch, ...], list[int]]:
    """The matches in order, each merged record replaced by the record it was merged into,
    with a "merged from" note (MP-13); a record found twice is listed once, where first.
    With `hide_restricted`, a record whose processing is restricted is left out (the one
    shown: a merged record's survivor), and its id is in the second list. Those found by
    an address moved from (`moved_from`, their ids) are marked so, and those found by their
    one name alone (`by_one_name`) while the record shown has one name only too."""
    survivors = {
        row.id: row
        for row in uow.customers.find_by_ids(
            {row.merged_into_id for row in found if row.merged_into_id is not None}
        )
        if row.merged_into_id is None
    }
    matches: dict[int, CustomerMatch] = {}
    hidden: dict[int, None] = {}
    for row in found:
        shown, note = row, None
        if row.merged_into_id is not None:
            if (survivor := survivors.get(row.merged_into_id)) is None:
                continue
            shown, note = survivor, merged_from_note(format_reference(row.reference))
        if hide_restricted and shown.restricted:
            hidden.setdefault(shown.id)
        else:
            previous = row.id in moved_from
            one_name = row.id in by_one_name and not shown.given_key
            matches.setdefault(
                shown.id,
                to_match(shown, merged_from=note, moved_from=previous, by_one_name=one_name),
            )
    return tuple(matches.values()), list(hidden)


def to_match(
    customer: CustomerRow,
    *,
    merged_from: str | None = None,
    moved_from: bool = False,
    by_one_name: bool = False,
) -> CustomerMatch:
    return CustomerMatch(
        customer_id=customer.id,
        reference=customer.reference,
        given_name=customer.given_name,
        family_name=customer.family_name,
        masked_postcode=mask_postcode(customer.postcode) if customer.postcode else None,
        phone_hint=phone_last_digits(customer.phone) if customer.phone else None,
        merged_from=merged_from,
        restricted=customer.restricted,
        previous_address=moved_from,
        by_one_name=by_one_name,
    )
