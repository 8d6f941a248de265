"""A caller verified to Standard takes marketing back, or objects to it, in the call (MP-06).

UK GDPR Art. 7(3): withdrawing consent is as easy as giving it; Art. 21(3): an objection to
direct marketing is acted on. Giving consent stays with contact details (`change:contact`,
High by default); taking marketing back, or refusing it, needs `withdraw:consent` (Standard).
Each is audited as any consent change is, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.consent import ConsentAnswers, LawfulBasis, MarketingChannel
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.orm import AuditEventRow, Consent
from custinfo_tui.services import verification
from custinfo_tui.services.consent import change_consents
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

CAPTURE = CapturePolicy()
POLICY = VerificationPolicy()
JOHN_SMITH = 1
#: No security answer on file: High cannot be reached in a call.
SIOBHAN = 3
EMAIL, POST = MarketingChannel.EMAIL, MarketingChannel.POST


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def _rows(uow_factory: UnitOfWorkFactory, model: type[Any], **where: object) -> list[Any]:
    with uow_factory() as uow:
        rows = list(uow.session.scalars(select(model).filter_by(**where).order_by(model.id)))  # type: ignore[attr-defined]
        uow.session.expunge_all()  # type: ignore[attr-defined]
        return rows


def _call_at_standard(
    uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int, answers: dict[CheckKind, str]
) -> int:
    state = verification.start_interaction(uow_factory(), agent, POLICY, customer_id, Channel.PHONE)
    for kind, answer in answers.items():
        verification.check_answer(uow_factory(), agent, POLICY, state.interaction_id, kind, answer)
    return state.interaction_id


def _change(
    uow_factory: UnitOfWorkFactory,
    agent: Actor,
    customer_id: int,
    answers: ConsentAnswers,
    interaction_id: int | None = None,
) -> Any:
    return change_consents(
        uow_factory(),
        agent,
        CAPTURE,
        customer_id,
        answers,
        interaction_id=interaction_id,
        policy=POLICY,
    )


JOHN_TO_STANDARD = {CheckKind.DATE_OF_BIRTH: "12/04/1980", CheckKind.POSTCODE: "SE1 2QT"}
SIOBHAN_TO_STANDARD = {CheckKind.DATE_OF_BIRTH: "17/03/1972", CheckKind.POSTCODE: "bt7 1nn"}


def test_a_caller_at_standard_withdraws_marketing_consent_and_it_is_audited(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    both = ConsentAnswers(marketing=frozenset({EMAIL, POST}))
    _change(demo_uow_factory, agent, JOHN_SMITH, both)  # given earlier, outside a call
    call = _call_at_standard(demo_uow_factory, agent, JOHN_SMITH, JOHN_TO_STANDARD)

    after = _change(
        demo_uow_factory, agent, JOHN_SMITH, ConsentAnswers(marketing=frozenset({POST})), call
    )

    assert after.consent_answers().marketing == {POST}
    rows = _rows(demo_uow_factory, Consent, customer_id=JOHN_SMITH, channel="email")
    [given, refused] = [r for r in rows if r.granted], [r for r in rows if not r.granted][-1]
    assert given[-1].withdrawn_at is not None and given[-1].withdrawn_by_id == agent.operator_id
    assert refused.withdrawn_at is None and refused.interaction_id == call
    [withdrawn] = _rows(demo_uow_factory, AuditEventRow, action=AuditAction.CONSENT_WITHDRAWN.value)
    assert withdrawn.interaction_id == call
    assert withdrawn.details == {"purposes": ["marketing:email"]}


def test_a_caller_with_no_marketing_answer_on_record_has_the_objection_recorded(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Siobhán has no consents on record and can reach only Standard: "stop marketing
    me" is recorded as every channel refused, and nothing else is touched."""
    call = _call_at_standard(demo_uow_factory, agent, SIOBHAN, SIOBHAN_TO_STANDARD)

    _change(demo_uow_factory, agent, SIOBHAN, ConsentAnswers(), call)

    rows = _rows(demo_uow_factory, Consent, customer_id=SIOBHAN)
    assert sorted(r.channel for r in rows) == sorted(c.value for c in MarketingChannel)
    assert all(not r.granted and r.withdrawn_at is None and r.interaction_id == call for r in rows)
    [recorded] = [
        e
        for e in _rows(demo_uow_factory, AuditEventRow, action=AuditAction.CONSENT_RECORDED.value)
        if e.customer_id == SIOBHAN
    ]
    assert recorded.details["refused"] == ["email", "phone", "post", "sms"]
    assert recorded.details["marketing"] == []
    with pytest.raises(ServiceError, match="The consents are unchanged"):
        _change(demo_uow_factory, agent, SIOBHAN, ConsentAnswers(), call)


def test_giving_consent_still_needs_high(demo_uow_factory: UnitOfWorkFactory, agent: Actor) -> None:
    call = _call_at_standard(demo_uow_factory, agent, SIOBHAN, SIOBHAN_TO_STANDARD)
    refused = {
        "Giving consent": ConsentAnswers(marketing=frozenset({EMAIL})),
        "Changing the lawful basis": ConsentAnswers(service_basis=LawfulBasis.CONSENT),
    }
    for what, answers in refused.items():
        with pytest.raises(ServiceError) as caught:
            _change(demo_uow_factory, agent, SIOBHAN, answers, call)
        assert str(caught.value) == f"{what} cannot be recorded in this call: needs High."
    assert _rows(demo_uow_factory, Consent, customer_id=SIOBHAN) == []


def test_withdrawing_needs_standard_before_any_check(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _change(demo_uow_factory, agent, JOHN_SMITH, ConsentAnswers(marketing=frozenset({EMAIL})))
    call = _call_at_standard(demo_uow_factory, agent, JOHN_SMITH, {})

    with pytest.raises(ServiceError) as caught:
        _change(demo_uow_factory, agent, JOHN_SMITH, ConsentAnswers(), call)

    assert str(caught.value) == (
        "Withdrawing marketing consent cannot be recorded in this call: needs Standard."
    )
    email = _rows(demo_uow_factory, Consent, customer_id=JOHN_SMITH, channel="email")
    assert [r.withdrawn_at for r in email if r.granted] == [None]


def test_the_policy_file_may_set_withdrawing_higher(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    stricter = VerificationPolicy(actions=dict(POLICY.actions, **{"withdraw:consent": "high"}))
    call = _call_at_standard(demo_uow_factory, agent, SIOBHAN, SIOBHAN_TO_STANDARD)
    with pytest.raises(ServiceError, match=r"Withdrawing marketing consent .*: needs High"):
        change_consents(
            demo_uow_factory(),
            agent,
            CAPTURE,
            SIOBHAN,
            ConsentAnswers(),
            interaction_id=call,
            policy=stricter,
        )
