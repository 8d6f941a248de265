"""Scoring a run: each marking point the scenario practises, from the run's events.

A pure function of the scenario and the run's transcript (docs/training.md, "How a run is
scored"). One small rule per marking point (`RULES`); a point with no rule, or one the
events of this run cannot show, is scored not applicable with a note saying why, never
guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.training import (
    marks_access,
    marks_accuracy,
    marks_capture,
    marks_data_protection,
    marks_read_back,
    marks_records,
    marks_wrap_up,
)
from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import EvidenceStep, MarkResult, Scorecard, Verdict
from custinfo_tui.domain.training.scored_run import Mark, ScoredRun, not_applicable, not_met
from custinfo_tui.domain.training.timeline import run_timeline
from custinfo_tui.domain.training.transcript import RunTranscript
from custinfo_tui.domain.verification import VerificationPolicy

Rule = Callable[[ScoredRun], Mark]


@dataclass(frozen=True)
class ScoringPolicies:
    """The organisation's policies a run's console ran under (`CUSTINFO_POLICY_FILE`, the
    built-in ones without it): which level allows which disclosure, and the order of a
    complaint's stages. Scoring with any others would mark a level or stage only the file
    names as unknown."""

    verification: VerificationPolicy = field(default_factory=VerificationPolicy)
    complaints: ComplaintPolicy = field(default_factory=ComplaintPolicy)


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "MP-01": marks_capture.on_a_template,
        "MP-02": marks_capture.questioning,
        "MP-03": marks_read_back.read_back,
        "MP-04": marks_read_back.double_checks,
        "MP-05": marks_accuracy.accuracy,
        "MP-06": marks_capture.consent_first,
        "MP-07": marks_capture.special_category,
        "MP-08": marks_access.verify_before_disclosing,
        "MP-09": marks_access.need_to_know,
        "MP-10": marks_records.audit_trail,
        "MP-12": marks_access.quick_retrieval,
        "MP-13": marks_records.no_duplicates,
        "MP-14": marks_records.report_errors,
        "MP-16": marks_data_protection.subject_access,
        "MP-17": marks_data_protection.third_parties,
        "MP-18": marks_wrap_up.interaction_logged,
        "MP-19": marks_records.complaint_stages,
        "MP-20": marks_data_protection.breach_reported,
    }
)

#: Why the events cannot show a point with no rule, point by point: left to the trainer.
_NO_RULE: Mapping[str, str] = MappingProxyType(
    {
        "MP-11": (
            "The run's events do not show this point: it is about the desk, not the call "
            "(the screen locked when left, passwords kept to oneself), so it is left to the "
            "trainer's observation."
        ),
        "MP-15": (
            "The run's events do not show this point: the console itself keeps each kind of "
            "data apart (what is masked, how long it is kept), and the handler's part in a "
            "call, the Article 9 condition before special-category data, is MP-07. Left to "
            "the trainer's observation."
        ),
        "MP-21": (
            "The run's events do not show this point: it is about the trainee's portfolio "
            "of evidence (custinfo evidence), not the call, so it is left to the trainer."
        ),
    }
)
_NO_RULE_ELSE = (
    "The run's events do not show this point, so it is left to the trainer's observation."
)


_NOTHING_DONE = (
    "Nothing was done in this run: the trainee never opened a record or took the call "
    "(a search alone is not taking it), so a point met only by not doing something wrong "
    "is not met."
)
_NO_EVIDENCE = (
    "No step of this run shows this point: nothing the trainee did counts towards it, so "
    "it is not met on the absence of a mistake alone."
)
_TAKE_THE_CALL = (
    "Should have: taken the call: found the caller's record, checked who they are, then acted."
)

#: What the trainee may do without taking part in the call: log in and out, and search.
_NOT_TAKING_PART = frozenset({AuditAction.CUSTOMER_SEARCHED})

#: Why a run cannot be scored at all (`not_played`).
NEVER_LOGGED_IN = "the trainee never logged in to the role-play"
NO_STEP_TAKEN = (
    "the trainee logged in but took no step of the call (no search, no record opened, no call)"
)


def not_played(transcript: RunTranscript) -> str:
    """Why the run was never played, or "" when it was: the trainee never logged in to its
    sandbox, or did nothing there but log in and out (and lock the screen). Such a run
    (a console closed at the login screen, or killed there and ended with `train end`)
    shows nothing of the trainee's handling: scoring it would count every point as not met
    against them, with should-haves for a call nobody took."""
    trainee = [e for e in transcript.events if e.operator_id == transcript.trainee_operator_id]
    if not any(e.action is AuditAction.LOGIN_SUCCEEDED for e in trainee):
        return NEVER_LOGGED_IN
    if all(str(e.action).startswith("operator.") for e in trainee):
        return NO_STEP_TAKEN
    return ""


def _took_part(transcript: RunTranscript) -> bool:
    """Whether the trainee did anything beyond logging in and out and searching: a record
    opened, a call, a report. A rule like "nothing disclosed too early" is otherwise met
    by doing nothing."""
    return any(
        event.operator_id == transcript.trainee_operator_id
        and not str(event.action).startswith("operator.")
        and event.action not in _NOT_TAKING_PART
        for event in transcript.events
    )


def _cut_short(transcript: RunTranscript) -> str:
    """Why the run's points not reached were not: "" when its trainee ended it."""
    event = next(
        (e for e in transcript.events if e.action is AuditAction.TRAINING_RUN_CUT_SHORT), None
    )
    if event is None:
        return ""
    who = event.details.get("ended_by", "system")
    return (
        f"Not reached: the run was cut short (its console stopped and {who} ended it) "
        "before the trainee got this far, and no step of theirs counts against it. "
    )


def _not_reached(mark: Mark, cut_short: str) -> bool:
    """A point not met with no step against it, in a run cut short: never reached."""
    return (
        bool(cut_short)
        and mark.verdict is Verdict.NOT_MET
        and not any(step.against for step in mark.evidence)
    )


def in_time_order(evidence: Iterable[EvidenceStep]) -> tuple[EvidenceStep, ...]:
    """A point's evidence oldest first, as the timeline lists the same steps, one step per
    event. A rule gathers its steps by kind (MP-08: every verification step, then each
    disclosure), so a disclosure came after a verification made later, and the report read
    as if time ran backwards. Stable: steps of one time keep the rule's order (a read-back
    before the save it confirms, both stamped the same second). An event a rule found
    twice (MP-14: a discrepancy report is the wrong value reported and the item raised for
    a supervisor) is one step, saying both, and against the point if either is."""
    return tuple(sorted(_one_step_per_event(evidence), key=lambda step: step.at))


def _one_step_per_event(evidence: Iterable[EvidenceStep]) -> list[EvidenceStep]:
    """The steps in the rule's order, those of one event made one where it first came."""
    steps: dict[int | tuple[int], list[EvidenceStep]] = {}
    for index, step in enumerate(evidence):
        steps.setdefault(step.event_id if step.event_id is not None else (index,), []).append(step)
    return [
        found[0].model_copy(
            update={
                "note": "; ".join(dict.fromkeys(step.note for step in found if step.note)),
                "against": any(step.against for step in found),
            }
        )
        for found in steps.values()
    ]


def score(
    scenario: Scenario,
    transcript: RunTranscript,
    policies: ScoringPolicies | None = None,
) -> Scorecard:
    """The scorecard of one finished run: one result per marking point the scenario
    practises, in its order, under the `policies` the sandbox ran under."""
    policies = policies or ScoringPolicies()
    run = ScoredRun(
        scenario=scenario,
        transcript=transcript,
        verification=policies.verification,
        complaints=policies.complaints,
    )
    results = []
    idle = not _took_part(transcript)
    cut_short = _cut_short(transcript)
    for point in dict.fromkeys(scenario.practises):
        rule = RULES.get(point)
        mark = rule(run) if rule is not None else not_applicable(_NO_RULE.get(point, _NO_RULE_ELSE))
        if idle and mark.verdict is Verdict.MET:
            mark = not_met((), _TAKE_THE_CALL, _NOTHING_DONE)
        elif mark.verdict is Verdict.MET and all(step.against for step in mark.evidence):
            # A point is met on what the trainee did, never on no step at all, nor on steps
            # that only count against it (a disclosure the console refused, MP-08): those
            # stay marked against it.
            mark = not_met(mark.evidence, _TAKE_THE_CALL, _NO_EVIDENCE)
        not_reached = _not_reached(mark, cut_short)
        results.append(
            MarkResult(
                marking_point=point,
                title=title_of(point),
                verdict=mark.verdict,
                evidence=in_time_order(mark.evidence),
                should_have=mark.should_have,
                note=f"{cut_short}{mark.note}" if not_reached else mark.note,
                not_reached=not_reached,
            )
        )
    return Scorecard(scenario_id=scenario.id, results=tuple(results))


def scorecard_of_run(
    scenario: Scenario, transcript: RunTranscript, policies: ScoringPolicies | None = None
) -> Scorecard:
    """The run as its end scores it, with its timeline: every point scored (`score`), or,
    for a run the trainee has not played (`not_played`), none, with why. One reading of the
    run's events for its end (`services/training.py`, `finish_run`) and for a trainer
    watching it (`services/cohort.py`, `run_so_far`): the watcher had scored a run with
    nothing but a login as 4 points not met, which its end then called not played."""
    why = not_played(transcript)
    if why:
        scorecard = Scorecard(scenario_id=scenario.id, results=(), not_played=why)
    else:
        scorecard = score(scenario, transcript, policies)
    steps = run_timeline(transcript.events, scorecard, caller_is=scenario.caller.is_.value)
    return scorecard.model_copy(update={"timeline": steps})
