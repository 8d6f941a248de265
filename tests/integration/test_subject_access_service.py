"""Subject access requests (MP-16) and restricting processing (Art. 18) on SQLite,
SQLCipher and PostgreSQL: logging, the open list, extending, the export pack with every
section, escaping in the HTML, answering, and a restricted record hidden from handlers."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachRisk, Told
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers, MarketingChannel
from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    RELOADED_AFTER_REQUEST,
    DisclosureRequestIn,
)
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import Authority, RepresentativeIn
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import (
    SubjectAccessIn,
    SubjectAccessRequest,
    describe_other_records,
)
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.services import (
    breaches,
    complaints,
    consent,
    disclosures,
    discrepancies,
    erasure,
    merging,
    representatives,
    restriction,
)
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.call_notes import add_note
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.records import open_record
from custinfo_tui.services.restriction import RESTRICTED_MESSAGE, RecordRestricted
from custinfo_tui.services.subject_access_pack import PACK_SECTIONS, PackSource
from tests.support.actors import Desk, desk_for
from tests.support.edits import correct
from tests.support.references import stored_reference
from tests.support.second_record import second_john_smith

JOHN_SMITH = 1
TODAY = date(2026, 12, 2)
SCRIPT = "<script>alert(1)</script> [bold]loud[/bold]"


def _log(dpo: Desk, received: date = TODAY, **typed: object) -> SubjectAccessRequest:
    given = {
        "customer_reference": stored_reference(dpo.uow_factory, JOHN_SMITH),
        "requested_by": "The customer, by letter",
        "identity_check": "Passport copy and a utility bill checked",
        "received_on": received,
        **typed,
    }
    return sar.log_request(
        dpo.uow_factory(), dpo.actor, SubjectAccessIn.model_validate(given), TODAY
    )


def test_a_request_is_due_a_calendar_month_after_receipt_and_listed_overdue_first(
    dpo: Desk,
) -> None:
    later = _log(dpo, received=TODAY - timedelta(days=3))
    # One request open per right and customer: the second is another customer's.
    another = stored_reference(dpo.uow_factory, 2)
    overdue = _log(dpo, received=date(2026, 10, 31), customer_reference=another)
    assert overdue.due_on == date(2026, 11, 30)
    assert later.due_on == date(2026, 12, 29)

    listed = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY)
    assert [r.id for r in listed] == [overdue.id, later.id]
    assert listed[0].days_left == -2 and listed[0].overdue
    assert listed[1].days_left == 27


def test_an_extension_is_once_with_a_reason_and_answered_requests_leave_the_list(
    dpo: Desk,
) -> None:
    request = _log(dpo, received=date(2026, 11, 30))
    with pytest.raises(FieldError):
        sar.extend_request(dpo.uow_factory(), dpo.actor, request.id, 3, "Complex", TODAY)
    with pytest.raises(FieldError):
        sar.extend_request(dpo.uow_factory(), dpo.actor, request.id, 2, "  ", TODAY)
    extended = sar.extend_request(
        dpo.uow_factory(), dpo.actor, request.id, 2, "Many years of records", TODAY
    )
    assert extended.due_on == date(2027, 2, 28)
    assert extended.extension_reason == "Many years of records"
    with pytest.raises(ServiceError, match="only once"):
        sar.extend_request(dpo.uow_factory(), dpo.actor, request.id, 1, "Again", TODAY)

    answered = sar.answer_request(dpo.uow_factory(), dpo.actor, request.id, TODAY)
    assert answered.answered and answered.days_left is None
    assert sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY) == []
    with pytest.raises(ServiceError, match="answered already"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, request.id, TODAY)


def test_an_unfounded_or_excessive_request_is_refused_with_the_reason_the_person_is_told(
    dpo: Desk, agent: Desk
) -> None:
    request = _log(dpo)
    with pytest.raises(FieldError, match="why the request is refused"):
        sar.refuse_request(dpo.uow_factory(), dpo.actor, request.id, "   ", TODAY)
    with pytest.raises(PermissionDenied):
        sar.refuse_request(agent.uow_factory(), agent.actor, request.id, "Repeat", TODAY)
    refused = sar.refuse_request(
        dpo.uow_factory(), dpo.actor, request.id, "Same request as 1, answered last week", TODAY
    )
    assert refused.refused and refused.answered and refused.days_left is None
    assert refused.refusal_reason == "Same request as 1, answered last week"
    assert sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY) == []
    listed = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY, include_answered=True)
    assert [(r.id, r.refused) for r in listed] == [(request.id, True)]
    for close in (
        lambda: sar.answer_request(dpo.uow_factory(), dpo.actor, request.id, TODAY),
        lambda: sar.refuse_request(dpo.uow_factory(), dpo.actor, request.id, "Again", TODAY),
    ):
        with pytest.raises(ServiceError, match="refused already"):
            close()

    with dpo.uow_factory() as uow:
        events = uow.audit.list_recent(customer_id=JOHN_SMITH, limit=50)
    refusals = [e for e in events if e.action is AuditAction.SUBJECT_ACCESS_REFUSED]
    assert [e.details for e in refusals] == [{"request_id": request.id, "in_time": True}]
    assert "Same request" not in json.dumps([e.details for e in events])

    # The person's pack says their request was refused, and why.
    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)
    requests = next(s for s in pack.sections if s.key == "subject-access-requests")
    assert requests.columns[-1] == "Refused because"
    assert [row[-1] for row in requests.rows] == ["Same request as 1, answered last week"]


def test_an_overdue_request_cannot_be_extended_to_hide_that_it_is_late(dpo: Desk) -> None:
    # Received 31 October: the first month ended on 30 November, before TODAY. The person
    # had to be told of an extension within it, so it is answered now, not extended.
    late = _log(dpo, received=date(2026, 10, 31))
    with pytest.raises(ServiceError, match="first month ended on 30 Nov 2026"):
        sar.extend_request(dpo.uow_factory(), dpo.actor, late.id, 2, "Complex", TODAY)
    listed = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY)
    assert [(r.id, r.overdue, r.extended_by_months) for r in listed] == [(late.id, True, 0)]
    # On the month's last day it may still be extended.
    on_time = _log(
        dpo, received=date(2026, 11, 2), customer_reference=stored_reference(dpo.uow_factory, 2)
    )
    extended = sar.extend_request(
        dpo.uow_factory(), dpo.actor, on_time.id, 1, "Complex", date(2026, 12, 2)
    )
    assert extended.due_on == date(2027, 1, 2)


def test_only_the_dpo_handles_requests_and_bad_input_is_refused(dpo: Desk, agent: Desk) -> None:
    with pytest.raises(PermissionDenied):
        sar.list_requests(agent.uow_factory(), agent.actor, TODAY)
    with pytest.raises(FieldError, match="after today"):
        _log(dpo, received=TODAY + timedelta(days=1))
    with pytest.raises(FieldError):
        _log(dpo, customer_reference="1234 5678")


def test_a_request_of_any_right_is_logged_by_hand_and_one_open_already_is_noted(
    dpo: Desk,
) -> None:
    """The DPO logs a request of any right (access unless another is given), due as every
    request is; one for a right the customer has a request open for is not logged twice
    but noted on the open one, as a right asked again in a call is."""
    erasure_asked = _log(
        dpo, received=date(2026, 1, 31), right=DataRight.ERASURE, received_long_ago=True
    )
    access = _log(dpo, received=date(2026, 11, 30))
    assert (erasure_asked.right, erasure_asked.due_on) == (DataRight.ERASURE, date(2026, 2, 28))
    assert (access.right, access.due_on) == (DataRight.ACCESS, date(2026, 12, 30))
    assert not erasure_asked.already_open and not access.already_open

    again = _log(dpo, right=DataRight.ERASURE, requested_by="Her solicitor")

    assert again.already_open and again.id == erasure_asked.id
    assert again.note == (
        f"Not logged again: request {erasure_asked.id}, the customer's open erasure request "
        "(received 31 Jan 2026, due 28 Feb 2026), covers it; this request is noted on it."
    )
    listed = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY)
    assert [(r.id, r.right, r.asked_again) for r in listed] == [
        (erasure_asked.id, DataRight.ERASURE, 1),
        (access.id, DataRight.ACCESS, 0),
    ]
    assert listed[0].requested_by == "The customer, by letter"  # as first logged
    with dpo.uow_factory() as uow:
        logged = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_LOGGED.value)
        noted = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ASKED_AGAIN.value)
    assert sorted(e.details.get("right", "access") for e in logged) == ["access", "erasure"]
    assert [e.details for e in noted] == [{"request_id": erasure_asked.id, "right": "erasure"}]
    # Once answered, the right may be asked for afresh.
    refused = sar.refuse_request(
        dpo.uow_factory(), dpo.actor, erasure_asked.id, "Kept for a legal claim", TODAY
    )
    assert refused.refused
    assert not _log(dpo, right=DataRight.ERASURE).already_open


def _fill_every_section(agent: Desk, dpo: Desk) -> None:
    """Give John Smith something in every section, with text that would be markup."""
    call = agent.start(JOHN_SMITH)
    add_note(agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, SCRIPT)
    complaints.raise_complaint(
        agent.uow_factory(),
        agent.actor,
        ComplaintPolicy(),
        JOHN_SMITH,
        ComplaintIn(
            category="Billing or charges",
            customer_said=SCRIPT,
            apology="Sorry",
            solution="Refund",
        ),
    )
    discrepancies.report_discrepancy(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        DiscrepancyIn(field="email", claimed_value="his.own@example.com", why="Caller says so"),
    )
    record = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Post"))
    record = correct(agent.uow_factory, agent.actor, JOHN_SMITH, record.version, {"town": "Leeds"})
    correct(agent.uow_factory, agent.actor, JOHN_SMITH, record.version, {"phone": "07700 900456"})
    representatives.add_representative(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        RepresentativeIn(
            given_name="Mary",
            family_name="Smith",
            relationship="wife",
            authority=Authority.POWER_OF_ATTORNEY,
            scope=("read:contact",),
            date_of_birth="03/03/1981",
        ),
    )
    consent.change_consents(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        JOHN_SMITH,
        ConsentAnswers(marketing=frozenset({MarketingChannel.POST})),
        policy=agent.policy,
    )
    disclosures.request_disclosure(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        DisclosureRequestIn(
            requester="DC 4321 Morgan",
            organisation="Example Constabulary",
            identity_check="Called back on the force switchboard",
            lawful_basis=LAWFUL_BASES[0],
            asked_for="His address",
            fields=("address_line1",),
            channel=CHANNELS[0],
        ),
    )
    restriction.restrict_processing(
        dpo.uow_factory(),
        dpo.actor,
        stored_reference(dpo.uow_factory, JOHN_SMITH),
        "Accuracy contested",
    )
    reported = breaches.report_breach(
        agent.uow_factory(),
        agent.actor,
        BreachIn(
            what_happened="Letter for John Smith posted to Mr Jones at 14 Oak Road",
            discovered_at=datetime.now(UTC) - timedelta(hours=2),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
            customer_references=(stored_reference(agent.uow_factory, JOHN_SMITH),),
        ),
    )
    breaches.assess_breach(
        dpo.uow_factory(),
        dpo.actor,
        reported.id,
        AssessmentIn(
            risk=BreachRisk.HIGH_RISK,
            individuals=Told.TOLD,
            individuals_told_at=datetime.now(UTC) - timedelta(hours=1),
        ),
    )


def test_the_pack_holds_every_section_with_what_is_stored(agent: Desk, dpo: Desk) -> None:
    _fill_every_section(agent, dpo)
    request = _log(dpo)
    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)

    with dpo.uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        source = PackSource(uow=uow, customer=customer, operator=str)
        expected = [s.key for builder in PACK_SECTIONS for s in builder(source)]
    assert [s.key for s in pack.sections] == expected
    for key in (
        "fields-personal",
        "fields-special_category",
        "fields-transactional",
        "fields-enquiry",
        "record",
        "addresses",
        "contact-points",
        "consents",
        "interactions",
        "complaints",
        "discrepancy-reports",
        "field-history",
        "representatives",
        "disclosures",
        "breaches",
        "subject-access-requests",
        "restrictions",
        "access",
    ):
        assert pack.section(key).rows, key
    # A breach: when, what kind of data, the risk and when they were told; never the
    # report's words, which name someone else.
    [(_, involved, risk, _, about)] = pack.section("breaches").rows
    assert involved.startswith("Personal") and risk == "A high risk to individuals"
    assert about == "this record"  # not one merged into it (test_protection_follows_merges)
    assert "Jones" not in str(pack.sections)
    personal = dict(pack.section("fields-personal").rows)
    assert personal["Town"] == "Leeds"
    # Where the registry keeps each field: the reference on the customer, the country with
    # the address; only what is kept with each call is pointed to the interactions.
    assert personal["Country"] == "United Kingdom"
    assert dict(pack.section("fields-transactional").rows)["Customer reference"] == (
        format_reference(pack.customer_reference)
    )
    enquiry = dict(pack.section("fields-enquiry").rows)
    assert enquiry["Enquiry type"] == "held per interaction: see Interactions"
    assert any(SCRIPT in row for row in pack.section("interactions").rows)
    assert any("Leeds" in row for row in pack.section("field-history").rows)
    access = pack.section("access").rows
    assert any(row[1] == "agent" and row[3] == "Post" for row in access)
    assert pack.section("subject-access-requests").rows[0][1] == "The customer, by letter"
    (disclosed,) = pack.section("disclosures").rows
    assert "Example Constabulary" in disclosed and "Address" in disclosed
    assert request.customer_reference == pack.customer_reference


def test_the_pack_says_in_words_what_is_stored_as_codes(agent: Desk, dpo: Desk) -> None:
    """The pack is read by the customer: found exporting one in tmux, it listed a
    representative as `named_contact` who may `read:contact`, a call as `phone`, a consent's
    basis as `contract`, and every time as 2026-12-04T02:34:06+00:00."""
    _fill_every_section(agent, dpo)
    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)

    def column(key: str, name: str) -> list[str]:
        index = pack.section(key).columns.index(name)
        return [row[index] for row in pack.section(key).rows]

    assert "Power of attorney" in column("representatives", "Authority")
    assert "read contact details" in column("representatives", "May")
    assert column("interactions", "Channel") == ["Phone call"]
    assert column("interactions", "Caller") == ["You"]
    assert "Contract (Art. 6(1)(b))" in column("consents", "Lawful basis")
    assert "Running your account" in column("consents", "Purpose")
    assert column("disclosures", "Decision") == ["waiting for approval"]
    assert column("discrepancy-reports", "Status") == ["waiting"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", column("complaints", "Received")[0])
    # The same number reads the same in every section; labels and status in words.
    [phone] = [row[1] for row in pack.section("fields-personal").rows if row[0] == "Phone"]
    assert phone.startswith("07700 ") and phone in column("contact-points", "Value")
    assert not any(value.startswith("+44") for value in column("contact-points", "Value"))
    history = [*column("field-history", "Old value"), *column("field-history", "New value")]
    assert "07700 900456" in history and not any(v.startswith("+44") for v in history)
    assert set(column("contact-points", "Label")) == {"Main"}
    # Restricted by `_fill_every_section`: said so, never "Active" (Art. 18).
    [status] = [row[1] for row in pack.section("record").rows if row[0] == "Status"]
    assert status.startswith("Restricted since ")
    cells = [cell for section in pack.sections for row in section.rows for cell in row]
    assert not [c for c in cells if re.search(r"\b[a-z]+_[a-z_]+\b|[a-z]+:[a-z]+\b", c)]
    assert not [c for c in cells if re.search(r"\d{4}-\d\d-\d\dT\d", c)]


def test_the_export_is_escaped_html_or_json_written_once_and_audited(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    _fill_every_section(agent, dpo)
    request = _log(dpo)
    page = tmp_path / "pack.html"
    done = export.export_request(dpo.uow_factory(), dpo.actor, request.id, page)
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]loud[/bold]" in html
    assert done.sections == len(
        export.subject_access_pack(dpo.uow_factory(), dpo.actor, 1).sections
    )
    assert page.stat().st_mode & 0o077 == 0

    data = tmp_path / "pack.json"
    export.export_request(dpo.uow_factory(), dpo.actor, request.id, data, PackForm.JSON)
    document = json.loads(data.read_text(encoding="utf-8"))
    notes = next(s for s in document["sections"] if s["key"] == "interactions")["rows"]
    assert any(row["Notes"] == SCRIPT for row in notes)

    with pytest.raises(FieldProblems, match="exists already") as refused:
        export.export_request(dpo.uow_factory(), dpo.actor, request.id, page)
    assert list(refused.value.problems) == ["file"]  # said at the file's box
    # Found trying the desk: an HTML pack written to "pack.pdf" would be sent as a PDF.
    with pytest.raises(FieldProblems, match=r"written as HTML: end the file's name with \.html"):
        export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / "pack.pdf")
    with pytest.raises(FieldProblems, match="written as JSON"):
        export.export_request(
            dpo.uow_factory(), dpo.actor, request.id, tmp_path / "p.html", PackForm.JSON
        )
    assert not (tmp_path / "pack.pdf").exists()
    with dpo.uow_factory() as uow:
        exports = uow.audit.list_recent(action=AuditAction.DATA_EXPORTED.value)
    assert [e.details["form"] for e in exports] == ["json", "html"]
    assert all(e.customer_id == JOHN_SMITH for e in exports)
    assert all(SCRIPT not in json.dumps(e.details) for e in exports)


def test_a_restricted_record_is_hidden_from_handlers_but_not_from_the_dpo(
    agent: Desk, dpo: Desk
) -> None:
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    assert _found(agent, reference)
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Accuracy contested")

    assert not _found(agent, reference)
    assert not _found(agent, "John Smith")
    assert _found(dpo, reference)
    slip = reference[:-1] + ("A" if reference[-1] != "A" else "B")  # a wrong check letter
    suggested = format_reference(reference)
    assert suggested not in lookup(agent.uow_factory(), agent.actor, slip).suggestions
    assert suggested in lookup(dpo.uow_factory(), dpo.actor, slip).suggestions
    with pytest.raises(RecordRestricted, match="contact the data protection officer"):
        open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Post"))
    with pytest.raises(RecordRestricted):
        agent.start(JOHN_SMITH)
    supervisor = desk_for(dpo.uow_factory, "supervisor")
    with pytest.raises(RecordRestricted):  # nor merged: merging is processing too
        why = comparing_reason("Same phone on a letter")
        merging.preview_merge(supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, 2, why)
    assert "Article 18" in RESTRICTED_MESSAGE
    opened = open_record(dpo.uow_factory(), dpo.actor, JOHN_SMITH, AccessReason(reason="Complaint"))
    assert opened.restricted_since is not None  # the DPO is told it is restricted
    with pytest.raises(FieldProblems, match="restricted already") as again:
        restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Again")
    assert list(again.value.problems) == ["reference"]  # said at the reference's box
    with pytest.raises(PermissionDenied):
        restriction.lift_restriction(agent.uow_factory(), agent.actor, reference, "Done")

    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Accuracy confirmed")
    assert _found(agent, reference)
    with dpo.uow_factory() as uow:
        actions = [e.action for e in uow.audit.list_recent(customer_id=JOHN_SMITH, limit=20)]
        reasons = [e.reason for e in uow.audit.list_recent(customer_id=JOHN_SMITH, limit=20)]
    assert AuditAction.PROCESSING_RESTRICTED in actions
    assert AuditAction.RESTRICTION_LIFTED in actions
    # Looked up by its reference, opened, a call started: each refusal seen by the DPO.
    assert actions.count(AuditAction.RESTRICTED_RECORD_REFUSED) == 4
    assert "Accuracy confirmed" in reasons


def _found(desk: Desk, text: str) -> bool:
    result = lookup(desk.uow_factory(), desk.actor, text)
    return any(m.customer_id == JOHN_SMITH for m in result.matches)


def test_an_erased_record_is_not_restricted_nor_listed_as_restricted(dpo: Desk) -> None:
    """Found trying the desk: `dsar restricted` listed an erased record, and restricting an
    erased one said "handlers no longer find or open the record"."""
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Accuracy contested")
    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Accuracy confirmed")
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Objection")
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request")

    assert restriction.restrictions_in_force(dpo.uow_factory(), dpo.actor) == []
    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Erased since")
    with pytest.raises(FieldProblems, match="was erased") as erased:
        restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Again")
    assert list(erased.value.problems) == ["reference"]  # said at the reference's box


def test_a_request_about_an_erased_record_is_logged_and_says_when_it_was_erased(
    dpo: Desk,
) -> None:
    """Logged without a word, it left the DPO to find out from the pack that there was
    nothing left to send."""
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    assert _log(dpo, right=DataRight.ERASURE).note is None
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, 1, "Written request")

    logged = _log(dpo, customer_reference=reference)

    assert logged.note is not None
    assert re.fullmatch(
        r"This record was erased on \d\d \w{3} \d{4} by dpo\. The pack will say that nothing "
        r"that identifies them is held, and list what erasure keeps: dates, channels and "
        r"outcomes of their contacts, and who worked on the record\.",
        logged.note,
    )


def test_the_pack_for_an_erased_record_says_first_that_nothing_identifying_is_held(
    dpo: Desk, tmp_path: Path
) -> None:
    """Found by a DPO: the console promised "the pack will say that nothing about them is
    held", and the pack opened "This document lists everything ... stores about you" over
    19 sections of empty and "(erased)" values, saying nowhere that the record was erased."""
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, 1, "Written request")
    request = _log(dpo, customer_reference=reference)

    export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / "pack.html")
    export.export_request(
        dpo.uow_factory(), dpo.actor, request.id, tmp_path / "pack.json", PackForm.JSON
    )

    page = (tmp_path / "pack.html").read_text()
    assert re.search(r"This record was erased on \d\d \w{3} \d{4} by dpo\. Nothing that", page)
    assert "Nothing that identifies you is held" in page
    assert "This document lists everything" not in page
    document = json.loads((tmp_path / "pack.json").read_text())
    assert document["erased"].startswith("This record was erased on ")
    assert json.loads(_pack_json_of_live_record(dpo, tmp_path))["erased"] is None


def _pack_json_of_live_record(dpo: Desk, tmp_path: Path) -> str:
    request = _log(dpo, customer_reference=stored_reference(dpo.uow_factory, 2))
    out = tmp_path / "live.json"
    export.export_request(dpo.uow_factory(), dpo.actor, request.id, out, PackForm.JSON)
    return out.read_text()


def test_a_restriction_stops_work_already_open_on_the_record_but_not_closing_the_call(
    agent: Desk, dpo: Desk
) -> None:
    """Found with two desks: a handler with the record open, in a call or not, went on
    saving, revealing, verifying and redrawing it after the DPO restricted it. What stops
    processing or closes what is under way (the call's note and wrap-up) still goes."""
    state = agent.start(JOHN_SMITH)
    call = state.interaction_id
    agent.verify(call, "12/04/1980", "SE1 2QT")
    record = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Post"))
    restriction.restrict_processing(
        dpo.uow_factory(),
        dpo.actor,
        stored_reference(dpo.uow_factory, JOHN_SMITH),
        "Accuracy contested",
    )

    with pytest.raises(RecordRestricted):
        correct(agent.uow_factory, agent.actor, JOHN_SMITH, record.version, {"town": "Bristol"})
    with pytest.raises(RecordRestricted):
        agent.reveal(call, "email")
    with pytest.raises(RecordRestricted):
        agent.check(call, CheckKind.SECURITY_ANSWER, "Biscuit")
    with pytest.raises(RecordRestricted):  # the redraw after a check, or the timeline
        agent.timeline(call)
    with pytest.raises(RecordRestricted):
        discrepancies.report_discrepancy(
            agent.uow_factory(),
            agent.actor,
            JOHN_SMITH,
            DiscrepancyIn(field="town", claimed_value="Bristol", why="Caller says he moved"),
        )
    with pytest.raises(RecordRestricted):
        representatives.set_security_answer(
            agent.uow_factory(), agent.actor, JOHN_SMITH, "First pet?", "Rover"
        )

    add_note(agent.uow_factory(), agent.actor, agent.policy, call, "Told to contact the DPO")
    with dpo.uow_factory() as uow:
        refused = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.RESTRICTED_RECORD_REFUSED.value
        )
    assert len(refused) == 6
    held = open_record(dpo.uow_factory(), dpo.actor, JOHN_SMITH, AccessReason(reason="Check"))
    assert held.value("town") != "Bristol"


def _second_john_smith(dpo: Desk) -> str:
    """A second record of John Smith (same date of birth), saved by a handler as a
    different person; its reference."""
    return second_john_smith(dpo.uow_factory)


def test_logging_a_request_names_other_records_that_may_be_the_same_persons(
    dpo: Desk,
) -> None:
    """Found by a DPO: a second record of John Smith, saved by a handler as a different
    person, was covered by no request and no pack, and nothing pointed at it."""
    second = _second_john_smith(dpo)

    logged = _log(dpo)

    assert logged.note is not None
    assert logged.note.startswith(
        f"Other records may be this person's too: {format_reference(second)} ("
    )
    assert "same date of birth" in logged.note
    assert "A request covers one record" in logged.note
    assert _log(dpo, customer_reference=stored_reference(dpo.uow_factory, 2)).note is None


def test_an_open_request_keeps_naming_the_other_records_until_each_has_its_own(
    dpo: Desk,
) -> None:
    """Found by a tester: the other records were named only in a toast as the request was
    logged, gone ten seconds later; the listed request said nothing of them."""
    second = _second_john_smith(dpo)
    first = _log(dpo)

    [listed] = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY)
    [other] = listed.other_records
    assert format_reference(other.reference) == second and other.open_request is None
    assert "same date of birth" in other.reasons
    assert describe_other_records(listed.other_records).endswith(
        "A request covers one record: log one for each that is theirs, received the same "
        "day, or merge them first."
    )

    # Once the other record has its own request, each names the other as covered.
    covering = _log(dpo, customer_reference=second)
    by_id = {r.id: r for r in sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY)}
    assert [o.open_request for o in by_id[first.id].other_records] == [covering.id]
    assert [o.open_request for o in by_id[covering.id].other_records] == [first.id]
    said = describe_other_records(by_id[first.id].other_records)
    assert f"request {covering.id} covers it" in said and "A request covers" not in said

    # An answered request is closed: nothing is looked up for it.
    sar.answer_request(dpo.uow_factory(), dpo.actor, first.id, TODAY)
    listed_all = sar.list_requests(dpo.uow_factory(), dpo.actor, TODAY, include_answered=True)
    answered = next(r for r in listed_all if r.id == first.id)
    assert answered.other_records == ()


def test_the_access_section_says_a_search_that_only_listed_the_record_is_not_in_it(
    agent: Desk, dpo: Desk
) -> None:
    """Found by a tester as the DPO: the section claimed "Every time your record was
    searched for", but a search is recorded without the records it listed, so a search
    that showed the customer without opening them is not there; it now says so."""
    before = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)
    found = lookup(agent.uow_factory(), agent.actor, "John Smith").matches
    assert stored_reference(agent.uow_factory, JOHN_SMITH) in {match.reference for match in found}

    after = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)
    access = after.section("access")
    assert access.rows == before.section("access").rows  # the search is not about him
    assert "searched for" not in access.about
    assert "a search that showed your record without it being opened is not here" in (access.about)


def _police_request(agent: Desk, **typed: object) -> disclosures.Disclosure:
    given = {
        "requester": "DC 4321 Morgan",
        "organisation": "Example Constabulary",
        "identity_check": "Called back on the force switchboard",
        "lawful_basis": LAWFUL_BASES[0],  # crime prevention (DPA 2018 Sch. 2 para 2)
        "asked_for": "Current address of the account holder",
        "fields": ("address_line1",),
        "channel": CHANNELS[0],
        **typed,
    }
    return disclosures.request_disclosure(
        agent.uow_factory(), agent.actor, JOHN_SMITH, DisclosureRequestIn.model_validate(given)
    )


def test_a_pack_listing_a_police_request_warns_of_tipping_off_and_can_leave_it_out(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """Found by a tester as the DPO: a police request waiting for approval went into the
    person's pack ("DC 4321 Morgan | Example Constabulary | Crime prevention ... | waiting
    for approval") with no word of the risk of tipping off a suspect (DPA 2018 Sch. 2 para
    2). The export now says so; asked, it leaves such requests and their steps out, and
    the export's event records which."""
    police = _police_request(agent)
    # The record screen opens the record again once a request is recorded, saying why.
    open_record(
        agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason=RELOADED_AFTER_REQUEST)
    )
    solicitor = _police_request(
        agent,
        requester="A. Jones",
        organisation="Example LLP",
        lawful_basis="Legal proceedings (DPA 2018 Sch. 2 para 5)",
    )
    request = _log(dpo)

    listed = export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / "a.html")
    assert listed.crime_requests == (police.id,) and listed.withheld == ()
    assert listed.warning is not None
    assert f"the pack lists third-party request {police.id} made for crime prevention" in (
        listed.warning
    )
    assert "tipping off" in listed.warning and "Sch. 2 para 2" in listed.warning
    assert f"custinfo dsar export {request.id} --out FILE --withhold-crime-requests" in (
        listed.warning
    )
    assert "Example Constabulary" in (tmp_path / "a.html").read_text()

    left_out = export.export_request(
        dpo.uow_factory(),
        dpo.actor,
        request.id,
        tmp_path / "b.json",
        PackForm.JSON,
        withhold_crime_requests=True,
    )
    assert (left_out.crime_requests, left_out.withheld) == ((), (police.id,))
    assert left_out.warning is not None and left_out.warning.startswith(
        f"Left out of the pack: third-party request {police.id} made for crime prevention"
    )
    document = (tmp_path / "b.json").read_text()
    for trace in (
        "Example Constabulary",
        "DC 4321 Morgan",
        f"(disclosure {police.id})",
        RELOADED_AFTER_REQUEST,  # would say a request was recorded, though none is listed
    ):
        assert trace not in document, trace
    assert "Example LLP" in document and f"(disclosure {solicitor.id})" in document
    with dpo.uow_factory() as uow:
        events = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.DATA_EXPORTED.value
        )
    assert [e.details.get("withheld_disclosures") for e in events] == [[police.id], None]


def test_a_pack_with_no_crime_request_carries_no_tipping_off_warning(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    _police_request(agent, lawful_basis="Legal proceedings (DPA 2018 Sch. 2 para 5)")
    request = _log(dpo)
    done = export.export_request(dpo.uow_factory(), dpo.actor, request.id, tmp_path / "a.html")
    assert done.crime_requests == () and done.warning is not None
    assert "crime prevention" not in done.warning  # only what the pack quotes as typed
