"""The accuracy rule (MP-05): the record ends with the persona's true details, field by
field, and what a field that does not is told as: typed wrong (how, without the values),
or never changed from what was on file. Pure: the run in, a `Mark` out."""

from __future__ import annotations

from collections.abc import Callable

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.fields import FIELDS, FREE_TEXT_FIELDS, RECORD_FIELDS, normaliser_for
from custinfo_tui.domain.training.scored_run import (
    SAVES,
    Mark,
    ScoredRun,
    labels,
    met,
    not_applicable,
    not_met,
    step,
)
from custinfo_tui.domain.training.transcript import SavedCustomer
from custinfo_tui.domain.validation import FieldError

#: How a field the trainee never saved, still holding what was on file, differs.
NOT_CHANGED = "not changed (still the old value)"
#: A field of another customer's record the run changed: the caller's details do not go there.
ANOTHER_CUSTOMER = "changed, though the record is not the caller's"
#: A detail the record does not hold at all.
NOT_RECORDED = "not recorded"
#: A value typed that is no slip of the true one (not a character or two out).
DIFFERENT_VALUE = "a different value"
#: Differences that are not a slip in typing.
_NOT_TYPED = (NOT_CHANGED, ANOTHER_CUSTOMER)


def accuracy(run: ScoredRun) -> Mark:
    """MP-05: every record the trainee created or changed and left on file holds the
    persona's true details, field by field, in stored form ("07700 900123" equals
    "+447700900123"); a transposed digit is an error. The caller's record (or the one
    created for them) is compared on every true detail; so is any other record created in
    the run (a second one for the same caller, left on file, holds what was typed then); a
    record of another customer changed in the run should not have been. A wrong value on
    file that was reported for a supervisor to correct is not counted. A field no save on
    the record gave a value to, still as it was on file, is said as not changed: comparing
    the old value with the new character by character would blame a slip on what was never
    typed. Free text (support needs) is the handler's own words: it counts when it holds
    something, its wording is left to the trainer."""
    truth = {
        k: v for k, v in _normalised(run.scenario.caller.true_details).items() if v is not None
    }
    if not truth:
        return not_applicable("The scenario gives no true details to compare with.")
    target = run.target_id()
    others = [cid for cid in run.records_saved() if cid != target]
    records = ([target] if target is not None else []) + others
    wrong: dict[int, dict[str, str]] = {}
    for cid in records:
        found = _wrong_on(run, cid, target=cid == target)
        if found:
            wrong[cid] = found
    elsewhere = _entered_on_a_duplicate(run, target, wrong, others)
    typed_wrong = _typed_wrong(run, wrong)
    evidence = [
        step(
            e,
            _saved_note(run, e, typed_wrong.get(e.id, []), several=bool(others)),
            against=e.id in typed_wrong,
        )
        for _, e in run.where(*SAVES)
        if e.customer_id in records
    ]
    if target is None or run.saved(target) is None:
        return not_met(evidence, "Should have: recorded the caller's details on their record.")
    went = _went_elsewhere(run, elsewhere)
    if not wrong:
        if went:
            return met(evidence, note=went)
        where = f" on each of the {len(records)} records saved" if others else ""
        return met(evidence, note=f"{labels(truth)} match the caller's details{where}.")
    differs = _differs(run, wrong, others)
    return not_met(
        evidence, _should_have(run, target, wrong), note=f"{differs} {went}" if went else differs
    )


def _entered_on_a_duplicate(
    run: ScoredRun, target: int | None, wrong: dict[int, dict[str, str]], others: list[int]
) -> dict[str, int]:
    """The caller's details their own record on file still lacks (not changed from the old
    value) that a record created in the run for them holds exactly as they gave them, by
    field: the record each went to. They are taken out of `wrong`. Such a detail was
    entered without error, on a duplicate: counting it here too would mark a record saved
    exactly right as an error in entering it, while its save counted towards this point
    (found by a tester: "not met" over a step marked "MP-05 +"). Where the details went is
    MP-13's, and the change the caller's record never got MP-10's."""
    kept = wrong.get(target) if target is not None else None
    if not kept:
        return {}
    created = [cid for cid in others if run.created_in_run(cid)]
    elsewhere: dict[str, int] = {}
    for key, why in list(kept.items()):
        right = [
            cid
            for cid in created
            if key not in wrong.get(cid, {}) and (held := run.saved(cid)) and held.values.get(key)
        ]
        if why == NOT_CHANGED and right:
            elsewhere[key] = right[-1]
            del kept[key]
    if not kept and target is not None:
        del wrong[target]
    return elsewhere


def _went_elsewhere(run: ScoredRun, elsewhere: dict[str, int]) -> str:
    """What the note says of details entered right on a duplicate (`_entered_on_a_duplicate`)."""
    if not elsewhere:
        return ""
    by_record: dict[int, list[str]] = {}
    for key, cid in elsewhere.items():
        by_record.setdefault(cid, []).append(key)
    where = "; ".join(
        f"{labels(keys)} on {run.record_name(cid)}" for cid, keys in by_record.items()
    )
    gave = "it" if len(elsewhere) == 1 else "them"
    return (
        f"Entered as the caller gave {gave}: {where}, a second record for a caller already on "
        f"file, while their own record still holds the old {labels(elsewhere)}. Where the "
        "details went is counted by MP-13 (the existing record rather than a duplicate), not "
        "here as an error in entering them."
    )


def _saved_note(run: ScoredRun, event: AuditEvent, wrong: list[str], *, several: bool) -> str:
    said = f"saved {labels(run.saved_fields(event))}"
    if several and event.customer_id is not None:
        said += f" on {run.record_name(event.customer_id)}"
    if wrong:
        said += f"; left wrong: {labels(wrong)}"
    return said


def _typed_wrong(run: ScoredRun, wrong: dict[int, dict[str, str]]) -> dict[int, list[str]]:
    """By save (event id): the fields whose value it left wrong on a record, the last save
    of each such field there being the step at fault. A detail never taken, or never
    changed from what was on file, has no save at fault: nothing wrong was typed."""
    last: dict[tuple[int | None, str], AuditEvent] = {}
    for _, event in run.where(*SAVES):
        for key in event.fields:
            last[(event.customer_id, key)] = event
    found: dict[int, list[str]] = {}
    for cid, fields in wrong.items():
        for key, why in fields.items():
            save = last.get((cid, key))
            if save is not None and why not in (NOT_CHANGED, NOT_RECORDED):
                found.setdefault(save.id, []).append(key)
    return found


def _wrong_on(run: ScoredRun, customer_id: int, *, target: bool) -> dict[str, str]:
    """Each field of one record that is not the caller's detail, and how: the caller's
    record and any record created in the run on every true detail; another customer's
    record on the fields the run changed there (none of the caller's details belong on it)."""
    saved = run.saved(customer_id)
    if saved is None:
        return {}
    saves = [e for _, e in run.where(*SAVES, customer_id=customer_id)]
    touched = {key for event in saves for key in event.fields}
    if not target and not run.created_in_run(customer_id):
        return dict.fromkeys(sorted(touched, key=_field_order), ANOTHER_CUSTOMER)
    reported = {
        key
        for _, event in run.where(AuditAction.DISCREPANCY_REPORTED, customer_id=customer_id)
        for key in event.fields
    }
    kept = _kept_as_on_file(run, saved, touched)
    return {
        key: NOT_CHANGED if key in kept else why
        for key, why in mismatches(run, saved.values).items()
        if key not in reported
    }


def _differs(run: ScoredRun, wrong: dict[int, dict[str, str]], others: list[int]) -> str:
    """What differs, record by record when the run left more than one."""
    if not others:
        [found] = wrong.values()
        return f"Differs from the caller's details: {_said(found)}."
    parts = [f"{run.record_name(cid)}: {_said(found)}" for cid, found in wrong.items()]
    return "Differs from the caller's details. " + " ".join(
        f"{part[0].upper()}{part[1:]}." for part in parts
    )


def _fields_where(wrong: dict[int, dict[str, str]], kind: Callable[[str], bool]) -> list[str]:
    """The fields, of any record, whose difference is of one kind, each once."""
    return list(
        dict.fromkeys(k for found in wrong.values() for k, why in found.items() if kind(why))
    )


def _said(found: dict[str, str]) -> str:
    if found and set(found.values()) == {ANOTHER_CUSTOMER}:
        return f"{labels(found)} {ANOTHER_CUSTOMER}"
    return "; ".join(f"{FIELDS[k].label}: {why}" for k, why in found.items())


def _should_have(run: ScoredRun, target: int, wrong: dict[int, dict[str, str]]) -> str:
    should: list[str] = []
    unchanged = [k for k, why in wrong.get(target, {}).items() if why == NOT_CHANGED]
    if unchanged:
        should.append(f"changed {labels(unchanged)} to what the caller gave")
    missing = _fields_where(wrong, lambda why: why == NOT_RECORDED)
    if missing:
        should.append(f"asked for and recorded {labels(missing)}")
    typed = _fields_where(wrong, lambda why: why not in (*_NOT_TYPED, NOT_RECORDED))
    if typed:
        should.append(
            f"entered {labels(typed)} exactly as the caller gave (read back digit by digit)"
        )
    for cid, found in wrong.items():
        if cid == target:
            continue
        if ANOTHER_CUSTOMER in found.values():
            should.append(
                f"left {run.record_name(cid)} as it was: the caller's details go on their own "
                "record"
            )
        else:
            should.append(
                f"kept to one record for the caller, corrected there, instead of leaving "
                f"{run.record_name(cid)} on file with wrong details (or had it merged into "
                "the right one)"
            )
    return f"Should have: {'; '.join(should)}."


def _normalised(values: dict[str, str]) -> dict[str, str | None]:
    """Record fields' values in stored form (the field registry's normalisers); None for a
    value the scenario gives that is not valid (not marked)."""
    stored: dict[str, str | None] = {}
    for key, value in values.items():
        if key not in RECORD_FIELDS:
            continue
        try:
            stored[key] = normaliser_for(key)(value)
        except FieldError:
            stored[key] = None
    return stored


def _kept_as_on_file(run: ScoredRun, saved: SavedCustomer, touched: set[str]) -> set[str]:
    """Fields of a record planted on file that no save in the run gave a value to
    (`touched`: the saves' fields) and that still hold the value the sandbox planted (a
    planted error included): left as they were.
    None for a record created in the run: every value there was typed."""
    if saved.scenario_key is None:
        return set()
    before = _normalised(run.scenario.customer(saved.scenario_key).on_file())
    return {
        key
        for key, value in saved.values.items()
        if key not in touched and value and before.get(key) == value
    }


def mismatches(run: ScoredRun, values: dict[str, str]) -> dict[str, str]:
    """Field -> how the saved value differs from the truth (never the values themselves)."""
    found = {}
    for key, true in _normalised(run.scenario.caller.true_details).items():
        if true is None:
            continue
        held = values.get(key)
        if key in FREE_TEXT_FIELDS and held:
            continue  # the handler's own words: recorded is all the events can judge
        if held != true:
            found[key] = describe_difference(true, held)
    return found


def _field_order(key: str) -> int:
    return list(FIELDS).index(key) if key in FIELDS else len(FIELDS)


def describe_difference(true: str, held: str | None) -> str:
    """How a saved value differs from the true one, in words that quote neither. A slip
    is named only when it is one (found by an explorer: "8 Harbour View" saved for "14
    Harbour Road" was "one character missing", the two being one character apart in
    length): a character missing, or one too many, only when the rest is the true value
    character for character; characters wrong in place only when at most half of them
    are. Anything else is a different value."""
    if not held:
        return NOT_RECORDED
    if len(true) == len(held):
        return _in_place(true, held)
    if true.casefold() == held.casefold():
        return "not in the standard form"
    if _one_taken_out(held, true):
        return "one character missing"
    if _one_taken_out(true, held):
        return "one character too many"
    return DIFFERENT_VALUE


def _in_place(true: str, held: str) -> str:
    """Two values of one length: a transposition, or so many characters wrong in place
    when at most half of them are; else a different value."""
    diff = [i for i, (a, b) in enumerate(zip(true, held, strict=True)) if a != b]
    neighbours = len(diff) == 2 and diff[1] == diff[0] + 1
    if neighbours and true[diff[0]] == held[diff[1]] and true[diff[1]] == held[diff[0]]:
        return "two neighbouring characters swapped (a transposition)"
    if len(diff) == 1:
        return "one character wrong"
    if 2 * len(diff) <= len(true):
        return f"{len(diff)} characters wrong"
    return DIFFERENT_VALUE


def _one_taken_out(shorter: str, longer: str) -> bool:
    """Whether `shorter` is `longer` with exactly one character taken out."""
    if len(longer) != len(shorter) + 1:
        return False
    at = next((i for i, char in enumerate(shorter) if char != longer[i]), len(shorter))
    return shorter[at:] == longer[at + 1 :]
