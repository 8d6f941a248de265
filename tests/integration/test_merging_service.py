"""Merging two records of the same person (MP-13) on SQLite, SQLCipher and PostgreSQL:
everything the merged record held moves to the survivor, the merged record stays and leads
the lookup to the survivor, and the merge is on the audit trail and the timeline."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import (
    DEFAULT_CHANGE_REASONS,
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind, RepresentativeIn
from custinfo_tui.domain.merging import PREVIEW_REASON, MergeSide, MergeWarning, comparing_reason
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import Authority, Channel, VerificationPolicy
from custinfo_tui.repository.merging import MOVED_COLUMNS
from custinfo_tui.repository.orm import (
    Address,
    ContactPoint,
    Customer,
    QueueItemRow,
)
from custinfo_tui.services import complaints, merging, representatives, restriction
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.errors import (
    MergeNotConfirmed,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.records import edit_customer, open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for
from tests.support.edits import read_back_of

CAPTURE = CapturePolicy()
JOHN_SMITH = 1  # 12 Acacia Road, London SE1 2QT; born 12 April 1980
REASON = AccessReason(reason="Customer wrote in", detail="letter")
#: John Smith and a demo customer of another name, born another day: confirmed as such.
TWO_PEOPLE = (MergeWarning.TWO_PEOPLE,)
#: Why the supervisor compares two records (MP-09): the other one is shown whole.
COMPARING = comparing_reason("Same name and birthday on a letter")
TWIN_PHONE = "07700 900555"
TWIN = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",
    "phone": TWIN_PHONE,
    "email": "john.smith.twin@example.com",
    "address_line1": "3 Mill Lane",
    "town": "Bristol",
    "postcode": "BS1 4DJ",
}


def _capture(desk: Desk, values: dict[str, str], reason: str | None) -> int:
    new = NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        different_person_reason=reason,
    )
    return create_customer(desk.uow_factory(), desk.actor, CAPTURE, Channel.PHONE, new).customer_id


def _twin_with_history(agent: Desk) -> int:
    """John Smith captured again as "a different person", then given a history of his own:
    a correction, a representative, a complaint, and a call that locked his verification."""
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")
    version = open_record(agent.uow_factory(), agent.actor, twin, REASON).version
    edit_customer(
        agent.uow_factory(),
        agent.actor,
        CAPTURE,
        twin,
        version,
        {"address_line1": FieldEdit(value="4 Mill Lane", reason=DEFAULT_CHANGE_REASONS[0])},
        read_back_of("address_line1"),
        policy=VerificationPolicy(),
    )
    representatives.add_representative(
        agent.uow_factory(),
        agent.actor,
        twin,
        RepresentativeIn(
            given_name="Mary",
            family_name="Smith",
            relationship="wife",
            authority=Authority.POWER_OF_ATTORNEY,
            scope=("read:contact",),
            date_of_birth="03/03/1981",
            postcode="BS1 4DJ",
        ),
    )
    complaints.raise_complaint(
        agent.uow_factory(),
        agent.actor,
        ComplaintPolicy(),
        twin,
        ComplaintIn(
            category="Billing or charges",
            customer_said="Charged twice",
            apology="Sorry for the double charge",
            solution="Refund the second payment",
        ),
    )
    call = agent.start(twin).interaction_id
    agent.fail(call, times=3)
    agent.end(call)
    return twin


def _rows(uow_factory: UnitOfWorkFactory, model: type[Any], **where: object) -> list[Any]:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        rows = list(session.scalars(select(model).filter_by(**where)))
        session.expunge_all()
        return rows


def _customer(uow_factory: UnitOfWorkFactory, customer_id: int) -> Customer:
    [customer] = _rows(uow_factory, Customer, id=customer_id)
    return customer


def _events(uow_factory: UnitOfWorkFactory, action: AuditAction) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.list_recent(action=action.value)


def _merge(
    desk: Desk,
    survivor: int,
    other: int,
    reason: str = "Same person: same birthday and name",
    **kw: Any,
) -> merging.MergeDone:
    return merging.merge_records(
        desk.uow_factory(), desk.actor, survivor, other, kw.pop("choices", {}), reason, **kw
    )


def test_saving_a_different_person_despite_a_strong_match_raises_a_possible_duplicate(
    agent: Desk, supervisor: Desk
) -> None:
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")

    [item] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_DUPLICATE]
    assert (item.customer_id, item.other_customer_id) == (twin, JOHN_SMITH)
    assert item.kind_label == "Possible duplicate"
    assert "saved as a different person from" in item.summary
    # References and what matched only: no name, date or number of either record.
    for value in ("John", "Smith", "1980", "900555", "Acacia", "Mill"):
        assert value not in item.summary

    # Opened to merge, the handler's reason is there to weigh, whichever side it is on.
    for survivor, other in ((JOHN_SMITH, twin), (twin, JOHN_SMITH)):
        preview = merging.preview_merge(
            supervisor.uow_factory(), supervisor.actor, survivor, other, COMPARING
        )
        assert preview.why_different == "Caller says he is not the John Smith on file"


def test_a_merge_moves_everything_to_the_survivor_and_keeps_the_other_record(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    twin = _twin_with_history(agent)
    [item] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_DUPLICATE]
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, twin, COMPARING
    )
    rows = {row.key: row for row in preview.rows}
    assert rows["phone"].other == TWIN_PHONE and rows["phone"].survivor != TWIN_PHONE
    assert preview.moving["interactions"] == 2 and preview.moving["complaints"] == 1

    done = _merge(
        supervisor,
        JOHN_SMITH,
        twin,
        choices={"phone": MergeSide.OTHER, "address_line1": MergeSide.SURVIVOR},
        queue_item_id=item.id,
        confirmed=preview.warnings,  # his verification was locked: the lock moves
    )

    assert done.from_other == ("phone",)
    # Nothing of the other record's is left pointing at it, and it still exists.
    for kind, column in MOVED_COLUMNS.items():
        assert _rows(demo_uow_factory, column.class_, **{column.key: twin}) == [], kind
    assert _rows(demo_uow_factory, ContactPoint, customer_id=twin) == []
    assert _rows(demo_uow_factory, Address, customer_id=twin) == []
    merged = _customer(demo_uow_factory, twin)
    assert merged.status == CustomerStatus.MERGED and merged.merged_into_id == JOHN_SMITH
    assert merged.merged_by_id == supervisor.actor.operator_id and merged.merged_at is not None
    moved = {kind: count for kind, count in done.moved.items() if count}
    assert moved == preview.moving
    assert {"interactions": 2, "complaints": 1, "representatives": 1}.items() <= moved.items()
    assert moved["verification_locks"] == 1 and moved["field_history"] == 1
    assert moved["consents"] >= 1 and moved["queue_items"] == 2  # the fraud and the duplicate

    record = open_record(supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, REASON)
    assert record.value("phone") == TWIN_PHONE
    assert record.value("address_line1") == "12 Acacia Road"
    # The merge's change, then the twin's own correction, moved with him.
    assert [c.field for c in record.changes][:2] == ["Phone", "Address line 1"]
    assert record.changes[0].reason.startswith("Merged from ")
    assert any(h.what.startswith("Merged: ") for h in record.history)
    # The twin's own events (the locked call) are on the survivor's timeline too.
    assert any(h.action == AuditAction.VERIFICATION_LOCKED for h in record.history)
    # The duplicate item the merge closed reads as one: no fraud alert, no lock kept.
    closed_lines = [h.what for h in record.history if h.action == AuditAction.QUEUE_ITEM_CLOSED]
    assert closed_lines == ["Supervisor closed the possible-duplicate item"]
    past = [a for a in _rows(demo_uow_factory, Address, customer_id=JOHN_SMITH) if not a.is_current]
    assert sorted(a.line1 for a in past) == ["3 Mill Lane", "4 Mill Lane"]
    assert not any(i.kind == QueueKind.POSSIBLE_DUPLICATE for i in supervisor.items())
    [closed] = _rows(demo_uow_factory, QueueItemRow, id=item.id)
    assert closed.status == QueueItemStatus.CLOSED
    # A desk that still had the merged record open is told where it went (a tester read
    # "That customer record no longer exists", though merged records are never deleted).
    survivor = format_reference(_customer(demo_uow_factory, JOHN_SMITH).reference)
    with pytest.raises(NotFound, match=f"merged into {survivor}: open that one"):
        open_record(agent.uow_factory(), agent.actor, twin, REASON)


def test_the_merge_is_audited_on_both_records_by_references_and_field_names(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")
    _merge(supervisor, JOHN_SMITH, twin, choices={"email": MergeSide.OTHER})

    [event] = _events(demo_uow_factory, AuditAction.CUSTOMER_MERGED)
    assert (event.customer_id, event.operator_id) == (JOHN_SMITH, supervisor.actor.operator_id)
    assert event.fields == ("email",)
    assert event.details["from_merged"] == ["email"] and event.details["merged_id"] == twin
    assert event.reason == "Same person: same birthday and name"
    [into] = _events(demo_uow_factory, AuditAction.CUSTOMER_MERGED_INTO)
    assert into.customer_id == twin and into.details["survivor"] == event.details["survivor"]
    stored = repr([event.details, into.details])
    for value in ("john", "Smith", "example.com", "900555", "Mill", "Acacia"):
        assert value not in stored


def test_a_lookup_by_the_merged_records_name_or_reference_finds_the_survivor_with_a_note(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Desk
) -> None:
    smythe = 5  # Jonathan Smythe, Bristol
    other_reference = open_record(supervisor.uow_factory(), supervisor.actor, smythe, REASON)
    _merge(supervisor, JOHN_SMITH, smythe, confirmed=TWO_PEOPLE)

    for typed in ("jonathan smythe", other_reference.reference):
        found = lookup(demo_uow_factory(), supervisor.actor, typed)
        [match] = [m for m in found.matches if m.customer_id in (JOHN_SMITH, smythe)]
        assert match.customer_id == JOHN_SMITH, typed
        assert match.merged_from == f"merged from {other_reference.reference}"
    # The survivor found by its own name carries no note.
    own = lookup(demo_uow_factory(), supervisor.actor, "john smith")
    assert next(m for m in own.matches if m.customer_id == JOHN_SMITH).merged_from is None


def test_a_restricted_survivor_is_not_listed_through_its_merged_records_name_either(
    demo_uow_factory: UnitOfWorkFactory, supervisor: Desk, agent: Desk
) -> None:
    smythe = 5  # Jonathan Smythe, Bristol
    _merge(supervisor, JOHN_SMITH, smythe, confirmed=TWO_PEOPLE)
    dpo = desk_for(demo_uow_factory, "dpo")
    survivor = open_record(dpo.uow_factory(), dpo.actor, JOHN_SMITH, REASON).reference
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, survivor, "Accuracy contested")

    def listed(desk: Desk) -> list[int]:
        found = lookup(demo_uow_factory(), desk.actor, "jonathan smythe")
        return [m.customer_id for m in found.matches]

    assert JOHN_SMITH not in listed(agent)  # Art. 18: not even under the merged name
    assert JOHN_SMITH in listed(dpo)


def test_refused_merges_change_nothing(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    with pytest.raises(ServiceError, match="into itself"):
        _merge(supervisor, JOHN_SMITH, JOHN_SMITH)
    with pytest.raises(PermissionDenied):
        _merge(agent, JOHN_SMITH, 2)
    for said_nothing in ("  ", "test", " ok "):  # a tester's "test" was accepted
        with pytest.raises(ServiceError, match="reason for merging in a few words"):
            _merge(supervisor, JOHN_SMITH, 2, reason=said_nothing)
    call = agent.start(2).interaction_id
    with pytest.raises(ServiceError, match="in a call"):
        _merge(supervisor, JOHN_SMITH, 2)
    agent.end(call)
    _merge(supervisor, JOHN_SMITH, 2, confirmed=TWO_PEOPLE)
    with pytest.raises(ServiceError, match="already been merged"):
        _merge(supervisor, 3, 2)
    with pytest.raises(ServiceError, match="already been merged"):
        _merge(supervisor, 2, 3)
    assert _customer(demo_uow_factory, 3).status == CustomerStatus.ACTIVE
    assert len(_events(demo_uow_factory, AuditAction.CUSTOMER_MERGED)) == 1


def _addresses(uow_factory: UnitOfWorkFactory, customer_id: int) -> list[tuple[Any, ...]]:
    """The customer's addresses, oldest first: first line, postcode, from, to, current."""
    held = _rows(uow_factory, Address, customer_id=customer_id)
    return [
        (a.line1, a.postcode, a.valid_from, a.valid_to, a.is_current)
        for a in sorted(held, key=lambda a: (a.valid_from, a.id))
    ]


def _contact_points(
    uow_factory: UnitOfWorkFactory, customer_id: int
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The customer's main phone and e-mail, by kind; and every phone and e-mail held."""
    held = _rows(uow_factory, ContactPoint, customer_id=customer_id)
    main = {c.kind: c.value for c in held if c.is_primary}
    assert len(main) == len([c for c in held if c.is_primary])  # one main one of each kind
    return main, [(c.kind, c.value) for c in held]


def test_taking_the_other_records_address_is_a_move_that_keeps_the_old_one_with_its_dates(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """The tester's merge: the moved-house twin's phone, first line and postcode chosen. The
    kept address was rewritten in place (still dated from 2022), the old one was left only in
    field history, the twin's address was added again as a past one, and the phone and the
    e-mail both records held were each stored twice."""
    moved = TWIN | {
        "phone": "07700 900777",
        "email": "john.smith1@example.com",  # John's own e-mail, on both records
        "address_line1": "5 Other Street",
        "town": "London",
        "postcode": "SE1 7PB",
    }
    [(acacia_line, acacia_postcode, lived_from, _, _)] = _addresses(demo_uow_factory, JOHN_SMITH)
    twin = _capture(agent, moved, reason="Caller says he is not the John Smith on file")
    [(_, _, recorded_at, _, _)] = _addresses(demo_uow_factory, twin)
    taken = {key: MergeSide.OTHER for key in ("phone", "address_line1", "postcode")}

    _merge(supervisor, JOHN_SMITH, twin, "Same person, moved house", choices=taken)

    # Moved out of Acacia Road when the new address was first recorded, and lives at the
    # new one since then: each address once, with its own dates.
    assert _addresses(demo_uow_factory, JOHN_SMITH) == [
        (acacia_line, acacia_postcode, lived_from, recorded_at, False),
        ("5 Other Street", "SE1 7PB", recorded_at, None, True),
    ]
    record = open_record(supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, REASON)
    assert (record.value("address_line1"), record.value("postcode")) == (
        "5 Other Street",
        "SE1 7PB",
    )
    assert record.value("phone") == "07700 900777"
    # Each phone and e-mail once: the twin's phone is the one in use, John's old one kept
    # (a lookup by it still finds him), the shared e-mail not added again.
    main, held = _contact_points(demo_uow_factory, JOHN_SMITH)
    assert main == {"phone": "+447700900777", "email": "john.smith1@example.com"}
    assert sorted(held) == [
        ("email", "john.smith1@example.com"),
        ("phone", "+447700900123"),
        ("phone", "+447700900777"),
    ]


def test_a_twin_at_the_same_address_adds_no_past_address_and_no_second_e_mail(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """Both records at 12 Acacia Road: the twin's copy became a *past* address of John's,
    as if he had moved away from where he lives."""
    same = TWIN | {
        "email": "john.smith1@example.com",
        "address_line1": "12 Acacia Road",
        "town": "London",
        "postcode": "SE1 2QT",
    }
    [acacia] = _addresses(demo_uow_factory, JOHN_SMITH)
    twin = _capture(agent, same, reason="Caller says he is not the John Smith on file")
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, twin, COMPARING
    )

    done = _merge(supervisor, JOHN_SMITH, twin)

    assert _addresses(demo_uow_factory, JOHN_SMITH) == [acacia]
    main, held = _contact_points(demo_uow_factory, JOHN_SMITH)
    assert main == {"phone": "+447700900123", "email": "john.smith1@example.com"}
    assert sorted(held) == [
        ("email", "john.smith1@example.com"),
        ("phone", "+447700900123"),
        ("phone", "+447700900555"),
    ]
    # What the screen said would move is what moved: the twin's phone, no address.
    assert {k: n for k, n in done.moved.items() if n} == preview.moving
    assert preview.moving.get("contact_points") == 1 and "addresses" not in preview.moving


def test_taking_some_lines_of_the_other_address_starts_a_new_one_as_an_edits_move_does(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """A first line from the twin with John's town and postcode is an address neither
    record held: it is current from the merge, like a move saved on the edit form."""
    [(_, _, lived_from, _, _)] = _addresses(demo_uow_factory, JOHN_SMITH)
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")
    [(_, _, recorded_at, _, _)] = _addresses(demo_uow_factory, twin)

    _merge(supervisor, JOHN_SMITH, twin, choices={"address_line1": MergeSide.OTHER})

    [merged_at] = [c.merged_at for c in _rows(demo_uow_factory, Customer, id=twin)]
    assert _addresses(demo_uow_factory, JOHN_SMITH) == [
        ("12 Acacia Road", "SE1 2QT", lived_from, merged_at, False),
        ("3 Mill Lane", "BS1 4DJ", recorded_at, merged_at, False),
        ("3 Mill Lane", "SE1 2QT", merged_at, None, True),
    ]


def test_the_reference_asked_for_a_merge_is_refused_when_the_merge_would_be(
    agent: Desk, supervisor: Desk
) -> None:
    """The form asking the other record's reference said nothing of a record's own
    reference: the merge screen then opened with nothing to merge."""
    zoe = 2

    def find(customer_id: int) -> int:
        reference = open_record(supervisor.uow_factory(), supervisor.actor, customer_id, REASON)
        return merging.find_record_to_merge(
            supervisor.uow_factory(), supervisor.actor, reference.reference, JOHN_SMITH
        )

    with pytest.raises(ServiceError, match="cannot be merged into itself"):
        find(JOHN_SMITH)
    call = agent.start(zoe).interaction_id
    with pytest.raises(ServiceError, match="in a call"):
        find(zoe)
    agent.end(call)
    assert find(zoe) == zoe


def test_a_misread_reference_to_merge_offers_the_record_one_slip_away_as_the_lookup_does(
    supervisor: Desk,
) -> None:
    """The merge form said only "a digit or the letter is wrong"; the lookup offers the
    record one slip away. Both say it alike now, never offering the record kept itself."""

    def said(typed: str) -> str:
        with pytest.raises(ServiceError) as refused:
            merging.find_record_to_merge(
                supervisor.uow_factory(), supervisor.actor, typed, JOHN_SMITH
            )
        return str(refused.value)

    assert said("1001 2345 Q") == (  # John Smith's own, with a wrong letter: not offered
        "That reference's check letter does not match: a digit or the letter is wrong. "
        "Check each digit and the letter again."
    )
    zoe = format_reference(
        open_record(supervisor.uow_factory(), supervisor.actor, 2, REASON).reference
    )
    misread = zoe[:-1] + ("A" if zoe[-1] != "A" else "B")
    assert said(misread) == lookup(supervisor.uow_factory(), supervisor.actor, misread).message
    assert said(misread).endswith(f"Did you mean {zoe}?")


def test_the_other_record_is_read_for_a_merge_only_with_a_reason_that_is_kept(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """Found by a tester: any record could be compared, so shown whole, with no reason
    asked, the trail saying "Merging duplicate records" for every look. The supervisor's
    own reason is needed now, as for opening any record outside a call (MP-09), or the
    possible-duplicate item naming both records; refused, nothing is read or recorded."""
    smythe = 5

    def preview(reason: AccessReason | None, item: int | None = None) -> merging.MergePreview:
        return merging.preview_merge(
            supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, smythe, reason,
            queue_item_id=item,
        )  # fmt: skip

    for missing in (None, AccessReason(reason=PREVIEW_REASON), comparing_reason("dup")):
        with pytest.raises(ServiceError, match="Say why you are opening the other record"):
            preview(missing)
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")
    [item] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_DUPLICATE]
    with pytest.raises(ServiceError, match="about other records"):
        preview(None, item.id)  # the item names John Smith and his twin, not Smythe
    assert _events(demo_uow_factory, AuditAction.CUSTOMER_VIEWED) == []

    preview(comparing_reason("Same phone on a letter he sent"))
    merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, twin, JOHN_SMITH, None, queue_item_id=item.id
    )
    viewed = _events(demo_uow_factory, AuditAction.CUSTOMER_VIEWED)
    assert all(event.details == {"merge_preview": True} for event in viewed)
    assert sorted((event.customer_id, event.reason) for event in viewed) == [
        (JOHN_SMITH, "Merging duplicate records: Same phone on a letter he sent"),
        (JOHN_SMITH, f"Merging duplicate records: possible duplicate, queue item {item.id}"),
        (smythe, "Merging duplicate records: Same phone on a letter he sent"),
        (twin, f"Merging duplicate records: possible duplicate, queue item {item.id}"),
    ]


def test_a_merge_of_two_people_or_of_a_record_locked_for_fraud_needs_confirming_first(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """Found by a tester: Jonathan Smythe's verification, locked after three failed checks,
    was merged into John Smith's record, a plainly different person, with no warning; the
    lock then stood on John. Both are warned of now, and the merge goes on only when the
    supervisor confirmed what the warnings say; the lock moves with the record."""
    smythe = 5
    call = agent.start(smythe).interaction_id
    agent.fail(call, times=3)
    agent.end(call)

    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, smythe, COMPARING
    )
    assert list(preview.warnings) == [MergeWarning.TWO_PEOPLE, MergeWarning.OTHER_LOCKED]
    words = " ".join(preview.warnings.values())
    assert "These look like two different people" in words
    assert f"Locked for possible fraud: {preview.other_reference} (phone verification)" in words
    assert f"{preview.survivor_reference} cannot be verified by phone" in words
    for confirmed in ((), TWO_PEOPLE, (MergeWarning.OTHER_LOCKED,)):
        with pytest.raises(MergeNotConfirmed, match="Nothing was merged"):
            _merge(supervisor, JOHN_SMITH, smythe, confirmed=confirmed)
    assert _customer(demo_uow_factory, smythe).status == CustomerStatus.ACTIVE
    with demo_uow_factory() as uow:
        assert uow.queue.active_lock(JOHN_SMITH) is None

    _merge(supervisor, JOHN_SMITH, smythe, confirmed=preview.warnings)

    [event] = _events(demo_uow_factory, AuditAction.CUSTOMER_MERGED)
    assert event.details["warnings"] == ["two_people", "merged_record_locked"]
    with demo_uow_factory() as uow:
        lock = uow.queue.active_lock(JOHN_SMITH)
        assert lock is not None and lock.channels == ["phone"]
    # The possible-fraud item moved with it: it names the kept record on the queue.
    [fraud] = [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_FRAUD]
    assert fraud.customer_id == JOHN_SMITH


def test_a_kept_record_locked_for_fraud_is_warned_of_and_a_true_duplicate_is_not(
    agent: Desk, supervisor: Desk
) -> None:
    twin = _capture(agent, TWIN, reason="Caller says he is not the John Smith on file")
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, twin, COMPARING
    )
    assert preview.warnings == {}  # one name, one birthday, no lock: nothing to warn of

    call = agent.start(JOHN_SMITH).interaction_id
    agent.fail(call, times=3)
    agent.end(call)
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, twin, COMPARING
    )
    assert list(preview.warnings) == [MergeWarning.KEPT_LOCKED]
    assert "It stays locked after the merge" in preview.warnings[MergeWarning.KEPT_LOCKED]
    with pytest.raises(MergeNotConfirmed):
        _merge(supervisor, JOHN_SMITH, twin)
    _merge(supervisor, JOHN_SMITH, twin, confirmed=preview.warnings)
