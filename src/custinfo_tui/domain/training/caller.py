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
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.domain.training.scenario import Caller, CallerIs, Scenario
from custinfo_tui.domain.verification import CheckKind

#: What the caller says when a read-back line is right.
CONFIRMS = "Yes, that's right."
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


def scripted_answer(
    caller: Caller, cue: Cue, *, corrected: frozenset[str] = frozenset()
) -> str | None:
    """The script's answer to `cue`, or None when it has none.

    `corrected` names the fields the caller has already corrected at read-back: read back
    again, they are right; asked again, the caller gives the corrected value.
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
    if correction is not None and cue.key not in corrected:
        return correction
    return CONFIRMS


def answer(caller: Caller, cue: Cue, *, corrected: frozenset[str] = frozenset()) -> CallerLine:
    """What the caller says to `cue`: the script's words, or an unscripted "not sure"."""
    said = scripted_answer(caller, cue, corrected=corrected)
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
        line = answer(self.caller, cue, corrected=frozenset(self.corrected))
        if cue.kind is CueKind.READ_BACK and line.text != CONFIRMS and line.scripted:
            self.corrected.add(cue.key)
        self.lines.append(line)
        return line

    def heard(self, action: AuditAction) -> CallerLine | None:
        """An audited action of the run: the next volunteered line when it moves the call on."""
        also_says = self.caller.also_says
        if action not in MOVES_THE_CALL_ON or self.volunteered >= len(also_says):
            return None
        line = CallerLine(also_says[self.volunteered], LineKind.VOLUNTEERED)
        self.volunteered += 1
        self.lines.append(line)
        return line
