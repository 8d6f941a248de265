"""The symmetric-delete name index: one slip between two names always shares a key."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.search import deletion_keys, word_similarity

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "2026_11_23_0004_name_index.py"
)

letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("jonh", "john", id="swapped"),
        pytest.param("smiht", "smith", id="swapped-at-the-end"),
        pytest.param("smyth", "smith", id="wrong-letter"),
        pytest.param("tayor", "taylor", id="missing"),
        pytest.param("taylorr", "taylor", id="extra"),
    ],
)
def test_names_one_slip_apart_share_an_index_key(typed: str, stored: str) -> None:
    assert deletion_keys(typed) & deletion_keys(stored)


@given(letters, st.data())
def test_any_single_slip_shares_a_key(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    slips = [
        word[:i] + letter + word[i + 1 :],  # a wrong letter
        word[:i] + word[i + 1 :],  # a missing one
        word[:i] + letter + word[i:],  # an extra one
    ]
    if i + 1 < len(word):
        slips.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # a swapped pair
    for slip in slips:
        assert deletion_keys(slip) & deletion_keys(word), slip


def test_short_words_are_indexed_only_as_they_are() -> None:
    assert deletion_keys("li") == {"li"}
    assert deletion_keys("李") == {"李"}


def test_closeness_ranks_the_same_above_a_prefix_above_a_slip() -> None:
    assert word_similarity("smith", "smith") == 100
    assert word_similarity("smi", "smith") == 90
    assert 70 <= word_similarity("smiht", "smith") < 90
    assert word_similarity("jonh", "joan") < 70


def test_the_migrations_copy_of_the_deletion_rule_agrees_with_the_app() -> None:
    spec = importlib.util.spec_from_file_location("migration_0004", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for word in ("li", "smith", "o'neill-ni bhriain", "x" * 40, "zoe"):
        assert module.deletion_keys(word) == deletion_keys(word)


MIGRATION_0005 = MIGRATION.with_name("2026_11_23_0005_town_keys.py")


@pytest.mark.parametrize(
    "town",
    ["London", "Leeds", "Milton Keynes", "Llanfairpwllgwyngyll", "Newcastle upon Tyne", "Pontypŵl"],
)
def test_the_town_migrations_folding_agrees_with_the_app(town: str) -> None:
    from custinfo_tui.domain.text import fold_for_search

    spec = importlib.util.spec_from_file_location("migration_0005", MIGRATION_0005)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.fold(town) == fold_for_search(town)
    assert module.deletion_keys(fold_for_search(town)) == deletion_keys(fold_for_search(town))
