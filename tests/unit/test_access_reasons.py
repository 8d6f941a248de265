"""An access reason as the trail records it and as the timeline and the pack show it
(domain/access_reasons.py, MP-09)."""

from __future__ import annotations

import pytest

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.domain.access_reasons import (
    FORMER_ERASURE_PREVIEW_REASON,
    as_recorded,
    discrepancy_detail,
    duplicate_item_detail,
    needs_detail,
    reason_given,
    rectification_detail,
    typed_words,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.records import AccessReason

VIEWED = AuditAction.CUSTOMER_VIEWED


def test_other_is_recorded_without_the_forms_words_and_every_other_reason_as_offered() -> None:
    recorded = [as_recorded(option) for option in DEFAULT_ACCESS_REASONS]
    assert recorded == [*DEFAULT_ACCESS_REASONS[:-1], "Other"]
    assert AccessReason(reason="Other (describe below)", detail="letter").text() == (
        "Other: letter"
    )
    # Brackets that say what the reason is stay: only "Other" takes the form's words.
    said = AccessReason(reason="Customer wrote in (letter or e-mail)", detail="letter").text()
    assert said == "Customer wrote in (letter or e-mail): letter"
    assert as_recorded("Other agency (police)") == "Other agency (police)"


@pytest.mark.parametrize("option", ["Other", "Other (describe below)", "Other (please say)"])
def test_a_reason_starting_with_other_needs_the_handlers_words(option: str) -> None:
    assert needs_detail(option)
    assert not needs_detail("Complaint investigation")


@pytest.mark.parametrize(
    ("recorded", "shown"),
    [
        ("Other (describe below): letter of 3 May", "Other: letter of 3 May"),
        ("Other (describe below): he rang (twice): no answer", "Other: he rang (twice): no answer"),
        ("Other (describe below)", "Other"),
        ("Other: letter", "Other: letter"),
        # Only the option at the start: the handler's words after it are as they typed them.
        ("Customer wrote in: Other (describe below)", "Customer wrote in: Other (describe below)"),
        ("Other agency (police): request 12", "Other agency (police): request 12"),
    ],
)
def test_a_record_opened_for_other_by_an_earlier_version_reads_as_a_new_one(
    recorded: str, shown: str
) -> None:
    assert reason_given(VIEWED, {}, recorded) == shown


def test_only_the_reason_a_record_was_opened_for_is_read_again() -> None:
    typed = "Other (describe below): moved house"  # a handler's words for a change
    assert reason_given(AuditAction.CUSTOMER_UPDATED, {}, typed) == typed
    assert reason_given(VIEWED, {}, None) is None
    looked_up = {"erasure_preview": True}
    assert reason_given(VIEWED, looked_up, FORMER_ERASURE_PREVIEW_REASON) is None


@pytest.mark.parametrize(
    ("recorded", "typed"),
    [
        ("Other: letter from her sister", "letter from her sister"),
        ("Customer wrote in (letter or e-mail): letter from her sister", "letter from her sister"),
        ("Third-party request (for or about the customer): DC Morgan", "DC Morgan"),
        ("Merging duplicate records: same person, new phone", "same person, new phone"),
        ("Other: he rang (twice): no answer", "he rang (twice): no answer"),
        # A reason from the list alone, or with what the console wrote after it: no one's.
        ("Customer wrote in (letter or e-mail)", None),
        ("Other", None),
        ("Other:  ", None),
        (f"Merging duplicate records: {duplicate_item_detail(4)}", None),
        (f"Discrepancy report: {discrepancy_detail(3)}", None),
        (f"Data protection request: {rectification_detail(7)}", None),
    ],
)
def test_the_words_typed_after_any_reason_from_the_list_are_found_again(
    recorded: str, typed: str | None
) -> None:
    assert typed_words(recorded) == typed


#: A site's own reasons (CUSTINFO_ACCESS_REASONS), two of them with ": " in them.
_SITE_REASONS = (
    "Court order",
    "Court order: family division",
    "Police: urgent (describe below)",
    "Other (describe below)",
)


@pytest.mark.parametrize(
    ("recorded", "typed"),
    [
        # The longest listed reason the text is, or starts with before ": ".
        ("Court order: family division", None),
        ("Court order: family division: case 12", "case 12"),
        ("Court order: case 12", "case 12"),
        ("Court order", None),
        ("Police: urgent (describe below)", None),
        ("Police: urgent (describe below): DC Morgan", "DC Morgan"),
        ("Other: he rang (twice): no answer", "he rang (twice): no answer"),
        # A reason no longer listed ends at the first ": ", as before.
        ("Tax enquiry: HMRC letter", "HMRC letter"),
        ("Court order: family division:  ", None),
    ],
)
def test_the_longest_reason_the_site_lists_is_the_reason_not_the_text_to_the_first_colon(
    recorded: str, typed: str | None
) -> None:
    assert typed_words(recorded, _SITE_REASONS) == typed
