"""What every marking rule reads: one finished run, its scenario and the policies it ran
under, with the few questions the rules ask of its events; and the verdicts they give.

Events are read in the order the transcript holds them (the stream's order), never by
time: several events of one save share a timestamp.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.training.scenario import SandboxCustomer, Scenario
from custinfo_tui.domain.training.scorecard import EvidenceStep, Verdict
from custinfo_tui.domain.training.transcript import RunTranscript, SavedCustomer
from custinfo_tui.domain.verification import NO_LEVEL, Channel, CheckKind, VerificationPolicy

#: An event and its position in the run's stream.
Indexed = tuple[int, AuditEvent]

SAVES = (AuditAction.CUSTOMER_CREATED, AuditAction.CUSTOMER_UPDATED)
DISCLOSURES = (AuditAction.FIELD_DISCLOSED, AuditAction.FIELD_REVEALED)
#: Channels on which the customer is in touch while the handler works (on the line, at the
#: counter, in a chat): the contact is the reason to open their record, and verification in
#: it decides what they may be told. A letter or an e-mail is answered as back-office work.
IN_TOUCH = frozenset({Channel.PHONE, Channel.FACE_TO_FACE, Channel.CHAT})
#: What the trainee may do to a record outside a call: open it (with a reason), change it.
BACK_OFFICE = (AuditAction.CUSTOMER_VIEWED, AuditAction.CUSTOMER_UPDATED)


@dataclass(frozen=True)
class Mark:
    """A rule's verdict on one marking point, before the scorer names the point."""

    verdict: Verdict
    evidence: tuple[EvidenceStep, ...] = ()
    should_have: str = ""
    note: str = ""


def met(evidence: Iterable[EvidenceStep], note: str = "") -> Mark:
    return Mark(Verdict.MET, tuple(evidence), note=note)


def not_met(evidence: Iterable[EvidenceStep], should_have: str, note: str = "") -> Mark:
    return Mark(Verdict.NOT_MET, tuple(evidence), should_have=should_have, note=note)


def not_applicable(note: str) -> Mark:
    """The events cannot show this point in this run; `note` says why (never a guess)."""
    return Mark(Verdict.NOT_APPLICABLE, note=note)


def step(event: AuditEvent, note: str, *, against: bool = False) -> EvidenceStep:
    """An event as evidence for a point; `against` when the event is (part of) what failed
    it, so that the timeline marks only that step against the point, never a right one."""
    return EvidenceStep(
        event_id=event.id,
        at=event.occurred_at,
        action=event.action.value,
        fields=event.fields,
        note=note,
        against=against,
    )


def check_label(key: str) -> str:
    """A verification check in words ("Date of birth"); the key itself for one unknown."""
    try:
        return CheckKind(key).label
    except ValueError:
        return key.replace("_", " ")


def clock(at: datetime) -> str:
    """A time as the timeline shows it ("10:31:05"), so a note can point at a step."""
    return f"{at:%H:%M:%S}"


def outside_a_call(event: AuditEvent) -> bool:
    """Whether an event was done outside any call: back-office work on the record."""
    return event.interaction_id is None and not event.details.get("in_call")


def labels(keys: Iterable[str]) -> str:
    """Field keys as the console labels them: "Phone, Postcode"."""
    return ", ".join(FIELDS[key].label if key in FIELDS else key for key in keys)


def seconds_between(start: datetime, end: datetime) -> float:
    """Seconds from `start` to `end`; a naive time is taken as UTC, as the sandbox stores."""
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    end = end if end.tzinfo else end.replace(tzinfo=UTC)
    return (end - start).total_seconds()


def is_personal_disclosure(key: str) -> bool:
    """Whether disclosing the field tells the caller something: names and reference do not."""
    spec = FIELDS.get(key)
    return spec is None or spec.group is not FieldGroup.IDENTITY


@dataclass(frozen=True)
class ScoredRun:
    """One run as the marking rules see it."""

    scenario: Scenario
    transcript: RunTranscript
    verification: VerificationPolicy = field(default_factory=VerificationPolicy)
    complaints: ComplaintPolicy = field(default_factory=ComplaintPolicy)

    @property
    def events(self) -> tuple[AuditEvent, ...]:
        return self.transcript.events

    def where(self, *actions: AuditAction, customer_id: int | None = None) -> list[Indexed]:
        """The events of these kinds (on one customer, when given), in stream order."""
        return [
            (index, event)
            for index, event in enumerate(self.events)
            if event.action in actions and (customer_id is None or event.customer_id == customer_id)
        ]

    def customer_id(self, key: str | None) -> int | None:
        """The sandbox id of a scenario customer."""
        return self.transcript.customer_ids.get(key) if key is not None else None

    def created_ids(self) -> list[int]:
        """Customers created during the run, in order."""
        return [
            event.customer_id
            for _, event in self.where(AuditAction.CUSTOMER_CREATED)
            if event.customer_id is not None
        ]

    def target_id(self) -> int | None:
        """The record the caller's business belongs on: the expected one, else the one
        created for a new customer (the last), else the caller's own."""
        expected = self.scenario.expected
        if expected.record is not None:
            return self.customer_id(expected.record)
        if expected.creates_customer:
            created = self.created_ids()
            return created[-1] if created else None
        return self.customer_id(self.scenario.caller.customer)

    def records_saved(self) -> list[int]:
        """Every record a save of the run (created or changed) went to, in the order of
        their first save, less those merged into another since: the records the trainee
        left on file."""
        ids = dict.fromkeys(
            event.customer_id for _, event in self.where(*SAVES) if event.customer_id is not None
        )
        return [cid for cid in ids if (held := self.saved(cid)) is None or held.merged_into is None]

    def created_in_run(self, customer_id: int | None) -> bool:
        return customer_id is not None and customer_id in self.created_ids()

    def record_name(self, customer_id: int) -> str:
        """A record in words the debrief can point at, without a value or a reference: "the
        caller's record", "the record created at 10:31:05", "another customer's record
        (changed at 10:32:40)" (the time of its first save in the run, as the timeline shows)."""
        saves = self.where(*SAVES, customer_id=customer_id)
        at = f" at {clock(saves[0][1].occurred_at)}" if saves else ""
        if self.created_in_run(customer_id):
            return f"the record created{at}"
        if customer_id in self.callers_records():
            return "the caller's record"
        return f"another customer's record (changed{at})"

    def details_to_take(self) -> list[str]:
        """The details the handler had to take down and save: the changes, or a new
        customer's details."""
        expected = self.scenario.expected
        keys = list(expected.changes)
        if expected.creates_customer:
            keys += [k for k in self.scenario.caller.true_details if k in RECORD_FIELDS]
        return list(dict.fromkeys(keys))

    def warning_ignored(self, event: AuditEvent) -> bool:
        """Whether a new record was saved past the capture form's strong possible-duplicate
        warning (`possible_duplicates`: the service saves one only with a reason why it is
        someone else) for a caller the scenario has on file: the cross-check found them, and
        the trainee took them for someone else all the same (MP-04, MP-13). For a caller
        who is new, the match may be someone else indeed: the events cannot tell."""
        expected = self.scenario.expected
        on_file = expected.record is not None and not expected.creates_customer
        return (
            on_file
            and event.action is AuditAction.CUSTOMER_CREATED
            and bool(event.details.get("possible_duplicates"))
        )

    def caller_in_touch(self) -> bool:
        """Whether the customer is in touch while the trainee works (`IN_TOUCH`)."""
        return self.scenario.channel in IN_TOUCH

    def callers_records(self) -> set[int]:
        """The records on file the call is about: the expected one and the caller's own (a
        representative's customer, the one an impostor claims to be)."""
        keys = (self.scenario.expected.record, self.scenario.caller.customer)
        return {cid for key in keys if (cid := self.customer_id(key)) is not None}

    def on_another_customer(self, event: AuditEvent) -> bool:
        """Whether an event was on a record on file that is neither the caller's (nor the
        customer they act for or claim to be) nor one created in the run: another customer,
        taken for the caller when a check is asked against their record (one of two John
        Smiths). Never for a caller who is not on file: there is no "right" record then."""
        records = self.callers_records()
        cid = event.customer_id
        return (
            bool(records)
            and cid is not None
            and cid not in records
            and not self.created_in_run(cid)
        )

    def back_office_work(self) -> list[Indexed]:
        """The caller's record opened or changed outside any call while the caller is in
        touch: every value shown unmasked and changes saved with no verification, though
        the person on the line is the one the call should have verified (MP-08)."""
        if not self.caller_in_touch():
            return []
        records = self.callers_records()
        return [
            (index, event)
            for index, event in self.where(*BACK_OFFICE)
            if event.customer_id in records
            and outside_a_call(event)
            and not event.details.get("erasure_preview")
            and not event.details.get("merge_preview")
        ]

    def saved(self, customer_id: int | None) -> SavedCustomer | None:
        return next((c for c in self.transcript.customers if c.customer_id == customer_id), None)

    def sandbox_customer(self) -> SandboxCustomer | None:
        """The scenario customer the call is about, if they are on file."""
        key = self.scenario.expected.record or self.scenario.caller.customer
        return self.scenario.customer(key) if key is not None else None

    def level_rank(self, level: str) -> int:
        """A level's place in the policy, `none` lowest; -1 for a name it does not know."""
        names = [NO_LEVEL, *(rule.name for rule in self.verification.levels)]
        return names.index(level) if level in names else -1

    def saved_fields(self, event: AuditEvent) -> list[str]:
        """The fields a save gave a value to (an emptied field has nothing to read back)."""
        cleared = set(event.details.get("cleared", ()))
        return [key for key in event.fields if key not in cleared]

    def callers(self) -> list[str]:
        """The caller's kind (`CallerKind` value) the call took them for at each event of
        the stream, read from the stream: "customer" from the call's start until they are
        identified (`caller.identified`) as someone else."""
        caller: dict[int | None, str] = {}
        kinds = []
        for event in self.events:
            call = event.interaction_id
            if event.action is AuditAction.INTERACTION_STARTED:
                caller[call] = "customer"
            elif event.action is AuditAction.CALLER_IDENTIFIED:
                caller[call] = str(event.details.get("caller", "customer"))
            kinds.append(caller.get(call, "customer"))
        return kinds

    def disclosures(self) -> Iterator[tuple[int, AuditEvent, str, str]]:
        """Every disclosure of a personal field, with the caller's kind and verification
        level at that moment, both read from the stream: a level is the last
        `caller.verified` of the call since its caller was last identified."""
        level: dict[int | None, str] = {}
        callers = self.callers()
        for index, event in enumerate(self.events):
            call = event.interaction_id
            if event.action in (AuditAction.INTERACTION_STARTED, AuditAction.CALLER_IDENTIFIED):
                level[call] = NO_LEVEL
            elif event.action is AuditAction.CALLER_VERIFIED:
                level[call] = str(event.details.get("level", NO_LEVEL))
            elif event.action in DISCLOSURES and any(
                is_personal_disclosure(key) for key in event.fields
            ):
                yield index, event, callers[index], level.get(call, NO_LEVEL)
