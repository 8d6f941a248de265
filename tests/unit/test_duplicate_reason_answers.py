"""Whether a reason given for why the caller is a different person still holds once the
details are corrected (MP-13): only for the same records, matching on nothing more."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.customers import CustomerMatch, DuplicateCandidate


def _candidate(customer_id: int, *reasons: str) -> DuplicateCandidate:
    match = CustomerMatch(
        customer_id=customer_id,
        reference=f"1001234{customer_id}P",
        given_name="John",
        family_name="Smith",
        masked_postcode="SE1 2**",
        phone_hint="...123",
    )
    return DuplicateCandidate(match=match, score=60, strong=True, reasons=reasons)


ANSWERED = [_candidate(1, "similar name", "same date of birth")]


def test_the_same_match_as_answered_is_answered() -> None:
    assert _candidate(1, "similar name", "same date of birth").answered_by(ANSWERED)


@pytest.mark.parametrize(
    ("now", "why"),
    [
        (_candidate(1, "same name", "same date of birth"), "the name is now the same"),
        (
            _candidate(1, "same name", "same date of birth", "same postcode"),
            "name and postcode now the same",
        ),
        (_candidate(1, "similar name", "same date of birth", "same phone"), "a phone too"),
        (_candidate(2, "similar name", "same date of birth"), "another record"),
        (_candidate(1, "similar name", "same date of birth").withheld(), "whose is withheld"),
    ],
)
def test_a_closer_or_new_match_is_not_answered(now: DuplicateCandidate, why: str) -> None:
    assert not now.answered_by(ANSWERED), why


def test_a_match_weaker_than_answered_is_answered() -> None:
    answered = [_candidate(1, "same name", "same date of birth", "same postcode")]

    assert _candidate(1, "same name", "same date of birth").answered_by(answered)


def test_nothing_answered_answers_nothing() -> None:
    assert not _candidate(1, "same name", "same date of birth").answered_by([])
