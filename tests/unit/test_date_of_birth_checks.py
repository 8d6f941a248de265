"""The duplicate check compares at most three dates of birth for one operator and one
family name (tui/date_of_birth_checks.py), so it cannot find a customer's date of birth by
trying one date after another."""

from __future__ import annotations

from custinfo_tui.tui.date_of_birth_checks import COMPARED_PER_NAME, DatesOfBirthCompared

AGENT, SUPERVISOR = 1, 2


def test_a_few_dates_are_compared_for_a_name_then_no_new_one() -> None:
    compared = DatesOfBirthCompared()
    tried = [f"0{day}/01/1970" for day in range(1, COMPARED_PER_NAME + 1)]
    assert all(compared.may_compare(AGENT, "Smith", typed) for typed in tried)
    assert not compared.may_compare(AGENT, "Smith", "12/04/1980")
    # One already compared, however it is typed, may be compared again.
    assert compared.may_compare(AGENT, "smith", "1 January 1970")
    # Half typed: not a date, so never compared and never counted.
    assert compared.may_compare(AGENT, "Smith", "12/04/19")
    # Other names, and other operators, have their own count.
    assert compared.may_compare(AGENT, "Taylor", "12/04/1980")
    assert compared.may_compare(SUPERVISOR, "Smith", "12/04/1980")
