"""A call abandoned with no record (MP-15, MP-18), on SQLite, SQLCipher and PostgreSQL.

Asked by an explorer: a call started for a new customer whose capture was abandoned (no
record found, none created), then ended and wrapped up, is kept for ever: the retention
job reads customers' last contacts and never looks at it. Does it hold personal data?
What the handler typed (the lookup's searches, the capture form's duplicate checks, notes
at the wrap-up) is stored nowhere: the call keeps its channel, times, enquiry type,
outcome and handler, the statistics an erased customer's calls keep too
(docs/data-protection.md, "Calls with no record"). So it is kept, and retention leaves it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.data_protection.retention import RetentionPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import WrapUpIn, WrapUpInvalid
from custinfo_tui.services import retention
from custinfo_tui.services.capture import find_duplicates
from custinfo_tui.services.capture_call import start_new_customer_call
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.wrap_up import wrap_up
from tests.support.actors import actor_for
from tests.support.erasure import traces_in_database

#: What the caller told the handler, typed into the lookup and the capture form.
TYPED = {
    "given_name": "Perpetua",
    "family_name": "Quennell-Abara",
    "date_of_birth": "17/03/1979",
    "phone": "07700 900871",
    "email": "p.quennell@example.net",
    "postcode": "LS2 7QX",
}
TRACES = ("perpetua", "quennell", "abara", "900871", "17/03/1979", "1979-03-17", "ls2 7qx")


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def test_a_call_abandoned_with_no_record_keeps_nothing_typed_and_retention_leaves_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    lookup(demo_uow_factory(), agent, "Perpetua Quennell-Abara")
    lookup(demo_uow_factory(), agent, "07700 900871")
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)
    find_duplicates(demo_uow_factory(), agent, TYPED)
    given = WrapUpIn(
        enquiry_type="New account",
        outcome="no_action",
        notes="Perpetua Quennell-Abara, 07700 900871: would not give ID",
        customer_words="I am Perpetua Quennell-Abara",
    )
    with pytest.raises(WrapUpInvalid):  # about no record: nothing could find them again
        wrap_up(demo_uow_factory(), agent, CapturePolicy(), call.interaction_id, given)
    wrap_up(
        demo_uow_factory(),
        agent,
        CapturePolicy(),
        call.interaction_id,
        given.model_copy(update={"notes": "", "customer_words": ""}),
    )

    assert traces_in_database(demo_uow_factory, TRACES) == []
    with demo_uow_factory() as uow:
        stored = uow.interactions.get(call.interaction_id)
        assert stored is not None
        kept = (stored.customer_id, stored.channel, stored.enquiry_type, stored.outcome)
        assert kept == (None, "phone", "New account", "no_action")
        assert (stored.notes, stored.customer_words, stored.representative_id) == (
            None,
            None,
            None,
        )
        searches = uow.audit.list_recent(
            operator_id=agent.operator_id, action=AuditAction.CUSTOMER_SEARCHED.value
        )
    assert {key for search in searches[:3] for key in search.details} <= {"kind", "results"}

    # Long past every period: retention has nothing of the call's to take, and keeps it.
    later = datetime.now(UTC) + timedelta(days=366 * 10)
    retention.run_retention(demo_uow_factory(), None, RetentionPolicy(), later, dry_run=False)
    with demo_uow_factory() as uow:
        still = uow.interactions.get(call.interaction_id)
        assert still is not None and still.wrapped_up_at is not None
