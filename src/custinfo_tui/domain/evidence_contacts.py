"""Steps of work grouped into contacts for evidence of practice (MP-21): each call, and each
piece of work on a record outside a call, its own contact, its customer a placeholder
("Customer A", "Customer B", ... in order of first appearance). One source for an
operator's real work (domain/evidence.py) and a scored run's kept timeline
(domain/run_evidence.py): a run with two calls about two John Smiths, or a call then
back-office work on the record, reads as the contacts it was, as real work does. Work
on a breach or a data subject's request outside a call is a contact of its own kind
("Breach 2", "Request 3"), where the caller says what a step is work on (`work_on`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field

from custinfo_tui.domain.events import AuditAction

#: Later than any event: a call with no end known.
AFTER = datetime.max.replace(tzinfo=UTC)

#: A contact's kind: a call, work on one record outside a call, searches that found
#: nothing, or work on a breach or a data subject's request outside a call.
ContactKind = Literal["call", "record", "searches", "breach", "request"]

#: How each kind of contact is headed: "Contact 2", "Breach 2", "Request 3".
_HEADED = {"breach": "Breach", "request": "Request"}


class Placed(Protocol):
    """Where a step stands: when, what, about which customer, in which call and console
    session (an audit event, or a run's kept timeline step)."""

    @property
    def occurred_at(self) -> datetime: ...
    @property
    def action(self) -> str: ...
    @property
    def customer_id(self) -> int | None: ...
    @property
    def interaction_id(self) -> int | None: ...
    @property
    def console_session(self) -> str | None: ...


class EvidenceStep(BaseModel):
    """One logged step in words, with the marking points it is evidence of."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    words: str
    #: "MP-08" (real work), or "MP-08 +" / "MP-08 -" (a scored run: towards or against).
    marks: tuple[str, ...] = ()
    #: For a capture, the questions the form asks for the fields captured (MP-02).
    questions: tuple[str, ...] = ()
    #: The reason's kind ("Customer moved"), or REASON_GIVEN for typed text; "" for none.
    reason: str = ""


class EvidenceContact(BaseModel):
    """One contact (a call, work on one record outside a call, or on a breach or a data
    subject's request) and its steps."""

    model_config = ConfigDict(frozen=True)

    number: int
    #: "Customer A", or None when the steps name no customer (searches, a breach): left
    #: out of the JSON rather than given empty.
    customer: str | None = None
    in_call: bool
    kind: ContactKind = "call"
    steps: tuple[EvidenceStep, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        """How it is headed: "Contact 2"; "Breach 2" or "Request 3" for work on one."""
        return f"{_HEADED.get(self.kind, 'Contact')} {self.number}"


def placeholder(index: int) -> str:
    """The placeholder of the index-th customer met (0-based): "Customer A" ... "Customer Z",
    then "Customer AA", like spreadsheet columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Customer {letters}"


#: A step's place: an audit event, or a run's kept timeline step.
P = TypeVar("P", bound=Placed)


def contacts_of(
    placed: Iterable[tuple[P, EvidenceStep | None]],
    *,
    goes_with_next: Callable[[P], bool],
    calls_ended: Mapping[int, datetime] | None = None,
    left_over_with_the_last: bool = False,
    work_on: Callable[[P], tuple[ContactKind, object] | None] = lambda _: None,
) -> tuple[EvidenceContact, ...]:
    """Steps (oldest first; None for an event followed but not filed) grouped by call, or by
    record outside a call. `calls_ended` says when calls ended, whoever ended them (their
    own events end them too), so work after a call a supervisor closed is not filed with
    it. Work tied to no call but done during one at its console goes with it. A step
    `goes_with_next` (a search outside a call) goes with the call or record that came
    next; those that led to neither are a contact of their own, last, or go with the last
    contact when `left_over_with_the_last` (a run's log-out). A step outside a call that
    `work_on` names a breach or a request for goes with that breach's or request's."""
    customers: dict[int, str] = {}
    contacts: dict[tuple[ContactKind, object], list[tuple[P, EvidenceStep]]] = {}
    #: The call in progress: its interaction, customer and console session.
    in_call: _CallInProgress | None = None
    #: Steps waiting for the next call or record.
    waiting: list[tuple[P, EvidenceStep]] = []
    ended = calls_ended or {}
    for event, step in placed:
        if in_call is not None and event.occurred_at > ended.get(in_call.interaction_id, AFTER):
            in_call = None  # ended by someone else (a supervisor closed it)
        in_call = _call_in_progress(in_call, event)
        if step is None:
            continue
        if event.customer_id is not None and event.customer_id not in customers:
            customers[event.customer_id] = placeholder(len(customers))
        call = event.interaction_id
        if call is None and in_call is not None and in_call.holds(event):
            call = in_call.interaction_id  # done during the call (a breach, a request)
        key: tuple[ContactKind, object] = (
            ("call", call) if call is not None else work_on(event) or ("record", event.customer_id)
        )
        if key == ("record", None) and goes_with_next(event):
            waiting.append((event, step))  # goes with the call or record it finds
            continue
        if waiting and key != ("record", None):
            contacts.setdefault(key, []).extend(waiting)
            waiting = []
        contacts.setdefault(key, []).append((event, step))
    if waiting and left_over_with_the_last and contacts:
        contacts[next(reversed(contacts))].extend(waiting)
    elif waiting:  # led to nothing: a contact of their own, last
        contacts[("searches", None)] = waiting
    return tuple(
        _contact(number, kind, steps, customers)
        for number, ((kind, _), steps) in enumerate(contacts.items(), start=1)
    )


def _contact(
    number: int,
    kind: ContactKind,
    steps: Sequence[tuple[Placed, EvidenceStep]],
    customers: Mapping[int, str],
) -> EvidenceContact:
    first = next((e.customer_id for e, _ in steps if e.customer_id is not None), None)
    return EvidenceContact(
        number=number,
        customer=customers[first] if first is not None else None,
        in_call=kind == "call",
        kind=kind,
        # By time, as the timeline shows them: a new customer's consent and read-back are
        # stored at the save, after the duplicate checks made while the details were typed.
        steps=tuple(step for _, step in sorted(steps, key=lambda pair: pair[0].occurred_at)),
    )


@dataclass(frozen=True)
class _CallInProgress:
    """An operator's call under way in their events: work they do meanwhile that the trail
    does not tie to it goes with it."""

    interaction_id: int
    customer_id: int | None
    console_session: str | None

    def holds(self, event: Placed) -> bool:
        """Whether `event`, tied to no call, was done during this one: at the same console
        (a console closed without ending its call, then a new login, is not the call's),
        about its customer or about no one."""
        return event.console_session == self.console_session and event.customer_id in (
            None,
            self.customer_id,
        )


def _call_in_progress(in_call: _CallInProgress | None, event: Placed) -> _CallInProgress | None:
    """The operator's call in progress after `event` (their events come oldest first): a
    call starts with its `interaction.started` and ends with its end or its wrap-up (or
    with the console it was taken at, which `_CallInProgress.holds` checks)."""
    if event.interaction_id is None:
        return in_call
    if event.action == AuditAction.INTERACTION_STARTED:
        return _CallInProgress(event.interaction_id, event.customer_id, event.console_session)
    if (
        event.action == AuditAction.INTERACTION_FILED
        and in_call is not None
        and event.interaction_id == in_call.interaction_id
    ):  # a new customer's call, now about its customer
        return _CallInProgress(event.interaction_id, event.customer_id, in_call.console_session)
    ends = (AuditAction.INTERACTION_ENDED, AuditAction.INTERACTION_WRAPPED_UP)
    if (
        in_call is not None
        and event.action in ends
        and event.interaction_id == in_call.interaction_id
    ):
        return None
    return in_call
