"""The role-play scenarios shipped in the package (docs/training.md, "Shipped scenarios").

Each file must load into the `Scenario` model, name only fields, checks, queue kinds,
outcomes and stages the console knows (with the built-in policy), hold values the field
registry accepts (so the sandbox can be built and the scorer can normalise them), use only
fictitious phone numbers and e-mail addresses, and be consistent with itself: the caller
can reach the level the expected changes need, and has an answer for every field the good
path captures.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import custinfo_tui
from custinfo_tui.domain.capture import (
    DEFAULT_CHANGE_REASONS,
    DEFAULT_ENQUIRY_TYPES,
    DEFAULT_TEMPLATES,
)
from custinfo_tui.domain.complaints import DEFAULT_STAGES
from custinfo_tui.domain.consent import (
    SPECIAL_CATEGORY_PURPOSE,
    MarketingChannel,
    Purpose,
    SpecialCategoryCondition,
)
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS, field, normaliser_for
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.training.scenario import CallerIs, SandboxRepresentative, Scenario
from custinfo_tui.domain.training.scoring import RULES
from custinfo_tui.domain.validation import FieldResult, check
from custinfo_tui.domain.verification import (
    NO_LEVEL,
    Access,
    CheckKind,
    VerificationPolicy,
    action_for,
    parse_scope,
)
from custinfo_tui.domain.wrap_up import DEFAULT_OUTCOMES

SCENARIOS = Path(custinfo_tui.__file__).parent / "data" / "scenarios"
FILES = sorted(SCENARIOS.glob("*.toml"))
DOC = Path(__file__).resolve().parents[2] / "docs" / "training.md"

#: The scenarios issue 14 asks for (point 6), by file name.
ASKED_FOR = {
    "new-customer-by-phone",
    "spelling-and-read-back-correction",
    "change-of-address",
    "impostor-without-date-of-birth",
    "attorney-within-authority",
    "named-contact-outside-scope",
    "spouse-without-authority",
    "card-number-read-out",
    "complaint-four-steps",
    "says-new-but-on-file",
    "planted-wrong-date-of-birth",
    "marketing-consent-withdrawal",
    "face-to-face-accessibility",
}

#: The data protection scenarios issue 15 asks for (point 6), by file name.
ASKED_FOR_DATA_PROTECTION = {
    "subject-access-request-by-phone",
    "caller-claiming-to-be-police",
    "misdirected-letter-breach",
}

#: The details a representative is verified on (`RepresentativeIn`).
REPRESENTATIVE_FIELDS = {"date_of_birth", "postcode", "address_line1", "phone"}
#: Ofcom's numbers for drama (07700 900000-999, 020 7946 0000-0999), in E.164.
FICTITIOUS_PHONE = re.compile(r"^\+44(7700900\d{3}|2079460\d{3})$")
FICTITIOUS_EMAIL = re.compile(r"@example\.(com|org|net)$")
POLICY = VerificationPolicy()


def _check_value(key: str, value: str) -> FieldResult:
    """A value checked as the console checks it when typed (free text cleaned)."""
    return check(normaliser_for(key), value)


def _load(path: Path) -> Scenario:
    with path.open("rb") as file:
        return Scenario.model_validate({**tomllib.load(file), "id": path.stem})


@pytest.fixture(params=FILES, ids=[path.stem for path in FILES])
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return _load(request.param)


def _field_keys(scenario: Scenario) -> list[str]:
    caller = scenario.caller
    keys = [*caller.true_details, *caller.says, *scenario.expected.changes]
    keys += [correction.field for correction in caller.read_back_corrections]
    for customer in scenario.customers:
        keys += [*customer.values, *(error.field for error in customer.planted_errors)]
        for representative in customer.representatives:
            keys += list(representative.values)
    return keys


def _representative(scenario: Scenario) -> SandboxRepresentative | None:
    caller = scenario.caller
    if caller.representative is None or caller.customer is None:
        return None
    return next(
        rep
        for rep in scenario.customer(caller.customer).representatives
        if rep.name == caller.representative
    )


def test_the_scenarios_the_issue_asks_for_are_all_shipped() -> None:
    assert {path.stem for path in FILES} >= ASKED_FOR | ASKED_FOR_DATA_PROTECTION
    assert len(FILES) >= 12


def test_every_shipped_scenario_loads_into_the_model(scenario: Scenario) -> None:
    assert scenario.title and scenario.summary.strip()
    assert scenario.caller.opening and scenario.caller.goal and scenario.caller.manner
    assert scenario.expected.outcome.strip()


def test_every_field_named_is_in_the_field_registry(scenario: Scenario) -> None:
    assert [key for key in _field_keys(scenario) if key not in FIELDS] == []


def test_every_sandbox_value_and_true_detail_passes_the_registrys_validators(
    scenario: Scenario,
) -> None:
    values: list[tuple[str, str]] = list(scenario.caller.true_details.items())
    for customer in scenario.customers:
        values += list(customer.on_file().items()) + list(customer.values.items())
        for representative in customer.representatives:
            values += list(representative.values.items())
    problems = [
        (key, value, result.message)
        for key, value in values
        if not (result := _check_value(key, value)).ok
    ]
    assert problems == []


def test_phone_numbers_and_e_mail_addresses_are_fictitious(scenario: Scenario) -> None:
    values = dict(scenario.caller.true_details).items()
    held = [*values]
    for customer in scenario.customers:
        held += list(customer.on_file().items())
        for representative in customer.representatives:
            held += list(representative.values.items())
    for key, value in held:
        if key == "phone":
            assert FICTITIOUS_PHONE.match(_check_value(key, value).value or ""), value
        if key == "email":
            assert FICTITIOUS_EMAIL.search(value), value


def test_no_real_looking_number_or_address_anywhere_in_the_files() -> None:
    """Numbers and addresses said in lines (a goal, something the caller volunteers) too."""
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for number in re.findall(r"\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b", text):
            normalised = _check_value("phone", number).value or ""
            assert FICTITIOUS_PHONE.match(normalised), (path.name, number)
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            assert FICTITIOUS_EMAIL.search(address), (path.name, address)


def test_every_kind_stage_outcome_and_purpose_named_is_one_the_console_knows(
    scenario: Scenario,
) -> None:
    expected = scenario.expected
    levels = {NO_LEVEL, *(level.name for level in POLICY.levels)}
    assert expected.verification_level is None or expected.verification_level in levels
    assert all(kind in set(QueueKind) for kind in expected.raises)
    assert expected.wrap_up_outcome in {None, *(outcome.key for outcome in DEFAULT_OUTCOMES)}
    assert expected.complaint_stage in {None, *DEFAULT_STAGES}
    assert expected.enquiry_type in {None, *DEFAULT_ENQUIRY_TYPES}
    assert expected.change_reason in {None, *DEFAULT_CHANGE_REASONS}
    assert expected.special_condition in {None, *SpecialCategoryCondition}
    for change in expected.consent_changes:
        purpose, _, channel = change.partition(":")
        assert purpose in {*Purpose, SPECIAL_CATEGORY_PURPOSE}, change
        assert not channel or channel in set(MarketingChannel), change
    for customer in scenario.customers:
        for consent in customer.consents:
            assert consent.purpose in {*Purpose, SPECIAL_CATEGORY_PURPOSE}
            assert consent.channel is None or consent.channel in set(MarketingChannel)
        assert all(c.enquiry_type in DEFAULT_ENQUIRY_TYPES for c in customer.history)
        for representative in customer.representatives:
            assert parse_scope(representative.actions) == representative.actions
            assert set(representative.values) <= REPRESENTATIVE_FIELDS
            assert representative.values or representative.security_answer


def test_a_change_reason_the_outcome_names_is_the_one_scored(scenario: Scenario) -> None:
    """change-of-address said "saved with the reason "Customer moved"" in its outcome,
    but nothing scored it: a house move saved as "Entry error corrected" met MP-10."""
    outcome = " ".join(scenario.expected.outcome.split())
    named = [r for r in DEFAULT_CHANGE_REASONS if f'"{r}"' in outcome]
    assert named == ([scenario.expected.change_reason] if scenario.expected.change_reason else [])


def test_sandbox_records_can_be_built_and_planted_errors_differ_from_the_truth(
    scenario: Scenario,
) -> None:
    for customer in scenario.customers:
        assert {"given_name", "family_name"} <= set(customer.values), customer.key
        assert (customer.security_answer is None) == (customer.security_question is None)
        for error in customer.planted_errors:
            assert (
                _check_value(error.field, error.on_file).value
                != _check_value(error.field, customer.values[error.field]).value
            )


def test_the_caller_is_who_the_scenario_says(scenario: Scenario) -> None:
    caller = scenario.caller
    if caller.is_ is CallerIs.REPRESENTATIVE:
        assert _representative(scenario) is not None
    else:
        assert caller.representative is None
    if scenario.expected.creates_customer:
        assert caller.customer is None and scenario.expected.record is None
        # The capture form logs the call (MP-18): there is no wrap-up to choose an outcome on.
        assert scenario.expected.wrap_up_outcome is None
    else:
        assert caller.customer is not None and scenario.expected.record == caller.customer


def test_the_callers_name_is_only_the_name_they_give(scenario: Scenario) -> None:
    """Found trying a role-play: the caller pane read "Caller: A woman giving the name
    Margaret Okafor", telling the trainee she was an impostor. The pane shows `name`."""
    name = scenario.caller.name
    assert not re.search(r"\b(impostor|posing|pretend|giving|claims?|says)\b", name, re.I)
    assert len(name.split()) <= 4, name


def test_the_caller_can_reach_the_expected_level(scenario: Scenario) -> None:
    level = scenario.expected.verification_level
    if level in (None, NO_LEVEL):
        return
    rule = next(rule for rule in POLICY.levels if rule.name == level)
    answered = set(scenario.caller.checks)
    assert len(answered) >= rule.passes and set(rule.requires) <= answered
    if CheckKind.SECURITY_ANSWER in rule.requires:
        representative = _representative(scenario)
        holder = representative or scenario.customer(scenario.caller.customer or "")
        assert holder.security_answer and holder.security_question


def test_the_expected_level_allows_the_expected_changes(scenario: Scenario) -> None:
    expected = scenario.expected
    if expected.creates_customer:
        return
    level = expected.verification_level or NO_LEVEL
    actions = {action_for(Access.CHANGE, field(key).group) for key in expected.changes}
    if expected.consent_changes:
        # A consent changes in a call as contact details do (`services.consent`).
        actions.add(action_for(Access.CHANGE, FieldGroup.CONTACT))
    assert [a for a in actions if not POLICY.level_allows(level, a)] == []
    representative = _representative(scenario)
    if representative is not None:
        assert actions <= set(representative.actions)


def test_every_expected_change_changes_the_record(scenario: Scenario) -> None:
    """A field to change must end different from what is on file: a save leaves an
    unchanged field out, so a change that changes nothing could never be scored met."""
    expected = scenario.expected
    if expected.creates_customer or expected.record is None:
        return
    [customer] = [c for c in scenario.customers if c.key == expected.record]
    on_file = dict(customer.values) | {e.field: e.on_file for e in customer.planted_errors}
    true = scenario.caller.true_details
    same = [
        key
        for key in expected.changes
        if key in on_file
        and _check_value(key, on_file[key]).value == _check_value(key, true[key]).value
    ]
    assert same == [], f"{scenario.id}: {same} already hold the true value"


def test_the_caller_answers_every_question_the_good_path_asks(scenario: Scenario) -> None:
    caller = scenario.caller
    captured = set(scenario.expected.changes)
    if scenario.expected.creates_customer:
        template = DEFAULT_TEMPLATES["new_customer"]
        required = {f.key for f in template.fields if f.required}
        assert required <= captured
        # Every question but the postcode from outside the UK: the form closes its box for
        # an address in the UK, as every shipped caller's is.
        asked = {f.key for f in template.fields if f.key != "foreign_postcode"}
        assert asked <= set(caller.says)
        assert caller.consent
    assert captured <= set(caller.says)
    assert captured <= set(caller.true_details)
    for correction in caller.read_back_corrections:
        assert correction.field in caller.says and correction.field in caller.true_details
    if scenario.expected.special_condition:
        assert "accessibility_needs" in captured


def test_every_point_a_shipped_scenario_practises_is_one_the_scorer_can_mark(
    scenario: Scenario,
) -> None:
    """MP-01 was listed as practised by three scenarios (MP-15 by one) and could only ever
    be "not applicable": a point the run's events cannot show is the trainer's to observe,
    not one a scenario claims to practise."""
    assert [point for point in scenario.practises if point not in RULES] == []


def test_the_docs_catalogue_lists_every_shipped_scenario_with_its_title_and_points() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Shipped scenarios", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \|", section, re.MULTILINE)
    assert {row[0] for row in rows} == {path.stem for path in FILES}
    for stem, title, points in rows:
        scenario = _load(SCENARIOS / f"{stem}.toml")
        assert (title, points) == (scenario.title, ", ".join(scenario.practises)), stem


def test_a_scenario_that_changes_consents_scripts_the_callers_answer_to_the_consent(
    scenario: Scenario,
) -> None:
    """Found in a role-play: the one scenario about consent left the caller "(unscripted)"
    as the trainee read the consent script to her."""
    if scenario.expected.consent_changes:
        assert scenario.caller.consent, f"{scenario.id}: caller.consent is not scripted"
