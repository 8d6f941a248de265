"""The accuracy rule (MP-05): the record ends with the persona's true details, field by
field, and what a field that does not is told as: typed wrong (how, without the values),
or never changed from what was on file. Pure: the run in, a `Mark` out."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS, normaliser_for
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


def accuracy(run: ScoredRun) -> Mark:
    """MP-05: the record ends with the persona's true details, field by field, in stored
    form ("07700 900123" equals "+447700900123"); a transposed digit is an error. A wrong
    value on file that was reported for a supervisor to correct is not counted. A field no
    save on the record gave a value to, still as it was on file, is said as not changed:
    comparing the old value with the new character by character would blame a slip on
    what was never typed."""
    truth = {
        k: v for k, v in _normalised(run.scenario.caller.true_details).items() if v is not None
    }
    if not truth:
        return not_applicable("The scenario gives no true details to compare with.")
    target = run.target_id()
    saved = run.saved(target)
    saves = [e for _, e in run.where(*SAVES, customer_id=target)] if target is not None else []
    evidence = [step(e, f"saved {labels(run.saved_fields(e))}") for e in saves]
    if saved is None:
        return not_met(evidence, "Should have: recorded the caller's details on their record.")
    reported = {
        key
        for _, event in run.where(AuditAction.DISCREPANCY_REPORTED, customer_id=target)
        for key in event.fields
    }
    kept = _kept_as_on_file(run, saved, {key for event in saves for key in event.fields})
    wrong = {
        key: NOT_CHANGED if key in kept else why
        for key, why in mismatches(run, saved.values).items()
        if key not in reported
    }
    if wrong:
        said = "; ".join(f"{FIELDS[k].label}: {why}" for k, why in wrong.items())
        unchanged = [k for k in wrong if k in kept]
        typed = [k for k in wrong if k not in kept]
        should = [f"changed {labels(unchanged)} to what the caller gave"] if unchanged else []
        if typed:
            should.append(
                f"entered {labels(typed)} exactly as the caller gave (read back digit by digit)"
            )
        return not_met(
            evidence,
            f"Should have: {'; '.join(should)}.",
            note=f"Differs from the caller's details: {said}.",
        )
    return met(evidence, note=f"{labels(truth)} match the caller's details.")


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
        if held != true:
            found[key] = describe_difference(true, held)
    return found


def describe_difference(true: str, held: str | None) -> str:
    """How a saved value differs from the true one, in words that quote neither."""
    if not held:
        return "not recorded"
    if len(true) == len(held):
        diff = [i for i, (a, b) in enumerate(zip(true, held, strict=True)) if a != b]
        neighbours = len(diff) == 2 and diff[1] == diff[0] + 1
        if neighbours and true[diff[0]] == held[diff[1]] and true[diff[1]] == held[diff[0]]:
            return "two neighbouring characters swapped (a transposition)"
        if len(diff) == 1:
            return "one character wrong"
        return f"{len(diff)} characters wrong"
    if true.casefold() == held.casefold():
        return "not in the standard form"
    shorter, longer = sorted((true, held), key=len)
    if len(longer) - len(shorter) == 1:
        return "one character missing" if len(held) < len(true) else "one character too many"
    return "a different value"
