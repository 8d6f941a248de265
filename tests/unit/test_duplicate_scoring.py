"""Scoring a possible duplicate (MP-13): more agreement never scores less."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.duplicates import (
    STRONG_MATCH,
    WEAK_MATCH,
    Agreement,
    family_name_only,
    name_similarity,
    score_duplicate,
)
from custinfo_tui.domain.names import name_key

_similarity = st.none() | st.floats(min_value=0, max_value=100)
agreements = st.builds(
    Agreement,
    name_similarity=_similarity,
    family_name_only=st.booleans(),
    same_date_of_birth=st.booleans(),
    same_phone=st.booleans(),
    same_email=st.booleans(),
    same_postcode=st.booleans(),
)
_FLAGS = ("same_date_of_birth", "same_phone", "same_email", "same_postcode")
_keys = st.text(st.characters(categories=["Ll"]), max_size=10)


@given(agreement=agreements)
def test_a_score_is_between_0_and_100(agreement: Agreement) -> None:
    assert 0 <= score_duplicate(agreement).score <= 100


@given(agreement=agreements, flag=st.sampled_from(_FLAGS))
def test_one_more_thing_in_common_never_lowers_the_score(agreement: Agreement, flag: str) -> None:
    more = replace(agreement, **{flag: True})
    assert score_duplicate(more).score >= score_duplicate(agreement).score


@given(agreement=agreements, closer=st.floats(min_value=0, max_value=100))
def test_a_closer_name_never_lowers_the_score(agreement: Agreement, closer: float) -> None:
    base = agreement.name_similarity or 0.0
    nearer = replace(agreement, name_similarity=max(base, closer))
    assert score_duplicate(nearer).score >= score_duplicate(agreement).score


@given(agreement=agreements)
def test_a_strong_match_is_always_shown(agreement: Agreement) -> None:
    found = score_duplicate(agreement)
    assert found.shown or not found.strong
    assert found.strong == (found.score >= STRONG_MATCH)
    assert found.shown == (found.score >= WEAK_MATCH)


@given(agreement=agreements)
def test_each_reason_says_what_was_in_common(agreement: Agreement) -> None:
    reasons = score_duplicate(agreement).reasons
    assert ("same date of birth" in reasons) == agreement.same_date_of_birth
    assert ("same phone" in reasons) == agreement.same_phone
    assert ("same e-mail" in reasons) == agreement.same_email
    assert ("same postcode" in reasons) == agreement.same_postcode
    assert not {"same name", "similar name"} <= set(reasons)
    names = {"same name", "similar name", "same family name", "similar family name"}
    assert len(names & set(reasons)) <= 1
    assert not agreement.family_name_only or not {"same name", "similar name"} & set(reasons)


@given(given_name=_keys, family=_keys.filter(bool))
def test_a_name_is_as_similar_as_can_be_to_itself(given_name: str, family: str) -> None:
    assert name_similarity(given_name, family, given_name, family) == 100.0


_same_length_keys = st.integers(min_value=1, max_value=10).flatmap(
    lambda n: st.tuples(*[st.text(st.characters(categories=["Ll"]), min_size=n, max_size=n)] * 2)
)


@given(keys=_same_length_keys)
def test_name_similarity_is_symmetric_between_names_of_one_length(keys: tuple[str, str]) -> None:
    """Edit distance is symmetric; only search as you type's shortcut for a typed prefix of
    a longer key tells what was typed from what is stored."""
    a, b = keys
    assert name_similarity("", a, "", b) == name_similarity("", b, "", a)


def test_a_name_alone_or_a_shared_phone_alone_is_worth_a_look_but_not_strong() -> None:
    name_only = score_duplicate(Agreement(name_similarity=100.0))
    phone_only = score_duplicate(Agreement(same_phone=True))
    assert name_only.shown and not name_only.strong
    assert phone_only.shown and not phone_only.strong


def test_a_name_with_a_date_of_birth_is_a_strong_match() -> None:
    found = score_duplicate(Agreement(name_similarity=100.0, same_date_of_birth=True))
    assert found.strong
    assert found.reasons == ("same name", "same date of birth")


def test_a_slip_in_a_long_given_name_is_a_similar_name_not_the_same() -> None:
    """A supervisor's queue item said "same name" for Jonathon and Jonathan Smythe."""
    similarity = name_similarity(
        name_key("Jonathon"), name_key("Smythe"), name_key("Jonathan"), name_key("Smythe")
    )
    found = score_duplicate(Agreement(name_similarity=similarity, same_date_of_birth=True))
    assert found.strong
    assert found.reasons == ("similar name", "same date of birth")


def test_a_family_name_compared_alone_is_said_to_be_only_the_family_name() -> None:
    similarity = name_similarity("", name_key("Smith"), "alfie", "smith")
    found = score_duplicate(Agreement(name_similarity=similarity, family_name_only=True))
    assert found.reasons == ("same family name",)


def test_a_slip_in_the_surname_is_a_similar_name() -> None:
    similarity = name_similarity(name_key("John"), name_key("Smiht"), "john", "smith")
    assert score_duplicate(Agreement(name_similarity=similarity)).reasons == ("similar name",)


def test_a_name_missing_on_one_side_is_compared_on_the_family_name_alone() -> None:
    """One name only (domain/one_name.py): "Suharto" and "Budi Suharto" share their family
    name, not differ by a whole given name; two customers with one name only each have the
    same name."""
    assert name_similarity("budi", "suharto", "", "suharto") == 100.0
    assert name_similarity("", "suharto", "budi", "suharto") == 100.0
    assert family_name_only("budi", "", one_name_only=False)
    assert family_name_only("", "budi", one_name_only=True)
    assert family_name_only("", "", one_name_only=False)  # no given name typed yet
    assert not family_name_only("", "", one_name_only=True)
    assert not family_name_only("budi", "budi", one_name_only=False)


def test_one_name_only_found_by_its_one_name_is_marked_only_when_the_name_agrees() -> None:
    """A customer with one name only, a given name typed that they do not hold: the name
    agreeing is worth what a family name is (a possible duplicate, never strong alone) and
    marks the candidate; agreeing on something else only marks nothing."""
    one_name = Agreement(name_similarity=100.0, family_name_only=True, by_one_name=True)
    found = score_duplicate(one_name)
    assert found.by_one_name and found.shown and not found.strong
    assert found.reasons == ("same family name",)
    assert score_duplicate(replace(one_name, same_date_of_birth=True)).strong
    phone_only = replace(one_name, name_similarity=40.0, same_phone=True)
    assert not score_duplicate(phone_only).by_one_name
