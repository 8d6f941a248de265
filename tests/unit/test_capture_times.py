"""When a new customer's capture steps happened, as the save records them
(domain/capture_times.py): the console's times where they are believed, else the save's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from custinfo_tui.domain.capture import NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.capture_times import LONGEST_CAPTURE, capture_moments
from custinfo_tui.domain.consent import ConsentAnswers

SAVED = datetime(2026, 12, 4, 10, 31, 30, tzinfo=UTC)


def _new(
    started: timedelta | None, consent: timedelta | None, read_back: timedelta | None
) -> NewCustomer:
    """A capture whose steps came these lengths of time before the save."""

    def at(before: timedelta | None) -> datetime | None:
        return None if before is None else SAVED - before

    return NewCustomer(
        template="new_customer",
        values={},
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed_at=at(read_back)),
        started_at=at(started),
        consent_at=at(consent),
    )


def _moments(new: NewCustomer) -> tuple[datetime, datetime, datetime]:
    moments = capture_moments(new, SAVED)
    assert moments.saved == SAVED
    return moments.started, moments.consented, moments.read_back


def test_the_times_the_console_gives_are_kept() -> None:
    new = _new(timedelta(seconds=45), timedelta(seconds=40), timedelta(seconds=3))
    assert _moments(new) == (
        SAVED - timedelta(seconds=45),
        SAVED - timedelta(seconds=40),
        SAVED - timedelta(seconds=3),
    )


def test_a_capture_that_gives_no_times_is_recorded_at_the_save() -> None:
    assert _moments(_new(None, None, None)) == (SAVED, SAVED, SAVED)


@pytest.mark.parametrize(
    "started",
    [-timedelta(seconds=1), LONGEST_CAPTURE + timedelta(seconds=1)],
    ids=["after-the-save", "too-long-before"],
)
def test_a_start_after_the_save_or_too_long_before_it_is_not_believed(
    started: timedelta,
) -> None:
    """A clock put back since the form opened, or a form opened the day before: the call
    is not said to have started then. The steps after it cannot come before it either."""
    new = _new(started, timedelta(seconds=40), timedelta(seconds=3))
    assert _moments(new) == (SAVED, SAVED, SAVED)


def test_a_start_at_the_longest_a_capture_takes_is_believed() -> None:
    new = _new(LONGEST_CAPTURE, None, None)
    assert _moments(new) == (SAVED - LONGEST_CAPTURE, SAVED, SAVED)


def test_a_step_before_the_one_it_follows_is_taken_at_the_save() -> None:
    """The order of the steps is kept: consent before the capture began, a read-back
    before the consent (lines confirmed, then consent changed) cannot be."""
    assert _moments(_new(timedelta(seconds=40), timedelta(seconds=45), timedelta(seconds=3))) == (
        SAVED - timedelta(seconds=40),
        SAVED,
        SAVED,
    )
    assert _moments(_new(timedelta(seconds=45), timedelta(seconds=3), timedelta(seconds=40))) == (
        SAVED - timedelta(seconds=45),
        SAVED - timedelta(seconds=3),
        SAVED,
    )


def test_a_time_without_its_time_zone_is_refused() -> None:
    """A naive time could be any zone's: it says nothing of when the step happened."""
    with pytest.raises(ValidationError):
        ReadBackConfirmation(confirmed_at=datetime(2026, 12, 4, 10, 31))
