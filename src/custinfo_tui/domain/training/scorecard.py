"""A run's score: each marking point the scenario practises, met or not, with evidence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_APPLICABLE = "not applicable"


class EvidenceStep(BaseModel):
    """One event that shows (or breaks) a marking point: when, what, which fields."""

    model_config = ConfigDict(frozen=True)

    event_id: int | None
    at: datetime
    action: str
    fields: tuple[str, ...] = ()
    #: What this step shows, in the debrief's words ("read back and confirmed: phone").
    note: str = ""
    #: True when this step is (part of) what failed the point: a save with no read-back,
    #: a disclosure too early. A step that was right stays False even when the point was
    #: not met for something else (another call's wrap-up, a check never asked).
    against: bool = False


class MarkResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    marking_point: str
    #: The marking point's title, as the requirements put it.
    title: str
    verdict: Verdict
    evidence: tuple[EvidenceStep, ...] = ()
    #: When not met: what should have happened.
    should_have: str = ""
    #: What the verdict rests on; for a point not applicable, why the events cannot show it.
    note: str = ""
    #: Not met because the run was cut short before the trainee reached it (its console
    #: stopped and the trainer ended it), with no step of theirs against it: shown as "not
    #: reached". It still counts as not met: the run is scored on what was done.
    not_reached: bool = False

    @property
    def advice(self) -> str:
        """What should have happened as one sentence starting "Should have"; "" when met."""
        should = self.should_have
        if not should or should.lower().startswith("should have"):
            return should
        return f"Should have: {should}"


class StepMark(BaseModel):
    """One marking point a timeline step is evidence for, and which way it counts."""

    model_config = ConfigDict(frozen=True)

    marking_point: str
    #: True when the step counts towards the point; False when it is (part of) what failed
    #: it (`EvidenceStep.against`).
    towards: bool
    #: What the step shows for this point, in the scorer's words (EvidenceStep.note).
    note: str = ""


class TimelineStep(BaseModel):
    """One event of the run, in words, with the marking points it is evidence for. Events
    carry no personal values, so neither does a step (domain/training/timeline.py)."""

    model_config = ConfigDict(frozen=True)

    event_id: int
    at: datetime
    #: The event's action as stored ("readback.confirmed").
    action: str
    #: The action in words ("Read back and confirmed: Postcode, Town").
    words: str
    fields: tuple[str, ...] = ()
    #: The event's outcome as stored ("ok", "failed", ...).
    outcome: str = "ok"
    marks: tuple[StepMark, ...] = ()
    #: How many events in a row this step stands for: a search typed a letter at a time
    #: is one step, shown at its last event.
    repeats: int = 1
    #: The sandbox's row ids of the customer and the call the event was about, and its
    #: console session: what splits the run's export into contacts, one per call and per
    #: piece of work outside a call (domain/evidence_contacts.py). Never shown; None on
    #: runs kept before they were (their export is one contact).
    customer_id: int | None = None
    interaction_id: int | None = None
    console_session: str | None = None


class Scorecard(BaseModel):
    model_config = ConfigDict(frozen=True)

    scenario_id: str
    results: tuple[MarkResult, ...]
    #: Every step of the run, oldest first, each with its marks; kept with the scorecard
    #: when a run finishes (services.training.finish_run) so the debrief needs no sandbox.
    timeline: tuple[TimelineStep, ...] = ()
    #: Why the run was not played ("the trainee never logged in"), when it was not: then
    #: no point is scored (`results` is empty) and the run counts in no score.
    not_played: str = ""

    @property
    def played(self) -> bool:
        return not self.not_played

    @property
    def met(self) -> int:
        return sum(r.verdict is Verdict.MET for r in self.results)

    @property
    def scored(self) -> int:
        return sum(r.verdict is not Verdict.NOT_APPLICABLE for r in self.results)
