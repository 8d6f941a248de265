"""What a caller lets the handler disclose or change, by level, authority and lock (MP-08)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.caller_access import (
    READ_IDENTITY,
    asked_of_a_representative,
    caller_access,
)
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.one_name import ONE_NAME_QUESTION
from custinfo_tui.domain.verification import (
    ALL_ACTIONS,
    NO_LEVEL,
    CallerKind,
    CheckKind,
    VerificationPolicy,
)

DEFAULT = VerificationPolicy()
# Policies that put every action at any level, names and reference included.
policies = st.dictionaries(
    st.sampled_from(ALL_ACTIONS), st.sampled_from([NO_LEVEL, "standard", "high"])
).map(lambda actions: VerificationPolicy(actions=actions))
checks = st.sets(st.sampled_from(list(CheckKind)))
scopes = st.sets(st.sampled_from(ALL_ACTIONS))
callers = st.sampled_from(list(CallerKind))


@given(policy=policies, passed=checks, more=checks, kind=callers, locked=st.booleans())
def test_passing_more_checks_never_allows_less(
    policy: VerificationPolicy,
    passed: set[CheckKind],
    more: set[CheckKind],
    kind: CallerKind,
    locked: bool,
) -> None:
    before = caller_access(policy, passed, kind, locked=locked)
    after = caller_access(policy, passed | more, kind, locked=locked)
    assert set(before.allowed) <= set(after.allowed)


@given(policy=policies, passed=checks, kind=callers, scope=st.none() | scopes, locked=st.booleans())
def test_every_action_is_either_allowed_or_says_why_not(
    policy: VerificationPolicy,
    passed: set[CheckKind],
    kind: CallerKind,
    scope: set[str] | None,
    locked: bool,
) -> None:
    access = caller_access(policy, passed, kind, scope=scope, locked=locked)
    assert set(access.allowed).isdisjoint(access.needs)
    assert set(access.allowed) | set(access.needs) == set(ALL_ACTIONS)
    assert all(access.needs.values())


@given(policy=policies, passed=checks, kind=callers, scope=st.none() | scopes)
def test_a_lock_allows_names_and_reference_only(
    policy: VerificationPolicy, passed: set[CheckKind], kind: CallerKind, scope: set[str] | None
) -> None:
    access = caller_access(policy, passed, kind, scope=scope, locked=True)
    assert access.allowed == (READ_IDENTITY,)
    assert set(access.needs.values()) == {"verification locked"}


@given(policy=policies, passed=checks)
def test_a_caller_with_no_authority_reaches_no_level_whatever_they_answer(
    policy: VerificationPolicy, passed: set[CheckKind]
) -> None:
    access = caller_access(policy, passed, CallerKind.NO_AUTHORITY)
    assert access.level == NO_LEVEL
    assert access.allowed == (READ_IDENTITY,)


@given(policy=policies, passed=checks, scope=scopes)
def test_a_representative_allows_no_more_than_the_customer_and_their_scope(
    policy: VerificationPolicy, passed: set[CheckKind], scope: set[str]
) -> None:
    customer = caller_access(policy, passed, CallerKind.CUSTOMER)
    representative = caller_access(policy, passed, CallerKind.REPRESENTATIVE, scope=scope)
    assert set(representative.allowed) <= set(customer.allowed)
    assert set(representative.allowed) <= scope | {READ_IDENTITY}
    outside = {a for a in customer.allowed if a not in scope and a != READ_IDENTITY}
    assert all(representative.needs[a] == "outside their scope" for a in outside)


@given(passed=checks)
def test_names_and_reference_are_always_allowed_under_the_default_policy(
    passed: set[CheckKind],
) -> None:
    for kind in CallerKind:
        assert READ_IDENTITY in caller_access(DEFAULT, passed, kind).allowed


@given(passed=checks)
def test_the_allowed_actions_are_the_levels_in_the_policys_order(passed: set[CheckKind]) -> None:
    access = caller_access(DEFAULT, passed, CallerKind.CUSTOMER)
    assert access.level == DEFAULT.level_reached(passed)
    assert access.allowed == DEFAULT.allowed_actions(access.level)


def test_two_checks_let_the_customer_hear_their_address_but_not_change_it() -> None:
    access = caller_access(
        DEFAULT, {CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE}, CallerKind.CUSTOMER
    )
    assert "read:address" in access.allowed
    assert access.needs["change:address"] == "needs High"


def test_every_question_asked_of_a_representative_is_about_the_customer() -> None:
    """Asked "What is your e-mail address?", someone calling for their father gives their
    own: every field's question is put about the customer instead."""
    for question in (*(spec.question for spec in FIELDS.values()), ONE_NAME_QUESTION):
        asked = asked_of_a_representative(question)
        # "you" may stay as the one asked ("Do you have their customer reference?").
        about_them = r"\byour\b|(reach|support) you\b|you go by"
        assert not re.search(about_them, asked, re.IGNORECASE), asked
    assert asked_of_a_representative(ONE_NAME_QUESTION) == (
        "Can I take the name they go by, please?"
    )
    assert asked_of_a_representative("What is the first line of your address?") == (
        "What is the first line of their address?"
    )
    assert asked_of_a_representative("What is the best phone number to reach you on?") == (
        "What is the best phone number to reach them on?"
    )
