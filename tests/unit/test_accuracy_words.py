"""How MP-05 says a value typed differs from the caller's (docs/training.md, "How a run
is scored"): a slip is named only when it is one, else "a different value"; properties
over any two values (hypothesis), and the value an explorer found misnamed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.training.marks_accuracy import describe_difference

#: Letters of both cases, digits and a space: what a name, an address or a number holds.
VALUES = st.text(alphabet="abcABC0129 ", min_size=1, max_size=10)


def _without_one(value: str) -> set[str]:
    return {value[:i] + value[i + 1 :] for i in range(len(value))}


def test_a_wholly_different_address_a_character_shorter_is_a_different_value() -> None:
    """Found by an explorer: the caller said "Fourteen Harbour Road", the trainee saved "8
    Harbour View", and the debrief said "one character missing"."""
    assert describe_difference("14 Harbour Road", "8 Harbour View") == "a different value"
    assert describe_difference("8 Harbour View", "14 Harbour Road") == "a different value"


def test_the_slips_a_trainee_makes_keep_their_names() -> None:
    assert describe_difference("14 Harbour Road", "14 Harbour Rad") == "one character missing"
    assert describe_difference("14 Harbour Road", "14 Harbour Roadd") == "one character too many"
    assert describe_difference("14 Harbour Road", "15 Harbour Road") == "one character wrong"
    assert describe_difference("14 Harbour Road", "41 Harbour Road") == (
        "two neighbouring characters swapped (a transposition)"
    )
    assert describe_difference("+447700900123", "+447700900456") == "3 characters wrong"
    assert describe_difference("Smith", "Jones") == "a different value"


@given(VALUES.filter(lambda v: len(v) >= 2), st.data())
def test_a_character_taken_out_is_always_one_character_missing(
    value: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(value) - 1))
    assert describe_difference(value, value[:at] + value[at + 1 :]) == "one character missing"


@given(VALUES, st.data())
def test_a_character_put_in_is_always_one_character_too_many(
    value: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(value)))
    extra = data.draw(st.sampled_from("abcABC0129 "))
    held = value[:at] + extra + value[at:]
    assert describe_difference(value, held) == "one character too many"


@given(VALUES, VALUES)
def test_a_slip_is_named_only_when_it_is_one(true: str, held: str) -> None:
    """Whatever two values: each name for a slip holds of them, and any other difference
    is a different value."""
    said = describe_difference(true, held)
    wrong = [i for i, (a, b) in enumerate(zip(true, held, strict=False)) if a != b]
    if true == held:
        return
    if said == "one character missing":
        assert held in _without_one(true)
    elif said == "one character too many":
        assert true in _without_one(held)
    elif said == "one character wrong":
        assert len(true) == len(held) and len(wrong) == 1
    elif said.endswith(" characters wrong"):
        count = int(said.split()[0])
        assert len(true) == len(held) and len(wrong) == count and 2 * count <= len(true)
    elif said.startswith("two neighbouring characters swapped"):
        [at, then] = wrong
        assert then == at + 1 and (true[at], true[then]) == (held[then], held[at])
    elif said == "not in the standard form":
        assert true.casefold() == held.casefold()
    else:
        assert said == "a different value"
        assert held not in _without_one(true) and true not in _without_one(held)
        assert len(true) != len(held) or 2 * len(wrong) > len(true)
