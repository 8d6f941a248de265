"""Who is acting: the logged-in operator and the console session they act in."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.limits import MAX_UNLOCK_ATTEMPTS
from custinfo_tui.domain.roles import Role

__all__ = ["MAX_UNLOCK_ATTEMPTS", "Actor", "LoginOutcome", "OperatorSummary"]


class Actor(BaseModel):
    """The operator behind a service call. Every audit event names one."""

    model_config = ConfigDict(frozen=True)

    operator_id: int
    username: str
    display_name: str
    role: Role
    #: One id per login, so one session's events can be picked out (replaying them for
    #: trainers and supervisors is planned).
    console_session: str
    #: The operator's `session_generation` when they logged in. An administrator disabling
    #: them, changing their role or resetting their password moves the stored one on, and
    #: the services refuse every later call of this session (services/session_standing.py).
    #: 0 is every operator's until an administrator first changes them.
    session_generation: int = 0


class OperatorSummary(BaseModel):
    """An operator as listed to admins; never carries the password hash."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    active: bool


#: Deliberately generic: it must not reveal whether the username exists, or is locked.
LOGIN_FAILED_MESSAGE = "Username or password not recognised."
#: A database with no operator at all (an `init` stopped before its administrator): that
#: tells nothing of anyone's login, and says what makes one.
NO_OPERATORS_MESSAGE = (
    "This database has no operators yet: run `custinfo init` to create the first administrator."
)


class LoginOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor | None = None
    message: str | None = None
    must_change_password: bool = False

    @property
    def ok(self) -> bool:
        return self.actor is not None
