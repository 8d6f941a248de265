"""Evidence of practice, anonymised (MP-21): an operator's logged steps, contact by
contact, mapped to the marking points, with no personal value anywhere.

Pure rules over the one event stream (an operator's real work) or a training run's kept
timeline (domain/run_evidence.py). Events carry no personal values, but they do carry
customer ids, row ids (disclosures, merges name references) and typed reasons; evidence
holds none of these:

- customers become stable placeholders, "Customer A", "Customer B", ... in order of first
  appearance; no id, reference or other row number is kept;
- a typed reason or note becomes "(reason given)"; a correction keeps only its reason's
  *kind* (a configured reason such as "Customer moved"), never free text;
- a step's words come from the timeline's `step_words`, except for the actions whose
  words would quote a row (disclosures, merges), which get words of their own, and a
  request's steps, worded from its right alone (not the day it was received);
- work on a breach or a data subject's request outside a call is a contact of its own
  kind, "Breach 2", "Request 3" (the contact's number, never the breach's or the
  request's), not a customer's contact with no customer.

Which steps are evidence, of which points: `domain/evidence_points.py`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from custinfo_tui.domain.data_protection.request_steps import REQUEST_STEPS
from custinfo_tui.domain.events import AuditAction, AuditEvent, starts_filed_again
from custinfo_tui.domain.evidence_points import points_of, work_on
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.timeline import step_words

#: Later than any event: a call with no end known.
AFTER = datetime.max.replace(tzinfo=UTC)

#: What a typed reason or note is replaced with.
REASON_GIVEN = "(reason given)"

#: What an export leaves out, and how customers are named (both forms say it).
ANONYMISED = (
    "Customers are shown as placeholders (Customer A, Customer B, ...) in the order they "
    "first appear. No name, contact detail, reference, date of birth or typed text is "
    "included; a typed reason is shown as (reason given)."
)
#: What the marks beside a step of real work mean.
LIVE_LEGEND = "Beside each step: the marking points it is evidence of."

#: Actions whose timeline words would quote a row number or a reference.
_OWN_WORDS: Mapping[AuditAction, str] = {
    AuditAction.CUSTOMER_MERGED: "Two records of one person merged",
    AuditAction.CUSTOMER_MERGED_INTO: "Record merged into another",
    AuditAction.DISCLOSURE_REQUESTED: "Third-party disclosure request recorded",
    AuditAction.DISCLOSURE_APPROVED: "Third-party disclosure approved",
    AuditAction.DISCLOSURE_REFUSED: "Third-party disclosure refused",
    AuditAction.DISCLOSURE_WITHDRAWN: "Third-party disclosure withdrawn",
    AuditAction.DISCLOSURE_CLOSED_BY_ERASURE: (
        "Third-party disclosure closed as the record was erased"
    ),
    AuditAction.BREACH_REPORTED: "Personal-data breach reported",
}

#: What a request's step is worded from: its right, and whether it was taken in a call or
#: held; never the day the person wrote (`received_on`).
_REQUEST_WORDS = ("right", "in_call", "holds")

#: A contact's kind: a call, work on one record outside a call, searches that found
#: nothing, or work on a breach or a data subject's request outside a call.
ContactKind = Literal["call", "record", "searches", "breach", "request"]

#: How each kind of contact is headed: "Contact 2", "Breach 2", "Request 3".
_HEADED = {"breach": "Breach", "request": "Request"}

#: A disclosure's number, as the timeline quotes it: "(disclosure 12)".
_DISCLOSURE_NUMBER = re.compile(r" \(disclosure [^)]*\)")


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


class EvidencePoint(BaseModel):
    """A marking point and how many steps are evidence of it; for a run, its verdict, the
    steps counted for it and against it, what the verdict rests on and what should have
    happened. The fields a run alone has are None for live work (left out of the JSON)."""

    model_config = ConfigDict(frozen=True)

    marking_point: str
    title: str
    #: Every step that is evidence of it, for or against.
    steps: int
    #: A run's: the steps counting towards it ("MP-08 +") and against it ("MP-08 -").
    steps_towards: int | None = None
    steps_against: int | None = None
    #: A run's: "met", "not met", "not applicable", or "not reached" (a run cut short).
    verdict: str | None = None
    #: A run's: what the verdict rests on, in the scorer's words, which name fields and
    #: the kind of difference, never a value ("Differs from the caller's details: ...").
    note: str | None = None
    #: A run's, when not met: "Should have: ...", the caller named only as "the caller".
    should_have: str | None = None


class EvidenceDocument(BaseModel):
    """The whole export: who, what it covers, the marking points and the contacts."""

    model_config = ConfigDict(frozen=True)

    #: Real work on the live stream, or a scored training run.
    source: Literal["live", "training_run"] = "live"
    operator: str
    #: What it covers in words: "Live work, 2026-01-01 to 2026-01-31" or "Training run 4: ...".
    covers: str
    generated_at: datetime
    #: What the export leaves out, and how customers are named (the HTML says it too).
    anonymisation: str = ANONYMISED
    #: What the marks beside a step mean.
    legend: str = LIVE_LEGEND
    #: A run's: "5 of 7 marking points met".
    score: str | None = None
    #: A run's, when it did not end with its calls wrapped up: cut short, or a call ended
    #: when the trainee logged out.
    ended: str | None = None
    points: tuple[EvidencePoint, ...]
    contacts: tuple[EvidenceContact, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def contact_count(self) -> int:
        return len(self.contacts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def step_count(self) -> int:
        return sum(len(contact.steps) for contact in self.contacts)


def placeholder(index: int) -> str:
    """The placeholder of the index-th customer met (0-based): "Customer A" ... "Customer Z",
    then "Customer AA", like spreadsheet columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Customer {letters}"


def evidence_words(
    action: AuditAction, fields: tuple[str, ...], details: Mapping[str, Any], outcome: str
) -> str:
    """A step in words that quotes no row number nor reference."""
    if action in _OWN_WORDS:
        labels = ", ".join(FIELDS[k].label if k in FIELDS else k for k in fields)
        return f"{_OWN_WORDS[action]}: {labels}" if labels else _OWN_WORDS[action]
    if action in REQUEST_STEPS:
        details = {key: details[key] for key in _REQUEST_WORDS if key in details}
    return without_row_numbers(step_words(action, fields, details, outcome))


def without_row_numbers(words: str) -> str:
    """A step's words without the disclosure number the timeline quotes."""
    return _DISCLOSURE_NUMBER.sub("", words)


def kept_step_words(action: str, fields: tuple[str, ...], words: str, outcome: str) -> str:
    """A run's kept timeline step in words (`words`, its outcome said where they do not
    say it), with the ones that would quote a row rewritten."""
    try:
        known = AuditAction(action)
    except ValueError:
        return without_row_numbers(words)
    if known in _OWN_WORDS:
        return evidence_words(known, fields, {}, outcome)
    return without_row_numbers(words)


def reason_shown(event: AuditEvent, reason_kinds: Collection[str]) -> str:
    """What the evidence says of an event's reason: the configured kinds of a correction's
    reasons, REASON_GIVEN for any typed text, "" when there is none."""
    if event.action is AuditAction.CUSTOMER_UPDATED:
        given = (event.details.get("reasons") or {}).values()
        kinds = [str(r) if r in reason_kinds else REASON_GIVEN for r in given]
        return "; ".join(dict.fromkeys(kinds)) or (REASON_GIVEN if event.reason else "")
    return REASON_GIVEN if event.reason else ""


def live_evidence(
    events: Iterable[AuditEvent],
    *,
    calls_ended: Mapping[int, datetime] | None = None,
    operator: str,
    covers: str,
    generated_at: datetime,
    reason_kinds: Collection[str],
) -> EvidenceDocument:
    """An operator's real work as evidence: their steps that are evidence of a marking
    point, grouped by call (or by record outside a call), customers as placeholders.
    `calls_ended` says when their calls ended, whoever ended them (their own events end
    them too), so work after a call a supervisor closed is not filed with it. A
    search outside a call goes with the call or record that came next (the one it found);
    searches that led to neither are a contact of their own, last."""
    customers: dict[int, str] = {}
    contacts: dict[tuple[ContactKind, object], list[tuple[AuditEvent, EvidenceStep]]] = {}
    #: The operator's call in progress: its interaction, customer and console session.
    in_call: _CallInProgress | None = None
    #: Searches outside a call since the last contact: the next call or record's.
    searches: list[tuple[AuditEvent, EvidenceStep]] = []
    ended = calls_ended or {}
    events = list(events)
    filed_again = starts_filed_again(events)
    for event in events:
        if in_call is not None and event.occurred_at > ended.get(in_call.interaction_id, AFTER):
            in_call = None  # ended by someone else (a supervisor closed it)
        in_call = _call_in_progress(in_call, event)
        points = points_of(event)
        if not points or event.id in filed_again:  # one start (older streams: two)
            continue
        if event.customer_id is not None and event.customer_id not in customers:
            customers[event.customer_id] = placeholder(len(customers))
        questions: tuple[str, ...] = ()
        if event.action is AuditAction.CUSTOMER_CREATED:
            questions = tuple(FIELDS[k].question for k in event.fields if k in FIELDS)
        step = EvidenceStep(
            at=event.occurred_at,
            words=evidence_words(event.action, event.fields, event.details, event.outcome),
            marks=points,
            questions=questions,
            reason=reason_shown(event, reason_kinds),
        )
        key = _contact_of(event, in_call)
        if key == ("record", None) and event.action is AuditAction.CUSTOMER_SEARCHED:
            searches.append((event, step))  # goes with the call or record it finds
            continue
        if searches and key != ("record", None):
            contacts.setdefault(key, []).extend(searches)
            searches = []
        contacts.setdefault(key, []).append((event, step))
    if searches:  # led to nothing: a contact of their own, last
        contacts[("searches", None)] = searches
    made = []
    for number, ((kind, _), steps) in enumerate(contacts.items(), start=1):
        first = next((e.customer_id for e, _ in steps if e.customer_id is not None), None)
        made.append(
            EvidenceContact(
                number=number,
                customer=customers[first] if first is not None else None,
                in_call=kind == "call",
                kind=kind,
                # By time, as the timeline shows them: a new customer's consent and
                # read-back are stored at the save, after the duplicate checks made while
                # the details were typed.
                steps=tuple(
                    step for _, step in sorted(steps, key=lambda pair: pair[0].occurred_at)
                ),
            )
        )
    return EvidenceDocument(
        operator=operator,
        covers=covers,
        generated_at=generated_at,
        points=_points(made),
        contacts=tuple(made),
    )


def _contact_of(event: AuditEvent, in_call: _CallInProgress | None) -> tuple[ContactKind, object]:
    """The contact `event` is filed with: its call, or the call in progress it was done
    during (a breach reported, a request taken); else the breach or request it is work
    on; else its record (None: searches, or work naming nothing)."""
    call = event.interaction_id
    if call is None and in_call is not None and in_call.holds(event):
        call = in_call.interaction_id
    if call is not None:
        return ("call", call)
    return work_on(event) or ("record", event.customer_id)


@dataclass(frozen=True)
class _CallInProgress:
    """An operator's call under way in their events: work they do meanwhile that the trail
    does not tie to it goes with it."""

    interaction_id: int
    customer_id: int | None
    console_session: str | None

    def holds(self, event: AuditEvent) -> bool:
        """Whether `event`, tied to no call, was done during this one: at the same console
        (a console closed without ending its call, then a new login, is not the call's),
        about its customer or about no one."""
        return event.console_session == self.console_session and event.customer_id in (
            None,
            self.customer_id,
        )


def _call_in_progress(in_call: _CallInProgress | None, event: AuditEvent) -> _CallInProgress | None:
    """The operator's call in progress after `event` (their events come oldest first): a
    call starts with its `interaction.started` and ends with its end or its wrap-up (or
    with the console it was taken at, which `_CallInProgress.holds` checks)."""
    if event.interaction_id is None:
        return in_call
    if event.action is AuditAction.INTERACTION_STARTED:
        return _CallInProgress(event.interaction_id, event.customer_id, event.console_session)
    if (
        event.action is AuditAction.INTERACTION_FILED
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


def _points(contacts: Iterable[EvidenceContact]) -> tuple[EvidencePoint, ...]:
    """Each marking point a step of real work is evidence of, in order, with its step count."""
    counts: dict[str, int] = {}
    for contact in contacts:
        for step in contact.steps:
            for point in step.marks:
                counts[point] = counts.get(point, 0) + 1
    return tuple(
        EvidencePoint(marking_point=point, title=title_of(point), steps=counts[point])
        for point in sorted(counts)
    )
