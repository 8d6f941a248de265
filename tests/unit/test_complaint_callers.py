"""A complaint's caller in words (MP-19): how far they were verified in the call it was
raised in, whole for the complaint read in full and briefly for the form and the queue."""

from __future__ import annotations

from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.verification import CallerKind


def test_a_representative_verified_after_a_failed_check_is_said_whole_and_briefly() -> None:
    caller = CallerStanding(caller=CallerKind.REPRESENTATIVE, level="Standard", failed_checks=1)
    assert caller.in_words() == (
        "Raised in a call where the caller, a representative, was verified to Standard "
        "(after 1 failed check)."
    )
    assert caller.briefly() == "Representative verified to Standard"
    assert not caller.unverified and caller.caution() is None


def test_a_lock_leaves_the_caller_unverified_whatever_they_had_reached() -> None:
    caller = CallerStanding(level="Standard", locked=True, failed_checks=3)
    assert caller.unverified
    assert caller.in_words() == (
        "Raised in a call where the caller was not verified (verification locked: possible "
        "fraud; 3 failed checks)."
    )
    assert caller.for_the_form() == (
        "Caller not verified (locked: possible fraud): the complaint says so."
    )


def test_the_forms_line_fits_80_columns_for_the_customer_or_a_representative() -> None:
    """The form's line sits under its title; a second line would push the form down. (A
    caller with no authority passes no checks; on a locked record their line takes two.)"""
    for kind in (CallerKind.CUSTOMER, CallerKind.REPRESENTATIVE):
        for caller in (
            CallerStanding(caller=kind, locked=True, failed_checks=3),
            CallerStanding(caller=kind, failed_checks=9),
            CallerStanding(caller=kind, level="Standard", failed_checks=9),
        ):
            assert len(caller.for_the_form()) <= 78, caller.for_the_form()
