"""A customer with one name only is shown by that name alone (domain/one_name.py)."""

from __future__ import annotations

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.one_name import full_name, has_one_name


def test_one_name_only_is_shown_without_a_stray_space() -> None:
    assert full_name("Budi", "Santoso") == "Budi Santoso"
    assert full_name("", "Suharto") == full_name(None, "Suharto") == "Suharto"
    match = CustomerMatch(
        customer_id=1,
        reference="10012345P",
        given_name="",
        family_name="Suharto",
        masked_postcode=None,
        phone_hint=None,
    )
    assert match.display_name == "Suharto"


def test_one_name_only_is_a_family_name_without_a_given_name() -> None:
    assert has_one_name(None, "Suharto") and has_one_name("", "Suharto")
    assert not has_one_name("Budi", "Suharto")
    assert not has_one_name(None, None)
