"""A run's timeline for the debrief: every event of the run in words, oldest first, each
step marked with the marking points it is evidence for (from the scorecard's evidence, by
event id) and whether it counts towards them or against: against only where the step is
(part of) what failed the point, as the rule that scored it says (`EvidenceStep.against`).

Pure: it reads the transcript's events and the scorecard. Events carry no personal values,
so a step never shows one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from custinfo_tui.domain.call_words import caller_in_words, channel_in_words, ended_in_words
from custinfo_tui.domain.events import AuditAction, AuditEvent, starts_filed_again
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.training.marks_refused import STOPPED_BY_THE_CONSOLE
from custinfo_tui.domain.training.scorecard import Scorecard, StepMark, TimelineStep, Verdict
from custinfo_tui.domain.wrap_up import RUN_ENDED

#: Words for the events the record's timeline never shows (it is about one customer).
_RUN_ONLY = {
    AuditAction.LOGIN_SUCCEEDED: "Logged in",
    AuditAction.LOGGED_OUT: "Logged out",
    AuditAction.SCREEN_LOCKED: "Screen locked",
    AuditAction.SCREEN_UNLOCKED: "Screen unlocked",
}


#: A login after a session that never ended: its console stopped (killed, or an error)
#: and the run was played on in a new one (docs/training.md).
PLAYED_ON = "Logged in again: the console before stopped without ending its session"
#: What ends a session on the stream; a session without one was left by a console that stopped.
_SESSION_ENDS = (AuditAction.LOGGED_OUT, AuditAction.SESSION_ENDED_AT_LOCK)

#: The longest reason kind a step quotes; a configured reason is a few words.
_LONGEST_REASON = 60
#: Why a call ended (`interaction.ended`'s outcome), as words after "Call ended".
_ENDED_BECAUSE = {
    "ended": "",
    "closed_by_supervisor": "",
    "logged_out": "when the trainee logged out",
    RUN_ENDED: "when the trainee ended the run",
    "session_ended_at_lock": "when the session ended at the screen lock",
    "session_revoked": "when an administrator's change ended the session",
    "customer created": "with the new record saved",
    "run_cut_short": "",  # the words say it: "... the role-play was cut short by ..."
}
#: Other outcomes in words, where the step's own words do not already say them.
_OUTCOME_WORDS = {"denied": "refused"}


def run_timeline(
    events: Iterable[AuditEvent], scorecard: Scorecard, *, caller_is: str = "customer"
) -> tuple[TimelineStep, ...]:
    """The run's events as timeline steps, oldest first, each with the marking points whose
    evidence names it. A step counts against a point only when the rule found it at fault:
    a point not met for another step's fault (another call's wrap-up) or for something
    never done leaves a right step counting towards it. A step that is evidence for a point
    not applicable is left unmarked for it.

    Oldest by when each happened, those of one time in the order the stream holds them: a
    new customer's save records the consent and the read-back with the times they happened
    (domain/capture_times.py), after the duplicate checks the form ran meanwhile, and the
    debrief shows the call as it went. The call's start is shown once, as it was stored when
    the call started, not again where the save files it under the new customer
    (`interaction.filed`; a second start, on a stream stored before that event existed).

    `caller_is` is who the scenario's caller really was (`CallerIs`): a disclosure the
    console recorded as to the customer, because the trainee never chose who was calling,
    says it went to the caller who was not (`_disclosed_to`)."""
    marks = _marks_by_event(scorecard)
    events = sorted(events, key=lambda event: event.occurred_at)  # stable: ties keep order
    played_on = _played_on(events)
    in_context = _words_in_context(events)
    filed_again = starts_filed_again(events)
    steps: list[TimelineStep] = []
    for event in events:
        if event.id in filed_again or event.action is AuditAction.INTERACTION_FILED:
            continue  # the call's start is a step once
        made = TimelineStep(
            event_id=event.id,
            at=event.occurred_at,
            action=event.action.value,
            words=PLAYED_ON
            if event.id in played_on
            else in_context.get(event.id)
            or _disclosed_to(event, caller_is)
            or run_step_words(event),
            fields=event.fields,
            outcome=event.outcome,
            marks=tuple(marks.get(event.id, ())),
            customer_id=event.customer_id,
            interaction_id=event.interaction_id,
            console_session=event.console_session,
        )
        if steps and _same_search(steps[-1], made):
            # The newest search's own words, saying how many searches the step stands for.
            repeats = steps[-1].repeats + 1
            words = f"{made.words} ({repeats} searches as typed)"
            steps[-1] = made.model_copy(update={"repeats": repeats, "words": words})
        else:
            steps.append(made)
    return tuple(steps)


#: Call ends that no wrap-up follows by their nature (the session went with the call):
#: the step names the call by when it started, since it stands alone.
ENDED_WITH_THE_SESSION = frozenset(
    {"logged_out", "session_ended_at_lock", "session_revoked", RUN_ENDED}
)


def _words_in_context(events: Iterable[AuditEvent]) -> dict[int, str]:
    """Words for the steps that an event alone cannot say, by event id:

    - a call ended with the session (the trainee logged out, ...) names the call by when
      it started, "Call of 10:31:05 ended", where it read "Call ended" and left the
      trainer to guess which, among calls not wrapped up;
    - the record shown again in a call for the caller chosen with F2 (the console shows
      it as the new caller may see it, a view of its own in the audit trail) says so,
      where it read "Record opened in a call" a second time though nothing new was opened.
    """
    starts: dict[int | None, AuditEvent] = {}
    seen_by: dict[tuple[int | None, int | None], tuple[object, object]] = {}
    words: dict[int, str] = {}
    for event in events:
        call = event.interaction_id
        if event.action is AuditAction.INTERACTION_STARTED:
            starts.setdefault(call, event)
        elif (
            event.action is AuditAction.INTERACTION_ENDED
            and event.outcome in ENDED_WITH_THE_SESSION
            and call in starts
        ):
            start = starts[call]
            words[event.id] = f"Call of {start.occurred_at:%H:%M:%S} ended"
        elif event.action is AuditAction.CUSTOMER_VIEWED and event.details.get("in_call"):
            who = (event.details.get("caller"), event.details.get("representative"))
            before = seen_by.get((call, event.customer_id))
            if before is not None and before != who:
                chosen = caller_in_words(event.details)
                words[event.id] = f"Record shown again for the caller now chosen: {chosen}"
            seen_by[(call, event.customer_id)] = who
    return words


#: Who a caller who was not the customer was, as a disclosure's step names them.
_NOT_THE_CUSTOMER = {
    "representative": "a representative",
    "no_authority": "someone with no authority",
    "impostor": "an impostor",
}


def _disclosed_to(event: AuditEvent, caller_is: str) -> str:
    """A disclosure to the caller, as the console recorded it "to the customer", where the
    scenario's caller was someone else: "Disclosed to the caller (someone with no
    authority, not the customer): Date of birth, Phone". "" for any other step."""
    who = _NOT_THE_CUSTOMER.get(caller_is)
    if (
        who is None
        or event.action is not AuditAction.FIELD_DISCLOSED
        or "disclosure_id" in event.details
        or caller_in_words(event.details) != "the customer"
    ):
        return ""
    return f"Disclosed to the caller ({who}, not the customer): {labels(event.fields)}"


def _played_on(events: Iterable[AuditEvent]) -> set[int]:
    """The logins that come while the session before is still open on the stream (no
    log-out, no end at the lock): one console plays a run at a time, so that session's
    console stopped before the run ended, and this login is the run played on."""
    open_session: str | None = None
    logins = set()
    for event in events:
        if event.action is AuditAction.LOGIN_SUCCEEDED:
            if open_session is not None:
                logins.add(event.id)
            open_session = event.console_session
        elif event.action in _SESSION_ENDS and event.console_session == open_session:
            open_session = None
    return logins


def _marks_by_event(scorecard: Scorecard) -> dict[int, list[StepMark]]:
    """Each evidence step's mark, by event id: one per point, against where any of that
    point's evidence names the event as a fault."""
    marks: dict[int, list[StepMark]] = {}
    for result in scorecard.results:
        if result.verdict is Verdict.NOT_APPLICABLE:
            continue
        for step in result.evidence:
            if step.event_id is None:
                continue
            # A met point's steps count towards it, but for a fault the console stopped
            # (a disclosure it refused, MP-08): against, though it did not fail the point.
            met = result.verdict is Verdict.MET and step.action not in STOPPED_BY_THE_CONSOLE
            towards = met or not step.against
            mark = StepMark(marking_point=result.marking_point, towards=towards, note=step.note)
            on_step = marks.setdefault(step.event_id, [])
            same = [i for i, m in enumerate(on_step) if m.marking_point == result.marking_point]
            if not same:
                on_step.append(mark)
            elif on_step[same[0]].towards and not towards:
                on_step[same[0]] = mark  # the fault is what the step shows for the point
    return marks


def _same_search(before: TimelineStep, step: TimelineStep) -> bool:
    """A search-as-you-type: searches one after another, none of them evidence."""
    search = AuditAction.CUSTOMER_SEARCHED.value
    return before.action == step.action == search and not before.marks and not step.marks


def step_words(
    action: AuditAction, fields: tuple[str, ...], details: Mapping[str, Any], outcome: str
) -> str:
    """One event in words: the record timeline's line, or the run's own ("Logged in",
    "Searched by name: 2 found")."""
    if action in _RUN_ONLY:
        return _RUN_ONLY[action]
    if action is AuditAction.CUSTOMER_SEARCHED and details.get("kind") == "duplicate_check":
        found = details.get("results")
        said = "Checked for the customer on file"
        return f"{said}: {found} found" if found is not None else said
    if action is AuditAction.CUSTOMER_SEARCHED:
        kind = str(details.get("kind", "")).replace("_", " ")
        found = details.get("results")
        by = f" by {kind}" if kind else ""
        return f"Searched{by}: {found} found" if found is not None else f"Searched{by}"
    if action is AuditAction.INTERACTION_ENDED and outcome in ENDED_WITH_THE_SESSION:
        return "Call ended"  # why, in the run's own words, follows (`step_line`)
    if action is AuditAction.INTERACTION_ENDED and outcome == "ended" and details.get("outcome"):
        # Ended by its wrap-up, at the time the wrap-up opened: the answers chosen show at
        # the wrap-up's own step, when they were chosen, not here.
        return f"{channel_in_words(details)} {ended_in_words(details)}"
    words = describe(action, fields, details, outcome)
    if action is AuditAction.CUSTOMER_CREATED and details.get("possible_duplicates"):
        return words + _despite_a_warning(int(details["possible_duplicates"]))
    return words


def _despite_a_warning(matches: int) -> str:
    """What a new record saved past the capture form's strong possible-duplicate warning
    adds to its step: the debrief showed only "Record created (New account)", so a run that
    ignored the warning read like one that never had it. The service saves such a record
    only with a reason why it is someone else, and puts an item on the supervisor queue
    for each strong match (services/capture.py); the reason typed is never quoted."""
    items = "a possible-duplicate item" if matches == 1 else f"{matches} possible-duplicate items"
    return (
        ", saved despite a possible-duplicate warning with a reason why it is someone else; "
        f"{items} raised for a supervisor"
    )


def run_step_words(event: AuditEvent) -> str:
    """One event of a run in words, as `step_words` says it, but saying too what was done
    outside any call (back-office work), which a run about a caller in touch must show: the
    record opened with the reason given (its configured kind, never typed detail), lines
    checked against the source rather than read to a caller, a change saved."""
    if event.interaction_id is None and not _previewed(event.details):
        if event.action is AuditAction.CUSTOMER_VIEWED and not event.details.get("in_call"):
            kind = reason_kind(event.reason)
            why = f": {kind}" if kind else ", with no reason given"
            return f"Record opened as back-office work (no call){why}"
        if event.action is AuditAction.READ_BACK_CONFIRMED and event.fields:
            words = step_words(event.action, event.fields, event.details, event.outcome)
            return words.replace(
                "Read back and confirmed:",
                "Checked against the source as back-office work (not read to a caller):",
                1,
            )
        if event.action is AuditAction.CUSTOMER_UPDATED:
            return f"Changed as back-office work (no call): {labels(event.fields)}"
    return step_words(event.action, event.fields, event.details, event.outcome)


def _previewed(details: Mapping[str, Any]) -> bool:
    """A record viewed for a supervisor's or a DPO's check (a merge, an erasure)."""
    return bool(details.get("merge_preview") or details.get("erasure_preview"))


def reason_kind(reason: str | None) -> str:
    """The configured reason a record was opened with, without the detail typed after it
    ("Customer wrote in (letter or e-mail): letter of 3 May" is "Customer wrote in (letter
    or e-mail)"): the console stores the two joined by ": " (`AccessReason.text`), and
    typed text stays out of the timeline."""
    if not reason:
        return ""
    kind = reason.split(": ", 1)[0].strip()
    return kind if len(kind) <= _LONGEST_REASON else f"{kind[: _LONGEST_REASON - 3]}..."


def step_line(step: TimelineStep) -> str:
    """A step's words with its outcome in words where they do not already say it: "Call
    ended when the trainee logged out", never "Call ended (logged_out)"."""
    outcome = step.outcome
    if outcome == "ok":
        return step.words
    if outcome in _ENDED_BECAUSE:
        because = _ENDED_BECAUSE[outcome]
        return f"{step.words} {because}" if because else step.words
    said = _OUTCOME_WORDS.get(outcome, outcome.replace("_", " "))
    return step.words if said.casefold() in step.words.casefold() else f"{step.words} ({said})"


def labels(keys: Iterable[str]) -> str:
    return ", ".join(FIELDS[key].label if key in FIELDS else key for key in keys)


def mark_words(mark: StepMark) -> str:
    """A mark as the debrief and the report show it: "MP-03 +" or "MP-08 -"."""
    return f"{mark.marking_point} {'+' if mark.towards else '-'}"
