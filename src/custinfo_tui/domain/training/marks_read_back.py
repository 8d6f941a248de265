"""Marking rules for reading details back (MP-03) and double checks (MP-04): every value
saved read back to the caller and confirmed first, no slip or objected-to value left on
the record, and a phone or e-mail taken twice, a new customer cross-checked first. Each
rule is pure: the run in, a `Mark` out."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.fields import DOUBLE_ENTRY_FIELDS
from custinfo_tui.domain.training.marks_accuracy import mismatches
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import (
    SAVES,
    Mark,
    ScoredRun,
    labels,
    met,
    not_applicable,
    not_met,
    outside_a_call,
    step,
)

#: A new record saved past the strong possible duplicate the cross-check found, for a
#: caller on file (`ScoredRun.warning_ignored`).
IGNORED_MATCH = (
    "saved as someone else despite the possible-duplicate warning: the cross-check had "
    "found the caller's own record"
)


def _at_fault_also(
    evidence: list[EvidenceStep], event: AuditEvent, note: str
) -> list[EvidenceStep]:
    """The evidence with `event` at fault for `note` too: added to its step when the step
    is already there against the point (one save, one line), a new step otherwise."""
    for n, found in enumerate(evidence):
        if found.event_id == event.id and found.against:
            joined = found.model_copy(update={"note": f"{found.note}; {note}"})
            return [*evidence[:n], joined, *evidence[n + 1 :]]
    return [*evidence, step(event, note, against=True)]


def _read_back_before(run: ScoredRun, index: int, save: AuditEvent) -> AuditEvent | None:
    """The read-back confirmed for this save: the last one on the same customer since the
    save before it."""
    found = None
    for event in run.events[:index]:
        if event.action in SAVES and event.customer_id == save.customer_id:
            found = None
        elif (
            event.action is AuditAction.READ_BACK_CONFIRMED
            and event.customer_id == save.customer_id
        ):
            found = event
    return found


def read_back(run: ScoredRun) -> Mark:
    """MP-03: every value saved was read back and confirmed by the caller before the save;
    and neither a slip the caller corrects only at read-back nor a value they said was not
    right when it was read back (the scripted caller objects to any value that is not
    their true detail, a line of the address read back unchanged with a new one too)
    reached the record or stayed on it. While the caller is in touch, lines checked
    against the source as back-office work (a record changed outside the call) were not
    read back to them."""
    saves = [(i, e) for i, e in run.where(*SAVES) if run.saved_fields(e)]
    if not saves:
        return _nothing_saved(run)
    evidence: list[EvidenceStep] = []
    unconfirmed: list[str] = []
    unread: list[str] = []
    kept_wrong = _saves_kept_wrong(run)
    objected = _objections_ignored(run)
    for index, save in saves:
        confirmed = _read_back_before(run, index, save)
        fields = run.saved_fields(save)
        checked_only = confirmed is not None and run.caller_in_touch() and outside_a_call(confirmed)
        wrong = kept_wrong.get(save.id, [])
        if confirmed is not None and checked_only:
            evidence.append(
                step(
                    confirmed,
                    "checked against the source as back-office work, not read back to the "
                    f"caller: {labels(confirmed.fields)}",
                    against=True,
                )
            )
        elif confirmed is not None:
            # The step's own words list the lines read back: the note says what they show.
            # A line of the address read back unchanged with the new ones was confirmed
            # too: left wrong, the caller had said so at read-back.
            kept = [k for k in confirmed.details.get("unchanged") or () if k in objected]
            confirmed_wrong = [key for key in wrong if key in confirmed.fields] + kept
            said = "confirmed by the caller before the save"
            if put_right := confirmed.details.get("corrected"):
                said += f", their correction taken first: {labels(put_right)}"
            if confirmed_wrong:
                said = (
                    "confirmed though the caller said at read-back it was not "
                    f"right: {labels(confirmed_wrong)}"
                )
            evidence.append(step(confirmed, said, against=bool(confirmed_wrong)))
        missing = [k for k in fields if confirmed is None or k not in confirmed.fields]
        note = f"saved {labels(fields)}"
        if missing:
            unconfirmed += missing
            note += f"; not read back first: {labels(missing)}"
        if checked_only:
            unread += [k for k in fields if k not in missing]
            note += "; not read back to the caller"
        if wrong:
            note += f"; saved as the caller said at read-back it was not: {labels(wrong)}"
        evidence.append(step(save, note, against=bool(missing or checked_only or wrong)))
    slipped = _slips_kept(run)
    heard = {key for cid in _records_of_the_caller(run) for key in _read_to_caller(run, cid)}
    ignored = [key for key in objected if key not in slipped]
    if unconfirmed or unread or slipped or ignored:
        problems = []
        if unconfirmed:
            problems.append(f"read back {labels(dict.fromkeys(unconfirmed))} before saving")
        if unread:
            problems.append(
                f"read {labels(dict.fromkeys(unread))} back to the caller in the call before "
                "saving (a back-office check against the source is not a read-back)"
            )
        if unheard := [key for key in slipped if key not in heard]:
            problems.append(
                f"read back {labels(unheard)} so the caller could correct their slip "
                "before it was saved"
            )
        if overridden := [key for key in slipped if key in heard]:
            problems.append(
                f"corrected {labels(overridden)} when the caller put their slip right at "
                "read-back (Ctrl+E), before saving, instead of confirming it as first typed"
            )
        if ignored:
            problems.append(
                f"corrected {labels(ignored)} when the caller said at read-back it was not "
                "what they gave, instead of confirming it and saving"
            )
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def _nothing_saved(run: ScoredRun) -> Mark:
    """MP-03 when no value was saved. When the caller's business needed details saved (a
    change, a new customer) and no save came at all, the run never reached the read-back
    the point is about: not met, like the points that score the save itself (MP-05,
    MP-10, MP-13), rather than not applicable, which would take the point out of the
    score and reward stopping short of the save. Otherwise (nothing was to be saved, or a
    save only emptied fields) there was nothing to read back."""
    needed = run.details_to_take()
    if needed and not run.where(*SAVES):
        if run.scenario.expected.creates_customer:
            what = "the new customer's details"
        else:
            what = f"the change the caller asked for ({labels(needed)})"
        return not_met(
            (),
            f"Should have: read back {labels(needed)}, had them confirmed, and saved them.",
            f"Nothing was saved, so nothing was read back and confirmed: {what} never "
            "reached a read-back and a save.",
        )
    return not_applicable("No value was saved (at most emptied), so nothing needed reading back.")


def _records_of_the_caller(run: ScoredRun) -> list[int]:
    """The caller's record and every record created in the run and left on file."""
    target = run.target_id()
    created = [cid for cid in run.records_saved() if run.created_in_run(cid)]
    return [cid for cid in dict.fromkeys([target, *created]) if cid is not None]


def _slips_kept(run: ScoredRun) -> list[str]:
    """Fields the caller corrects at read-back whose saved value is still not the true one,
    on the caller's record or on any record created in the run."""
    wrong: set[str] = set()
    for cid in _records_of_the_caller(run):
        saved = run.saved(cid)
        if saved is not None:
            wrong |= set(mismatches(run, saved.values))
    return [c.field for c in run.scenario.caller.read_back_corrections if c.field in wrong]


def _objections_ignored(run: ScoredRun) -> list[str]:
    """Fields read back to the caller and confirmed, whose saved value is not the caller's
    true detail: at that line the scripted caller said "No, that's not right" and gave it
    again (domain/training/caller.py), and the trainee saved it all the same."""
    ignored: list[str] = []
    for cid in _records_of_the_caller(run):
        saved = run.saved(cid)
        if saved is None:
            continue
        read_to_caller = _read_to_caller(run, cid)
        ignored += [key for key in mismatches(run, saved.values) if key in read_to_caller]
    return list(dict.fromkeys(ignored))


def _read_to_caller(run: ScoredRun, customer_id: int) -> set[str]:
    """The fields of one record read back to the caller and confirmed (not checked against
    the source as back-office work while they were in touch)."""
    return {
        key
        for _, event in run.where(AuditAction.READ_BACK_CONFIRMED, customer_id=customer_id)
        if not (run.caller_in_touch() and outside_a_call(event))
        for key in event.fields
    }


def _saves_kept_wrong(run: ScoredRun) -> dict[int, list[str]]:
    """By save (event id): the fields it left wrong on the caller's records that the
    read-back should have caught (the caller's slip, or a value they objected to when it
    was read back): the last save of each such field, the step at fault."""
    slips = {c.field for c in run.scenario.caller.read_back_corrections}
    last: dict[tuple[int | None, str], AuditEvent] = {}
    for _, event in run.where(*SAVES):
        for key in run.saved_fields(event):
            last[(event.customer_id, key)] = event
    found: dict[int, list[str]] = {}
    for cid in _records_of_the_caller(run):
        saved = run.saved(cid)
        if saved is None:
            continue
        caught = slips | _read_to_caller(run, cid)
        for key in mismatches(run, saved.values):
            if key in caught and (save := last.get((cid, key))) is not None:
                found.setdefault(save.id, []).append(key)
    return found


def double_checks(run: ScoredRun) -> Mark:
    """MP-04: a phone or e-mail saved was taken twice (double entry), and a new customer
    was cross-checked against the records already held before being created."""
    saves = [(i, e) for i, e in run.where(*SAVES) if run.saved_fields(e)]
    critical = [
        (i, e) for i, e in saves if any(k in DOUBLE_ENTRY_FIELDS for k in run.saved_fields(e))
    ]
    created = run.where(AuditAction.CUSTOMER_CREATED)
    if not critical and not created:
        return not_applicable("No phone or e-mail was saved and no customer was created.")
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    singles: list[str] = []
    for index, save in critical:
        confirmed = _read_back_before(run, index, save)
        twice = set(confirmed.details.get("double_entry", ())) if confirmed else set()
        keys = [k for k in run.saved_fields(save) if k in DOUBLE_ENTRY_FIELDS]
        single = [k for k in keys if k not in twice]
        if confirmed is not None and twice:
            evidence.append(step(confirmed, f"entered twice: {labels(sorted(twice))}"))
        if single:
            said = f"saved without entering it twice: {labels(single)}"
            evidence.append(step(save, said, against=True))
            singles += single
    if singles:
        problems.append(
            f"had the caller give {labels(dict.fromkeys(singles))} twice (double entry)"
        )
    for index, event in created:
        searches = [
            e
            for e in run.events[:index]
            if e.action is AuditAction.CUSTOMER_SEARCHED
            and e.details.get("kind") == "duplicate_check"
        ]
        if searches:
            found = searches[-1].details.get("results", 0)
            evidence.append(
                step(searches[-1], f"cross-checked against existing records: {found} found")
            )
        else:
            said = "created without a cross-check against the records"
            evidence.append(step(event, said, against=True))
            problems.append("checked for the customer among existing records before creating one")
        if run.warning_ignored(event):
            evidence = _at_fault_also(evidence, event, IGNORED_MATCH)
            problems.append(
                "heeded the cross-check: it found the caller's own record as a strong match, "
                "and a new record was saved as someone else all the same"
            )
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)
