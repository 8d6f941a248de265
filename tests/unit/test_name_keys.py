"""Name keys and the readings of a typed name: a surname of several words is one key, found
however its spaces, hyphens and apostrophes were typed."""

from __future__ import annotations

import importlib.util
import string
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.names import NAME_KEY_SEPARATORS, name_key
from custinfo_tui.domain.search import (
    MAX_SURNAME_WORDS,
    NameReading,
    name_readings,
    parse_query,
    word_similarity,
)
from custinfo_tui.domain.text import fold_for_search

MIGRATION_0009 = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "2026_11_23_0009_compact_name_keys.py"
)
MIGRATION_0034 = MIGRATION_0009.with_name("2026_12_10_0034_keys_without_variation_selectors.py")


def _load_migration(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


migration_0009 = _load_migration(MIGRATION_0009)
migration_0034 = _load_migration(MIGRATION_0034)

_letters = st.characters(categories=["L", "M"])
_parts = st.lists(st.text(_letters, min_size=1, max_size=10), min_size=1, max_size=4)
_separators = st.sampled_from([" ", "-", "'", "\u2019", "\u2018", " - ", ". ", ""])
_ascii_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
_latin = st.text(alphabet=string.ascii_letters + "áéíóúàèäëïöüñçãõåøæœßÁÉÍÓÚÑÇÖ", max_size=30)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("van der Berg", "vanderberg"),
        ("Van Der Berg", "vanderberg"),
        ("de la Cruz", "delacruz"),
        ("McDonald", "mcdonald"),
        ("Mc Donald", "mcdonald"),
        ("MacDonald", "macdonald"),
        ("O'Neill-Ní Bhriain", "oneillnibhriain"),
        ("O\u2019Neill", "oneill"),
        ("O\u02bcNeill", "oneill"),
        ("Ó Briain", "obriain"),
        ("Nic Cárthaigh", "niccarthaigh"),
        ("Smith\u2010Jones", "smithjones"),
        ("J. R.", "jr"),
        ("李", "李"),
        ("Zoë", "zoe"),
    ],
)
def test_a_name_key_is_folded_without_spaces_hyphens_apostrophes_or_full_stops(
    name: str, key: str
) -> None:
    assert name_key(name) == key


@given(_parts, _separators, _separators)
def test_a_name_has_one_key_however_its_parts_are_joined(
    parts: list[str], one: str, other: str
) -> None:
    assert name_key(one.join(parts)) == name_key(other.join(parts))


@given(st.text())
def test_a_name_key_holds_no_separator_and_is_its_own_key(name: str) -> None:
    key = name_key(name)
    assert not set(key) & set(NAME_KEY_SEPARATORS)
    assert name_key(key) == key


@given(_latin)
def test_a_name_key_ignores_case_and_accents_like_the_search(name: str) -> None:
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(fold_for_search(name))


def _readings(typed: str) -> tuple[NameReading, ...]:
    return name_readings(parse_query(typed).words)


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("van der berg", NameReading("", "vanderberg")),
        ("pieter van der berg", NameReading("pieter", "vanderberg")),
        ("p van der berg", NameReading("p", "vanderberg")),
        ("de la cruz", NameReading("", "delacruz")),
        ("aoife ní bhriain", NameReading("aoife", "nibhriain")),
        ("siobhan o'neill-ni bhriain", NameReading("siobhan", "oneillnibhriain")),
        ("mc donald", NameReading("", "mcdonald")),
        ("mary jane smith", NameReading("maryjane", "smith")),
        ("john smith", NameReading("john", "smith")),
    ],
)
def test_the_words_are_read_every_way_a_surname_can_end_them(
    typed: str, reading: NameReading
) -> None:
    assert reading in {NameReading(r.given, r.family) for r in _readings(typed)}


@given(st.lists(_ascii_word, min_size=1, max_size=8))
def test_every_reading_keeps_all_the_words_in_order(words: list[str]) -> None:
    readings = name_readings(words)
    assert 1 <= len(readings) <= MAX_SURNAME_WORDS
    for reading in readings:
        assert reading.family
        assert reading.given + reading.family == "".join(words)
    assert readings[-1].family == words[-1]  # the last word alone, as before


@given(
    given_name=_ascii_word,
    surname=st.lists(_ascii_word, min_size=1, max_size=MAX_SURNAME_WORDS - 1),
    joins=st.lists(st.sampled_from([" ", "", "-", "'"]), min_size=MAX_SURNAME_WORDS),
)
def test_a_surname_typed_with_or_without_its_separators_has_its_stored_reading(
    given_name: str, surname: list[str], joins: list[str]
) -> None:
    stored = NameReading(name_key(given_name), name_key(" ".join(surname)))
    typed = surname[0] + "".join(j + word for j, word in zip(joins, surname[1:], strict=False))
    readings = name_readings([given_name, *typed.split()])
    assert stored in {NameReading(r.given, r.family) for r in readings}


def test_an_initial_narrows_a_surname_rather_than_being_forgiven_as_a_slip() -> None:
    whole = _readings("j smith")[0]
    assert whole.family == "jsmith"
    assert whole.family_similarity("smith") == 0
    assert _readings("h mcdonald")[0].family_similarity("macdonald") == 0
    # ...but a one-letter part of the surname is still the surname: O Neill, D Arcy.
    assert _readings("o neill")[0].family_similarity("oneill") == 100
    assert _readings("o neil")[0].family_similarity("oneill") >= 90


def test_typing_past_the_end_of_a_shorter_name_is_not_a_slip_of_it() -> None:
    assert word_similarity("smithok", "smith") == 0  # Smith-Okafor, typed as far as "ok"
    assert word_similarity("smiths", "smith") > 80  # one letter too many is a slip
    assert word_similarity("smith", "smithokafor") == 90  # the start of a longer name


def test_the_closer_form_ranks_first() -> None:
    (mcdonald,) = _readings("mcdonald")
    assert mcdonald.similarity("angus", "mcdonald") > mcdonald.similarity("angus", "macdonald")
    pieter = _readings("pieter van der berg")
    best = max(pieter, key=lambda r: r.similarity("pieter", "vanderberg"))
    assert best.similarity("pieter", "vanderberg") == 100


@given(st.text())
def test_the_migrations_new_key_of_an_old_key_is_the_apps_name_key(name: str) -> None:
    assert migration_0009.fold(name) == migration_0034.fold(name, keep_selectors=True)
    assert migration_0009.compact(fold_for_search(name)) == name_key(name)


@given(
    st.text()
    | st.lists(st.sampled_from(["a", "葛", " ", "\ufe0f", "\U000e0100", "\u180b"])).map("".join)
)
def test_the_migrations_keys_without_variation_selectors_are_the_apps(text: str) -> None:
    assert migration_0034.fold(text) == fold_for_search(text)
    assert migration_0034.name_key(text) == name_key(text)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param("Jane\ufe0f", "jane", id="emoji-presentation"),
        pytest.param("Ja\ufe00ne", "jane", id="standardised-variant"),
        pytest.param("葛\U000e0100城", "葛城", id="ideographic-variant"),
        pytest.param("\u182a\u180b\u1820\u180f", "\u182a\u1820", id="mongolian"),
    ],
)
def test_a_variation_selector_is_left_out_of_the_key(name: str, key: str) -> None:
    assert name_key(name) == key
    assert fold_for_search(name) == key
    assert name_key(name) == name_key(name.replace("\ufe0f", ""))
