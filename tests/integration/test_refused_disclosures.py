"""A disclosure the console refuses in a call is on the trail (MP-08, MP-10; UK GDPR
Art. 5(2)): `field.disclosure_refused`, once per refusal, with the fields' names, who was
calling, the level they had and what each field needs; never a value, and nothing shown.

Found by a trainer: F5 before the checks was refused, but the debrief could not say "tried
to disclose the phone number before the caller was verified", as nothing was recorded.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.verification import CallerKind, CheckKind
from custinfo_tui.services.errors import DisclosureRefused, VerificationLocked
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT, +447700900123, john.smith1@example.com
#: John Smith's stored values, as an event could hold them (compared lower-cased).
JOHN_SECRETS = (
    "1980-04-12",
    "12/04/1980",
    "se1 2qt",
    "447700900123",
    "07700 900123",
    "john.smith1",
)


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def _refused(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    return [
        e
        for e in _events(uow_factory, interaction_id)
        if e.action is AuditAction.FIELD_DISCLOSURE_REFUSED
    ]


def test_a_reveal_before_any_check_is_refused_recorded_once_and_shows_nothing(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)

    with pytest.raises(DisclosureRefused) as said:
        agent.reveal(call, "phone", "email")
    assert str(said.value) == "Phone cannot be shown: needs Standard."

    [refused] = _refused(demo_uow_factory, call)
    assert refused.fields == ("phone", "email")
    assert (refused.customer_id, refused.outcome) == (JOHN_SMITH, "refused")
    assert refused.details == {
        "caller": "customer",
        "level": "none",
        "needs": {"phone": "needs Standard", "email": "needs Standard"},
    }
    actions = [e.action for e in _events(demo_uow_factory, call)]
    assert AuditAction.FIELD_DISCLOSED not in actions
    record = agent.open(call)
    assert record.value("phone") is None and record.value("email") is None
    text = f"{refused.fields!r} {refused.details!r} {refused.reason!r}".lower()
    assert [secret for secret in JOHN_SECRETS if secret in text] == []
    # A supervisor reading the record's timeline reads it in words.
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    agent.check(call, CheckKind.POSTCODE, "se12qt")
    said = [entry.what for entry in agent.timeline(call) if entry.outcome == "refused"]
    assert said == [
        "Refused: tried to disclose Phone, E-mail to the customer before they were verified "
        "(needs Standard)"
    ]


def test_a_field_above_the_callers_level_is_refused_with_the_level_they_had(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.verify(call, "12/04/1980", "se12qt")  # Standard

    with pytest.raises(DisclosureRefused, match="needs High"):
        agent.reveal(call, "phone", "accessibility_needs")
    with pytest.raises(DisclosureRefused, match="needs High"):
        agent.reveal(call, "accessibility_needs")  # pressed again: a second attempt

    refused = _refused(demo_uow_factory, call)
    assert [(e.fields, e.details["level"]) for e in refused] == [
        (("accessibility_needs",), "standard"),
        (("accessibility_needs",), "standard"),
    ]
    assert refused[0].details["needs"] == {"accessibility_needs": "needs High"}
    # Nothing of what was asked with it was shown either: the phone allowed is not told.
    actions = [e.action for e in _events(demo_uow_factory, call)]
    assert AuditAction.FIELD_DISCLOSED not in actions
    assert agent.reveal(call, "phone").value("phone") == "07700 900123"


def test_a_caller_with_no_authority_and_a_locked_verification_are_refused_and_recorded(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.identify(call, CallerKind.NO_AUTHORITY)
    with pytest.raises(DisclosureRefused, match="no authority"):
        agent.reveal(call, "phone")
    agent.identify(call, CallerKind.CUSTOMER)
    agent.fail(call, times=3)  # locks phone verification
    with pytest.raises(VerificationLocked):
        agent.reveal(call, "postcode")

    refused = _refused(demo_uow_factory, call)
    assert [(e.fields, e.details["caller"], e.details["needs"]) for e in refused] == [
        (("phone",), "no_authority", {"phone": "no authority"}),
        (("postcode",), "customer", {"postcode": "verification locked"}),
    ]
