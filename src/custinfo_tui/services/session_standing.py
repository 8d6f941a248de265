"""Whether a console session still stands: refusing the work of one an administrator ended.

An operator's row carries a session generation, which an administrator disabling them,
changing their role or resetting their password moves on (services/operators.py). A
login copies it into the `Actor`, so a session logged in before the change carries an
older one, and every later call in it is refused with `SessionRevoked`; the console then
ends the session (`auth.end_revoked_session`) and goes back to the login, saying why.

Two places check, each reading the operator's standing at most once per unit of work
(`OperatorRepository.standing`: one primary-key read of four columns, a statement built
once, or none when the use case has loaded the operator already):

- the console opens each call's unit of work through `checking_session`, so a refused
  session's call reads and writes nothing (services/console/bound.py, `_uow_for`);
- `audit.record` checks before appending, so any audited call refuses a stale actor,
  whoever makes it. The events that end a session, and the calls ended with it
  (`ends_session`), are recorded whatever the standing: a session refused must still end
  on the stream.

A call already under way when the administrator's change commits may finish; the next one
is refused. What the change does not end: a session of the operator who changed their own
password (docs/access-control.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, cast

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.wrap_up import RUN_ENDED
from custinfo_tui.services.errors import SessionRevoked
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory, WrappedUnitOfWork

if TYPE_CHECKING:
    from custinfo_tui.repository.operators import OperatorStanding

#: `interaction.ended`'s outcome for the calls a revoked session had open.
ENDED_WITH_REVOKED_SESSION = "session_revoked"
#: The events that end a session (`operator.logged_out` is recorded by each way).
_SESSION_ENDS = frozenset(
    {AuditAction.LOGGED_OUT, AuditAction.SESSION_ENDED_AT_LOCK, AuditAction.SESSION_REVOKED}
)
#: `interaction.ended`'s outcomes for a call ended with its session
#: (`verification.end_open_interactions`).
_CALLS_ENDED_WITH_A_SESSION = frozenset(
    {"logged_out", "session_ended_at_lock", ENDED_WITH_REVOKED_SESSION, RUN_ENDED}
)


def ends_session(action: AuditAction, outcome: str) -> bool:
    """Whether an event ends a session, or a call with it: recorded whatever the session's
    standing."""
    return action in _SESSION_ENDS or (
        action is AuditAction.INTERACTION_ENDED and outcome in _CALLS_ENDED_WITH_A_SESSION
    )


def session_refusal(uow: UnitOfWork, actor: Actor) -> SessionRevoked | None:
    """Why the actor's session no longer stands, or None while it does. Inside `with uow`."""
    standing = uow.operators.standing(actor.operator_id)
    if (
        standing is not None
        and standing.active
        and standing.session_generation == actor.session_generation
        and standing.role == actor.role.value
    ):
        return None
    return _refusal(standing, actor)


def confirm_session(uow: UnitOfWork, actor: Actor) -> None:
    """Raise `SessionRevoked` unless the actor's session still stands. Inside `with uow`."""
    if refusal := session_refusal(uow, actor):
        raise refusal


def _refusal(standing: OperatorStanding | None, actor: Actor) -> SessionRevoked:
    """Why, in the audit stream's word and the operator's: disabled, another role, a reset
    password (a temporary one waits), or some other change (disabled and enabled again)."""
    if standing is None or not standing.active:
        return SessionRevoked(
            "disabled",
            # What to do next, since the login screen cannot help: ask for it back.
            "An administrator has disabled your login; this session has ended. Ask them "
            "to enable it if you still need it.",
        )
    if standing.role != actor.role.value:
        return SessionRevoked(
            "role_changed",
            f"An administrator has changed your role to {_label(standing.role)}; this "
            "session has ended. Log in again to carry on.",
        )
    if standing.must_change_password:
        return SessionRevoked(
            "password_reset",
            "An administrator has reset your password; this session has ended. Log in with "
            "the temporary password they give you.",
        )
    return SessionRevoked(
        "account_changed",
        "An administrator has changed your account; this session has ended. "
        "Log in again to carry on.",
    )


def _label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:  # a role this version does not know: its stored name
        return role


def checking_session(factory: UnitOfWorkFactory, actor: Actor) -> UnitOfWork:
    """A unit of work from `factory` that refuses (`SessionRevoked`) to begin for a session
    that no longer stands: the console's every call for an operator opens one."""
    return cast("UnitOfWork", _SessionCheckingUnitOfWork(factory(), actor))


class _SessionCheckingUnitOfWork(WrappedUnitOfWork):
    def __init__(self, inner: UnitOfWork, actor: Actor) -> None:
        super().__init__(inner)
        self._actor = actor

    def __enter__(self) -> Self:
        super().__enter__()
        try:
            confirm_session(cast("UnitOfWork", self), self._actor)
        except BaseException as error:
            # Python calls no `__exit__` for a failed `__enter__`: end the transaction here,
            # which raises a database error in the unit of work's own value-free words.
            self.__exit__(type(error), error, error.__traceback__)
            raise
        return self
