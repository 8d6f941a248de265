"""The reason typed for refusing an erasure because the record is held says which request
was refused, in words the person's pack can show: not nothing, nor only the request's
number (the desk once filled in "Request 2 (Art. 17)"), nor a word too short to say
anything (docs/data-protection.md, "How to erase a customer")."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.data_protection.refusal_reason import (
    REFUSAL_REASON_NEEDED,
    refusal_reason_problem,
)


@pytest.mark.parametrize(
    "typed",
    ["Request 2 (Art. 17)", "request  2", "Erasure request 12.", "Art. 17", "(Article 17(1))"],
)
def test_a_reason_that_only_numbers_the_request_is_refused_saying_so(typed: str) -> None:
    assert refusal_reason_problem(typed) == (
        f'"{" ".join(typed.split())}" only numbers the request. {REFUSAL_REASON_NEEDED}'
    )


def test_nothing_or_next_to_nothing_is_refused_with_what_to_say() -> None:
    assert refusal_reason_problem("  ") == REFUSAL_REASON_NEEDED
    short = f'"ok" is too short to say anything. {REFUSAL_REASON_NEEDED}'
    assert refusal_reason_problem("ok") == short


@pytest.mark.parametrize(
    "typed",
    ["Her e-mail of 3 Dec asking for erasure", "Request 2: her letter of 3 Dec", "Again"],
)
def test_the_request_in_words_is_taken(typed: str) -> None:
    assert refusal_reason_problem(typed) is None
