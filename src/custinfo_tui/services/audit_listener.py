"""Telling the console which audit actions its own service calls committed.

In training mode the scripted caller reacts to what the trainee does through the one
event stream (docs/training.md, "The scripted caller"). Rather than read the stream back,
the console's units of work are wrapped: each remembers the action of every event
`services.audit.record` appends in its transaction, and after `commit()` hands those
actions to a listener, in order. A rolled-back transaction tells nothing. The listener
hears actions only, never an event's fields, reason or details, and it is called on the
thread that made the service call.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent, AuditEventIn
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory, WrappedUnitOfWork

if TYPE_CHECKING:
    from custinfo_tui.repository.audit import AuditRepository

#: Hears each committed audit action.
AuditListener = Callable[[AuditAction], None]


def announcing(factory: UnitOfWorkFactory, listener: AuditListener) -> UnitOfWorkFactory:
    """`factory`'s units of work, each telling `listener` the actions it committed."""
    return lambda: cast("UnitOfWork", _AnnouncingUnitOfWork(factory(), listener))


class _AuditTap:
    """The audit repository, noting the action of each event appended through it."""

    def __init__(self, repository: AuditRepository, appended: list[AuditAction]) -> None:
        self._repository = repository
        self._appended = appended

    def append(self, event: AuditEventIn, **kwargs: Any) -> AuditEvent:
        stored = self._repository.append(event, **kwargs)
        self._appended.append(event.action)
        return stored

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repository, name)


class _AnnouncingUnitOfWork(WrappedUnitOfWork):
    """A unit of work that, after each commit, tells a listener what it appended."""

    def __init__(self, inner: UnitOfWork, listener: AuditListener) -> None:
        super().__init__(inner)
        self._listener = listener
        self._appended: list[AuditAction] = []

    def __enter__(self) -> Self:
        self._appended = []
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._appended = []
        super().__exit__(exc_type, exc, traceback)

    @property
    def audit(self) -> _AuditTap:
        return _AuditTap(self._inner.audit, self._appended)

    def commit(self) -> None:
        self._inner.commit()
        heard, self._appended = self._appended, []
        for action in heard:
            self._listener(action)

    def rollback(self) -> None:
        self._inner.rollback()
        self._appended = []
