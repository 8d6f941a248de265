"""Marking rules for taking details down (MP-01, MP-02, MP-06, MP-07): a new customer on
the capture template, the questions asked, consent first and the Article 9 condition (the
read-back and double checks are marks_read_back.py's, accuracy against the persona's true
details marks_accuracy.py's). Each rule is pure: the run in, a `Mark` out."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.consent import (
    SPECIAL_CATEGORY_PURPOSE,
    Purpose,
    SpecialCategoryCondition,
)
from custinfo_tui.domain.consent_words import purpose_in_words
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import (
    SAVES,
    Mark,
    ScoredRun,
    check_label,
    labels,
    met,
    not_applicable,
    not_met,
    step,
)
from custinfo_tui.domain.verification import NO_LEVEL

CHECKS = (AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFICATION_FAILED)
SPECIAL_FIELDS = tuple(
    k for k, spec in FIELDS.items() if spec.category is DataCategory.SPECIAL_CATEGORY
)


#: The name a new customer's record must carry (every capture template requires both; a
#: customer with one name only has the family name alone).
NAME_FIELDS = ("given_name", "family_name")
#: The groups a way of contacting the customer is in: phone and e-mail, or the address.
CONTACT_GROUPS = frozenset({FieldGroup.CONTACT, FieldGroup.ADDRESS})
_ON_THE_FORM = "the new customer's name, a way to contact them and what they called about"


def on_a_template(run: ScoredRun) -> Mark:
    """MP-01: a new customer taken on the organisation's capture form (its template): each
    `customer.created` names the template it was taken on, saves the given and family name
    and at least one way of contacting them (phone, e-mail or address), and records the
    nature of the enquiry (its enquiry type). Which questions were put, and in which words,
    is MP-02's; whether the values are right, MP-05's."""
    created = run.where(AuditAction.CUSTOMER_CREATED)
    if not created and not run.scenario.expected.creates_customer:
        return not_applicable(
            "No new customer was taken on, and none was to be: nothing to capture on a template."
        )
    if not created:
        return not_met((), f"Should have: taken {_ON_THE_FORM} on the capture form.")
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    for _, event in created:
        lacks = _not_on_the_form(run, event)
        template = str(event.details.get("template") or "capture").replace("_", " ")
        said = f"taken on the {template} template, enquiry {event.details.get('enquiry_type')}"
        if lacks:
            said += f"; without {', '.join(lacks)}"
            problems.append(f"taken {', '.join(lacks)} on the capture form")
        evidence.append(step(event, said, against=bool(lacks)))
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(dict.fromkeys(problems)) + ".")
    return met(evidence)


def _not_on_the_form(run: ScoredRun, created: AuditEvent) -> list[str]:
    """What a capture left out of the three things a template takes: the name, a way to
    contact them, the nature of the enquiry."""
    saved = run.saved_fields(created)
    # One name only (domain/one_name.py) is a whole name: no given name to leave out.
    names = NAME_FIELDS[1:] if created.details.get("one_name_only") else NAME_FIELDS
    lacks = []
    if not all(key in saved for key in names):
        lacks.append("their name")
    if not any(key in FIELDS and FIELDS[key].group in CONTACT_GROUPS for key in saved):
        lacks.append("a way to contact them")
    if not created.details.get("enquiry_type"):
        lacks.append("what they called about (the enquiry type)")
    return lacks


def questioning(run: ScoredRun) -> Mark:
    """MP-02: every detail the caller's business needed was asked for and taken down, and
    a caller who had to be verified was asked the checks. A new customer's details are
    needed on every record created for them and left on file: a second record saved with
    the question asked does not make up for the first saved without it. How a question was
    put is not in the events; that it was asked and answered is. A check asked against
    another customer's record is not the caller's, and not counted."""
    wanted = run.details_to_take()
    level = run.scenario.expected.verification_level
    needs_checks = level is not None and level != NO_LEVEL
    if not wanted and not needs_checks:
        return not_applicable("The scenario needs no details taken and no checks asked.")
    evidence: list[EvidenceStep] = []
    # A check asked against another customer's record (the wrong John Smith) was not put
    # to the caller about themselves: MP-12 counts taking that record for theirs.
    checks = [(i, e) for i, e in run.where(*CHECKS) if not run.on_another_customer(e)]
    for _, event in checks:
        passed = event.action is AuditAction.CALLER_CHECK_PASSED
        check = check_label(str(event.details.get("check", "")))
        evidence.append(step(event, f"asked the check {check}: {'passed' if passed else 'failed'}"))
    taken: dict[int | None, set[str]] = {}
    saves: list[tuple[AuditEvent, list[str]]] = []
    for _, event in run.where(*SAVES, customer_id=None):
        got = [k for k in run.saved_fields(event) if k in wanted]
        if got:
            taken.setdefault(event.customer_id, set()).update(got)
            saves.append((event, got))
    created = [cid for cid in run.records_saved() if run.created_in_run(cid)]
    problems = []
    #: A new customer's records left on file without a detail: their saves are the fault.
    short: dict[int | None, list[str]] = {}
    if run.scenario.expected.creates_customer and created:
        for cid in created:
            missing = [key for key in wanted if key not in taken.get(cid, set())]
            if missing:
                short[cid] = missing
                where = f" for {run.record_name(cid)}" if len(created) > 1 else ""
                problems.append(_ask_for(missing, where))
    else:
        everywhere = set().union(*taken.values()) if taken else set()
        missing = [key for key in wanted if key not in everywhere]
        if missing:
            problems.append(_ask_for(missing, ""))
    if needs_checks and not checks:
        problems.append("asked the caller the verification checks before going on")
    for event, got in saves:
        note = f"asked for and took down: {labels(got)}"
        missing = short.get(event.customer_id, [])
        if missing:
            note += f"; never asked for: {labels(missing)}"
        evidence.append(step(event, note, against=bool(missing)))
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def _ask_for(missing: list[str], where: str) -> str:
    """What should have been asked: the fields, and the question the form asks for each."""
    asks = "; ".join(f'{FIELDS[k].label}: "{FIELDS[k].question}"' for k in missing)
    return f"asked for and taken down {labels(missing)}{where} ({asks})"


def _withdrawal_expected(run: ScoredRun, change: str) -> bool:
    """Whether a consent change is a withdrawal: the consent is given on file."""
    purpose, _, channel = change.partition(":")
    customer = run.sandbox_customer()
    if customer is None:
        return False
    return any(
        c.granted and c.purpose == purpose and (c.channel or "") == channel
        for c in customer.consents
    )


def _consent_change_made(run: ScoredRun, change: str, withdraw: bool) -> AuditEvent | None:
    purpose, _, channel = change.partition(":")
    if withdraw:
        for _, event in run.where(AuditAction.CONSENT_WITHDRAWN):
            if change in event.details.get("purposes", ()):
                return event
        return None
    for _, event in run.where(AuditAction.CONSENT_RECORDED):
        if purpose == Purpose.MARKETING and channel in event.details.get("marketing", ()):
            return event
        if purpose == SPECIAL_CATEGORY_PURPOSE and event.details.get("special_condition"):
            return event
        if purpose == Purpose.SERVICE and event.details.get("service_basis"):
            return event
    return None


def _consents_kept(run: ScoredRun) -> set[str]:
    """Consents on file the caller did not ask to change: `purpose` or `purpose:channel`."""
    customer = run.sandbox_customer()
    on_file = customer.consents if customer is not None else []
    granted = {f"{c.purpose}:{c.channel}" if c.channel else c.purpose for c in on_file if c.granted}
    return granted - set(run.scenario.expected.consent_changes)


def _unasked_consent_changes(run: ScoredRun) -> tuple[list[EvidenceStep], list[str]]:
    """Consents changed that the caller never asked to change: one withdrawn that was to be
    kept, or marketing by a channel recorded as agreed that they neither asked for nor had."""
    asked = set(run.scenario.expected.consent_changes)
    kept = _consents_kept(run)
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    for _, event in run.where(AuditAction.CONSENT_WITHDRAWN):
        unasked = [p for p in event.details.get("purposes", ()) if p not in asked]
        if unasked:
            words = ", ".join(purpose_in_words(p) for p in unasked)
            said = f"withdrawn, though the caller did not ask: {words}"
            evidence.append(step(event, said, against=True))
            problems.append(f"kept {words}: the caller did not withdraw it")
    for _, event in run.where(AuditAction.CONSENT_RECORDED):
        unasked = [
            f"marketing:{channel}"
            for channel in event.details.get("marketing", ())
            if f"marketing:{channel}" not in asked | kept
        ]
        if unasked:
            words = ", ".join(purpose_in_words(p) for p in unasked)
            said = f"recorded as agreed, though the caller did not: {words}"
            evidence.append(step(event, said, against=True))
            problems.append(f"left out {words}: the caller did not agree to it")
    return evidence, problems


def consent_first(run: ScoredRun) -> Mark:
    """MP-06: a new customer's consent was recorded before their details were saved, the
    consent changes the caller asked for (marketing apart from the service) were made, and
    no other consent was withdrawn or given."""
    created = run.where(AuditAction.CUSTOMER_CREATED)
    changes = run.scenario.expected.consent_changes
    unasked_evidence, unasked = _unasked_consent_changes(run)
    if not created and not changes and not unasked:
        return not_applicable("No customer was created and no consent change was asked for.")
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    for index, event in created:
        consent = next(
            (
                e
                for e in run.events[:index]
                if e.action is AuditAction.CONSENT_RECORDED and e.customer_id == event.customer_id
            ),
            None,
        )
        if consent is None:
            said = "details saved with no consent recorded first"
            evidence.append(step(event, said, against=True))
            problems.append("recorded the caller's consent before saving any detail")
        else:
            evidence.append(step(consent, "consent recorded first"))
            evidence.append(step(event, "then the details saved"))
    for change in changes:
        withdraw = _withdrawal_expected(run, change)
        made = _consent_change_made(run, change, withdraw)
        if made is None:
            problems.append(f"recorded {consent_change_in_words(change, withdraw=withdraw)}")
        else:
            what = f"{'withdrawn' if withdraw else 'given'}: {_purpose_words(change)}"
            evidence.append(step(made, f"consent {what}"))
    evidence += unasked_evidence
    problems += unasked
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def _purpose_words(change: str) -> str:
    """A consent purpose in words: "marketing by e-mail", "the special-category condition
    (Article 9)", "the service consent"."""
    purpose, _, _ = change.partition(":")
    if purpose == SPECIAL_CATEGORY_PURPOSE:
        return "the special-category condition (Article 9)"
    if purpose == Purpose.SERVICE:
        return "the service consent"
    return purpose_in_words(change)


def consent_change_in_words(change: str, *, withdraw: bool) -> str:
    """A consent change the caller asked for, as what should have been recorded: "the
    caller's consent to marketing by e-mail", "the withdrawal of marketing by text
    message", "the special-category condition (Article 9) the caller agreed to"."""
    words = _purpose_words(change)
    if withdraw:
        return f"the withdrawal of {words}"
    if change.startswith(f"{Purpose.MARKETING}:"):
        return f"the caller's consent to {words}"
    return f"{words} the caller agreed to"


def _condition_label(condition: str) -> str:
    try:
        return SpecialCategoryCondition(condition).label
    except ValueError:
        return condition.replace("_", " ")


def special_category(run: ScoredRun) -> Mark:
    """MP-07: special-category data (support needs) saved only under an Article 9
    condition recorded first, and the support needs the caller gave were recorded."""
    expected = [
        k
        for k in SPECIAL_FIELDS
        if k in run.scenario.expected.changes or k in run.scenario.caller.true_details
    ]
    saves = [
        (i, e)
        for i, e in run.where(*SAVES)
        if any(k in SPECIAL_FIELDS for k in run.saved_fields(e))
    ]
    if not expected and not saves:
        return not_applicable("No special-category data came up in this run.")
    on_file = run.sandbox_customer()
    held = on_file is not None and any(
        c.purpose == SPECIAL_CATEGORY_PURPOSE and c.granted for c in on_file.consents
    )
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    for index, save in saves:
        condition = next(
            (
                e
                for e in run.events[:index]
                if e.action is AuditAction.CONSENT_RECORDED
                and e.customer_id == save.customer_id
                and e.details.get("special_condition")
            ),
            None,
        )
        unconditioned = condition is None and not held
        if condition is not None:
            named = _condition_label(str(condition.details["special_condition"]))
            evidence.append(step(condition, f"Article 9 condition: {named}"))
        elif unconditioned:
            problems.append("recorded the Article 9 condition before the support needs")
        said = "special-category data saved" + (", with no condition" if unconditioned else "")
        evidence.append(step(save, said, against=unconditioned))
    if expected and not saves:
        problems.append(
            f"recorded the Article 9 condition and then the caller's {labels(expected).lower()}"
        )
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)
