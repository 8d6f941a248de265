"""Who is calling, established before any check (MP-08, MP-17): a caller the scenario says
is not the customer (a representative, someone with no authority on file) answers the
customer's checks as if they were him only because the trainee never asked who was calling
(F2 in the call). Such checks are not the caller's verification: they count against both
points, never towards them.

An impostor is different: they claim to be the customer, so checking them as the customer
is the right thing to do, and the checks failing (or the lock) is the verification working.
"""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.training.scenario import CallerIs
from custinfo_tui.domain.training.scored_run import ScoredRun
from custinfo_tui.domain.verification import CallerKind

#: Callers who say who they are, and are not the customer: asked as the customer, they are
#: taken for someone they are not.
NOT_THE_CUSTOMER = (CallerIs.REPRESENTATIVE, CallerIs.NO_AUTHORITY)

#: What each verification step did to a caller taken for the customer, as a step's note.
_DONE_AS_THE_CUSTOMER = {
    AuditAction.CALLER_IDENTIFIED: "taken for the customer",
    AuditAction.CALLER_CHECK_PASSED: "checked as the customer",
    AuditAction.CALLER_VERIFICATION_FAILED: "checked as the customer",
    AuditAction.CALLER_VERIFIED: "verified as the customer",
    AuditAction.VERIFICATION_LOCKED: "locked out as the customer",
}


def taken_for_the_customer(run: ScoredRun) -> set[int]:
    """The ids of the verification steps done while the call took a caller who is not the
    customer (`NOT_THE_CUSTOMER`) for the customer: before any `caller.identified` said who
    they are, or after one that said "the customer"."""
    if run.scenario.caller.is_ not in NOT_THE_CUSTOMER:
        return set()
    callers = run.callers()
    return {
        event.id
        for index, event in enumerate(run.events)
        if event.action in _DONE_AS_THE_CUSTOMER and callers[index] == CallerKind.CUSTOMER
    }


def _who_they_are(run: ScoredRun) -> str:
    """The caller as the trainee could have found out by asking: "Carys Hughes, not Gareth
    Hughes: someone with no authority on file"."""
    caller = run.scenario.caller
    customer = run.sandbox_customer()
    whose = ""
    if customer is not None:
        name = " ".join(
            customer.values[key] for key in ("given_name", "family_name") if key in customer.values
        )
        whose = f", not {name}" if name else ""
    if caller.is_ is CallerIs.NO_AUTHORITY:
        return f"{caller.name}{whose}: someone with no authority on file"
    relationship = next(
        (
            rep.relationship.lower()
            for rep in (customer.representatives if customer is not None else ())
            if rep.name == (caller.representative or caller.name)
        ),
        "",
    )
    acting = f"their {relationship}, acting for them" if relationship else "acting for them"
    return f"{caller.name}{whose}: {acting}"


def as_the_customer_note(run: ScoredRun, event: AuditEvent) -> str:
    """A step's note for a verification step done as the customer: what was done, and who
    the caller really is ("checked as the customer, but the caller is Carys Hughes, not
    Gareth Hughes: someone with no authority on file")."""
    done = _DONE_AS_THE_CUSTOMER.get(event.action, "taken for the customer")
    return f"{done}, but the caller is {_who_they_are(run)}"


#: What a should-have says after the name of a caller checked as the customer; evidence
#: of practice puts "the caller" for the name (domain/run_evidence.py).
CHECKED_AS_THE_CUSTOMER = "was checked as the customer"


def ask_who_is_calling(run: ScoredRun) -> str:
    """What the trainee should have done instead, for a should-have."""
    return (
        f"asked who was calling and chosen them as the caller (F2) before any check: "
        f"{run.scenario.caller.name} {CHECKED_AS_THE_CUSTOMER}"
    )
