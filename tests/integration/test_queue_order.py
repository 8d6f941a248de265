"""The supervisor queue on every backend, once it holds more than it lists: its counts are
of every item, and what needs a supervisor now comes before an import's possible
duplicates, whatever their age (docs/after-the-call.md, "The queue's order")."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.interactions import QueueKind, QueuePage
from custinfo_tui.domain.verification import CallerKind
from custinfo_tui.services import queue
from custinfo_tui.services.queue import QUEUE_PAGE
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.imported_duplicates import flag_imported_duplicates

JOHN_SMITH = 1
#: More than the queue lists at once.
DUPLICATES = QUEUE_PAGE + 15


def _page(supervisor: Desk, kind: QueueKind | None = None) -> QueuePage:
    return queue.queue_page(supervisor.uow_factory(), supervisor.actor, kind)


def _lock(agent: Desk) -> None:
    """Three wrong dates of birth on a call: John Smith's verification locked, and a
    possible-fraud item raised, after every duplicate."""
    call = agent.start(JOHN_SMITH).interaction_id
    agent.identify(call, CallerKind.CUSTOMER)
    agent.fail(call, times=3)


def test_a_fraud_item_raised_after_hundreds_of_duplicates_is_listed_first_and_counted(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    """After an import flagged 415 duplicates, the queue said "200 open items" and the
    possible-fraud item raised later was not listed at all."""
    flag_imported_duplicates(demo_uow_factory, tmp_path, DUPLICATES)
    _lock(agent)

    page = _page(supervisor)

    assert (page.open_total, page.kept_total, page.total) == (DUPLICATES + 1, 0, DUPLICATES + 1)
    assert len(page.items) == QUEUE_PAGE and page.partial
    first, *rest = page.items
    assert (first.kind, first.customer_reference, first.lock_active) == (
        QueueKind.POSSIBLE_FRAUD,
        "1001 2345 P",
        True,
    )
    assert {item.kind for item in rest} == {QueueKind.POSSIBLE_DUPLICATE}
    assert [item.raised_at for item in rest] == sorted(item.raised_at for item in rest)
    assert first.raised_at > rest[-1].raised_at  # the newest, yet first


def test_one_kind_is_counted_whole_too(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    flag_imported_duplicates(demo_uow_factory, tmp_path, DUPLICATES)
    _lock(agent)

    duplicates = _page(supervisor, QueueKind.POSSIBLE_DUPLICATE)
    fraud = _page(supervisor, QueueKind.POSSIBLE_FRAUD)

    assert (duplicates.open_total, len(duplicates.items), duplicates.partial) == (
        DUPLICATES,
        QUEUE_PAGE,
        True,
    )
    assert (fraud.open_total, len(fraud.items), fraud.partial) == (1, 1, False)


def test_a_lock_kept_after_closing_stays_listed_before_the_duplicates(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, tmp_path: Path
) -> None:
    """A closed item whose lock was kept is where the lock is lifted: behind 215
    duplicates it could not be reached at all."""
    flag_imported_duplicates(demo_uow_factory, tmp_path, DUPLICATES)
    _lock(agent)
    fraud = _page(supervisor).items[0]
    queue.close_item(
        supervisor.uow_factory(), supervisor.actor, fraud.id, "Fraud confirmed, lock stays"
    )

    page = _page(supervisor)

    assert (page.open_total, page.kept_total, len(page.items)) == (DUPLICATES, 1, QUEUE_PAGE)
    assert page.items[0].id == fraud.id and page.items[0].lock_kept is not None
