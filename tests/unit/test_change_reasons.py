"""A move is one reason: the edit form offers the reason chosen for one changed address
field to the other changed fields of the address, and to no one else."""

from __future__ import annotations

from custinfo_tui.domain.change_reasons import SharedReason, reason_to_share

BEFORE = {
    "address_line1": "1 Example Street",
    "town": "London",
    "postcode": "SE1 2QT",
    "phone": "+447700900123",
}
MOVED = {
    "address_line1": "2 Sample Road",
    "town": "Bristol",
    "postcode": "bs6 5qt",  # typed as said; the stored form is compared
    "phone": "07700 900123",  # as shown: unchanged
}


def test_the_reason_for_one_changed_address_field_goes_to_the_others_of_the_address() -> None:
    reasons = {"address_line1": "Customer moved", "town": None, "postcode": None, "phone": None}
    assert reason_to_share("address_line1", MOVED, BEFORE, reasons) == SharedReason(
        "Customer moved", ("town", "postcode")
    )


def test_a_field_typed_back_to_what_it_held_is_not_changed_and_takes_no_reason() -> None:
    typed = {**MOVED, "postcode": "SE1 2QT", "town": "London"}
    reasons = {"address_line1": "Customer moved", "town": None, "postcode": None, "phone": None}
    assert reason_to_share("address_line1", typed, BEFORE, reasons) is None


def test_a_reason_chosen_for_another_field_is_kept_and_nothing_is_offered_without_one() -> None:
    chosen = {"address_line1": "Customer moved", "town": "Typo", "postcode": None}
    assert reason_to_share("town", MOVED, BEFORE, chosen) == SharedReason(
        "Customer moved", ("postcode",)
    )
    none_chosen = dict.fromkeys(MOVED)
    assert reason_to_share("town", MOVED, BEFORE, none_chosen) is None


def test_other_parts_of_the_record_never_take_the_address_reason() -> None:
    typed = {**MOVED, "phone": "07700 900456"}
    reasons = {"address_line1": "Customer moved", "town": None, "postcode": None, "phone": None}
    shared = reason_to_share("phone", typed, BEFORE, reasons)
    assert shared is None  # the phone's group has no reason chosen
