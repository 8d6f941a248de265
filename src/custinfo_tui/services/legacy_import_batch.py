"""One batch of a legacy import, stored in its own transaction (services/legacy_import.py):
the accepted people given ids and references and inserted, and the run's checkpoint moved
past the batch. Then, once every row is stored, the run's finish: the search indexes a first
import set aside built (those the duplicate search reads first, committed), the possible
duplicates raised for a supervisor, the run marked finished with its audit event, in one
transaction. Each batch appends an event of its own, naming the rows it covered and the
customers it stored, so an import never finished leaves none of its customers off the audit
trail.

Duplicates are scored as the console's capture scores them (domain/duplicates.py): each
imported customer against every customer stored before it (those already in the database
and the file's earlier rows) that shares an e-mail, a phone number (unless shared by many
records) or a family name with a date of birth. A customer whose best match is strong stays
imported and is raised as a POSSIBLE_DUPLICATE queue item naming both references, for a
supervisor to merge on the merge screen or close as two people: never merged blindly, and
never lost. Looking for them once, from the stored rows and their indexes, costs seconds;
looking batch by batch cost more than storing the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from typing import Any

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.duplicates import (
    Agreement,
    family_name_only,
    name_similarity,
    score_duplicate,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.legacy_import import ImportedPerson
from custinfo_tui.domain.reference import (
    format_reference,
    random_references,
    reference_stretch,
)
from custinfo_tui.repository.import_indexes import DUPLICATE_SEARCH_INDEXES
from custinfo_tui.repository.legacy_import import PossibleDuplicate
from custinfo_tui.repository.orm import QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.legacy_import_stopping import StoppableSteps
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


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
    #: Batches this process has stored.
    batches_stored: int = 0


@dataclass(frozen=True)
class Batch:
    """A batch's accepted people (row number, person), how many rows it refused, the row
    number it ends at, the rejects file's length and SHA-256 once its refusals are written,
    and what of the file has been read by then."""

    people: Sequence[tuple[int, ImportedPerson]]
    rejected: int
    last_row: int
    rejects_bytes: int
    rejects_sha256: str
    #: The length and SHA-256 of the file's bytes up to the end of `last_row`
    #: (services/legacy_import_source.py).
    source_bytes: int
    source_sha256: str


def store_batch(
    uow: UnitOfWork, run_id: int, totals: RunTotals, batch: Batch, file_name: str, now: datetime
) -> None:
    """Store the batch, move the checkpoint and append the batch's audit event, in one
    transaction: every customer stored is on the audit trail from the moment it is stored,
    whether or not the run ever finishes (an import killed and never run again too)."""
    with uow:
        people = batch.people
        ids = uow.legacy_import.new_customer_ids(len(people))
        references = _new_references(uow, len(people))
        active = CustomerStatus.ACTIVE.value
        customers: list[tuple[Any, ...]] = []
        contacts: list[tuple[Any, ...]] = []
        addresses: list[tuple[Any, ...]] = []
        for (_, person), customer_id, reference in zip(people, ids, references, strict=True):
            born = date.fromisoformat(person.date_of_birth) if person.date_of_birth else None
            customers.append(
                (customer_id, reference, person.given_name, person.family_name,
                 person.given_key, person.family_key, born, active, now, now, 1)
            )  # fmt: skip
            if person.phone is not None:
                contacts.append((customer_id, "phone", "main", person.phone, True, now))
            if person.email is not None:
                contacts.append((customer_id, "email", "main", person.email, True, now))
            if person.address_line1 is not None:
                addresses.append(
                    (customer_id, person.address_line1, person.address_line2, person.town,
                     person.town_key, person.postcode, "GB", True, now)
                )  # fmt: skip
        uow.legacy_import.insert_rows(run_id, customers, contacts, addresses)
        terms = _name_terms(p for _, p in people) - totals.indexed_terms
        uow.customers.add_name_terms(terms)

        run = uow.legacy_import.get_run(run_id)
        run.rows_read = batch.last_row
        run.accepted = totals.accepted + len(people)
        run.rejected = totals.rejected + batch.rejected
        run.rejects_bytes = batch.rejects_bytes
        run.rejects_sha256 = batch.rejects_sha256
        run.source_bytes, run.source_sha256 = batch.source_bytes, batch.source_sha256
        run.updated_at = now
        if batch.last_row > totals.rows_read:
            audit.record(
                uow,
                None,
                AuditAction.CUSTOMERS_IMPORT_STORED,
                details={
                    "file": file_name,
                    "import": run_id,
                    "rows": [totals.rows_read + 1, batch.last_row],
                    "accepted": len(people),
                    "rejected": batch.rejected,
                },
            )
        uow.commit()
        totals.rows_read, totals.accepted = run.rows_read, run.accepted
        totals.rejected, totals.rejects_bytes = run.rejected, run.rejects_bytes
        totals.indexed_terms |= terms


def finish_run(
    uow_factory: UnitOfWorkFactory,
    run_id: int,
    totals: RunTotals,
    file_name: str,
    now: datetime,
    *,
    abandoned: bool = False,
) -> None:
    """Build the indexes the duplicate search reads, if set aside; then build the others
    while the possible duplicates are looked for on a second connection; then, in one
    transaction, raise them, mark the run finished and append its one audit event. Run
    again after an interruption, it does again what was not kept. `abandoned`: the run is
    given up where it stopped (services/legacy_import_runs.py), recorded so."""
    with StoppableSteps(uow_factory) as steps:  # Ctrl+C stops the statement under way
        # The checking workers have stopped: the first build has both cores to itself
        # (3.6 s to 2.9 s for a million customers). Beside the search it would slow it.
        steps.run(_build_indexes(DUPLICATE_SEARCH_INDEXES, sorters=1))
        # SQLite builds an index, and writes it at the commit, without holding Python's
        # lock, so the search and its scoring go on beside the indexes it does not read
        # (docs/performance.md).
        searching = steps.submit(lambda uow: _strong_matches(uow, run_id))
        steps.run(_build_indexes(None))
        strong = searching.result()
        flagged = len(strong)

        def finish(uow: UnitOfWork) -> None:
            uow.queue.add_all(_possible_duplicate(pair, reasons, now) for pair, reasons in strong)
            run = uow.legacy_import.get_run(run_id)
            run.flagged = flagged
            run.updated_at = run.finished_at = now
            if abandoned:
                run.abandoned_at = now
            audit.record(
                uow,
                None,
                AuditAction.CUSTOMERS_IMPORT_ABANDONED
                if abandoned
                else AuditAction.CUSTOMERS_IMPORTED,
                details={
                    "file": file_name,
                    "import": run_id,
                    "read": run.rows_read,
                    "accepted": run.accepted,
                    "rejected": run.rejected,
                    "possible_duplicates": flagged,
                },
            )
            uow.commit()

        steps.run(finish)
    totals.flagged = flagged


def _build_indexes(
    names: Collection[str] | None, *, sorters: int = 0
) -> Callable[[UnitOfWork], None]:
    """A step building the indexes a first import set aside (those of `names`, or all)."""

    def build(uow: UnitOfWork) -> None:
        uow.legacy_import.restore_indexes(names, sorters=sorters)
        uow.commit()

    return build


def _strong_matches(
    uow: UnitOfWork, run_id: int
) -> list[tuple[PossibleDuplicate, tuple[str, ...]]]:
    """Each imported customer's strong match stored before it, if any, with what matched.

    A pair that would not be strong even with a shared postcode is left out before the
    postcodes are read: only the rest (a few percent of the pairs) are asked about them.
    """
    hopeful = [
        (pair, similarity)
        for pair in uow.legacy_import.possible_duplicates(run_id)
        if _score(_agreement(pair, similarity := _similarity(pair), True)).strong
    ]
    postcodes = uow.legacy_import.current_postcodes(
        {customer for pair, _ in hopeful for customer in (pair.customer_id, pair.other_id)}
    )
    no_postcodes: set[str] = set()
    scored = (
        (
            pair,
            _agreement(
                pair,
                similarity,
                bool(
                    postcodes.get(pair.customer_id, no_postcodes)
                    & postcodes.get(pair.other_id, no_postcodes)
                ),
            ),
        )
        for pair, similarity in hopeful
    )
    found = (
        best_strong_match(candidates)
        for _, candidates in groupby(scored, key=lambda item: item[0].customer_id)
    )
    return [best for best in found if best is not None]


def _similarity(pair: PossibleDuplicate) -> float:
    return name_similarity(
        pair.given_key, pair.family_key, pair.other_given_key, pair.other_family_key
    )


def _agreement(pair: PossibleDuplicate, similarity: float, same_postcode: bool) -> Agreement:
    return Agreement(
        name_similarity=similarity,
        # An imported customer without a given name has one name only (docs/import.md).
        family_name_only=family_name_only(
            pair.given_key, pair.other_given_key, one_name_only=not pair.given_key
        ),
        same_date_of_birth=pair.same_date_of_birth,
        same_phone=pair.same_phone,
        same_email=pair.same_email,
        same_postcode=same_postcode,
    )


def best_strong_match(
    candidates: Iterable[tuple[PossibleDuplicate, Agreement]],
) -> tuple[PossibleDuplicate, tuple[str, ...]] | None:
    """Of one customer's possible duplicates, each with what the two share, the one the
    customer most probably is, if the match is strong (the capture's scoring), with what
    matched in words; None if no match is strong. The lowest id wins a tie."""
    best: tuple[float, PossibleDuplicate, tuple[str, ...]] | None = None
    for pair, agreement in candidates:
        found = _score(agreement)
        better = best is None or (found.score, -pair.other_id) > (best[0], -best[1].other_id)
        if found.strong and better:
            best = (found.score, pair, found.reasons)
    return None if best is None else (best[1], best[2])


#: The capture's scoring, remembered per agreement (a few hundred kinds of them).
_score = lru_cache(maxsize=10_000)(score_duplicate)


def _possible_duplicate(
    pair: PossibleDuplicate, reasons: tuple[str, ...], now: datetime
) -> QueueItemRow:
    """A queue item for a supervisor, as capture raises one (references and what matched,
    never a value)."""
    return QueueItemRow(
        kind=QueueKind.POSSIBLE_DUPLICATE,
        status=QueueItemStatus.OPEN,
        customer_id=pair.customer_id,
        other_customer_id=pair.other_id,
        summary=(
            f"Imported record {format_reference(pair.reference)} may be the same "
            f"person as {format_reference(pair.other_reference)} ({', '.join(reasons)}). "
            "Merge them if they are the same person."
        ),
        raised_at=now,
    )


def _new_references(uow: UnitOfWork, count: int) -> list[str]:
    """`count` fresh references no customer holds, at random in one stretch of numbers at
    a random place (domain/reference.py: as hard to guess as capture's, and cheaper to
    index)."""
    stretch = reference_stretch(count)
    chosen: set[str] = set()
    for _ in range(20):
        wanted = count - len(chosen)
        if not wanted:
            break
        drawn = set(random_references(wanted, stretch)) - chosen
        chosen |= drawn - uow.legacy_import.taken_references(drawn)
    if len(chosen) < count:
        raise RuntimeError("could not draw enough unused customer references")
    return list(chosen)


def _name_terms(people: Iterable[ImportedPerson]) -> set[tuple[str, str]]:
    terms = set()
    for person in people:
        terms.add(("family", person.family_key))
        if person.given_key:  # none for one name only
            terms.add(("given", person.given_key))
        if person.town_key:
            terms.add(("town", person.town_key))
    return terms
