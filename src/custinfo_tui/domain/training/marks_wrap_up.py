"""Marking rule for the call logged (MP-18): every call wrapped up with notes and an outcome,
the call with the scenario's customer judged for the outcome and enquiry type expected,
and no card number stored.

A run can hold more than one call: one taken on the wrong record first (one of two John
Smiths), wrapped up rightly as Other / No action, then the right one. The outcome and the
enquiry type expected are the right call's to have; another call's wrap-up is judged only
for what it lacks itself (notes), and the right call's missing wrap-up is the failure the
should-have names, never the other call's answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import Mark, ScoredRun, met, not_met, step
from custinfo_tui.domain.wrap_up import RUN_CUT_SHORT

#: The events that say which customer a call is about: its start, its filing under a new
#: customer at the save, its wrap-up (a capture is its own call's wrap-up).
_ABOUT_A_CUSTOMER = (
    AuditAction.INTERACTION_STARTED,
    AuditAction.INTERACTION_FILED,
    AuditAction.INTERACTION_WRAPPED_UP,
    AuditAction.CUSTOMER_CREATED,
)
#: The call a scenario is about, in the should-have and the note.
_THE_CALL = "the call on the customer's record"


def _wraps(run: ScoredRun) -> dict[int | None, AuditEvent]:
    """Each call's wrap-up by call: its `interaction.wrapped_up`, or the capture that
    logged it (a capture is its own call's wrap-up)."""
    wraps: dict[int | None, AuditEvent] = {
        e.interaction_id: e for _, e in run.where(AuditAction.INTERACTION_WRAPPED_UP)
    }
    for _, event in run.where(AuditAction.CUSTOMER_CREATED):
        wraps.setdefault(event.interaction_id, event)
    return wraps


def _outcome(event: AuditEvent) -> str:
    if event.action is AuditAction.CUSTOMER_CREATED:
        return "customer created"
    return str(event.details.get("outcome", ""))


def _unwrapped_calls(run: ScoredRun, wraps: dict[int | None, AuditEvent]) -> list[EvidenceStep]:
    """Each call that ended without a wrap-up, at its end: the step at fault. A call still
    open has no such step yet (a run watched while the call goes on), nor has one ended
    because the run was cut short (its console stopped): the trainee never reached its
    wrap-up, which is not reached rather than a fault (domain/training/scoring.py)."""
    ended = {
        e.interaction_id: e
        for _, e in run.where(AuditAction.INTERACTION_ENDED)
        if e.outcome != RUN_CUT_SHORT
    }
    return [
        step(ended[call], "the call ended without a wrap-up", against=True)
        for _, started in run.where(AuditAction.INTERACTION_STARTED)
        if (call := started.interaction_id) not in wraps and call in ended
    ]


def _the_customers_calls(run: ScoredRun, calls: Collection[int | None]) -> set[int | None]:
    """The calls with the scenario's customer (each call's customer as its last event about
    one says): the ones judged for the outcome and enquiry type. Every call when none is,
    or the scenario names no record the events can find (a new customer never saved)."""
    target = run.target_id()
    about: dict[int | None, int | None] = {}
    for _, event in run.where(*_ABOUT_A_CUSTOMER):
        if event.interaction_id in calls and event.customer_id is not None:
            about[event.interaction_id] = event.customer_id
    right = {call for call in calls if target is not None and about.get(call) == target}
    return right or set(calls)


def interaction_logged(run: ScoredRun) -> Mark:
    """MP-18: every call of the run wrapped up with an outcome and notes (a capture, with
    its enquiry type and the notes its template asks for, is its own wrap-up; a new
    customer's call abandoned has no record to keep notes on), the call with the scenario's
    customer wrapped up with the outcome and enquiry type expected, and no card number
    stored. A wrap-up is a fault for what it lacks itself (notes, or, on the customer's
    call, the outcome or enquiry type expected), never for another call's."""
    started = {e.interaction_id for _, e in run.where(AuditAction.INTERACTION_STARTED)}
    wraps = _wraps(run)
    calls = started | set(wraps)
    right = _the_customers_calls(run, calls)
    judged = {call: event for call, event in wraps.items() if call in right}
    problems: list[str] = []
    if not calls:
        problems.append("logged the call: started it on the record (or captured the customer)")
    unwrapped = started - set(wraps)
    if right != calls and unwrapped & right:
        problems.append(f"wrapped up {_THE_CALL}")
    if unwrapped - right or (right == calls and unwrapped):
        problems.append("wrapped up every call")
    evidence = _unwrapped_calls(run, wraps)
    wanted = run.scenario.expected.wrap_up_outcome or ""
    chosen = [_outcome(event) for event in judged.values()]
    wrong_outcome = bool(wanted) and bool(judged) and wanted not in chosen
    if wrong_outcome:
        problems.append(f"chosen the outcome {_words(wanted)} at wrap-up")
    enquiry = run.scenario.expected.enquiry_type
    recorded = [str(e.details.get("enquiry_type", "")) for e in judged.values()]
    wrong_enquiry = bool(enquiry) and bool(judged) and enquiry not in recorded
    if wrong_enquiry:
        given = ", ".join(dict.fromkeys(r for r in recorded if r)) or "none"
        problems.append(f"recorded the call as {enquiry} (it was recorded as {given})")
    for call, event in wraps.items():
        kind = str(event.details.get("enquiry_type", ""))
        at_fault = call in judged and (
            (wrong_outcome and _outcome(event) != wanted) or (wrong_enquiry and kind != enquiry)
        )
        evidence.append(_wrap_up_step(event, kind, at_fault, problems))
    if run.transcript.stored_card_numbers:
        problems.append("kept card numbers out of what was stored")
    note = " ".join(filter(None, (_calls_note(calls, wraps, right), _cards_note(run))))
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(dict.fromkeys(problems)) + ".", note)
    return met(evidence, note)


def _wrap_up_step(
    event: AuditEvent, kind: str, at_fault: bool, problems: list[str]
) -> EvidenceStep:
    """A wrap-up as evidence, at fault for what it lacks itself (adding to `problems`) or
    for answers on the customer's call other than those expected (`at_fault`)."""
    notes = int(event.details.get("notes_characters", 0) or 0)
    if event.action is AuditAction.CUSTOMER_CREATED:
        # The capture form is the call's wrap-up, with its notes where its template asks
        # for them (a policy's own template may not: then nothing the trainee could do).
        asked = bool(event.details.get("notes_asked"))
        if asked and not notes:
            problems.append("written notes of the call on the capture form")
        said = ("; with notes" if notes else "; no notes") if asked else ""
        note = f"logged on the capture form: enquiry {kind}{said}"
        return step(event, note, against=at_fault or (asked and not notes))
    if event.customer_id is None:
        # A new customer's call abandoned before the save: no record to keep notes on,
        # so the wrap-up takes none (services/wrap_up.py).
        return step(event, "no record to keep notes on", against=at_fault)
    if not notes:
        problems.append("written notes of the call at wrap-up")
    # The step's own words already name the enquiry type and the outcome.
    return step(event, "with notes" if notes else "no notes", against=at_fault or not notes)


def _calls_note(
    calls: Collection[int | None],
    wraps: Mapping[int | None, AuditEvent],
    right: Collection[int | None],
) -> str:
    """What the verdict rests on first: the calls and which were wrapped up ("2 calls, 1
    wrapped up; the call on the customer's record was not")."""
    if not calls:
        return "No call was logged."
    done = sum(call in wraps for call in calls)
    if len(calls) == 1:
        return "The call was wrapped up." if done else "The call was not wrapped up."
    said = f"{counted(len(calls), 'call')}, {done} wrapped up"
    if len(right) == 1 and len(right) < len(calls):
        (call,) = right
        said += f"; {_THE_CALL} was {'' if call in wraps else 'not '}wrapped up"
    return f"{said}."


def _cards_note(run: ScoredRun) -> str:
    """What the note says of card numbers: only when one was stored, or the scenario's
    caller reads one out (a card in what they volunteer); "" otherwise, where "No card
    number stored." led every verdict, a missing wrap-up's included."""
    cards = run.transcript.stored_card_numbers
    if cards:
        return f"{counted(cards, 'card number')} found in stored text."
    if any("card" in said.casefold() for said in run.scenario.caller.also_says):
        return "No card number stored."
    return ""


def _words(key: str) -> str:
    """An outcome's key as the timeline words it ("follow_up": "follow up")."""
    return key.replace("_", " ")
