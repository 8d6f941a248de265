"""The request's line on its recipients (Art. 19; screens/subject_access_words.py): T is
named only once there is something to tell of and someone left to tell."""

from __future__ import annotations

from datetime import UTC, date, datetime

from custinfo_tui.domain.data_protection.recipients_told import RecipientToTell
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.tui.screens.subject_access_words import described

DAY = date(2026, 12, 7)
POLICE = RecipientToTell(disclosure_id=4, organisation="Example Constabulary", disclosed_on=DAY)


def _request(right: DataRight, **changed: object) -> SubjectAccessRequest:
    return SubjectAccessRequest(
        id=3,
        customer_id=1,
        customer_reference="10012345P",
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=DAY,
        due_on=date(2027, 1, 7),
        extended_by_months=0,
        extension_reason=None,
        logged_by="dpo",
        logged_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        answered_at=None,
        answered_by=None,
        refusal_reason=None,
        days_left=31,
        right=right,
        recipients=(POLICE,),
    ).model_copy(update=changed)


def test_t_is_named_once_the_change_is_made_and_someone_is_left_to_tell() -> None:
    to_tell = "Recipients to tell of the erasure (Art. 19): Example Constabulary (disclosure 4, "
    not_erased = described(_request(DataRight.ERASURE))
    assert to_tell in not_erased and "T records" not in not_erased  # T would refuse
    erased = described(_request(DataRight.ERASURE, erased_on=DAY))
    assert "sent data 07 Dec 2026): not told yet. T records each told, or why not." in erased
    told = POLICE.model_copy(update={"told_on": DAY})
    all_told = described(_request(DataRight.ERASURE, erased_on=DAY, recipients=(told,)))
    assert "told on 07 Dec 2026." in all_told and "T records" not in all_told
    refused = _request(
        DataRight.RECTIFICATION,
        answered_at=datetime(2026, 12, 8, tzinfo=UTC),
        answered_by="dpo",
        refusal_reason="Excessive",
    )
    assert "Recipients" not in described(refused)  # it changed nothing
