"""The unit of work: one transaction, the repositories that share it, rollback unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from custinfo_tui.repository.audit import AuditRepository
from custinfo_tui.repository.breaches import BreachRepository
from custinfo_tui.repository.complaints import ComplaintRepository
from custinfo_tui.repository.customers import CustomerRepository
from custinfo_tui.repository.demo_loader import DemoLoader
from custinfo_tui.repository.disclosures import DisclosureRepository
from custinfo_tui.repository.discrepancies import DiscrepancyRepository
from custinfo_tui.repository.engine import MAY_HAVE_WRITTEN
from custinfo_tui.repository.erasure import ErasureRepository
from custinfo_tui.repository.errors import (
    ConcurrentUpdate,
    ConstraintViolation,
    DatabaseDamaged,
    DatabaseUnavailable,
    RetryableStorageError,
    StorageError,
    asks_to_retry,
    did_not_answer,
    refusal,
    says_damaged,
)
from custinfo_tui.repository.free_text import FreeTextRepository
from custinfo_tui.repository.interactions import InteractionRepository
from custinfo_tui.repository.legacy_import import LegacyImportRepository
from custinfo_tui.repository.merging import MergeRepository
from custinfo_tui.repository.operators import OperatorRepository
from custinfo_tui.repository.protection import ProtectionRepository
from custinfo_tui.repository.queue import QueueRepository
from custinfo_tui.repository.subject_access import SubjectAccessRepository
from custinfo_tui.repository.training import TrainingRepository


class SqlAlchemyUnitOfWork:
    """Use as `with uow:`; leaving the block without `uow.commit()` rolls everything back.

    A new Session is opened for each `with` block, so one unit of work object can serve a
    whole console session, one transaction at a time.
    """

    operators: OperatorRepository
    customers: CustomerRepository
    audit: AuditRepository
    interactions: InteractionRepository
    queue: QueueRepository
    protection: ProtectionRepository
    complaints: ComplaintRepository
    discrepancies: DiscrepancyRepository
    erasure: ErasureRepository
    disclosures: DisclosureRepository
    free_text: FreeTextRepository
    demo_loader: DemoLoader
    legacy_import: LegacyImportRepository
    training: TrainingRepository
    subject_access: SubjectAccessRepository
    breaches: BreachRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError(
                "unit of work is already in use; nested transactions are not supported"
            )
        self._session = self._session_factory()
        self.operators = OperatorRepository(self._session)
        self.customers = CustomerRepository(self._session)
        self.audit = AuditRepository(self._session)
        self.interactions = InteractionRepository(self._session)
        self.queue = QueueRepository(self._session)
        self.protection = ProtectionRepository(self._session)
        self.complaints = ComplaintRepository(self._session)
        self.discrepancies = DiscrepancyRepository(self._session)
        self.disclosures = DisclosureRepository(self._session)
        self.merges = MergeRepository(self._session)
        self.erasure = ErasureRepository(self._session)
        self.free_text = FreeTextRepository(self._session)
        self.demo_loader = DemoLoader(self._session)
        self.legacy_import = LegacyImportRepository(self._session)
        self.training = TrainingRepository(self._session)
        self.subject_access = SubjectAccessRepository(self._session)
        self.breaches = BreachRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            if _only_read(self._session, exc):
                self._session.commit()  # the same as a rollback here, and psycopg's is dearer
            else:
                self._session.rollback()
        except DBAPIError as ending_error:
            # The connection died under the work (a server restarted): the work's own error
            # says more; without one, the ending's is told the same way, never raw.
            exc = exc if isinstance(exc, DBAPIError | StaleDataError) else ending_error
        except SQLAlchemyError:
            # Ending a transaction the work's own exception broke (Ctrl+C while a statement
            # ran invalidates the connection, and SQLAlchemy then refuses it with
            # PendingRollbackError): that exception goes on, never masked by the ending's;
            # closing the session below gives the connection back. Without one, it is a fault.
            if exc is None:
                raise
        finally:
            self._session.close()
            self._session = None
        # Replace database errors, whose text quotes customer values, with value-free ones.
        # `from None` drops the original from the chain, so no traceback can print it.
        if isinstance(exc, StaleDataError):
            raise ConcurrentUpdate("another desk changed this record first") from None
        if isinstance(exc, IntegrityError):
            raise ConstraintViolation(f"constraint violated: {type(exc.orig).__name__}") from None
        if isinstance(exc, DBAPIError) and says_damaged(exc.orig):
            raise DatabaseDamaged(f"database damaged: {type(exc.orig).__name__}") from None
        if isinstance(exc, DBAPIError) and asks_to_retry(exc.orig):
            raise RetryableStorageError(f"database busy: {type(exc.orig).__name__}") from None
        if isinstance(exc, OperationalError | InterfaceError):
            raise DatabaseUnavailable(
                f"database unavailable: {type(exc.orig).__name__}",
                refused=refusal(exc.orig),
                answered=not did_not_answer(exc.orig),
            ) from None
        if isinstance(exc, DBAPIError):
            raise StorageError(f"database error: {type(exc.orig).__name__}") from None

    @property
    def session(self) -> Session:
        """The open Session, for repositories only; services must not use it."""
        if self._session is None:
            raise RuntimeError("unit of work used outside a `with` block")
        return self._session

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def _only_read(session: Session, exc: BaseException | None) -> bool:
    """Whether the transaction under way has only read, so ending it with COMMIT changes
    nothing: nothing waits to be flushed, no statement that may write was sent
    (`engine.note_writes`), and the work did not end on a database error (whose
    transaction may be aborted). Leaving a unit of work without `commit()` still keeps
    nothing: a transaction that wrote is rolled back, as before.
    """
    transaction = session.get_transaction()
    # An interrupt (KeyboardInterrupt, SystemExit) may have struck anywhere, a statement
    # half sent: nothing it left is read again, the transaction is rolled back.
    interrupted = exc is not None and not isinstance(exc, Exception)
    if interrupted or isinstance(exc, SQLAlchemyError):
        return False
    if transaction is None or not transaction.is_active:
        return False
    if session.new or session.dirty or session.deleted:
        return False
    return session.connection().info.get(MAY_HAVE_WRITTEN) is False
