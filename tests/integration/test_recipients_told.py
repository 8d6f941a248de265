"""Telling the recipients of an erasure, rectification or restriction (UK GDPR Art. 19):
the DPO records, on the request, each recipient the disclosure log shows the data was
released to as told on a day, or not told with why (impossible or disproportionate
effort); each is one `disclosure.recipient_told` event, read back for the request
(services/recipients_told.py; docs/data-protection.md, "Telling the recipients")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from custinfo_tui.domain.data_protection.recipients_told import NOT_TOLD, recipients_said
from custinfo_tui.domain.data_protection.rectification import RECTIFICATION_REASON
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.subject_access import SubjectAccessIn, SubjectAccessRequest
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services import recipients_told
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.errors import ServiceError
from tests.support.actors import Desk
from tests.support.disclosed import released_to
from tests.support.edits import correct

JOHN_SMITH = 1


def _today() -> date:
    return datetime.now(UTC).date()


def _request(dpo: Desk, right: DataRight) -> SubjectAccessRequest:
    given = SubjectAccessIn(
        customer_reference="1001 2345 P",
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=_today(),
        right=right,
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, _today())


def _tell(
    dpo: Desk, request_id: int, disclosure: int | None, told_on: date | None, why_not: str = ""
) -> SubjectAccessRequest:
    return recipients_told.record_recipient_told(
        dpo.uow_factory(), dpo.actor, request_id, disclosure, told_on, why_not, _today()
    )


def test_each_recipient_is_recorded_told_on_a_day_or_not_told_with_why(
    agent: Desk, dpo: Desk
) -> None:
    police = released_to(agent, dpo, JOHN_SMITH, "Example Constabulary")
    council = released_to(agent, dpo, JOHN_SMITH, "Example Council")
    request = _request(dpo, DataRight.RECTIFICATION)
    assert [(r.organisation, r.recorded) for r in request.recipients] == [
        ("Example Constabulary", False),
        ("Example Council", False),
    ]

    told = _tell(dpo, request.id, police, _today())
    told = _tell(dpo, request.id, council, None, "The council's team has closed, no successor")

    by_id = {r.disclosure_id: r for r in told.recipients}
    assert by_id[police].told_on == _today() and by_id[police].not_told_because is None
    assert by_id[council].told_on is None
    assert by_id[council].not_told_because == "The council's team has closed, no successor"
    listed = {r.id: r for r in sar.list_requests(dpo.uow_factory(), dpo.actor, _today())}
    assert listed[request.id].recipients == told.recipients  # read back from the stream

    with dpo.uow_factory() as uow:
        events = uow.audit.list_recent(action=AuditAction.DISCLOSURE_RECIPIENT_TOLD.value)
    by_disclosure = {e.details["disclosure_id"]: e for e in events}
    assert by_disclosure[police].details == {
        "request_id": request.id,
        "disclosure_id": police,
        "right": "rectification",
        "told_on": _today().isoformat(),
    }
    assert by_disclosure[police].customer_id == JOHN_SMITH
    not_told = by_disclosure[council]
    assert not_told.outcome == NOT_TOLD and not_told.reason.startswith("The council's team")
    assert describe(not_told.action, (), not_told.details, not_told.outcome) == (
        f"Recipient of disclosure {council} not told of the rectification: impossible or "
        "disproportionate effort (Art. 19)"
    )


#: What is refused, and at which box: (days from today told, or None; why not; box; said).
_REFUSED = (
    (None, "", "told_on", "Give the day they were told, or say below why"),
    (0, "Closed", "why_not", "Told on a day, or not told and why: not both."),
    (1, "", "told_on", "That day is still to come"),
    (-1, "", "told_on", "That is before the request was received"),
)


def test_a_day_or_a_why_not_is_needed_one_of_them_and_no_day_to_come(
    agent: Desk, dpo: Desk
) -> None:
    police = released_to(agent, dpo, JOHN_SMITH, "Example Constabulary")
    request = _request(dpo, DataRight.RECTIFICATION)
    for told_on, why_not, box, said in _REFUSED:
        day = None if told_on is None else _today() + timedelta(days=told_on)
        with pytest.raises(FieldProblems) as refused:
            _tell(dpo, request.id, police, day, why_not)
        assert refused.value.problems[box].startswith(said), (told_on, why_not)
    with dpo.uow_factory() as uow:
        assert not uow.audit.list_recent(action=AuditAction.DISCLOSURE_RECIPIENT_TOLD.value)


def test_only_a_recipient_of_the_records_data_and_only_once_the_change_is_made(
    agent: Desk, dpo: Desk
) -> None:
    held_back = released_to(agent, dpo, JOHN_SMITH, "Example Council", release=False)
    police = released_to(agent, dpo, JOHN_SMITH, "Example Constabulary")
    rectifying = _request(dpo, DataRight.RECTIFICATION)
    with pytest.raises(FieldProblems) as refused:
        _tell(dpo, rectifying.id, held_back, _today())  # approved, never sent
    assert "disclosure" in refused.value.problems

    erasing = _request(dpo, DataRight.ERASURE)
    with pytest.raises(ServiceError, match="The record is not erased yet"):
        _tell(dpo, erasing.id, police, _today())
    access = _request(dpo, DataRight.ACCESS)
    assert access.recipients == ()
    with pytest.raises(ServiceError, match="erasure, rectification or restriction"):
        _tell(dpo, access.id, police, _today())


def test_a_rectification_is_told_to_the_recipients_sent_the_corrected_data_only(
    agent: Desk, dpo: Desk
) -> None:
    """Found by a DPO: after the town was corrected, T listed every release of the record,
    the phone number sent to the police too, when only those sent the wrong address are
    told of the correction (Art. 19)."""
    police = released_to(agent, dpo, JOHN_SMITH, "Example Constabulary")  # the phone number
    council = released_to(agent, dpo, JOHN_SMITH, "Example Council", fields=("postcode",))
    bank = released_to(agent, dpo, JOHN_SMITH, "Example Bank", fields=("email", "town"))
    request = _request(dpo, DataRight.RECTIFICATION)
    assert len(request.recipients) == 3  # nothing corrected yet: every release listed
    assert "every release, no correction being recorded" in recipients_said(
        request.right, request.recipients, request.rectified
    )

    with dpo.uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        version = customer.version
    correct(
        dpo.uow_factory, dpo.actor, JOHN_SMITH, version, {"town": "Leeds"}, RECTIFICATION_REASON
    )
    # Sent once the town was right: nothing to correct for them.
    released_to(agent, dpo, JOHN_SMITH, "Example Lettings", fields=("town",))

    [listed] = [r for r in sar.list_requests(dpo.uow_factory(), dpo.actor, _today())]
    assert [r.disclosure_id for r in listed.recipients] == [council, bank]
    said = recipients_said(listed.right, listed.recipients, listed.rectified)
    assert said.startswith(
        "Recipients to tell of the rectification (Art. 19): 2 of 4 releases included the "
        "corrected town, sent before the correction: Example Council"
    )
    with pytest.raises(FieldProblems) as refused:
        _tell(dpo, request.id, police, _today())  # the police were sent the phone number only
    assert refused.value.problems["disclosure"].startswith(
        "Choose a recipient sent the corrected town"
    )
    assert _tell(dpo, request.id, bank, _today()).recipients[1].told_on == _today()

    erasing = _request(dpo, DataRight.ERASURE)  # an erasure is told to every recipient
    assert len(erasing.recipients) == 4 and erasing.rectified is None


def test_a_rectification_none_of_whose_releases_sent_the_corrected_data_has_no_one_to_tell(
    agent: Desk, dpo: Desk
) -> None:
    police = released_to(agent, dpo, JOHN_SMITH, "Example Constabulary")  # the phone number
    request = _request(dpo, DataRight.RECTIFICATION)
    with dpo.uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        version = customer.version
    correct(
        dpo.uow_factory, dpo.actor, JOHN_SMITH, version, {"town": "Leeds"}, RECTIFICATION_REASON
    )
    [listed] = sar.list_requests(dpo.uow_factory(), dpo.actor, _today())
    assert listed.recipients == ()
    assert recipients_said(listed.right, (), listed.rectified) == (
        "The one release of the record's data did not include the corrected town before the "
        "correction: there is no recipient to tell (Art. 19)."
    )
    with pytest.raises(ServiceError, match="there is no recipient to tell"):
        _tell(dpo, request.id, police, _today())
