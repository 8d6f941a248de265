"""The scripted caller: what they say to each cue, and what they volunteer as the run goes on.

The caller pane in the trainee's console and the trainer's caller terminal both read the
caller's words from here, so they always agree. A cue names a field or a check; the answer
comes from the scenario (`caller.says`, `caller.checks`, `caller.read_back_corrections`).
A question the script has no answer to gets a plausible "not sure", marked unscripted so
the trainer can see the scenario did not expect it; on the change form, a field the script
says nothing about is one the caller is not changing, and they say so. Lines the caller volunteers
(`caller.also_says`) come one at a time, on the events that move a call on (never on a
timer): `CallerConversation.heard`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.fields import FIELDS, FREE_TEXT_FIELDS, normaliser_for
from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.domain.training.scenario import Caller, CallerIs, Scenario
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import CheckKind

#: What the caller says when a read-back line is right.
CONFIRMS = "Yes, that's right."
#: How the caller starts when a line read back is not what they said (then they say it again).
OBJECTS = "No, that's not right."
#: What the caller says to a question the script does not answer.
NOT_SURE = "Erm, I'm not sure, sorry."
#: What the caller says when the change form asks about a field the script leaves alone.
NOT_CHANGING = "No, that one stays the same."

#: Events that move a call on: each lets the caller volunteer their next `also_says` line.
MOVES_THE_CALL_ON = frozenset(
    {
        AuditAction.INTERACTION_STARTED,
        AuditAction.CALLER_IDENTIFIED,
        AuditAction.CALLER_VERIFIED,
        AuditAction.VERIFICATION_LOCKED,
        AuditAction.CUSTOMER_CREATED,
        AuditAction.CUSTOMER_UPDATED,
        AuditAction.CONSENT_RECORDED,
        AuditAction.CONSENT_WITHDRAWN,
        AuditAction.NOTE_ADDED,
        AuditAction.COMPLAINT_RAISED,
        AuditAction.COMPLAINT_STAGE_CHANGED,
        AuditAction.DISCREPANCY_REPORTED,
        AuditAction.REPRESENTATIVE_ADDED,
    }
)

#: Events that end a call: a start heard after one of these is a new call's.
ENDS_THE_CALL = frozenset({AuditAction.INTERACTION_ENDED, AuditAction.INTERACTION_WRAPPED_UP})

_WHO = {
    CallerIs.CUSTOMER: "the customer",
    CallerIs.REPRESENTATIVE: "acting for the customer",
    CallerIs.NO_AUTHORITY: "close to the customer, no authority on file",
    CallerIs.IMPOSTOR: "an impostor posing as the customer",
}


class LineKind(StrEnum):
    OPENING = "opening"
    #: An answer to what the console asks (a check, a field, a read-back line).
    ANSWER = "answer"
    #: Something the caller volunteers (`also_says`).
    VOLUNTEERED = "volunteered"


@dataclass(frozen=True, slots=True)
class CallerLine:
    """One thing the caller says; `cue` is what it answers (None when volunteered)."""

    text: str
    kind: LineKind
    cue: Cue | None = None
    #: False when the script has no answer and the caller improvises.
    scripted: bool = True


def who_they_are(caller: Caller) -> str:
    """The caller's role in a few words ("the customer", "an impostor ...")."""
    who = _WHO[caller.is_]
    if caller.is_ is CallerIs.REPRESENTATIVE and caller.representative:
        who = f"{who} ({caller.representative})"
    return who


def cue_label(cue: Cue) -> str:
    """What the console is asking, in a few words ("Date of birth", "Read back: Town")."""
    if cue.kind is CueKind.OPENING:
        return "Opening"
    if cue.kind is CueKind.CONSENT:
        return "Consent"
    if cue.kind is CueKind.CHECK:
        return _check_label(cue.key)
    label = FIELDS[cue.key].label if cue.key in FIELDS else cue.key
    return f"Read back: {label}" if cue.kind is CueKind.READ_BACK else label


def _check_label(key: str) -> str:
    try:
        return CheckKind(key).label
    except ValueError:
        return key


def true_value(scenario: Scenario, key: str) -> str | None:
    """What the caller knows a field should hold, as written in the scenario: their
    `true_details`, else (for a field they are not changing) their details on file; None
    when the script does not say, or the caller is pretending to be someone."""
    caller = scenario.caller
    if key in caller.true_details:
        return caller.true_details[key]
    if caller.is_ not in (CallerIs.CUSTOMER, CallerIs.REPRESENTATIVE) or caller.customer is None:
        return None
    if key in scenario.expected.changes:
        return None
    return scenario.customer(caller.customer).values.get(key)


def read_back_differs(scenario: Scenario, cue: Cue) -> bool | None:
    """Whether a read-back cue's value is not what the caller said: compared in stored form
    ("07700 900214" is "+447700900214"). None when it cannot be told: no value in the cue,
    nothing in the script to compare with, or free text (the handler's own words)."""
    if cue.kind is not CueKind.READ_BACK or cue.value is None or cue.key not in FIELDS:
        return None
    if cue.key in FREE_TEXT_FIELDS:
        return None
    true = true_value(scenario, cue.key)
    if true is None:
        return None
    normalise = normaliser_for(cue.key)
    try:
        return normalise(cue.value) != normalise(true)
    except FieldError:
        return True


def objection(caller: Caller, key: str, true: str | None) -> str:
    """What the caller says to a line read back wrong: that it is not right, and the value
    again, in the words they gave it (their read-back correction, when they have one)."""
    correction = next((c.says for c in caller.read_back_corrections if c.field == key), None)
    if correction is not None:
        return correction
    said = caller.says.get(key)
    if said is not None:
        return f"{OBJECTS} I said: {said}"
    return f"{OBJECTS} It's {true}." if true else OBJECTS


def scripted_answer(
    caller: Caller,
    cue: Cue,
    *,
    corrected: frozenset[str] = frozenset(),
    differs: bool | None = None,
    true: str | None = None,
) -> str | None:
    """The script's answer to `cue`, or None when it has none.

    `corrected` names the fields the caller has already corrected at read-back: asked
    again, the caller gives the corrected value. At read-back, `differs` says whether the
    value read is not what the caller said (`read_back_differs`): then they object and say
    it again (`true` is the value as written, for a field they gave no words for); when it
    is what they said, they confirm it. Not known (None), a correction is said once and
    any other line confirmed.
    """
    if cue.kind is CueKind.OPENING:
        return caller.opening
    if cue.kind is CueKind.CONSENT:
        return caller.consent
    if cue.kind is CueKind.CHECK:
        return next((said for kind, said in caller.checks.items() if kind.value == cue.key), None)
    correction = next((c.says for c in caller.read_back_corrections if c.field == cue.key), None)
    if cue.kind in (CueKind.FIELD, CueKind.CHANGE):
        if correction is not None and cue.key in corrected:
            return correction
        said = caller.says.get(cue.key)
        return NOT_CHANGING if said is None and cue.kind is CueKind.CHANGE else said
    if differs is True:
        return objection(caller, cue.key, true)
    if differs is None and correction is not None and cue.key not in corrected:
        return correction
    return CONFIRMS


def answer(
    caller: Caller,
    cue: Cue,
    *,
    corrected: frozenset[str] = frozenset(),
    differs: bool | None = None,
    true: str | None = None,
) -> CallerLine:
    """What the caller says to `cue`: the script's words, or an unscripted "not sure"."""
    said = scripted_answer(caller, cue, corrected=corrected, differs=differs, true=true)
    kind = LineKind.OPENING if cue.kind is CueKind.OPENING else LineKind.ANSWER
    if said is None:
        return CallerLine(NOT_SURE, kind, cue, scripted=False)
    return CallerLine(said, kind, cue)


@dataclass
class CallerConversation:
    """Everything the caller has said in one run, and what the console is asking now.

    Starts with the opening line. `asked` answers a cue (the same cue asked twice in a row
    is one line); `heard` takes each audited action of the run and, on one that moves the
    call on, reveals the next line the caller volunteers.
    """

    scenario: Scenario
    lines: list[CallerLine] = field(default_factory=list)
    #: What the console is asking now.
    cue: Cue = field(default_factory=lambda: Cue(kind=CueKind.OPENING))
    #: How many `also_says` lines the caller has volunteered so far.
    volunteered: int = 0
    #: Fields the caller has corrected at read-back.
    corrected: set[str] = field(default_factory=set)
    #: Whether the caller objects to the line read back now (it is not what they said).
    objects: bool = False
    #: A call is going on (started, not ended yet).
    in_call: bool = False

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines.append(answer(self.scenario.caller, self.cue))

    @property
    def caller(self) -> Caller:
        return self.scenario.caller

    def asked(self, cue: Cue) -> CallerLine | None:
        """The console asks `cue`: the caller's answer, or None when it is the same cue
        as the one just answered (a redraw, a question asked again)."""
        if cue == self.cue and self.lines and self.lines[-1].cue == cue:
            return None
        self.cue = cue
        line = answer(
            self.caller,
            cue,
            corrected=frozenset(self.corrected),
            differs=read_back_differs(self.scenario, cue),
            true=true_value(self.scenario, cue.key) if cue.kind is CueKind.READ_BACK else None,
        )
        self.objects = cue.kind is CueKind.READ_BACK and line.text != CONFIRMS and line.scripted
        if self.objects:
            self.corrected.add(cue.key)
        self.lines.append(line)
        return line

    def heard(self, action: AuditAction) -> CallerLine | None:
        """An audited action of the run: the next volunteered line when it moves the call on.
        A call's start heard again while it goes on is no new call (a new customer's call
        filed under its customer is `interaction.filed`, which moves nothing on; a
        console before it recorded a second start): the call has not moved on."""
        if action is AuditAction.INTERACTION_STARTED:
            started_again, self.in_call = self.in_call, True
            if started_again:
                return None
        elif action in ENDS_THE_CALL:
            self.in_call = False
        also_says = self.caller.also_says
        if action not in MOVES_THE_CALL_ON or self.volunteered >= len(also_says):
            return None
        line = CallerLine(also_says[self.volunteered], LineKind.VOLUNTEERED)
        self.volunteered += 1
        self.lines.append(line)
        return line
