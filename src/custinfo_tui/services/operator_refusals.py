"""Refused operator commands, on the audit stream as `operator.management_refused`.

Each use case of services/operators.py is wrapped in `refusals_recorded`: when it refuses
(the role does not manage operators, no such operator, one's own login, a username taken,
a change that changes nothing) its own transaction is rolled back, so the refusal is
committed in one of its own, under the acting operator, with the command and the reason's
code (domain/operator_refusals.py) and the operator's id where there is one, never what
was typed. The same calls serve `custinfo operator` and the console's operators screen, so
both leave the same trace; the command line records its own refusals at login (a role
that manages no operators, a temporary password) with `record_refusal`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Concatenate, ParamSpec, TypeVar

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operator_refusals import OperatorCommand, OperatorRefusal
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWork

P = ParamSpec("P")
T = TypeVar("T")
#: The acting operator; None is the command line acting as the system (set-up, demo).
ActorT = TypeVar("ActorT", bound=Actor | None)


class OperatorRefused(ServiceError):
    """A command refused for `refusal`, said to the administrator in `message`."""

    def __init__(
        self, refusal: OperatorRefusal, message: str, *, operator_id: int | None = None
    ) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.operator_id = operator_id


class OperatorDetailsRefused(FieldProblems):
    """Details refused box by box (a username taken, the role held already), so a form
    marks each box; `refusal` is the code the trail records."""

    def __init__(
        self,
        refusal: OperatorRefusal,
        problems: dict[str, str],
        *,
        operator_id: int | None = None,
    ) -> None:
        super().__init__(problems)
        self.refusal = refusal
        self.operator_id = operator_id


def record_refusal(
    uow: UnitOfWork,
    actor: Actor,
    command: OperatorCommand,
    refusal: OperatorRefusal,
    *,
    operator_id: int | None = None,
    fields: Iterable[str] = (),
) -> None:
    """Commit `operator.management_refused`: who tried `command`, why it was refused, the
    operator it was about (by id) and the boxes refused (by name); never a value."""
    details: dict[str, object] = {"command": command.value, "reason": refusal.value}
    if operator_id is not None:
        details["operator_id"] = operator_id
    with uow:
        audit.record(
            uow,
            actor,
            AuditAction.OPERATOR_MANAGEMENT_REFUSED,
            fields=fields,
            outcome="refused",
            details=details,
        )
        uow.commit()


def refusals_recorded(
    command: OperatorCommand,
) -> Callable[
    [Callable[Concatenate[UnitOfWork, ActorT, P], T]],
    Callable[Concatenate[UnitOfWork, ActorT, P], T],
]:
    """Wrap a use case taking `(uow, actor, ...)`: a refusal it raises is recorded (after
    its own transaction has ended) and raised again. A refusal that cannot be recorded
    (the session ended meanwhile, the database gone) raises that instead."""

    def wrap(
        use_case: Callable[Concatenate[UnitOfWork, ActorT, P], T],
    ) -> Callable[Concatenate[UnitOfWork, ActorT, P], T]:
        @functools.wraps(use_case)
        def run(uow: UnitOfWork, actor: ActorT, /, *args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return use_case(uow, actor, *args, **kwargs)
            except (PermissionDenied, NotFound, OperatorRefused, OperatorDetailsRefused) as error:
                if actor is not None:
                    _record(uow, actor, command, error)
                raise

        return run

    return wrap


def _record(
    uow: UnitOfWork,
    actor: Actor,
    command: OperatorCommand,
    error: PermissionDenied | NotFound | OperatorRefused | OperatorDetailsRefused,
) -> None:
    if isinstance(error, PermissionDenied):
        record_refusal(uow, actor, command, OperatorRefusal.NOT_ADMINISTRATOR)
    elif isinstance(error, NotFound):
        record_refusal(uow, actor, command, OperatorRefusal.NO_SUCH_OPERATOR)
    else:
        fields = tuple(error.problems) if isinstance(error, OperatorDetailsRefused) else ()
        record_refusal(
            uow, actor, command, error.refusal, operator_id=error.operator_id, fields=fields
        )
