"""Whom to tell of an erasure (UK GDPR Art. 19), in words: each organisation once, with
every day the customer's data was released to it."""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.data_protection.erasure import Recipient, recipients_to_tell


def _sent(organisation: str, day: int) -> Recipient:
    return Recipient(organisation=organisation, disclosed_on=date(2026, 12, day))


def test_one_recipient_is_named_with_the_day_and_what_to_do() -> None:
    assert recipients_to_tell([_sent("Example Constabulary", 5)], erased=True) == (
        "Data was disclosed to Example Constabulary on 05 Dec 2026: tell them of the "
        "erasure (UK GDPR Art. 19)."
    )


def test_each_organisation_is_named_once_with_every_day_it_was_sent_data() -> None:
    sent = [
        _sent("Example Constabulary", 1),
        _sent("Example LLP", 3),
        _sent("Example Constabulary", 5),
        _sent("Example Constabulary", 5),
    ]
    assert recipients_to_tell(sent, erased=False) == (
        "Data was disclosed to Example Constabulary on 01 Dec 2026 and 05 Dec 2026, and to "
        "Example LLP on 03 Dec 2026: once erased, tell them of the erasure (UK GDPR Art. 19)."
    )


def test_no_recipient_says_nothing() -> None:
    assert recipients_to_tell([], erased=True) == ""
