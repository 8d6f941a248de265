"""The one audit/event stream every action on personal data goes through.

The audit trail and the supervisor views read these events (and so will the planned
trainer scoring), so an event says *what kind of thing happened to which record and which
fields*, by whom, in which console session and call, and why -- but never carries a
personal value.
Old and new values live only in field history, so erasure (planned) can purge them in one
place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from custinfo_tui.domain.actions import MAX_TRAIL_RESULTS, AuditAction

__all__ = [
    "MAX_TRAIL_RESULTS",
    "AuditAction",
    "AuditEvent",
    "AuditEventIn",
    "AuditTrailEntry",
    "AuditTrailFilters",
    "CallStep",
    "starts_filed_again",
]


class AuditEventIn(BaseModel):
    """An event as a service asks for it to be appended (the repository adds id and time)."""

    model_config = ConfigDict(frozen=True)

    action: AuditAction
    operator_id: int | None
    customer_id: int | None = None
    interaction_id: int | None = None
    console_session: str | None = None
    fields: tuple[str, ...] = ()
    reason: str | None = None
    outcome: str = "ok"
    #: Non-personal facts about the event (a query's *kind*, a result count, a policy level).
    details: dict[str, Any] = Field(default_factory=dict)


class AuditEvent(AuditEventIn):
    """An event as stored and read back by the audit views."""

    id: int
    occurred_at: datetime
    #: The hash chain (see `domain.audit_chain`): the previous event's hash, and this one's.
    prev_hash: str
    hash: str

    @property
    def place(self) -> tuple[datetime, int]:
        """Where the event stands in the trail's order, the order things happened: its time,
        then its id. Not its id alone: on PostgreSQL a desk takes its next event's id ahead
        of time (docs/architecture.md, "The trail's order")."""
        return (self.occurred_at, self.id)


def starts_filed_again(events: Iterable[AuditEvent]) -> set[int]:
    """The ids of the `interaction.started` events that start a call already started
    earlier on the stream. Until `interaction.filed` was recorded instead, a new
    customer's call, stored about no one when it started, had a second start filed under
    its customer once it had one (at the save, or on the record chosen instead:
    services/capture_call.py); the stream is append-only, so those stay. A list of the
    steps taken shows the call's start once."""
    started: set[int | None] = set()
    again = set()
    for event in events:
        if event.action is not AuditAction.INTERACTION_STARTED or event.interaction_id is None:
            continue
        if event.interaction_id in started:
            again.add(event.id)
        started.add(event.interaction_id)
    return again


@dataclass(frozen=True, slots=True)
class CallStep:
    """An event of a call as its verification state reads it: what kind, which fields,
    which facts. Read on every check, reveal and save, so without hashes or ids."""

    action: AuditAction
    fields: tuple[str, ...]
    details: Mapping[str, Any]


class AuditTrailFilters(BaseModel):
    """What an audit trail search asks for; every filter is optional."""

    model_config = ConfigDict(frozen=True)

    #: An operator's username, or their numeric id.
    operator: str | None = None
    #: A customer reference in any spacing or case, e.g. "1234 5678 z".
    customer_reference: str | None = None
    #: The operator an `operator.*` event was about (`AuditTrailEntry.about_operator`),
    #: by username or numeric id: whose login was added, disabled, refused...
    about_operator: str | None = None
    action: AuditAction | None = None
    #: The first and last day included, as UTC calendar days.
    since: date | None = None
    until: date | None = None
    limit: int = Field(default=100, ge=1, le=MAX_TRAIL_RESULTS)


class AuditTrailEntry(BaseModel):
    """One event as the audit trail shows it: names and references instead of row ids.

    Carries the customer's reference only, never a personal value.
    """

    model_config = ConfigDict(frozen=True)

    id: int
    occurred_at: datetime
    #: The operator's username, or "system" for the command line and set-up.
    operator: str
    action: str
    customer_reference: str | None
    console_session: str | None
    fields: tuple[str, ...]
    reason: str | None
    outcome: str
    #: The event's non-personal facts (a run's number, a count, a policy level).
    details: dict[str, Any] = Field(default_factory=dict)
    #: The username of each operator `details` names by id (`OPERATOR_DETAILS`).
    named_operators: dict[int, str] = Field(default_factory=dict)

    def facts(self) -> str:
        """The details in words, each key with its value: a list as its items ("filters
        operator, action") and a truth as yes or no ("in_time no"), not as Python writes
        them, a group of counts in brackets ("personal (records 0, values 0, held 1)"), and
        an operator given by id with their username ("operator_id 3 (trainer)"), and
        nothing as "-", as the line's fields and reason are ("individuals -" for a breach's
        decision not made yet: it read "individuals None")."""
        return ", ".join(f"{key} {self._fact(key, value)}" for key, value in self.details.items())

    def _fact(self, key: str, value: object) -> str:
        named = self.named_operators.get(value) if isinstance(value, int) else None
        if key in OPERATOR_DETAILS and named is not None:
            return f"{value} ({named})"
        if value is None:
            return "-"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) or "none"
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {self._fact(str(k), v)}" for k, v in value.items())
            return f"({inner or 'none'})"
        return str(value)

    def about_operator(self) -> str | None:
        """Whose login an `operator.*` event was about (added, disabled, given another
        role, their password reset, their login refused...): the username of the operator
        its details give by id (`#3` where none is found). None for other events, and for
        those about no operator on file (a login with a username no one has). The trail's
        Who is who acted, the system for a refused login: without this an administrator
        read "-" and had to open each event to learn whom it was about."""
        if not self.action.startswith(OPERATOR_EVENTS):
            return None
        about = self.details.get("operator_id")
        if not isinstance(about, int) or isinstance(about, bool):
            return None
        return self.named_operators.get(about, f"#{about}")

    def operators_named(self) -> list[int]:
        """The operator ids among the details, in the details' order."""
        return [
            value
            for key, value in self.details.items()
            if key in OPERATOR_DETAILS and isinstance(value, int)
        ]


#: Detail keys whose value is an operator's id (an operator created or disabled, whose
#: evidence was exported, whose call a supervisor closed): the audit trail names the
#: operator beside it.
OPERATOR_DETAILS = frozenset({"operator_id", "of_operator", "handler"})
#: What every event about an operator's login is named with (`operator.disabled`...).
OPERATOR_EVENTS = "operator."
