"""The anonymising rules of evidence of practice (MP-21, domain/evidence.py): placeholders,
reasons, steps that would quote a row, and the HTML form's escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.capture import MOVED
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.evidence import REASON_GIVEN, live_evidence
from custinfo_tui.domain.evidence_contacts import placeholder
from custinfo_tui.domain.evidence_forms import evidence_html
from custinfo_tui.domain.run_evidence import run_evidence
from custinfo_tui.domain.training.scorecard import Scorecard, TimelineStep

AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def _event(number: int, action: AuditAction, **parts: Any) -> AuditEvent:
    parts.setdefault("occurred_at", AT)
    return AuditEvent(
        id=number,
        action=action,
        operator_id=2,
        prev_hash="0" * 64,
        hash="1" * 64,
        **parts,
    )


def test_placeholders_run_a_to_z_then_on_like_spreadsheet_columns() -> None:
    assert [placeholder(i) for i in (0, 1, 25, 26, 27)] == [
        "Customer A",
        "Customer B",
        "Customer Z",
        "Customer AA",
        "Customer AB",
    ]


@given(st.integers(min_value=0, max_value=5_000), st.integers(min_value=0, max_value=5_000))
def test_different_customers_never_share_a_placeholder(first: int, second: int) -> None:
    assert (placeholder(first) == placeholder(second)) == (first == second)


def test_customers_are_lettered_in_order_of_first_appearance_and_keep_their_letter() -> None:
    events = [
        _event(1, AuditAction.CUSTOMER_VIEWED, customer_id=907, reason="Billing: a note"),
        _event(2, AuditAction.INTERACTION_STARTED, customer_id=12, interaction_id=5),
        _event(3, AuditAction.CUSTOMER_VIEWED, customer_id=907, reason="Billing: again"),
    ]
    document = live_evidence(
        events, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    assert [c.customer for c in document.contacts] == ["Customer A", "Customer B"]
    assert "907" not in document.model_dump_json()


def test_typed_reasons_are_replaced_and_only_configured_reason_kinds_are_kept() -> None:
    updated = _event(
        1,
        AuditAction.CUSTOMER_UPDATED,
        customer_id=3,
        fields=("town", "phone"),
        reason="Customer moved; rang from 07700 900123",
        details={"reasons": {"town": MOVED, "phone": "rang from 07700 900123"}},
    )
    (step,) = (
        live_evidence([updated], operator="a", covers="c", generated_at=AT, reason_kinds={MOVED})
        .contacts[0]
        .steps
    )
    assert step.reason == f"{MOVED}; {REASON_GIVEN}"


def test_a_merge_and_a_disclosure_never_quote_a_reference_or_a_row_number() -> None:
    events = [
        _event(1, AuditAction.CUSTOMER_MERGED, customer_id=1, details={"merged": "1234 5678 Z"}),
        _event(2, AuditAction.DISCLOSURE_REQUESTED, customer_id=1, details={"disclosure_id": 77}),
    ]
    text = live_evidence(
        events, operator="a", covers="c", generated_at=AT, reason_kinds=()
    ).model_dump_json()
    assert "1234 5678 Z" not in text and "77" not in text
    assert "Two records of one person merged" in text


def test_the_html_form_escapes_every_text() -> None:
    document = live_evidence(
        [], operator="<b>agent</b>", covers="<script>x</script>", generated_at=AT, reason_kinds=()
    )
    page = evidence_html(document)
    assert "<script>" not in page and "&lt;b&gt;agent&lt;/b&gt;" in page
    assert "No logged steps in this period." in page


def test_a_disclosure_to_a_third_party_loses_its_number_in_live_work_and_in_a_run() -> None:
    disclosed = _event(
        1,
        AuditAction.FIELD_DISCLOSED,
        customer_id=1,
        interaction_id=4,
        fields=("town",),
        details={"disclosure_id": 4321},
    )
    (step,) = (
        live_evidence([disclosed], operator="a", covers="c", generated_at=AT, reason_kinds=())
        .contacts[0]
        .steps
    )
    assert step.words == "Disclosed to a third party: Town" and step.marks == ("MP-17",)
    kept = TimelineStep(
        event_id=9,
        at=AT,
        action=AuditAction.FIELD_DISCLOSED.value,
        words="Disclosed to a third party (disclosure 4321): Town",
        fields=("town",),
    )
    card = Scorecard(scenario_id="s", results=(), timeline=(kept,))
    document = run_evidence(card, operator="a", covers="c", generated_at=AT)
    assert document.contacts[0].steps[0].words == "Disclosed to a third party: Town"


def test_work_done_during_a_call_is_grouped_with_that_call() -> None:
    """Found trying `custinfo evidence`: a breach reported and a third party's request
    recorded during a call were listed as separate contacts "outside a call"."""
    events = [
        _event(1, AuditAction.INTERACTION_STARTED, customer_id=12, interaction_id=5),
        _event(2, AuditAction.BREACH_REPORTED, details={"breach_id": 1}),
        _event(3, AuditAction.DISCLOSURE_REQUESTED, customer_id=12, details={"disclosure_id": 4}),
        _event(4, AuditAction.INTERACTION_ENDED, customer_id=12, interaction_id=5),
        _event(5, AuditAction.DISCLOSURE_REQUESTED, customer_id=12, details={"disclosure_id": 6}),
    ]
    document = live_evidence(
        events, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    assert [(c.in_call, len(c.steps)) for c in document.contacts] == [(True, 3), (False, 1)]


def test_searches_outside_a_call_go_with_the_contact_they_led_to() -> None:
    """The searches of a whole day outside calls were one contact, listed first, so an
    assessor could not tell which search found which customer."""
    searched = {"kind": "name", "results": 2}
    events = [
        _event(1, AuditAction.CUSTOMER_SEARCHED, details=searched),
        _event(2, AuditAction.CUSTOMER_SEARCHED, details=searched),
        _event(3, AuditAction.INTERACTION_STARTED, customer_id=12, interaction_id=5),
        _event(4, AuditAction.INTERACTION_ENDED, customer_id=12, interaction_id=5),
        _event(5, AuditAction.CUSTOMER_SEARCHED, details=searched),
        _event(6, AuditAction.CUSTOMER_VIEWED, customer_id=30, reason="Customer wrote in"),
        _event(7, AuditAction.BREACH_REPORTED, details={"breach_id": 1}),
        _event(8, AuditAction.CUSTOMER_SEARCHED, details=searched),
    ]
    document = live_evidence(
        events, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    assert [
        (c.label, c.customer, c.in_call, [s.words.split(":")[0] for s in c.steps])
        for c in document.contacts
    ] == [
        (
            "Contact 1",
            "Customer A",
            True,
            ["Searched by name", "Searched by name", "Contact started"],
        ),
        ("Contact 2", "Customer B", False, ["Searched by name", "Record opened"]),
        ("Breach 3", None, False, ["Personal-data breach reported"]),
        ("Contact 4", None, False, ["Searched by name"]),  # led nowhere: on its own, in its place
    ]


def test_work_at_a_later_console_is_not_filed_with_a_call_its_console_never_ended() -> None:
    """A console closed mid-call (a supervisor closed the call later, under their own name)
    left the call "in progress" in the handler's evidence: their next day's breach report
    was filed with it."""
    events = [
        _event(
            1,
            AuditAction.INTERACTION_STARTED,
            customer_id=12,
            interaction_id=5,
            console_session="s1",
        ),
        _event(2, AuditAction.BREACH_REPORTED, details={"breach_id": 1}, console_session="s1"),
        _event(3, AuditAction.BREACH_REPORTED, details={"breach_id": 2}, console_session="s2"),
    ]
    document = live_evidence(
        events, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    assert [(c.in_call, len(c.steps)) for c in document.contacts] == [(True, 2), (False, 1)]


def test_a_new_customers_call_lists_its_steps_by_time_not_as_stored() -> None:
    """Found by a supervisor exporting evidence: a new customer's duplicate checks (made as
    the form was typed) came before "Phone call started", which is stored at the save but
    happened first."""
    checked = {"kind": "duplicate_check", "results": 0}
    at = {n: AT + timedelta(seconds=n) for n in range(40)}
    events = [
        _event(1, AuditAction.CUSTOMER_SEARCHED, details=checked, occurred_at=at[6]),
        _event(2, AuditAction.CUSTOMER_SEARCHED, details=checked, occurred_at=at[15]),
        _event(
            3,
            AuditAction.INTERACTION_STARTED,
            customer_id=12,
            interaction_id=5,
            details={"channel": "phone"},
            occurred_at=at[0],
        ),
        _event(
            4, AuditAction.CUSTOMER_CREATED, customer_id=12, interaction_id=5, occurred_at=at[30]
        ),
        _event(
            5, AuditAction.INTERACTION_ENDED, customer_id=12, interaction_id=5, occurred_at=at[30]
        ),
    ]
    document = live_evidence(
        events, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    [contact] = document.contacts
    assert [step.at for step in contact.steps] == sorted(step.at for step in contact.steps)
    assert contact.steps[0].words.startswith("Phone call started")
