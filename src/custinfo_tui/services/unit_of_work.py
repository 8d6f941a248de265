"""What services need from storage: a unit of work holding repositories, as a Protocol.

Services depend on this shape, not on SQLAlchemy, so a fake can stand in for fast tests
(tests/support/fake_uow.py is one, for the tests of what a use case decides).
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:
    from custinfo_tui.repository.audit import AuditRepository
    from custinfo_tui.repository.breaches import BreachRepository
    from custinfo_tui.repository.complaints import ComplaintRepository
    from custinfo_tui.repository.customers import CustomerRepository
    from custinfo_tui.repository.demo_loader import DemoLoader
    from custinfo_tui.repository.disclosures import DisclosureRepository
    from custinfo_tui.repository.discrepancies import DiscrepancyRepository
    from custinfo_tui.repository.erasure import ErasureRepository
    from custinfo_tui.repository.free_text import FreeTextRepository
    from custinfo_tui.repository.interactions import InteractionRepository
    from custinfo_tui.repository.legacy_import import LegacyImportRepository
    from custinfo_tui.repository.merging import MergeRepository
    from custinfo_tui.repository.operators import OperatorRepository
    from custinfo_tui.repository.protection import ProtectionRepository
    from custinfo_tui.repository.queue import QueueRepository
    from custinfo_tui.repository.subject_access import SubjectAccessRepository
    from custinfo_tui.repository.training import TrainingRepository


class UnitOfWork(Protocol):
    operators: OperatorRepository
    customers: CustomerRepository
    audit: AuditRepository
    interactions: InteractionRepository
    queue: QueueRepository
    protection: ProtectionRepository
    #: Complaints and their changes of stage (MP-19).
    complaints: ComplaintRepository
    #: Discrepancy reports (MP-14).
    discrepancies: DiscrepancyRepository
    #: Third-party disclosure requests (MP-17).
    disclosures: DisclosureRepository
    #: Moving a merged record's rows to the survivor (MP-13).
    merges: MergeRepository
    #: Anonymising customers (erasure, retention runs) and their legal holds.
    erasure: ErasureRepository
    #: Every stored column of free text (`custinfo redact-cards`).
    free_text: FreeTextRepository
    #: Demo data only (services/demo.py): bulk inserts of prepared rows.
    demo_loader: DemoLoader
    #: The legacy import (`custinfo import`): its checkpoint and bulk inserts.
    legacy_import: LegacyImportRepository
    #: Training runs (live) and a sandbox's marker (docs/training.md).
    training: TrainingRepository
    #: Subject access requests and processing restrictions (MP-16, Art. 18).
    subject_access: SubjectAccessRepository
    #: Personal-data breaches (MP-20).
    breaches: BreachRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class WrappedUnitOfWork:
    """Another unit of work, passed through: the base of the console's wrappers
    (services/audit_listener.py, services/outages.py), which override what they add."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, traceback)

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        # Every repository, as the wrapped unit of work has it.
        return getattr(self._inner, name)
