"""Who is acting: the logged-in operator and the console session they act in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.limits import MAX_UNLOCK_ATTEMPTS
from custinfo_tui.domain.password_policy import TEMPORARY_PASSWORD_HOURS, temporary_password_expired
from custinfo_tui.domain.roles import Role

__all__ = ["MAX_UNLOCK_ATTEMPTS", "Actor", "IssuedPassword", "LoginOutcome", "OperatorSummary"]


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
    #: Their password is temporary (new, or reset): changed at their next login.
    must_change_password: bool = False
    #: Locked out by failed logins until then (a reset lifts it).
    locked_until: datetime | None = None
    #: When the password was set: a temporary one expires `TEMPORARY_PASSWORD_HOURS` after.
    password_changed_at: datetime | None = None

    def standing(self, now: datetime, *, short: bool = False) -> str:
        """How the login stands, as the operators' list and `custinfo operator list` say
        it: "active", "disabled", "locked until 14:05 UTC", with "temporary password" after
        it when it is one, and "expired" after that once it may no longer log in (`short`:
        "temp. password", for a table's column)."""
        if not self.active:
            said = "disabled"
        elif self.locked_until is not None and _aware(self.locked_until) > now:
            said = f"locked until {_aware(self.locked_until):%H:%M} UTC"
        else:
            said = "active"
        if not self.must_change_password:
            return said
        temporary = "temp. password" if short else "temporary password"
        expired = self.password_changed_at is not None and temporary_password_expired(
            self.password_changed_at, now
        )
        return f"{said}, {temporary} expired" if expired else f"{said}, {temporary}"


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC (a naive one was stored in UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class IssuedPassword:
    """A temporary password, shown once to the admin who issued it and never stored in clear."""

    operator: OperatorSummary
    temporary_password: str


#: Deliberately generic: it must not reveal whether the username exists, or is locked.
LOGIN_FAILED_MESSAGE = "Username or password not recognised."
#: The right temporary password, given after it expired: only its operator, or whoever
#: they gave it to, can be told this, and what to do is ask for another.
TEMPORARY_EXPIRED_MESSAGE = (
    f"That temporary password has expired (they last {TEMPORARY_PASSWORD_HOURS} hours): ask "
    "an administrator for a new one."
)
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
