"""Events in words, for the record's timeline."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.timeline import describe


@pytest.mark.parametrize(
    ("action", "fields", "details", "line"),
    [
        (AuditAction.INTERACTION_STARTED, (), {"channel": "phone"}, "Phone call started"),
        (AuditAction.INTERACTION_STARTED, (), {"channel": "face_to_face"}, "Face to face started"),
        (AuditAction.CUSTOMER_UPDATED, ("phone", "town"), {}, "Changed: Phone, Town"),
        (
            AuditAction.FIELD_DISCLOSED,
            ("email",),
            {"caller": "representative"},
            "Disclosed to a representative: E-mail",
        ),
        (
            AuditAction.FIELD_DISCLOSED,
            ("town",),
            {"caller": "customer", "context": "read_back"},
            "Read back to the caller: Town",
        ),
        (
            AuditAction.FIELD_DISCLOSED,
            ("town",),
            {"caller": "representative", "context": "read_back"},
            "Read back to the caller (a representative): Town",
        ),
        (
            AuditAction.CALLER_VERIFICATION_FAILED,
            ("date_of_birth",),
            {},
            "Check failed: Date of birth",
        ),
        (AuditAction.CALLER_VERIFIED, (), {"level": "high"}, "Customer verified: High"),
        (
            AuditAction.VERIFICATION_LOCKED,
            (),
            {"failures": 3},
            "Verification locked after 3 failed checks",
        ),
        (AuditAction.CUSTOMER_VIEWED, (), {"in_call": True}, "Record opened in a call"),
        (
            AuditAction.CUSTOMER_VIEWED,
            ("given_name", "representatives", "consents"),
            {"in_call": True},
            "Record opened in a call",
        ),
        # The redraw that first shows them, once the caller passes Standard.
        (
            AuditAction.CUSTOMER_VIEWED,
            ("representatives", "consents"),
            {"in_call": True},
            "Shown in the call: Representatives, Consents",
        ),
        # The erasure desk's preview reads counts, never a value: not "Record opened" in
        # the person's subject access pack (found by a DPO).
        (
            AuditAction.CUSTOMER_VIEWED,
            (),
            {"erasure_preview": True, "holds": 0},
            "Looked up at the data protection desk: how much erasure would remove, counted"
            " (no details shown)",
        ),
        (AuditAction.INTERACTION_ENDED, (), {}, "Call ended"),
        (
            AuditAction.INTERACTION_ENDED,
            (),
            {"channel": "chat", "enquiry_type": "Complaint", "outcome": "complaint_raised"},
            "Chat ended: Complaint, complaint raised",
        ),
        (
            AuditAction.INTERACTION_WRAPPED_UP,
            (),
            {"enquiry_type": "Billing question", "outcome": "follow_up", "later": True},
            "Wrapped up (after the call): Billing question, follow up",
        ),
        (
            AuditAction.INTERACTION_ENDED,
            (),
            {"channel": "phone", "outcome": "closed_by_supervisor", "handler": 3},
            "Phone call ended by a supervisor",
        ),
        (
            AuditAction.INTERACTION_WRAPPED_UP,
            (),
            {"channel": "phone", "outcome": "closed_by_supervisor", "handler": 3, "later": True},
            "Closed by a supervisor, not wrapped up by its handler",
        ),
        (AuditAction.NOTE_ADDED, ("notes",), {"characters": 12}, "Note added to the call"),
        (AuditAction.CONSENT_RECORDED, (), {}, "Consent recorded"),
        (
            AuditAction.CONSENT_RECORDED,
            (),
            {
                "service_basis": "contract",
                "marketing": ["email", "post"],
                "special_condition": "explicit_consent",
            },
            "Consent recorded: service: Contract (Art. 6(1)(b)); marketing: E-mail, Post; "
            "Article 9: Explicit consent (Art. 9(2)(a))",
        ),
        (
            AuditAction.CONSENT_WITHDRAWN,
            (),
            {"purposes": ["marketing:sms", "special_category"]},
            "Consent withdrawn: marketing by text message, "
            "Article 9 condition (support needs removed)",
        ),
        (
            AuditAction.READ_BACK_CONFIRMED,
            ("given_name", "phone"),
            {"double_entry": ["phone"]},
            "Read back and confirmed: Given name, Phone (typed twice: Phone)",
        ),
        (
            AuditAction.READ_BACK_CONFIRMED,
            ("given_name", "phone"),
            {"double_entry": [], "corrected": ["phone"]},
            "Read back and confirmed: Given name, Phone (corrected at read-back: Phone)",
        ),
        (
            AuditAction.CUSTOMER_CREATED,
            ("given_name",),
            {"enquiry_type": "New account"},
            "Record created (New account)",
        ),
        (AuditAction.DISCREPANCY_REPORTED, ("email",), {}, "Discrepancy reported: E-mail"),
        (
            AuditAction.DISCREPANCY_REJECTED,
            ("town",),
            {"reason_characters": 20},
            "Discrepancy report rejected: Town",
        ),
        (AuditAction.LOGIN_SUCCEEDED, (), {}, "Logged in"),
        (
            AuditAction.CUSTOMER_MERGED,
            ("phone",),
            {"survivor": "1001 2345 P", "merged": "4322 6848 G", "from_merged": ["phone"]},
            "Merged: 4322 6848 G joined this record; kept from it: Phone",
        ),
        # Read on the kept record's timeline, among the merged record's own events.
        (
            AuditAction.CUSTOMER_MERGED_INTO,
            (),
            {"survivor": "1001 2345 P", "merged": "4322 6848 G"},
            "4322 6848 G merged into 1001 2345 P",
        ),
    ],
)
def test_each_event_reads_as_a_line(
    action: AuditAction, fields: tuple[str, ...], details: dict[str, object], line: str
) -> None:
    assert describe(action, fields, details, "ok") == line


@pytest.mark.parametrize(
    ("details", "line"),
    [
        (
            {"queue_item": 4, "kind": "possible_fraud"},
            "Supervisor closed the fraud alert; lock kept",
        ),
        (
            {"queue_item": 5, "kind": "possible_duplicate"},
            "Supervisor closed the possible-duplicate item",
        ),
        ({"queue_item": 6, "kind": "discrepancy"}, "Supervisor closed the discrepancy item"),
        (
            {"queue_item": 7, "kind": "disclosure_request"},
            "Supervisor closed the disclosure request item",
        ),
        (
            {"queue_item": 8, "kind": "complaint_follow_up"},
            "Supervisor closed the complaint follow-up item",
        ),
        # Stored before a kind was known, or of a kind since gone: no lock is claimed.
        ({"queue_item": 9}, "Supervisor closed a queue item"),
        ({"queue_item": 10, "kind": "callback"}, "Supervisor closed a queue item"),
        ({"queue_item": 11, "kind": ["possible_fraud"]}, "Supervisor closed a queue item"),
    ],
)
def test_a_closed_queue_item_reads_as_the_kind_of_item_it_was(
    details: dict[str, object], line: str
) -> None:
    """Found by a tester: after a merge the timeline said "Supervisor closed the fraud
    alert; lock kept" for the possible-duplicate item it closed; there was no alert."""
    assert describe(AuditAction.QUEUE_ITEM_CLOSED, (), details, "ok") == line


@pytest.mark.parametrize(
    ("outcome", "line"),
    [
        ("logged_out", "Call ended when its handler logged out"),
        ("session_ended_at_lock", "Call ended when its session was ended at the screen lock"),
        ("session_revoked", "Call ended when an administrator's change ended its session"),
        ("ended", "Call ended"),
    ],
)
def test_a_call_ended_with_its_session_says_why(outcome: str, line: str) -> None:
    """Found by a crash explorer: the record's timeline read "Call ended · agent · -" for a
    call its handler's log-out ended, where the trainer's timeline said why."""
    assert describe(AuditAction.INTERACTION_ENDED, (), {}, outcome) == line


def test_legal_holds_and_a_refused_erasure_read_as_what_happened() -> None:
    held = describe(AuditAction.LEGAL_HOLD_SET, (), {"kind": "legal_claim"}, "ok")
    refused = describe(AuditAction.CUSTOMER_ERASED, (), {"holds": ["open_complaint"]}, "refused")
    assert held == "Legal hold recorded: legal claim"
    assert refused == "Erasure refused: the record is held (open complaint)"


def test_an_event_refused_never_reads_as_done() -> None:
    """The subject access pack said "Personal data erased" for an erasure refused: an
    outcome of "refused" or "denied" is said, whatever the action."""
    held = describe(AuditAction.LEGAL_HOLD_SET, (), {"kind": "legal_claim"}, "refused")
    assert held == "Legal hold recorded: legal claim (refused)"
    assert describe(AuditAction.CUSTOMER_ERASED, (), {}, "refused") == (
        "Erasure refused: the record is held"
    )
    assert describe(AuditAction.LOGIN_FAILED, (), {}, "denied") == "Login refused"


@pytest.mark.parametrize(
    ("fields", "details", "line"),
    [
        (
            ("phone", "email"),
            {"caller": "customer", "level": "none", "needs": {"phone": "needs Standard"}},
            "Refused: tried to disclose Phone, E-mail to the customer before they were verified"
            " (needs Standard)",
        ),
        (
            ("accessibility_needs",),
            {"caller": "customer", "level": "standard", "needs": {"x": "needs High"}},
            "Refused: tried to disclose Support needs to the customer at Standard (needs High)",
        ),
        (
            ("postcode",),
            {"caller": "representative", "level": "high", "needs": {"x": "outside their scope"}},
            "Refused: tried to disclose Postcode to a representative at High (outside their scope)",
        ),
        (
            ("phone",),
            {"caller": "no_authority", "level": "none", "needs": {"phone": "no authority"}},
            "Refused: tried to disclose Phone to someone with no authority",
        ),
        (
            ("phone",),
            {"caller": "customer", "level": "none", "needs": {"phone": "verification locked"}},
            "Refused: tried to disclose Phone to the customer while verification was locked",
        ),
    ],
)
def test_a_disclosure_refused_says_to_whom_at_which_level_and_why(
    fields: tuple[str, ...], details: dict[str, object], line: str
) -> None:
    """For a supervisor reviewing a handler: what they tried to tell whom, and why not."""
    assert describe(AuditAction.FIELD_DISCLOSURE_REFUSED, fields, details, "refused") == line


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_kind_of_event_is_in_words_never_a_code(action: AuditAction) -> None:
    """Found trying the subject access pack: its access section said "What: audit.searched"
    for an audit search naming the customer."""
    words = describe(action, (), {}, "")
    assert words != action.value and "." not in words.split()[0], words


def test_an_erasure_look_up_with_no_operator_is_said_to_be_from_the_command_line() -> None:
    """`custinfo erase --check` acts as the system (no operator): it read as a look-up
    "at the data protection desk"."""
    looked_up = {"erasure_preview": True, "holds": 0}
    line = describe(AuditAction.CUSTOMER_VIEWED, (), looked_up, "ok", on_command_line=True)
    assert line == (
        "Looked up from the command line: how much erasure would remove, counted (no details shown)"
    )
    # Only the look-up names a desk: any other event with no operator reads as before.
    opened = describe(AuditAction.CUSTOMER_VIEWED, (), {}, "ok", on_command_line=True)
    assert opened == "Record opened"
