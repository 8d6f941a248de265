"""A disclosure the console refused in a role-play (`field.disclosure_refused`), said in
MP-08's debrief in the trainee's words, and in MP-17's where the caller refused was a third
party (a representative, or someone with no authority on file).

The rule (docs/training.md, "How a run is scored"): a refused attempt is no disclosure:
the caller was told nothing, so MP-08 is scored as if it had not happened, met or not met
or not applicable as before. It is said all the same, since the trainee tried to tell the
caller something too early and only the console stopped them: each attempt is a step
against the point on the timeline (`MP-08 -`, "tried to disclose Phone before the caller
was verified; the console refused"), and the point's should-have names it ("Should have:
verified the caller before trying to disclose Phone"), a met point's too. A point not
applicable says it in its note, having no evidence to show. MP-17 (sharing with third
parties only through the proper route) takes the same rule over the attempts to tell a
third party what their authority or verification does not allow: the same steps against
it, the same should-haves, its verdict left as it was.
"""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.training.scorecard import EvidenceStep, Verdict
from custinfo_tui.domain.training.scored_run import (
    Mark,
    ScoredRun,
    is_personal_disclosure,
    labels,
    step,
)
from custinfo_tui.domain.verification import NO_LEVEL, CallerKind

#: A refused attempt as evidence, and what the trainee should have done instead.
Attempt = tuple[EvidenceStep, str]

REFUSED = "the console refused"
#: Steps that count against a point on the timeline even when it is met: a fault the
#: console stopped, which did not fail the point (domain/training/timeline.py).
STOPPED_BY_THE_CONSOLE = frozenset({AuditAction.FIELD_DISCLOSURE_REFUSED.value})
#: Callers who are not the customer: a disclosure refused to one was tried to a third
#: party, against MP-17 as well as MP-08.
THIRD_PARTIES = frozenset({CallerKind.REPRESENTATIVE.value, CallerKind.NO_AUTHORITY.value})


def with_refused_attempts(run: ScoredRun, mark: Mark, *, to_third_parties: bool = False) -> Mark:
    """`mark`, scored as if no disclosure had been refused, with each refused attempt
    added (only those to a third party, `to_third_parties`, for MP-17): its step against
    the point, and what should have been done, in the should-have (in the note of a point
    not applicable, which shows no evidence). The verdict stays."""
    attempts = refused_attempts(run, to_third_parties=to_third_parties)
    if not attempts:
        return mark
    should = list(dict.fromkeys(said for _, said in attempts))
    if mark.verdict is Verdict.NOT_APPLICABLE:
        tried = "; ".join(dict.fromkeys(found.note for found, _ in attempts))
        note = f"{mark.note} All the same, the trainee {tried}: should have {'; '.join(should)}."
        return Mark(Verdict.NOT_APPLICABLE, note=note.strip())
    before = mark.should_have.removesuffix(".")
    should_have = f"{before}; " if before else "Should have: "
    return Mark(
        mark.verdict,
        (*mark.evidence, *(found for found, _ in attempts)),
        should_have=f"{should_have}{'; '.join(should)}.",
        note=mark.note,
    )


def refused_attempts(run: ScoredRun, *, to_third_parties: bool = False) -> list[Attempt]:
    """Each disclosure of a personal field the console refused in the run, as evidence
    against MP-08 with what should have been done instead, in stream order; only those
    whose caller was a third party (`THIRD_PARTIES`, as the console had them when it
    refused), for MP-17, with `to_third_parties`."""
    found = []
    for _, event in run.where(AuditAction.FIELD_DISCLOSURE_REFUSED):
        if to_third_parties and str(event.details.get("caller", "")) not in THIRD_PARTIES:
            continue
        keys = [key for key in event.fields if is_personal_disclosure(key)]
        if keys:
            tried, should = _in_words(run, event, labels(keys))
            found.append(
                (step(event, f"tried to disclose {tried}; {REFUSED}", against=True), should)
            )
    return found


def _in_words(run: ScoredRun, event: AuditEvent, fields: str) -> tuple[str, str]:
    """What the trainee tried ("Phone before the caller was verified"), and what they
    should have done ("verified the caller before trying to disclose Phone")."""
    needs = event.details.get("needs")
    why = {str(n) for n in needs.values()} if isinstance(needs, dict) else set()
    if "verification locked" in why:
        return (
            f"{fields} while verification was locked",
            "disclosed nothing while verification was locked, and read the lock's script",
        )
    if event.details.get("caller") == "no_authority":
        return (
            f"{fields} to a caller with no authority",
            "disclosed nothing to a caller with no authority",
        )
    if "outside their scope" in why:
        return (
            f"{fields}, outside the representative's scope",
            "disclosed only what the representative's scope allows",
        )
    level = str(event.details.get("level", NO_LEVEL))
    if level == NO_LEVEL:
        return (
            f"{fields} before the caller was verified",
            f"verified the caller before trying to disclose {fields}",
        )
    had = run.verification.level_title(level) if run.level_rank(level) >= 0 else level
    wanted = " or ".join(sorted(n.removeprefix("needs ") for n in why if n.startswith("needs ")))
    further = f"to {wanted}" if wanted else "further"
    return (
        f"{fields} at {had}" + (f", which needs {wanted}" if wanted else ""),
        f"verified the caller {further} before trying to disclose {fields}",
    )
