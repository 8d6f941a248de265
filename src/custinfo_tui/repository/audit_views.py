"""The audit trail's read-back views: what a call's steps, a record's timeline, the
supervisor's trail search and the evidence of practice read from the one event stream.

`AuditRepository` (repository/audit.py) has these besides appending, sealing and walking
the chains for verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from custinfo_tui.domain.events import (
    OPERATOR_EVENTS,
    AuditAction,
    AuditEvent,
    AuditTrailEntry,
    CallStep,
)
from custinfo_tui.domain.timeline import TimelineEvent
from custinfo_tui.repository.audit_rows import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    STORED_COLUMNS,
    operator_label,
    stored_event,
    to_event,
)
from custinfo_tui.repository.orm import AuditEventRow, BreachCustomer, Customer, Operator


class AuditViews:
    """The reads of the trail the console's screens and services show, by customer, call,
    operator and filter. Never a write."""

    _session: Session

    def list_recent(
        self,
        *,
        customer_id: int | None = None,
        operator_id: int | None = None,
        action: str | None = None,
        before_id: int | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        """The newest events, narrowed to a customer, an operator or an action, and to
        those before the event `before_id`."""
        query = select(*STORED_COLUMNS)
        if before_id is not None:
            query = query.where(_before(before_id))
        if customer_id is not None:
            query = query.where(AuditEventRow.customer_id == customer_id)
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        query = query.order_by(*NEWEST_FIRST).limit(limit)
        return [to_event(stored_event(row)) for row in self._session.execute(query)]

    def of_actions_after(self, event_id: int, actions: Sequence[str]) -> list[AuditEvent]:
        """The events of `actions` stored after `event_id`, in id order (what a restore of
        an SQLite file would undo: its one writer stores ids in the order of events)."""
        query = (
            select(*STORED_COLUMNS)
            .where(AuditEventRow.id > event_id, AuditEventRow.action.in_(actions))
            .order_by(AuditEventRow.id)
        )
        return [to_event(stored_event(row)) for row in self._session.execute(query)]

    def of_breach(self, breach_id: int, actions: Sequence[str]) -> list[AuditEvent]:
        """The events of `actions` about one breach (each gives the breach's id), in the
        trail's order: its record's history of who decided what, and when."""
        query = (
            select(*STORED_COLUMNS)
            .where(
                AuditEventRow.action.in_(actions),
                AuditEventRow.details["breach_id"].as_integer() == breach_id,
            )
            .order_by(*OLDEST_FIRST)
        )
        return [to_event(stored_event(row)) for row in self._session.execute(query)]

    def calls_ended(self, interaction_ids: Sequence[int]) -> dict[int, datetime]:
        """When each of these calls first ended or was wrapped up, by whoever did it (a
        supervisor closes a call its handler cannot finish)."""
        ended: dict[int, datetime] = {}
        ends = (AuditAction.INTERACTION_ENDED.value, AuditAction.INTERACTION_WRAPPED_UP.value)
        for start in range(0, len(interaction_ids), 1_000):
            query = (
                select(AuditEventRow.interaction_id, func.min(AuditEventRow.occurred_at))
                .where(
                    AuditEventRow.interaction_id.in_(interaction_ids[start : start + 1_000]),
                    AuditEventRow.action.in_(ends),
                )
                .group_by(AuditEventRow.interaction_id)
            )
            ended.update(
                {call: at for call, at in self._session.execute(query) if call is not None}
            )
        return ended

    def timeline(self, customer_ids: Sequence[int], *, limit: int = 200) -> list[TimelineEvent]:
        """The newest events about any of `customer_ids` (a record and the records merged
        into it), newest first, as the customer's timeline shows them."""
        parameters = {"customer_ids": list(customer_ids), "limit": limit}
        return [
            TimelineEvent(
                occurred_at=row.occurred_at,
                customer_id=row.customer_id,
                operator_id=row.operator_id,
                operator=row.username or operator_label(row.operator_id),
                action=AuditAction(row.action),
                fields=tuple(row.fields),
                details=row.details,
                reason=row.reason,
                outcome=row.outcome,
            )
            for row in self._session.execute(_TIMELINE, parameters)
        ]

    def by_operator(
        self, operator_id: int, *, since: datetime | None, before: datetime | None
    ) -> list[AuditEvent]:
        """One operator's events in a time range, oldest first (evidence of practice)."""
        query = select(*STORED_COLUMNS).where(AuditEventRow.operator_id == operator_id)
        if since is not None:
            query = query.where(AuditEventRow.occurred_at >= since)
        if before is not None:
            query = query.where(AuditEventRow.occurred_at < before)
        query = query.order_by(*OLDEST_FIRST)
        return [to_event(stored_event(row)) for row in self._session.execute(query)]

    def for_interaction(self, interaction_id: int) -> list[AuditEvent]:
        """Every event of one interaction, oldest first: its verification steps, disclosures."""
        rows = self._session.execute(_EVENTS_OF_INTERACTION, {"interaction_id": interaction_id})
        return [to_event(stored_event(row)) for row in rows]

    def call_steps(self, interaction_id: int, actions: Sequence[AuditAction]) -> list[CallStep]:
        """The interaction's events of the given kinds, oldest first, as `CallStep`s."""
        parameters = {"interaction_id": interaction_id, "actions": [a.value for a in actions]}
        return [
            CallStep(AuditAction(row.action), tuple(row.fields), row.details)
            for row in self._session.execute(_STEPS_OF_INTERACTION, parameters)
        ]

    def count(self, *, customer_id: int, action: str, since: datetime) -> int:
        """How many events of one kind a customer has had since a moment (on the index)."""
        parameters = {"customer_id": customer_id, "action": action, "since": since}
        return self._session.scalar(_COUNT_SINCE, parameters) or 0

    def search(
        self,
        *,
        operator_id: int | None = None,
        operator_username: str | None = None,
        customer_reference: str | None = None,
        about_operator_id: int | None = None,
        action: str | None = None,
        since: datetime | None = None,
        before: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditTrailEntry]:
        """Events matching every filter given, newest first, with usernames and references.

        `since` is inclusive and `before` exclusive. The customer join reads the reference
        only: the trail never shows a personal value. `about_operator_id` keeps the
        `operator.*` events about that operator's login (`AuditTrailEntry.about_operator`).
        """
        query = (
            select(AuditEventRow, Operator.username, Customer.reference)
            .outerjoin(Operator, Operator.id == AuditEventRow.operator_id)
            .outerjoin(Customer, Customer.id == AuditEventRow.customer_id)
        )
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if operator_username is not None:
            query = query.where(Operator.username == operator_username)
        if customer_reference is not None:
            query = query.where(_about_customer(customer_reference))
        if about_operator_id is not None:
            query = query.where(
                AuditEventRow.action.startswith(OPERATOR_EVENTS, autoescape=True),
                AuditEventRow.details["operator_id"].as_integer() == about_operator_id,
            )
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        if since is not None:
            query = query.where(AuditEventRow.occurred_at >= since)
        if before is not None:
            query = query.where(AuditEventRow.occurred_at < before)
        query = query.order_by(*NEWEST_FIRST)
        entries = [
            AuditTrailEntry(
                id=row.id,
                occurred_at=row.occurred_at,
                operator=username or operator_label(row.operator_id),
                action=row.action,
                customer_reference=reference,
                console_session=row.console_session,
                fields=tuple(row.fields),
                reason=row.reason,
                outcome=row.outcome,
                details=dict(row.details or {}),
            )
            for row, username, reference in self._session.execute(query.limit(limit))
        ]
        naming = [(entry, entry.operators_named()) for entry in entries]
        named = {id_ for _, ids in naming for id_ in ids}
        if not named:
            return entries
        query_names = select(Operator.id, Operator.username).where(Operator.id.in_(named))
        usernames = {id_: username for id_, username in self._session.execute(query_names)}
        return [
            entry.model_copy(
                update={"named_operators": {id_: usernames[id_] for id_ in ids if id_ in usernames}}
            )
            if ids
            else entry
            for entry, ids in naming
        ]


#: A breach's events name no one customer (a breach may involve many): the customers it
#: involves are in `breach_customers`, and each event gives the breach's id.
_BREACH_ACTIONS = (
    AuditAction.BREACH_REPORTED.value,
    AuditAction.BREACH_ASSESSED.value,
    AuditAction.BREACH_CLOSED.value,
)


def _about_customer(reference: str) -> ColumnElement[bool]:
    """Events about the customer with this reference: their own, those of the records
    merged into theirs (filed under those, as the record's timeline and the person's pack
    read them; each entry shows its own record's reference), and those of the breaches
    that involved them (a DPO reading what happened to one customer must see those)."""
    breaches = (
        select(BreachCustomer.breach_id)
        .join(Customer, Customer.id == BreachCustomer.customer_id)
        .where(Customer.reference == reference)
    )
    named = aliased(Customer)  # the record searched for, not the event's own record
    kept = select(named.id).where(named.reference == reference).scalar_subquery()
    return or_(
        Customer.reference == reference,
        Customer.merged_into_id == kept,
        and_(
            AuditEventRow.action.in_(_BREACH_ACTIONS),
            AuditEventRow.details["breach_id"].as_integer().in_(breaches),
        ),
    )


def _before(event_id: int) -> ColumnElement[bool]:
    """Events earlier in the trail's order than the event `event_id`."""
    at = select(AuditEventRow.occurred_at).where(AuditEventRow.id == event_id).scalar_subquery()
    return or_(
        AuditEventRow.occurred_at < at,
        and_(AuditEventRow.occurred_at == at, AuditEventRow.id < event_id),
    )


# The reads of every check, reveal and save in a call (13 and 9 in the desks benchmark's
# call), built once: building a statement and its cache key each time took
# longer than PostgreSQL took to run it on its index (docs/performance.md).
_EVENTS_OF_INTERACTION = (
    select(*STORED_COLUMNS)
    .where(AuditEventRow.interaction_id == bindparam("interaction_id"))
    .order_by(*OLDEST_FIRST)
)
_STEPS_OF_INTERACTION = (
    select(AuditEventRow.action, AuditEventRow.fields, AuditEventRow.details)
    .where(
        AuditEventRow.interaction_id == bindparam("interaction_id"),
        AuditEventRow.action.in_(bindparam("actions", expanding=True)),
    )
    .order_by(*OLDEST_FIRST)
)
_COUNT_SINCE = (
    select(func.count())
    .select_from(AuditEventRow)
    .where(
        AuditEventRow.customer_id == bindparam("customer_id"),
        AuditEventRow.occurred_at >= bindparam("since"),
        AuditEventRow.action == bindparam("action"),
    )
)


#: Events about a customer that their record's timeline leaves out (`_TIMELINE`).
_NOT_ON_THE_RECORD = (AuditAction.AUDIT_SEARCHED.value, AuditAction.BREACH_MOVED_BY_MERGE.value)

# The record's timeline, read on every action of a call: only the columns it shows, and
# the operators' names (looked up one by one, they cost a round trip a record).
_TIMELINE = (
    select(
        AuditEventRow.occurred_at,
        AuditEventRow.customer_id,
        AuditEventRow.operator_id,
        Operator.username,
        AuditEventRow.action,
        AuditEventRow.fields,
        AuditEventRow.details,
        AuditEventRow.reason,
        AuditEventRow.outcome,
    )
    .outerjoin(Operator, Operator.id == AuditEventRow.operator_id)
    .where(
        AuditEventRow.customer_id.in_(bindparam("customer_ids", expanding=True)),
        # A supervisor's search of the trail is their investigation, not work on the
        # record: handlers, who have no audit trail, do not see who looked into whom
        # (docs/access-control.md). Nor a breach report's move to the record with a merge:
        # the breach register is the DPO's. The trail itself and the subject access pack
        # list both.
        AuditEventRow.action.not_in(_NOT_ON_THE_RECORD),
    )
    # In the index's order: a customer with years of calls is read 200 entries deep.
    .order_by(*NEWEST_FIRST)
    .limit(bindparam("limit"))
)
