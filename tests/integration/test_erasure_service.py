"""Erasure by anonymisation (Art. 17, MP-16) on SQLite, SQLCipher and PostgreSQL: every
personal value of the customer goes, wherever it was stored; the facts for statistics
stay; no lookup finds them; the audit chain still verifies; and legal holds block it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.breaches import BreachIn, DataCategory
from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.erasure import ErasureRepository
from custinfo_tui.repository.orm import Customer, Interaction, NameIndexKey
from custinfo_tui.services import (
    audit,
    breaches,
    closing_calls,
    complaints,
    erasure,
    merging,
    restriction,
    subject_access,
)
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.errors import NotFound, PermissionDenied, RecordErased, ServiceError
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.subject_access_documents import pack_html, pack_json
from custinfo_tui.services.subject_access_export import subject_access_pack
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.erasure import (
    LOOKUPS,
    TRACES,
    Subject,
    customer_with_everything,
    traces_in_database,
)
from tests.support.second_record import JON_SMITH, saved_as_different

REASON = "Customer asked for erasure in writing (Art. 17)"


def _close_complaint(supervisor: Desk, subject: Subject) -> None:
    complaints.move_complaint(
        supervisor.uow_factory(),
        supervisor.actor,
        ComplaintPolicy(),
        subject.complaint_id,
        "closed",
        "Letters resent, customer content",
    )


def test_erasure_leaves_the_name_terms_others_hold_and_only_those(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    """The typo-tolerant name index loses the erased person's own terms (their given name)
    but keeps those another customer still holds (the demo's John Smith's family name, the
    town): a misspelt "Smyth" still finds him."""
    ottoline = {**JON_SMITH, "given_name": "Ottoline", "email": "o.smith@example.net"}
    reference = saved_as_different(demo_uow_factory, ottoline, "Not the same person")
    erased = lookup(agent.uow_factory(), agent.actor, reference).matches[0].customer_id

    erasure.erase_customer(dpo.uow_factory(), dpo.actor, erased, REASON)

    with demo_uow_factory() as uow:
        terms = set(uow.session.scalars(select(NameIndexKey.term)))  # type: ignore[attr-defined]
    assert "ottoline" not in terms
    assert {"smith", "london"} <= terms
    found = lookup(agent.uow_factory(), agent.actor, "John Smyth").matches
    assert [match.reference for match in found][:1] == ["10012345P"]


def test_erasure_leaves_no_personal_value_anywhere_and_no_lookup_finds_them(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    assert traces_in_database(demo_uow_factory), "the test customer left no trace to erase"
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)
    assert not preview.blocked
    assert preview.holding["interactions"] >= 2  # the wrap-up's notes and the words

    done = erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    assert done.records == 1 and done.total > 20
    assert traces_in_database(demo_uow_factory) == []
    for query in (*LOOKUPS, subject.reference):
        assert lookup(agent.uow_factory(), agent.actor, query).matches == (), query
    # Its reference says it was erased, rather than "check the spelling".
    said = lookup(dpo.uow_factory(), dpo.actor, subject.reference).message
    assert said is not None and ": This record was erased on " in said
    assert said.endswith(
        "by dpo. Its personal details are gone; the reference and the record of what was "
        "done (dates, channels, the audit trail) are kept."
    )
    with demo_uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        customer = session.get(Customer, subject.customer_id)
        assert customer.status == CustomerStatus.ERASED
        assert customer.date_of_birth is None and customer.security_answer_hash is None
        # Non-personal facts stay for statistics: the call's channel, type and outcome.
        calls = session.scalars(
            select(Interaction).where(Interaction.customer_id == subject.customer_id)
        ).all()
        assert {(c.channel, c.enquiry_type, c.outcome) for c in calls} >= {
            ("phone", "Billing question", "resolved")
        }
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert verify_chain(demo_uow_factory()).ok
    assert event.customer_id == subject.customer_id and event.reason == REASON
    assert event.details == {"records": 1, "values": done.total}
    assert "interactions.notes" in event.fields


def test_an_erased_record_can_no_longer_be_opened_or_erased_again(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    with pytest.raises(NotFound):
        agent.start(subject.customer_id)
    # When, and by whom: "already erased" alone sent the DPO to the audit trail to ask.
    with pytest.raises(ServiceError, match=r"was erased on \d\d \w{3} \d{4} by dpo\."):
        erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)


def test_the_preview_notes_an_open_subject_access_request_and_a_restriction(
    dpo: Desk,
) -> None:
    """The preview said only "No legal hold: it can be erased." for a record with an open
    request and a restriction: neither blocks erasure, but both are for the DPO to weigh."""
    today = datetime.now(UTC).date()
    logged = subject_access.log_request(
        dpo.uow_factory(),
        dpo.actor,
        SubjectAccessIn(
            customer_reference="1001 2345 P",
            requested_by="The customer",
            identity_check="Passport",
            received_on=today,
        ),
        today,
    )
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, "1001 2345 P", "Contested")

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, "1001 2345 P")

    assert not preview.blocked
    [request, restricted] = preview.cautions
    assert request.startswith(f"Subject access request {logged.id} is open (due ")
    assert "erasing first leaves nothing to send" in request
    assert restricted.startswith("Processing is restricted since ")


def test_the_preview_points_at_the_breach_reports_naming_the_customer(
    agent: Desk, dpo: Desk
) -> None:
    """A breach report's words are kept when the person is erased: erasure cannot tell a
    name in them, so the preview says which reports keep them."""
    reported = breaches.report_breach(
        agent.uow_factory(),
        agent.actor,
        BreachIn(
            what_happened="Letter for John Smith posted to the wrong address",
            discovered_at=datetime.now(UTC) - timedelta(hours=2),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
            customer_references=("1001 2345 P",),
        ),
    )

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, "1001 2345 P")

    assert not preview.blocked
    assert preview.cautions == (
        f"Breach {reported.id} names this customer: a report's words are kept for the "
        "breach register (Art. 33(5)), a name in them too.",
    )


def test_an_open_complaint_blocks_erasure_with_its_reason_and_the_refusal_is_audited(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)
    assert [hold.kind for hold in preview.holds] == [HoldKind.OPEN_COMPLAINT]
    with pytest.raises(ServiceError, match="Open complaint: Service, received"):
        erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    assert traces_in_database(demo_uow_factory)
    with demo_uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert event.outcome == "refused" and event.details == {"holds": ["open_complaint"]}


def test_a_recorded_hold_blocks_erasure_until_the_dpo_lifts_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    hold = erasure.set_legal_hold(
        dpo.uow_factory(),
        dpo.actor,
        subject.reference,
        HoldKind.LEGAL_CLAIM,
        "County court claim 7QZ99 pending",
    )
    with pytest.raises(ServiceError, match="Legal claim: County court claim 7QZ99 pending"):
        erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    assert hold.hold_id is not None
    erasure.lift_legal_hold(dpo.uow_factory(), dpo.actor, hold.hold_id, "Claim settled")
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    with demo_uow_factory() as uow:
        actions = [e.action for e in uow.audit.list_recent(customer_id=subject.customer_id)]
    assert AuditAction.LEGAL_HOLD_SET in actions and AuditAction.LEGAL_HOLD_LIFTED in actions


def test_the_pack_says_a_refused_erasure_was_refused_not_that_the_data_was_erased(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """Found by a tester as the DPO: an erasure refused for a legal hold read "Personal
    data erased" under "Who accessed your record and why", with the customer's request as
    its reason: the pack described the event without its outcome."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, subject.reference, HoldKind.LEGAL_CLAIM, "Litigation"
    )
    with pytest.raises(ServiceError, match="blocked by a legal hold"):
        erasure.erase_customer(
            dpo.uow_factory(), dpo.actor, subject.customer_id, "Her e-mail of 3 Dec"
        )

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, subject.customer_id)
    said = {row[3]: row[2] for row in pack.section("access").rows}
    assert said["Her e-mail of 3 Dec"] == "Erasure refused: the record is held (legal claim)"
    assert not [row for row in pack.section("access").rows if "erased" in row[2].lower()]


def test_a_look_on_the_erasure_desk_gives_the_pack_no_reason_nobody_typed(
    agent: Desk, dpo: Desk
) -> None:
    """Found by a tester as the DPO: a record only looked up on the erasure desk put
    "Checked for erasure ... | Erasure request (data protection)" in the person's pack, a
    reason no one typed, telling them they had asked for erasure. A look-up recorded so by
    an earlier version reads without that reason too (the trail keeps it as stored)."""
    subject = customer_with_everything(agent)
    erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)
    with dpo.uow_factory() as uow:  # as the desk recorded its look-ups before
        audit.record(
            uow,
            dpo.actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=subject.customer_id,
            reason="Erasure request (data protection)",
            details={"erasure_preview": True, "holds": 1, "open_calls": 0},
        )
        uow.commit()

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, subject.customer_id)
    looks = [row for row in pack.section("access").rows if "data protection desk" in row[2]]
    assert [(row[1], row[2], row[3]) for row in looks] == [
        (
            "dpo",
            "Looked up at the data protection desk: how much erasure would remove, counted"
            " (no details shown)",
            "",
        )
    ] * 2
    assert "erasure request" not in pack_json(pack).casefold()
    assert "checked for erasure" not in pack_json(pack).casefold()


def test_a_refusal_recorded_for_a_hold_never_erases_even_once_the_hold_is_gone(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """The desk's F2 on a held record records the refusal and says what to do next; a
    hold lifted meanwhile (another desk) leaves it nothing to refuse, and it erases
    nothing: erasing is only ever asked for as such."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    hold = erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, subject.reference, HoldKind.LEGAL_CLAIM, "Litigation"
    )
    refused = erasure.refuse_erasure(
        dpo.uow_factory(), dpo.actor, subject.customer_id, "Her letter of 3 Dec"
    )
    reference = format_reference(subject.reference)
    assert refused.message.startswith(f"Refusal recorded: {reference} is held (Legal claim")
    assert "within one month" in refused.message and "ICO" in refused.message
    # From the command line or a desk whose preview missed the hold: the same next step.
    with pytest.raises(ServiceError, match=r"The refusal is recorded\. Reply to the person"):
        erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    assert hold.hold_id is not None
    erasure.lift_legal_hold(dpo.uow_factory(), dpo.actor, hold.hold_id, "Claim settled")
    with pytest.raises(ServiceError, match="Nothing holds this record now"):
        erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, subject.customer_id, "Again")
    assert traces_in_database(demo_uow_factory)  # nothing erased
    with demo_uow_factory() as uow:
        events = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert [(e.outcome, e.reason) for e in events] == [
        ("refused", REASON),
        ("refused", "Her letter of 3 Dec"),
    ]


def test_a_refusal_only_numbering_the_request_is_refused_and_records_nothing(dpo: Desk) -> None:
    """Found by the DPO: the desk's filler "Request 2 (Art. 17)" was recorded as the
    refusal's reason, and the person's pack read it. The service refuses such a reason as
    the desk does, and records nothing."""
    erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, "1001 2345 P", HoldKind.LEGAL_CLAIM, "Litigation"
    )
    for filler in ("Request 2 (Art. 17)", "erasure request 2", "x"):
        with pytest.raises(ServiceError, match="Say which request is refused"):
            erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, 1, filler)
    with dpo.uow_factory() as uow:
        assert uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value) == []


def test_a_refusal_for_a_hold_answers_the_open_erasure_request_once(dpo: Desk) -> None:
    """Found by the DPO: the refusal was recorded on the record, but the erasure request it
    answered stayed open on the register, to be refused again with A. It is now closed as
    refused by the refusal itself, the hold its ground, audited once, as the request's."""
    today = datetime.now(UTC).date()
    asked = subject_access.log_request(
        dpo.uow_factory(),
        dpo.actor,
        SubjectAccessIn(
            customer_reference="1001 2345 P",
            requested_by="The customer, by letter",
            identity_check="Passport copy with the letter",
            received_on=today,
            right=DataRight.ERASURE,
        ),
        today,
    )
    erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, "1001 2345 P", HoldKind.LEGAL_CLAIM, "Litigation"
    )
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, "1001 2345 P")
    assert preview.erasure_request == asked.id

    refused = erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, 1, "Her letter of 3 Dec")

    assert (refused.request_id, refused.request_due) == (asked.id, asked.due_on)
    assert f"Erasure request {asked.id} is closed as refused" in refused.message
    [request] = subject_access.list_requests(
        dpo.uow_factory(), dpo.actor, today, include_answered=True
    )
    assert request.refused and request.refusal_reason == (
        "The record is held (legal claim): the data is needed to establish, exercise or "
        "defend legal claims (UK GDPR Art. 17(3)(e)), so it is not erased while the hold "
        "stands."
    )
    with dpo.uow_factory() as uow:
        refusals = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_REFUSED.value)
        erasures = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert [(e.details, e.reason) for e in refusals] == [
        (
            {"request_id": asked.id, "in_time": True, "right": "erasure", "holds": ["legal_claim"]},
            "Her letter of 3 Dec",
        )
    ]
    assert erasures == []
    # Refused again (the request closed meanwhile): on the record alone, as before.
    erasure.refuse_erasure(dpo.uow_factory(), dpo.actor, 1, "Her second letter")
    with dpo.uow_factory() as uow:
        [again] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert (again.outcome, again.reason) == ("refused", "Her second letter")


def test_a_call_left_open_names_whose_it_is_in_the_preview_and_the_refusal(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """Found with two desks: a console killed mid-call left the call open; the preview said
    the record could be erased, and the refusal said the customer was in a call now."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    agent.start(subject.customer_id)  # the console then closed without ending it

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)
    [call] = preview.open_calls
    assert call.startswith("agent's phone call, since ") and preview.blocked
    # The trail says what blocked it too (a tester read "holds 0" there).
    with dpo.uow_factory() as uow:
        [checked] = uow.audit.list_recent(customer_id=subject.customer_id, limit=1)
    assert checked.details == {"erasure_preview": True, "holds": 0, "open_calls": 1}
    with pytest.raises(ServiceError) as refused:
        erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)
    assert f"A call about this customer is not ended: {call}." in str(refused.value)
    assert "wrapping it up from their Calls to finish" in str(refused.value)
    assert "or a supervisor closes it from the supervisor queue" in str(refused.value)


def test_a_call_a_supervisor_closed_no_longer_holds_up_the_erasure(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """The handler who left the call open has gone: a supervisor closes it, and the
    erasure the open call refused goes ahead."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    call = agent.start(subject.customer_id)  # the console then closed without ending it
    assert erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference).blocked

    closing_calls.close_call(
        supervisor.uow_factory(),
        supervisor.actor,
        call.interaction_id,
        "Console killed mid-call, handler on leave",
        desk_in_use_confirmed=True,
    )
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, subject.reference)
    assert preview.open_calls == () and not preview.blocked
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)


def test_only_the_data_protection_officer_erases_or_holds(agent: Desk) -> None:
    subject = customer_with_everything(agent)
    with pytest.raises(PermissionDenied):
        erasure.erase_customer(agent.uow_factory(), agent.actor, subject.customer_id, REASON)
    with pytest.raises(PermissionDenied):
        erasure.set_legal_hold(
            agent.uow_factory(), agent.actor, subject.reference, HoldKind.LEGAL_CLAIM, "x"
        )


def test_a_record_merged_into_the_customers_is_erased_with_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    values = {
        "given_name": "Perpetua",
        "family_name": "Quillfeather",
        "date_of_birth": "14/09/1961",
        "phone": "07700 900879",
        "address_line1": "3 Larkspur Row",
        "town": "Tobermory",
        "postcode": "PA75 6NU",
    }
    twin = create_customer(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(values)),
            different_person_reason="Caller says she is not the one on file",
        ),
    ).customer_id
    merging.merge_records(
        supervisor.uow_factory(), supervisor.actor, subject.customer_id, twin, {}, "Same person"
    )

    done = erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    assert done.records == 2
    assert traces_in_database(demo_uow_factory) == []
    with demo_uow_factory() as uow:
        merged = uow.customers.get(twin)
        assert merged is not None and merged.status == CustomerStatus.ERASED


def test_an_erased_customer_is_in_no_subject_access_pack_not_even_their_own(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """After erasure the packs a DPO can export -- hers, and those of other customers a
    handler worked on in the same days -- hold none of her values, in either form."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON)

    with dpo.uow_factory() as uow:
        others = [c.id for c in uow.session.scalars(select(Customer).limit(5))]  # type: ignore[attr-defined]
    for customer_id in [subject.customer_id, *others]:
        pack = subject_access_pack(dpo.uow_factory(), dpo.actor, customer_id)
        for document in (pack_html(pack), pack_json(pack)):
            found = [trace for trace in TRACES if trace in document.casefold()]
            assert found == [], (customer_id, found)
    # Her record's status in words, as "Active" is for a live one (it read "erased").
    hers = subject_access_pack(dpo.uow_factory(), dpo.actor, subject.customer_id)
    assert [row[1] for row in hers.section("record").rows if row[0] == "Status"] == ["Erased"]


def test_a_call_started_while_the_record_is_being_erased_waits_for_it_and_is_refused(
    agent: Desk, supervisor: Desk, dpo: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Erasure is refused while a call is open, but a call started just after erasure had
    looked for open calls went ahead (it read the record before the erasure committed):
    the handler had a call open, and the record on screen, of a customer erased."""
    subject = customer_with_everything(agent)
    _close_complaint(supervisor, subject)
    erasing, go_on = threading.Event(), threading.Event()
    anonymise = ErasureRepository.anonymise

    def paused(self: ErasureRepository, *args: Any, **kwargs: Any) -> Any:
        erasing.set()  # the record is locked and its open calls counted: none
        go_on.wait(10)
        return anonymise(self, *args, **kwargs)

    monkeypatch.setattr(ErasureRepository, "anonymise", paused)
    eraser = threading.Thread(
        target=erasure.erase_customer,
        args=(dpo.uow_factory(), dpo.actor, subject.customer_id, REASON),
    )
    eraser.start()
    assert erasing.wait(10)
    outcome: list[object] = []

    def start_call() -> None:
        try:
            outcome.append(agent.start(subject.customer_id))
        except ServiceError as error:
            outcome.append(error)

    caller = threading.Thread(target=start_call)
    caller.start()
    caller.join(0.5)  # time enough to start a call, were it not made to wait
    go_on.set()
    eraser.join(10)
    caller.join(10)
    [started] = outcome
    assert isinstance(started, RecordErased), started
    assert "Its personal details are gone;" in str(started)
    with agent.uow_factory() as uow:
        calls = uow.session.scalars(  # type: ignore[attr-defined]
            select(Interaction).where(Interaction.customer_id == subject.customer_id)
        ).all()
        assert all(call.ended_at is not None for call in calls)


def test_restricting_names_the_third_parties_the_data_was_disclosed_to_art_19(
    agent: Desk, dpo: Desk
) -> None:
    """Art. 19 asks the same of a restriction of processing as of an erasure: each
    recipient of the data is told. The restriction names them; a record never released
    names nobody."""
    from tests.support.disclosed import released_to

    released_to(agent, dpo, 1, "Example Constabulary")
    today = f"{datetime.now(UTC):%d %b %Y}"

    done = restriction.restrict_processing(dpo.uow_factory(), dpo.actor, "1001 2345 P", REASON)
    assert done.recipients_line == (
        f"Data was disclosed to Example Constabulary on {today}: tell them of the "
        "restriction (UK GDPR Art. 19)."
    )
    with dpo.uow_factory() as uow:
        second = uow.customers.get(2)
        assert second is not None
        never_released = format_reference(second.reference)
    other = restriction.restrict_processing(dpo.uow_factory(), dpo.actor, never_released, REASON)
    assert other.recipients_line == ""


def test_erasing_names_the_third_parties_the_data_was_disclosed_to_art_19(
    agent: Desk, dpo: Desk
) -> None:
    """Found by a DPO: erasing a customer whose data had been released to the police said
    only how many values were replaced. Art. 19: each recipient is to be told of the
    erasure, so the preview and the erasure name them, with the day the data went; a
    request approved but never released sent nothing, and is not named."""
    from tests.support.disclosed import released_to

    released_to(agent, dpo, 1, "Example Constabulary")
    released_to(agent, dpo, 1, "Example LLP")
    released_to(agent, dpo, 1, "Example Borough Council", release=False)
    today = f"{datetime.now(UTC):%d %b %Y}"

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, "1001 2345 P")
    told = f"Data was disclosed to Example Constabulary on {today} and to Example LLP on {today}"
    assert f"{told}: once erased, tell them of the erasure (UK GDPR Art. 19)." in (preview.cautions)
    done = erasure.erase_customer(dpo.uow_factory(), dpo.actor, 1, REASON)

    assert done.recipients_line == f"{told}: tell them of the erasure (UK GDPR Art. 19)."
    assert "Example Borough Council" not in done.recipients_line
    with dpo.uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert event.details["recipients_to_tell"] == 2  # a count: never who


def test_an_erasure_of_data_never_disclosed_names_no_one(dpo: Desk) -> None:
    done = erasure.erase_customer(dpo.uow_factory(), dpo.actor, 1, REASON)
    assert done.recipients == () and done.recipients_line == ""
