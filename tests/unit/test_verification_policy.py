"""The verification policy: which level a caller's passed checks reach, and what it allows."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.verification import (
    ALL_ACTIONS,
    NO_LEVEL,
    Access,
    CheckKind,
    LevelRule,
    VerificationPolicy,
    action_for,
    action_label,
    allowed_in_brief,
    describe_actions,
    parse_scope,
)

DOB = CheckKind.DATE_OF_BIRTH
POSTCODE = CheckKind.POSTCODE
ADDRESS = CheckKind.ADDRESS_LINE1
PHONE = CheckKind.PHONE_DIGITS
REFERENCE = CheckKind.REFERENCE
SECURITY = CheckKind.SECURITY_ANSWER

DEFAULTS = VerificationPolicy()

# --- Levels reached -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "level"),
    [
        pytest.param(set(), NO_LEVEL, id="nothing-passed"),
        pytest.param({DOB}, NO_LEVEL, id="one-check"),
        pytest.param({SECURITY}, NO_LEVEL, id="security-answer-alone"),
        pytest.param({DOB, POSTCODE}, "standard", id="two-checks"),
        pytest.param({POSTCODE, SECURITY}, "standard", id="two-checks-incl-security"),
        pytest.param({DOB, POSTCODE, REFERENCE}, "standard", id="three-without-security"),
        pytest.param(
            {DOB, POSTCODE, ADDRESS, PHONE, REFERENCE}, "standard", id="five-without-security"
        ),
        pytest.param({DOB, POSTCODE, SECURITY}, "high", id="three-incl-security"),
        pytest.param(set(CheckKind), "high", id="every-check"),
    ],
)
def test_passed_checks_reach_the_level_the_default_policy_gives(
    passed: set[CheckKind], level: str
) -> None:
    assert DEFAULTS.level_reached(passed) == level


def test_the_highest_level_met_wins_even_when_levels_do_not_nest() -> None:
    policy = VerificationPolicy(
        levels=(
            LevelRule(name="standard", passes=2, requires=(POSTCODE,)),
            LevelRule(name="high", passes=2, requires=(SECURITY,)),
        ),
        actions={},
    )
    assert policy.level_reached({DOB, SECURITY}) == "high"
    assert policy.level_reached({DOB, POSTCODE}) == "standard"
    assert policy.level_reached({DOB, REFERENCE}) == NO_LEVEL


@pytest.mark.parametrize(
    ("level", "title"),
    [
        pytest.param(NO_LEVEL, "Not verified", id="none"),
        pytest.param("standard", "Standard", id="standard"),
        pytest.param("high", "High", id="high"),
    ],
)
def test_levels_are_shown_with_a_title(level: str, title: str) -> None:
    assert DEFAULTS.level_title(level) == title


def test_a_level_label_replaces_its_generated_title() -> None:
    policy = VerificationPolicy(
        levels=(
            LevelRule(name="basic_checks", passes=1),
            LevelRule(name="full", label="Fully verified", passes=2),
        ),
        actions={},
    )
    assert policy.level_title("basic_checks") == "Basic checks"
    assert policy.level_title("full") == "Fully verified"


# --- What each level allows -----------------------------------------------------------------

READ_ONLY_AT_NONE = ("read:identity",)
STANDARD_ACTIONS = (
    "read:identity",
    "read:contact",
    "read:address",
    "read:date_of_birth",
    "read:enquiry",
    "change:enquiry",
    "withdraw:consent",
)


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        pytest.param(NO_LEVEL, READ_ONLY_AT_NONE, id="none"),
        pytest.param("standard", STANDARD_ACTIONS, id="standard"),
        pytest.param("high", ALL_ACTIONS, id="high"),
    ],
)
def test_each_level_allows_its_actions_and_those_of_lower_levels(
    level: str, allowed: tuple[str, ...]
) -> None:
    assert set(DEFAULTS.allowed_actions(level)) == set(allowed)
    for action in ALL_ACTIONS:
        assert DEFAULTS.level_allows(level, action) == (action in allowed), action


def test_allowed_actions_come_in_the_registry_order() -> None:
    allowed = DEFAULTS.allowed_actions("standard")
    assert allowed == tuple(a for a in ALL_ACTIONS if a in allowed)


@pytest.mark.parametrize(
    ("action", "level"),
    [
        ("read:identity", NO_LEVEL),
        ("read:contact", "standard"),
        ("read:address", "standard"),
        ("read:date_of_birth", "standard"),
        ("read:enquiry", "standard"),
        ("change:enquiry", "standard"),
        ("read:special", "high"),
        ("change:identity", "high"),
        ("change:contact", "high"),
        ("change:address", "high"),
        ("change:date_of_birth", "high"),
        ("change:special", "high"),
        ("withdraw:consent", "standard"),
    ],
)
def test_each_action_needs_the_level_the_default_policy_sets(action: str, level: str) -> None:
    assert DEFAULTS.required_level(action) == level


def test_the_default_policy_names_every_action() -> None:
    assert set(DEFAULTS.actions) == set(ALL_ACTIONS)


def test_an_action_left_out_of_the_policy_needs_the_highest_level() -> None:
    actions = {a: level for a, level in DEFAULTS.actions.items() if a != "read:contact"}
    policy = VerificationPolicy(actions=actions)
    assert policy.required_level("read:contact") == "high"
    assert not policy.level_allows("standard", "read:contact")
    assert policy.level_allows("high", "read:contact")
    assert "read:contact" not in policy.allowed_actions("standard")


def test_withdrawing_consent_left_out_needs_what_hearing_contact_details_needs() -> None:
    """Art. 7(3): taking consent back is as easy as giving it. A policy file written before
    `withdraw:consent` existed does not make it need the highest level."""
    actions = {a: level for a, level in DEFAULTS.actions.items() if a != "withdraw:consent"}
    assert VerificationPolicy(actions=actions).required_level("withdraw:consent") == "standard"
    actions["read:contact"] = NO_LEVEL
    assert VerificationPolicy(actions=actions).required_level("withdraw:consent") == NO_LEVEL


def test_withdrawing_consent_never_needs_more_than_giving_it() -> None:
    actions = dict(DEFAULTS.actions, **{"withdraw:consent": "high", "change:contact": "standard"})
    policy = VerificationPolicy(actions=actions)
    assert policy.required_level("withdraw:consent") == "standard"
    assert policy.level_allows("standard", "withdraw:consent")


def test_with_no_actions_configured_everything_needs_the_highest_level() -> None:
    policy = VerificationPolicy(actions={})
    assert policy.allowed_actions(NO_LEVEL) == ()
    assert policy.allowed_actions("standard") == ()
    assert policy.allowed_actions("high") == ALL_ACTIONS


# --- What the handler is told to do next ----------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "step"),
    [
        pytest.param(set(), "Standard: 2 more checks", id="nothing-passed"),
        pytest.param({POSTCODE}, "Standard: 1 more check", id="one-check"),
        pytest.param({SECURITY}, "Standard: 1 more check", id="security-answer-alone"),
        pytest.param(
            {DOB, POSTCODE},
            "High: 1 more check, including security answer",
            id="standard-without-security",
        ),
        pytest.param(
            {DOB, POSTCODE, REFERENCE},
            "High: 1 more check, including security answer",
            id="three-without-security",
        ),
        pytest.param({DOB, SECURITY}, "High: 1 more check", id="standard-with-security"),
        pytest.param({DOB, POSTCODE, SECURITY}, None, id="at-the-top"),
        pytest.param(set(CheckKind), None, id="every-check"),
    ],
)
def test_the_next_step_says_what_the_next_level_still_needs(
    passed: set[CheckKind], step: str | None
) -> None:
    assert DEFAULTS.next_step(passed) == step


def test_the_next_step_names_every_required_check_still_missing() -> None:
    policy = VerificationPolicy(
        levels=(LevelRule(name="strict", passes=2, requires=(POSTCODE, SECURITY)),),
        actions={},
    )
    assert policy.next_step({DOB, REFERENCE}) == (
        "Strict: 2 more checks, including postcode and security answer"
    )
    assert policy.next_step({POSTCODE}) == "Strict: 1 more check, including security answer"


def test_a_level_needing_an_answer_not_on_file_is_said_to_be_out_of_reach() -> None:
    # Siobhán has no security answer: the panel must not send the handler after one.
    assert DEFAULTS.next_step({DOB, POSTCODE}, not_on_file={SECURITY}) == (
        "High cannot be reached: no security answer on file"
    )
    assert DEFAULTS.next_step({DOB}, not_on_file={SECURITY}) == "Standard: 1 more check"
    # Every level out of reach, not only the next: what needs High is said so at Basic.
    assert DEFAULTS.unreachable({DOB}, not_on_file={SECURITY}) == {
        "High": "no security answer on file"
    }
    assert DEFAULTS.unreachable({DOB}) == {}
    # No check raises her beyond Standard in this call; one more still reaches Standard.
    assert not DEFAULTS.can_rise({DOB, POSTCODE}, not_on_file={SECURITY})
    assert DEFAULTS.can_rise({DOB}, not_on_file={SECURITY})
    assert DEFAULTS.can_rise({DOB, POSTCODE})


def test_a_level_needing_more_checks_than_are_left_is_said_to_be_out_of_reach() -> None:
    policy = VerificationPolicy(levels=(LevelRule(name="strict", passes=3),), actions={})
    assert policy.next_step({DOB}, not_on_file=set(CheckKind) - {DOB, POSTCODE}) == (
        "Strict cannot be reached: too few details on file to check"
    )


@pytest.mark.parametrize(
    ("passed", "not_on_file", "ask"),
    [
        pytest.param(set(), set(), None, id="standard-takes-any-two"),
        pytest.param({DOB}, set(), None, id="standard-takes-any-one-more"),
        pytest.param({DOB, POSTCODE}, set(), SECURITY, id="high-names-security"),
        pytest.param({DOB, POSTCODE}, {SECURITY}, None, id="security-not-on-file"),
        pytest.param({DOB, SECURITY}, set(), None, id="high-takes-any-one-more"),
        pytest.param({DOB, POSTCODE, SECURITY}, set(), None, id="at-the-top"),
    ],
)
def test_the_check_to_ask_next_is_the_one_the_next_level_names(
    passed: set[CheckKind], not_on_file: set[CheckKind], ask: CheckKind | None
) -> None:
    assert DEFAULTS.next_check(passed, not_on_file) == ask


# --- Questions ------------------------------------------------------------------------------


def test_the_security_question_asks_the_customers_own_question() -> None:
    assert DEFAULTS.question(SECURITY, "What was the name of your first pet?") == (
        "What was the name of your first pet?"
    )


def test_the_security_question_without_a_question_on_file_says_so() -> None:
    assert DEFAULTS.question(SECURITY) == "(no question on file)"


def test_other_questions_are_read_as_configured() -> None:
    assert DEFAULTS.question(DOB, "ignored") == "Can you confirm your date of birth, please?"


def test_the_default_checks_come_in_the_order_the_panel_offers_them() -> None:
    assert list(DEFAULTS.checks) == [DOB, POSTCODE, ADDRESS, PHONE, REFERENCE, SECURITY]


# --- Policies that cannot be used -----------------------------------------------------------

_TWO_LEVELS = [{"name": "standard", "passes": 2}, {"name": "high", "passes": 3}]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"levels": [{"name": "standard", "passes": 1}, {"name": "standard", "passes": 2}]},
            "level names must be unique and not 'none'",
            id="duplicate-level-names",
        ),
        pytest.param(
            {"levels": [{"name": "none", "passes": 1}], "actions": {}},
            "level names must be unique and not 'none'",
            id="level-named-none",
        ),
        pytest.param(
            {
                "checks": {"date_of_birth": "DOB?", "postcode": "Postcode?"},
                "levels": [{"name": "standard", "passes": 1, "requires": ["security_answer"]}],
                "actions": {},
            },
            "level 'standard' requires unconfigured checks: ['security_answer']",
            id="requires-unconfigured-check",
        ),
        pytest.param(
            {"levels": [{"name": "standard", "passes": 7}], "actions": {}},
            "level 'standard' needs more passes than there are checks",
            id="more-passes-than-checks",
        ),
        pytest.param(
            {"levels": _TWO_LEVELS, "actions": {"read:everything": "standard"}},
            "unknown action 'read:everything'",
            id="unknown-action",
        ),
        pytest.param(
            {"levels": _TWO_LEVELS, "actions": {"delete:contact": "high"}},
            "unknown action 'delete:contact'",
            id="unknown-access",
        ),
        pytest.param(
            {"levels": _TWO_LEVELS, "actions": {"read:contact": "gold"}},
            "action 'read:contact' names unknown level 'gold'",
            id="action-names-unknown-level",
        ),
        pytest.param(
            {"checks": {}},
            "at least one check must be configured",
            id="no-checks",
        ),
        pytest.param({"max_retries": 3}, "Extra inputs are not permitted", id="extra-key"),
        pytest.param(
            {"levels": [{"name": "standard", "passes": 2, "minimum": 1}]},
            "Extra inputs are not permitted",
            id="extra-key-in-level",
        ),
        pytest.param(
            {"scripts": {"goodbye": "Bye."}},
            "Extra inputs are not permitted",
            id="extra-key-in-scripts",
        ),
        pytest.param(
            {"checks": {"mothers_maiden_name": "Maiden name?"}},
            "Input should be 'date_of_birth'",
            id="unknown-check",
        ),
        pytest.param(
            {"levels": [{"name": "Standard", "passes": 2}], "actions": {}},
            "String should match pattern",
            id="level-name-not-lower-case",
        ),
        pytest.param(
            {"levels": [{"name": "standard", "passes": 0}], "actions": {}},
            "greater than or equal to 1",
            id="zero-passes",
        ),
        pytest.param({"max_failures": 0}, "greater than or equal to 1", id="zero-max-failures"),
        pytest.param({"failure_window_hours": 0}, "greater than 0", id="zero-window"),
        pytest.param({"phone_digits": 2}, "greater than or equal to 3", id="too-few-digits"),
        pytest.param({"phone_digits": 7}, "less than or equal to 6", id="too-many-digits"),
        pytest.param({"lock_channels": ["fax"]}, "Input should be 'phone'", id="unknown-channel"),
    ],
)
def test_a_policy_that_cannot_be_used_is_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        VerificationPolicy.model_validate(overrides)
    assert message in str(caught.value)


def test_a_policy_is_frozen() -> None:
    with pytest.raises(ValidationError):
        DEFAULTS.max_failures = 10  # type: ignore[misc]


def test_an_action_may_need_no_verification() -> None:
    policy = VerificationPolicy.model_validate(
        {"levels": [{"name": "standard", "passes": 2}], "actions": {"read:contact": "none"}}
    )
    # Withdrawing marketing consent, left out, follows hearing contact details.
    assert policy.allowed_actions(NO_LEVEL) == ("read:contact", "withdraw:consent")
    assert policy.required_level("read:enquiry") == "standard"


# --- Action names and descriptions ----------------------------------------------------------


def test_every_group_has_a_read_and_a_change_action_and_consent_a_withdrawal() -> None:
    assert len(ALL_ACTIONS) == 2 * len(FieldGroup) + 1
    assert ALL_ACTIONS[-1] == "withdraw:consent"
    for group in FieldGroup:
        for access in Access:
            assert f"{access.value}:{group.value}" in ALL_ACTIONS
            assert action_for(access, group) == f"{access.value}:{group.value}"


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("read:contact", "read contact details"),
        ("change:address", "change address"),
        ("read:special", "read support needs"),
        # The reference picks the record and is never changed: the edit form has no box.
        ("change:identity", "change names"),
        ("withdraw:consent", "withdraw marketing consent"),
    ],
)
def test_an_action_reads_as_words(action: str, label: str) -> None:
    assert action_label(action) == label


@pytest.mark.parametrize(
    ("actions", "text"),
    [
        pytest.param((), "", id="nothing"),
        pytest.param(("read:identity",), "", id="identity-is-taken-for-granted"),
        pytest.param(("read:contact",), "Read: contact details.", id="one-read"),
        pytest.param(
            ("read:contact", "read:address", "change:address"),
            "Read: contact details, address. Change: address.",
            id="read-and-change",
        ),
        pytest.param(
            ("change:address", "read:contact"),
            "Read: contact details. Change: address.",
            id="reads-come-first",
        ),
        pytest.param(
            ("read:identity", "change:identity"),
            "Change: names.",
            id="changing-identity-is-mentioned",
        ),
        pytest.param(
            STANDARD_ACTIONS,
            "Read: contact details, address, date of birth, enquiries. "
            "Withdraw: marketing consent.",
            id="standard-level-changes-nothing-the-edit-form-holds",
        ),
        pytest.param(
            ("change:contact", "withdraw:consent"),
            "Change: contact details.",
            id="withdrawing-goes-without-saying-with-contact-details",
        ),
    ],
)
def test_allowed_actions_are_described_in_a_sentence(actions: tuple[str, ...], text: str) -> None:
    assert describe_actions(actions) == text


@pytest.mark.parametrize(
    ("actions", "text"),
    [
        pytest.param((), "", id="nothing"),
        pytest.param(("read:identity",), "", id="identity-is-taken-for-granted"),
        pytest.param(
            ("read:contact",),
            "Read: contact details. Change: nothing.",
            id="a-short-list-is-listed",
        ),
        pytest.param(
            STANDARD_ACTIONS,
            "Read: everything but support needs. Change: nothing. Withdraw: marketing consent.",
            id="standard-says-what-it-leaves-out",
        ),
        pytest.param(ALL_ACTIONS, "Read and change: everything.", id="high-in-one-line"),
        pytest.param(
            ("read:contact", "read:address", "change:contact", "change:address"),
            "Read and change: contact details, address.",
            id="the-same-groups-said-once",
        ),
        pytest.param(
            ("change:identity", "read:contact"),
            "Read: contact details. Change: names.",
            id="changing-identity-is-changing-names",
        ),
    ],
)
def test_the_panel_says_what_is_allowed_in_brief(actions: tuple[str, ...], text: str) -> None:
    """The verification panel has 26 columns at 80x24: the full sentence took five lines
    at Standard and eight at High, and its end was below the panel's edge."""
    assert allowed_in_brief(actions) == text


def test_the_panel_says_nothing_can_be_changed_and_what_a_change_needs() -> None:
    """At Standard the panel said "Change: enquiries.", and F6 then said "Nothing can be
    changed in this call now: needs High.": enquiries are the call's own, kept by its
    wrap-up with no level, and the edit form holds none. The panel now says what F6 does."""
    said = allowed_in_brief(STANDARD_ACTIONS, change_needs="needs High")
    assert said == (
        "Read: everything but support needs. Change: nothing (needs High). "
        "Withdraw: marketing consent."
    )
    assert "enquiries" not in said
    assert allowed_in_brief(("read:identity",), change_needs="needs High") == ""


def test_allowed_actions_from_a_generator_are_described_in_full() -> None:
    actions = ("read:contact", "change:address")
    assert describe_actions(a for a in actions) == "Read: contact details. Change: address."


@pytest.mark.parametrize(
    ("scope", "parsed"),
    [
        pytest.param([], (), id="empty"),
        pytest.param(["read:contact"], ("read:contact",), id="one"),
        pytest.param(
            ["change:address", "read:contact", "read:address"],
            ("change:address", "read:contact", "read:address"),
            id="order-kept",
        ),
        pytest.param(
            ["read:contact", "read:address", "read:contact"],
            ("read:contact", "read:address"),
            id="duplicates-dropped",
        ),
        pytest.param([" read:contact", "read:contact "], ("read:contact",), id="spaces-trimmed"),
    ],
)
def test_a_representatives_scope_keeps_its_order_without_duplicates(
    scope: list[str], parsed: tuple[str, ...]
) -> None:
    assert parse_scope(scope) == parsed


@pytest.mark.parametrize(
    "scope",
    [
        pytest.param(["read:everything"], id="unknown-group"),
        pytest.param(["delete:contact"], id="unknown-access"),
        pytest.param(["read:contact", "READ:ADDRESS"], id="wrong-case"),
        pytest.param(["contact"], id="no-access"),
        pytest.param([""], id="empty-entry"),
    ],
)
def test_a_scope_with_an_unknown_action_is_refused(scope: list[str]) -> None:
    with pytest.raises(ValueError, match="unknown actions in scope"):
        parse_scope(scope)


def test_a_refused_scope_names_only_the_unknown_actions() -> None:
    with pytest.raises(ValueError) as caught:
        parse_scope(["read:contact", "read:everything", "write:address"])
    assert str(caught.value) == "unknown actions in scope: read:everything, write:address"


def test_the_phone_question_names_the_configured_number_of_digits() -> None:
    policy = VerificationPolicy(phone_digits=3)
    assert policy.question(CheckKind.PHONE_DIGITS) == (
        "What are the last 3 digits of the phone number we hold?"
    )


def test_another_check_is_one_that_can_still_verify_the_caller() -> None:
    """With one failure left before the lock, the panel names a check to ask instead of the
    one that failed: the one the next level names, else the first open one; none where
    only the failed one could raise the level (High needs the security answer)."""
    policy = VerificationPolicy()
    dob, postcode, answer = CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE, CheckKind.SECURITY_ANSWER
    assert policy.another_check((), (dob,)) is postcode
    assert policy.another_check((dob, postcode), ()) is answer
    assert policy.another_check((dob, postcode), (answer,)) is None
