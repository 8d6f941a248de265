"""The ground an erasure request is refused on for a hold (UK GDPR Art. 17(3)), named for
each kind of hold; and an open complaint, which gives none, keeping the request open
instead (docs/data-protection.md, "Legal holds")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessIn, SubjectAccessRequest
from custinfo_tui.services import complaints, erasure
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.errors import ServiceError
from tests.support.actors import Desk

JOHN_SMITH = 1


def _erasure_request(dpo: Desk) -> SubjectAccessRequest:
    today = datetime.now(UTC).date()
    given = SubjectAccessIn(
        customer_reference="1001 2345 P",
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=today,
        right=DataRight.ERASURE,
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, today)


def _complaint(agent: Desk) -> None:
    given = ComplaintIn(
        category="Billing or charges",
        customer_said="Charged twice in March",
        apology="Sorry for the double charge",
        solution="Refund the second payment",
    )
    complaints.raise_complaint(agent.uow_factory(), agent.actor, ComplaintPolicy(), 1, given)


def _listed(dpo: Desk, request_id: int) -> SubjectAccessRequest:
    today = datetime.now(UTC).date()
    listed = sar.list_requests(dpo.uow_factory(), dpo.actor, today, include_answered=True)
    return next(r for r in listed if r.id == request_id)


def test_an_open_complaint_gives_no_ground_so_the_request_is_kept_open_its_month_running(
    agent: Desk, dpo: Desk
) -> None:
    """Found by the DPO: a request refused for an open complaint cited "UK GDPR Art.
    17(3)" without the ground; none of (a) to (e) fits a complaint being handled."""
    request = _erasure_request(dpo)
    _complaint(agent)
    assert _listed(dpo, request.id).held_by == ("open complaint",)

    with pytest.raises(ServiceError, match="An open complaint is no ground to refuse erasure"):
        erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Her letter")
    kept = erasure.keep_request_open(dpo.uow_factory(), dpo.actor, JOHN_SMITH)

    assert (kept.request_id, kept.request_due) == (request.id, request.due_on)
    listed = _listed(dpo, request.id)
    assert not listed.answered and listed.days_left is not None  # the month still runs
    assert listed.kept_open_on == datetime.now(UTC).date()


def test_each_recorded_hold_names_its_ground_and_a_complaint_beside_it_is_not_one(
    agent: Desk, dpo: Desk
) -> None:
    request = _erasure_request(dpo)
    _complaint(agent)
    erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, "1001 2345 P", HoldKind.REGULATORY_RETENTION, "FCA review"
    )
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, "1001 2345 P")
    grounds = [hold.with_ground for hold in preview.holds]
    assert grounds[0].endswith("(no ground to refuse erasure)")
    assert grounds[1].endswith(
        "(ground to refuse erasure: a legal obligation requires the data to be kept "
        "(UK GDPR Art. 17(3)(b)))"
    )

    refused = erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Her letter")

    assert "on the ground of Art. 17(3)(b)" in refused.message
    assert _listed(dpo, request.id).refusal_reason == (
        "The record is held (regulatory retention): a legal obligation requires the data to "
        "be kept (UK GDPR Art. 17(3)(b)), so it is not erased while the hold stands."
    )
