"""One batch of a legacy import, stored in its own transaction (services/legacy_import.py):
the accepted people checked for duplicates, given ids and references and inserted; the
possible duplicates raised for a supervisor; the run's checkpoint moved past the batch.

Duplicates are scored as the console's capture scores them (domain/duplicates.py), against
the customers already stored (earlier batches of the same file included) and the earlier
rows of the batch. A row whose best match is strong is imported all the same and raised as
a POSSIBLE_DUPLICATE queue item naming both references, for a supervisor to merge on the
merge screen or close as two people: never merged blindly, and never lost.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.duplicates import Agreement, name_similarity, score_duplicate
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.legacy_import import ImportedPerson
from custinfo_tui.domain.reference import format_reference, random_reference
from custinfo_tui.repository.legacy_import import SHARED_PHONE_HOLDERS, ExistingCustomer
from custinfo_tui.repository.orm import QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.unit_of_work import UnitOfWork

_RNG = random.SystemRandom()


@dataclass
class RunTotals:
    """What a run has done so far: the checkpoint's numbers."""

    rows_read: int
    accepted: int
    rejected: int
    flagged: int
    rejects_bytes: int
    #: Name-index terms already stored by this process, so a batch adds only new ones.
    indexed_terms: set[tuple[str, str]] = field(default_factory=set)
    #: Phone numbers already found shared by many records (not used to find duplicates).
    shared_phones: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Batch:
    """A batch's accepted people (row number, person), how many rows it refused, the row
    number it ends at and the rejects file's length once its refusals are written."""

    people: Sequence[tuple[int, ImportedPerson]]
    rejected: int
    last_row: int
    rejects_bytes: int


def store_batch(
    uow: UnitOfWork,
    run_id: int,
    totals: RunTotals,
    batch: Batch,
    now: datetime,
    *,
    finish_as: str | None = None,
) -> None:
    """Store the batch and move the checkpoint, in one transaction; with `finish_as` (the
    file's name) also mark the run finished and append its one audit event."""
    with uow:
        people = batch.people
        uow.legacy_import.shared_phones = totals.shared_phones
        ids = uow.legacy_import.new_customer_ids(len(people))
        references = _new_references(uow, len(people))
        matches = _Matches(
            totals.shared_phones,
            uow.legacy_import.possible_duplicates(
                emails={p.email for _, p in people if p.email},
                phones={p.phone for _, p in people if p.phone},
                families_born={
                    (p.family_key, date.fromisoformat(p.date_of_birth))
                    for _, p in people
                    if p.date_of_birth
                },
            ),
        )
        customers, contacts, addresses, flagged = [], [], [], []
        for (_, person), customer_id, reference in zip(people, ids, references, strict=True):
            best = matches.best_strong(person)
            if best is not None:
                flagged.append((customer_id, reference, best))
            matches.add(_as_existing(customer_id, reference, person))
            customers.append(_customer_row(customer_id, reference, person, now))
            contacts += _contact_rows(customer_id, person, now)
            if person.address_line1 is not None:
                addresses.append(_address_row(customer_id, person, now))
        uow.legacy_import.insert_rows(customers, contacts, addresses)
        terms = _name_terms(p for _, p in people) - totals.indexed_terms
        uow.customers.add_name_terms(terms)
        for customer_id, reference, (other, reasons) in flagged:
            _raise_possible_duplicate(uow, customer_id, reference, other, reasons, now)

        run = uow.legacy_import.get_run(run_id)
        run.rows_read = batch.last_row
        run.accepted = totals.accepted + len(people)
        run.rejected = totals.rejected + batch.rejected
        run.flagged = totals.flagged + len(flagged)
        run.rejects_bytes = batch.rejects_bytes
        run.updated_at = now
        if finish_as is not None:
            run.finished_at = now
            audit.record(
                uow,
                None,
                AuditAction.CUSTOMERS_IMPORTED,
                details={
                    "file": finish_as,
                    "read": run.rows_read,
                    "accepted": run.accepted,
                    "rejected": run.rejected,
                    "possible_duplicates": run.flagged,
                },
            )
        uow.commit()
        totals.rows_read, totals.accepted = run.rows_read, run.accepted
        totals.rejected, totals.flagged = run.rejected, run.flagged
        totals.rejects_bytes = run.rejects_bytes
        totals.indexed_terms |= terms


class _Matches:
    """Customers a person may be the same as, found by what a strong match needs: the same
    e-mail, phone (unless shared by many records), or family name with date of birth."""

    def __init__(self, shared_phones: set[str], existing: Iterable[ExistingCustomer]) -> None:
        self._shared_phones = shared_phones
        self._by_key: dict[Hashable, list[ExistingCustomer]] = defaultdict(list)
        for customer in existing:
            if not customer.merged:  # a merged record's survivor is found in its own right
                self.add(customer)

    def add(self, customer: ExistingCustomer) -> None:
        keys: list[Hashable] = [("email", email) for email in customer.emails]
        keys += [("phone", phone) for phone in customer.phones]
        if customer.date_of_birth is not None:
            keys.append(("born", customer.family_key, customer.date_of_birth))
        for key in keys:
            self._by_key[key].append(customer)

    def best_strong(
        self, person: ImportedPerson
    ) -> tuple[ExistingCustomer, tuple[str, ...]] | None:
        """The best strong match of the person, with what matched in words; None if none."""
        born = date.fromisoformat(person.date_of_birth) if person.date_of_birth else None
        candidates: dict[int, ExistingCustomer] = {}
        if person.email:
            candidates.update((c.id, c) for c in self._by_key.get(("email", person.email), ()))
        phone = person.phone if person.phone not in self._shared_phones else None
        phone_holders = self._by_key.get(("phone", phone), ()) if phone else ()
        if len(phone_holders) <= SHARED_PHONE_HOLDERS:
            candidates.update((c.id, c) for c in phone_holders)
        if born is not None:
            key = ("born", person.family_key, born)
            candidates.update((c.id, c) for c in self._by_key.get(key, ()))
        best: tuple[int, ExistingCustomer, tuple[str, ...]] | None = None
        for candidate in candidates.values():
            found = _score(
                Agreement(
                    name_similarity=_name_similarity(
                        person.given_key,
                        person.family_key,
                        candidate.given_key,
                        candidate.family_key,
                    ),
                    same_date_of_birth=born is not None and candidate.date_of_birth == born,
                    same_phone=person.phone in candidate.phones,
                    same_email=person.email in candidate.emails,
                    same_postcode=person.postcode in candidate.postcodes,
                )
            )
            better = best is None or (found.score, -candidate.id) > (best[0], -best[1].id)
            if found.strong and better:
                best = (found.score, candidate, found.reasons)
        return None if best is None else (best[1], best[2])


#: The capture's scoring, remembered per agreement (a few hundred kinds of them).
_score = lru_cache(maxsize=10_000)(score_duplicate)


@lru_cache(maxsize=20_000)
def _name_similarity(given: str, family: str, their_given: str, their_family: str) -> float:
    """The capture's name similarity, remembered: a customer base repeats its names."""
    return name_similarity(given, family, their_given, their_family)


def _as_existing(customer_id: int, reference: str, person: ImportedPerson) -> ExistingCustomer:
    return ExistingCustomer(
        id=customer_id,
        reference=reference,
        given_key=person.given_key,
        family_key=person.family_key,
        date_of_birth=date.fromisoformat(person.date_of_birth) if person.date_of_birth else None,
        merged=False,
        phones={person.phone} if person.phone else set(),
        emails={person.email} if person.email else set(),
        postcodes={person.postcode} if person.postcode else set(),
    )


def _raise_possible_duplicate(
    uow: UnitOfWork,
    customer_id: int,
    reference: str,
    other: ExistingCustomer,
    reasons: tuple[str, ...],
    now: datetime,
) -> None:
    """A queue item for a supervisor, as capture raises one (references and what matched,
    never a value)."""
    uow.queue.add(
        QueueItemRow(
            kind=QueueKind.POSSIBLE_DUPLICATE,
            status=QueueItemStatus.OPEN,
            customer_id=customer_id,
            other_customer_id=other.id,
            summary=(
                f"Imported record {format_reference(reference)} may be the same person as "
                f"{format_reference(other.reference)} ({', '.join(reasons)}). "
                "Merge them if they are the same person."
            ),
            raised_at=now,
        )
    )


def _new_references(uow: UnitOfWork, count: int) -> list[str]:
    """`count` fresh references no customer holds (random, as capture makes them)."""
    chosen: set[str] = set()
    for _ in range(20):
        wanted = count - len(chosen)
        if not wanted:
            break
        drawn = {random_reference(_RNG) for _ in range(wanted)} - chosen
        chosen |= drawn - uow.legacy_import.taken_references(drawn)
    if len(chosen) < count:
        raise RuntimeError("could not draw enough unused customer references")
    return sorted(chosen, key=lambda _: _RNG.random())


def _name_terms(people: Iterable[ImportedPerson]) -> set[tuple[str, str]]:
    terms = set()
    for person in people:
        terms.add(("family", person.family_key))
        terms.add(("given", person.given_key))
        if person.town_key:
            terms.add(("town", person.town_key))
    return terms


def _customer_row(
    customer_id: int, reference: str, person: ImportedPerson, now: datetime
) -> dict[str, Any]:
    return {
        "id": customer_id,
        "reference": reference,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "given_key": person.given_key,
        "family_key": person.family_key,
        "date_of_birth": date.fromisoformat(person.date_of_birth) if person.date_of_birth else None,
        "status": CustomerStatus.ACTIVE.value,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _contact_rows(customer_id: int, person: ImportedPerson, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "customer_id": customer_id,
            "kind": kind,
            "label": "main",
            "value": value,
            "is_primary": True,
            "created_at": now,
        }
        for kind, value in (("phone", person.phone), ("email", person.email))
        if value is not None
    ]


def _address_row(customer_id: int, person: ImportedPerson, now: datetime) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "line1": person.address_line1,
        "line2": person.address_line2,
        "town": person.town,
        "town_key": person.town_key,
        "postcode": person.postcode,
        "country": "GB",
        "is_current": True,
        "valid_from": now,
    }
