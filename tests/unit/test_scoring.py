"""The scorer on hand-built event streams: each marking rule's edge cases (a transposed
digit, a disclosure one event before the verification, an impostor...), and properties of
the whole (hypothesis). Recorded streams from the real services are in
tests/integration/test_scoring_recorded.py."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.marking_points import TITLES
from custinfo_tui.domain.training.marks_accuracy import describe_difference
from custinfo_tui.domain.training.scenario import ScenarioNames
from custinfo_tui.domain.training.scorecard import MarkResult, Verdict
from custinfo_tui.domain.training.scoring import RULES, ScoringPolicies, score
from custinfo_tui.domain.verification import VerificationPolicy
from tests.support.event_streams import (
    JOHN,
    JOHN_ON_FILE,
    Stream,
    good_change_of_address,
    scenario,
)

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE
WHITBY = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitby", "postcode": "YO22 4DE"}


def _mark(point: str, stream: Stream, **parts: object) -> MarkResult:
    values = parts.pop("values", None)
    cards = parts.pop("cards", 0)
    created = parts.pop("created", None)
    card = score(
        scenario(point, **parts),  # type: ignore[arg-type]
        stream.transcript(values=values, stored_card_numbers=cards, created=created),  # type: ignore[arg-type]
    )
    [result] = card.results
    return result


# --- the scorecard as a whole --------------------------------------------------------------


def test_every_practised_point_gets_one_result_with_its_title_in_order() -> None:
    card = score(scenario("MP-12", "MP-08", "MP-03"), good_change_of_address().transcript())

    assert [r.marking_point for r in card.results] == ["MP-12", "MP-08", "MP-03"]
    assert card.results[1].title == TITLES["MP-08"]
    assert card.met == card.scored == 3


def test_a_point_the_events_cannot_show_is_not_applicable_with_a_note_why() -> None:
    result = _mark("MP-11", good_change_of_address())

    assert result.verdict is NOT_APPLICABLE
    assert "trainer's observation" in result.note
    assert result.evidence == ()


def test_each_point_the_events_cannot_show_says_its_own_reason() -> None:
    """Every point with no rule was "about the desk, not the call", MP-01 (taking a new
    customer's details on a template: the call itself) among them."""
    notes = {point: _mark(point, good_change_of_address()).note for point in TITLES}

    assert "about the desk" in notes["MP-11"]
    assert "MP-07" in notes["MP-15"] and "about the desk" not in notes["MP-15"]
    assert "portfolio" in notes["MP-21"]
    assert "about the desk" not in notes["MP-01"]


def test_every_marking_point_has_a_title_and_every_rule_a_marking_point() -> None:
    assert list(TITLES) == [f"MP-{n:02d}" for n in range(1, 22)]
    assert set(RULES) <= set(TITLES)


def test_the_good_change_of_address_meets_every_point_it_practises() -> None:
    points = ("MP-02", "MP-03", "MP-05", "MP-08", "MP-09", "MP-10", "MP-12", "MP-13", "MP-18")
    card = score(scenario(*points), good_change_of_address().transcript())

    assert {r.marking_point: r.verdict for r in card.results} == dict.fromkeys(points, MET)
    assert all(r.evidence for r in card.results)


# --- MP-03 read-back -------------------------------------------------------------------------


def test_a_save_with_no_read_back_before_it_is_not_met() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("town", "postcode"), reason="Customer moved")
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("postcode", "town"))

    result = _mark("MP-03", stream)

    assert result.verdict is NOT_MET
    assert "Town, Postcode" in result.should_have


def test_a_run_left_before_the_change_was_saved_is_not_met_not_left_out_of_the_score() -> None:
    """Found by a tester: verified, the edit form opened, the read-back reached, then the
    role-play ended. MP-03 was "not applicable", so the score was 2 of 6 for a scenario
    practising 7, while MP-05, MP-10 and MP-13 were not met for the same missing save."""
    stream = Stream().verified_call("high")
    stream.add(AuditAction.INTERACTION_ENDED, event_outcome="logged_out")
    points = ("MP-08", "MP-12", "MP-03", "MP-05", "MP-10", "MP-13")

    card = score(
        scenario(*points, expected={"verification_level": "high"}),
        stream.transcript(values={**JOHN_ON_FILE, "phone": "+447700900456"}),
    )

    mp03 = card.results[2]
    assert mp03.verdict is NOT_MET
    assert (card.met, card.scored) == (2, 6)
    assert mp03.note == (
        "Nothing was saved, so nothing was read back and confirmed: the change the caller "
        "asked for (Town, Postcode) never reached a read-back and a save."
    )
    assert (
        mp03.should_have
        == "Should have: read back Town, Postcode, had them confirmed, and saved them."
    )


def test_nothing_to_read_back_when_the_scenario_asks_for_no_change_is_not_applicable() -> None:
    result = _mark("MP-03", Stream().verified_call(), expected={"changes": []})

    assert result.verdict is NOT_APPLICABLE


def test_a_field_emptied_needs_no_read_back() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("town",))
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("town", "email"), cleared=["email"])

    assert _mark("MP-03", stream).verdict is MET


def test_a_slip_the_caller_corrects_only_at_read_back_left_on_the_record_is_not_met() -> None:
    correction = {"field": "postcode", "says": "No, four dee ee, not four ee dee."}
    slipped = {**WHITBY, "postcode": "YO22 4ED"}

    result = _mark(
        "MP-03",
        good_change_of_address(),
        caller={"read_back_corrections": [correction]},
        values=slipped,
    )

    assert result.verdict is NOT_MET
    assert "slip" in result.should_have


def test_a_value_the_caller_said_was_wrong_at_read_back_saved_anyway_is_not_met() -> None:
    """The scripted caller objects at read-back to a value that is not what they gave
    (domain/training/caller.py): confirming the line and saving it is not a read-back."""
    transposed = {**WHITBY, "postcode": "YO22 4ED"}

    result = _mark("MP-03", good_change_of_address(), values=transposed)

    assert result.verdict is NOT_MET
    assert result.should_have == (
        "Should have: corrected Postcode when the caller said at read-back it was not what "
        "they gave, instead of confirming it and saving."
    )
    assert _mark("MP-03", good_change_of_address(), values=WHITBY).verdict is MET


def _town_and_postcode_read_back_with_the_street_kept() -> Stream:
    """A move read back whole: the street kept, read with the new town and postcode."""
    stream = Stream().verified_call()
    stream.add(
        AuditAction.READ_BACK_CONFIRMED,
        fields=("address_line1", "postcode", "town"),
        unchanged=["address_line1"],
    )
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("town", "postcode"), cleared=[])
    return stream.wrapped_up()


def test_a_line_of_the_address_read_back_unchanged_with_the_new_ones_is_no_fault() -> None:
    result = _mark("MP-03", _town_and_postcode_read_back_with_the_street_kept(), values=WHITBY)

    assert result.verdict is MET
    assert result.evidence[0].note == "confirmed by the caller before the save"


def test_a_line_kept_that_the_caller_said_at_read_back_was_wrong_is_not_met() -> None:
    """He moved to 14 Harbour Road: "3 Tower Street", read back unchanged with the new town
    and postcode, was not his street, and he said so; it was confirmed and kept."""
    moved_street = {"address_line1": "14 Harbour Road", "postcode": "YO22 4DE", "town": "Whitby"}

    result = _mark(
        "MP-03",
        _town_and_postcode_read_back_with_the_street_kept(),
        values=WHITBY,
        caller={"true_details": moved_street},
        expected={"changes": ["address_line1", "town", "postcode"]},
    )

    assert result.verdict is NOT_MET
    assert result.evidence[0].against
    assert result.evidence[0].note == (
        "confirmed though the caller said at read-back it was not right: Address line 1"
    )
    assert "corrected Address line 1 when the caller said at read-back" in result.should_have


@given(st.data())
def test_moving_the_save_before_its_read_back_makes_mp03_not_met(data: st.DataObject) -> None:
    events = list(good_change_of_address().events)
    read_back = next(i for i, e in enumerate(events) if e.action is AuditAction.READ_BACK_CONFIRMED)
    save = events.pop(read_back + 1)
    to = data.draw(st.integers(min_value=0, max_value=read_back), label="save moved to")
    events.insert(to, save)
    stream = Stream()
    stream.events = events

    assert _mark("MP-03", stream).verdict is NOT_MET


# --- MP-05 accuracy --------------------------------------------------------------------------


def test_values_equal_once_normalised_are_met() -> None:
    result = _mark(
        "MP-05",
        good_change_of_address(),
        caller={"true_details": {"phone": "07700 900456", "postcode": "yo224de"}},
    )

    assert result.verdict is MET


def test_a_transposed_digit_is_an_error_named_without_the_values() -> None:
    result = _mark(
        "MP-05",
        good_change_of_address(),
        caller={"true_details": {"phone": "07700 900456"}},
        values={**WHITBY, "phone": "+447700900465"},
    )

    assert result.verdict is NOT_MET
    assert "transposition" in result.note
    assert "900465" not in result.note + result.should_have


def test_a_wrong_value_on_file_that_was_reported_is_not_counted_as_an_error() -> None:
    stream = good_change_of_address()
    stream.add(AuditAction.DISCREPANCY_REPORTED, fields=("date_of_birth",), report_id=1)

    result = _mark(
        "MP-05",
        stream,
        caller={"true_details": {"date_of_birth": "12/04/1963"}},
        values={**WHITBY, "date_of_birth": "1963-12-04"},
    )

    assert result.verdict is MET


def test_a_new_address_never_entered_is_said_as_not_changed_not_as_typed_wrong() -> None:
    """Found by a tester: verified, then quit without entering the new address, the run
    was told "Town: 6 characters wrong; Postcode: one character missing", comparing the
    old values left on file with the new ones character by character."""
    stream = Stream().verified_call().wrapped_up()
    on_file = {**JOHN_ON_FILE, "phone": "+447700900456"}  # as stored, untouched

    result = _mark("MP-05", stream, values=on_file)

    assert result.verdict is NOT_MET
    assert result.note == (
        "Differs from the caller's details: Postcode: not changed (still the old value); "
        "Town: not changed (still the old value)."
    )
    assert result.should_have == "Should have: changed Postcode, Town to what the caller gave."


def test_only_a_value_typed_is_compared_character_by_character() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("town",), double_entry=[])
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("town",), reason="Customer moved", cleared=[])
    typed = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitbt"}

    result = _mark("MP-05", stream, values=typed)

    assert result.verdict is NOT_MET
    assert "Town: one character wrong" in result.note
    assert "Postcode: not changed (still the old value)" in result.note
    assert result.should_have == (
        "Should have: changed Postcode to what the caller gave; entered Town exactly as the "
        "caller gave (read back digit by digit)."
    )


@given(st.text(alphabet="0123456789ABCDEFGH", min_size=2, max_size=12), st.data())
def test_swapping_two_different_neighbours_is_always_called_a_transposition(
    value: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(value) - 2))
    swapped = value[:at] + value[at + 1] + value[at] + value[at + 2 :]
    if swapped == value:
        return
    assert "transposition" in describe_difference(value, swapped)


# --- MP-08 and MP-17 disclosure --------------------------------------------------------------


def test_a_disclosure_one_event_before_the_verification_is_not_met() -> None:
    stream = Stream()
    stream.add(AuditAction.INTERACTION_STARTED)
    stream.add(AuditAction.CALLER_CHECK_PASSED, check="date_of_birth")
    stream.add(AuditAction.CALLER_CHECK_PASSED, check="postcode")
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), level="standard")
    stream.add(AuditAction.CALLER_VERIFIED, level="standard")

    result = _mark("MP-08", stream)

    assert result.verdict is NOT_MET
    assert [s.action for s in result.evidence if "too early" in s.note] == ["field.disclosed"]


def test_verification_steps_are_evidence_without_a_note_that_repeats_their_words() -> None:
    """The debrief shows each step in its own words ("Check passed: Date of birth"); a
    note is for what they do not say ("disclosed Phone at Standard")."""
    stream = Stream().verified_call()
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), level="standard")
    notes = {step.action: step.note for step in _mark("MP-08", stream).evidence}
    assert notes["caller.check_passed"] == notes["caller.verified"] == ""
    assert notes["field.disclosed"] == "disclosed Phone at Standard"


def test_a_disclosure_after_the_verification_is_met() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), level="standard")

    assert _mark("MP-08", stream).verdict is MET


def test_support_needs_shown_at_standard_need_high() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("accessibility_needs",))

    assert _mark("MP-08", stream).verdict is NOT_MET


def test_a_caller_never_verified_to_the_level_the_change_needs_is_not_met() -> None:
    stream = Stream().verified_call(level="standard")

    result = _mark("MP-08", stream, expected={"verification_level": "high"})

    assert result.verdict is NOT_MET
    assert "High" in result.should_have


def test_anything_disclosed_to_an_impostor_is_not_met_even_after_checks_passed() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("email",))
    impostor = {"is": "impostor", "name": "Not John"}

    assert _mark("MP-08", stream, caller=impostor).verdict is NOT_MET
    assert _mark("MP-17", stream, caller=impostor).verdict is NOT_MET


def test_names_only_to_an_impostor_locked_out_is_met() -> None:
    stream = Stream()
    stream.add(AuditAction.INTERACTION_STARTED)
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name", "family_name"), in_call=True)
    for _ in range(3):
        stream.add(AuditAction.CALLER_VERIFICATION_FAILED, check="date_of_birth")
    stream.add(AuditAction.VERIFICATION_LOCKED, failures=3, queue_item=1)
    impostor = {"is": "impostor", "name": "Not John"}
    expected = {"verification_level": "none", "changes": [], "raises": ["possible_fraud"]}

    for point in ("MP-08", "MP-17", "MP-14"):
        assert _mark(point, stream, caller=impostor, expected=expected).verdict is MET, point


def test_a_caller_with_no_authority_must_be_recorded_as_such() -> None:
    spouse = {"is": "no_authority", "name": "Jane Smith"}
    expected = {"verification_level": "none", "changes": []}
    quiet = Stream().add(AuditAction.INTERACTION_STARTED)
    recorded = Stream().add(AuditAction.INTERACTION_STARTED)
    recorded.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")

    assert _mark("MP-17", quiet, caller=spouse, expected=expected).verdict is NOT_MET
    assert _mark("MP-17", recorded, caller=spouse, expected=expected).verdict is MET
    assert _mark("MP-17", recorded).verdict is NOT_APPLICABLE  # the customer calling


def test_a_representative_told_things_before_being_identified_is_not_met() -> None:
    attorney = {"is": "representative", "name": "Ann Smith", "representative": "Ann Smith"}
    stream = Stream().verified_call()
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",))

    assert _mark("MP-17", stream, caller=attorney).verdict is NOT_MET


def test_the_level_comes_from_the_organisations_policy() -> None:
    stream = Stream().verified_call(level="basic")
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",))
    policy = VerificationPolicy.model_validate(
        {"levels": [{"name": "basic", "passes": 1}], "actions": {"read:contact": "basic"}}
    )
    card = score(
        scenario("MP-08", expected={"verification_level": "basic"}, names=ScenarioNames.of(policy)),
        stream.transcript(),
        ScoringPolicies(verification=policy),
    )

    assert card.results[0].verdict is MET


# --- MP-09 and MP-12 -------------------------------------------------------------------------


def test_a_record_opened_outside_a_call_without_a_reason_is_not_met() -> None:
    stream = Stream().add(AuditAction.CUSTOMER_VIEWED, call=None, reason="  ")

    assert _mark("MP-09", stream, channel="letter").verdict is NOT_MET
    with_reason = Stream().add(AuditAction.CUSTOMER_VIEWED, call=None, reason="Letter: moved")
    assert _mark("MP-09", with_reason, channel="letter").verdict is MET


def test_the_right_record_found_too_slowly_is_not_met() -> None:
    slow = Stream().verified_call(after=120)
    quick = Stream().verified_call(after=10)

    assert _mark("MP-12", slow).verdict is NOT_MET
    assert _mark("MP-12", slow, expected={"find_within_seconds": 180}).verdict is MET
    assert _mark("MP-12", quick).verdict is MET
    assert "11 s" in _mark("MP-12", quick).evidence[0].note


def test_no_record_to_find_for_a_new_customer_is_not_applicable() -> None:
    new = {"record": None, "creates_customer": True, "verification_level": None}

    assert _mark("MP-12", Stream(), expected=new).verdict is NOT_APPLICABLE


# --- MP-13, MP-10, MP-14 ----------------------------------------------------------------------


def test_a_duplicate_created_for_a_caller_on_file_is_not_met_unless_merged_back() -> None:
    stream = Stream().add(AuditAction.CUSTOMER_CREATED, customer=77, possible_duplicates=1)
    stream.address_saved()

    assert _mark("MP-13", stream).verdict is NOT_MET
    stream.add(AuditAction.CUSTOMER_MERGED_INTO, customer=77, survivor_id=JOHN)
    assert _mark("MP-13", stream).verdict is MET


def test_a_planted_error_reported_or_corrected_with_a_reason_meets_mp10_and_mp14() -> None:
    planted = {"planted_errors": [{"field": "date_of_birth", "on_file": "1963-12-04"}]}
    ignored = good_change_of_address()
    reported = good_change_of_address()
    reported.add(AuditAction.DISCREPANCY_REPORTED, fields=("date_of_birth",), report_id=1)
    corrected = good_change_of_address()
    corrected.add(
        AuditAction.CUSTOMER_UPDATED,
        fields=("date_of_birth",),
        reason="Entry error corrected",
        reasons={"date_of_birth": "Entry error corrected"},
    )

    for point in ("MP-10", "MP-14"):
        assert _mark(point, ignored, customer=planted).verdict is NOT_MET
        assert _mark(point, reported, customer=planted).verdict is MET
        assert _mark(point, corrected, customer=planted).verdict is MET


# --- MP-18 and MP-19 -------------------------------------------------------------------------


def test_a_wrap_up_without_notes_or_with_the_wrong_outcome_is_not_met() -> None:
    no_notes = Stream().verified_call().address_saved().wrapped_up(notes=0)
    wrong = Stream().verified_call().address_saved().wrapped_up(outcome="no_action")

    assert "notes" in _mark("MP-18", no_notes).should_have
    assert "resolved" in _mark("MP-18", wrong).should_have
    # The step's own words name the outcome ("Wrapped up: ..., no action"); the mark adds
    # only what it judged, never a key as stored ("no_action").
    notes = [step.note for step in _mark("MP-18", wrong).evidence]
    assert notes == ["with notes"]
    assert [step.note for step in _mark("MP-18", no_notes).evidence] == ["no notes"]


def test_a_call_left_without_a_wrap_up_or_a_card_number_stored_is_not_met() -> None:
    unwrapped = Stream().verified_call().address_saved()

    assert _mark("MP-18", unwrapped).verdict is NOT_MET
    result = _mark("MP-18", good_change_of_address(), cards=1)
    assert result.verdict is NOT_MET
    assert "card number" in result.should_have


def test_the_verdict_rests_on_the_wrap_up_and_names_cards_only_where_the_run_had_one() -> None:
    """Found by an explorer: every MP-18 verdict started "No card number stored.", in a run
    with no card in it too, where it was all the note of a missing wrap-up."""
    unwrapped = Stream().verified_call().address_saved()
    unwrapped.add(AuditAction.INTERACTION_ENDED, event_outcome="ended")

    assert _mark("MP-18", unwrapped).note == "The call was not wrapped up."
    assert _mark("MP-18", good_change_of_address()).note == "The call was wrapped up."
    card_read_out = {"also_says": ["The card is four one one one, one one one one."]}
    said = _mark("MP-18", good_change_of_address(), caller=card_read_out).note
    assert said == "The call was wrapped up. No card number stored."
    stored = _mark("MP-18", good_change_of_address(), cards=2).note
    assert stored == "The call was wrapped up. 2 card numbers found in stored text."


def _complaint(*moves: tuple[str, str], follow_up: bool = True) -> Stream:
    stream = Stream().verified_call()
    stream.add(
        AuditAction.COMPLAINT_RAISED,
        complaint_id=5,
        stage="received",
        follow_up=follow_up,
        customer_said_characters=80,
        apology_characters=40,
        solution_characters=60,
    )
    for start, end in moves:
        stream.add(
            AuditAction.COMPLAINT_STAGE_CHANGED,
            call=None,
            complaint_id=5,
            from_stage=start,
            to_stage=end,
        )
    return stream


def test_complaint_stages_in_order_are_met_and_a_skipped_stage_is_not() -> None:
    expected = {"complaint_stage": "acknowledged"}
    in_order = _complaint(("received", "acknowledged"))
    skipped = _complaint(("received", "resolved"))

    assert _mark("MP-19", in_order, expected=expected).verdict is MET
    result = _mark("MP-19", skipped, expected=expected)
    assert result.verdict is NOT_MET
    assert "acknowledged, investigating" in result.should_have


def test_a_complaint_raised_at_the_stage_expected_still_needs_a_follow_up_date() -> None:
    expected = {"complaint_stage": "received"}

    assert _mark("MP-19", _complaint(), expected=expected).verdict is MET
    result = _mark("MP-19", _complaint(follow_up=False), expected=expected)
    assert result.verdict is NOT_MET
    assert "follow-up date" in result.should_have
    moved_on = _complaint(("received", "acknowledged"), follow_up=False)
    assert _mark("MP-19", moved_on, expected={"complaint_stage": "acknowledged"}).verdict is MET


def test_a_complaint_expected_but_never_raised_is_not_met() -> None:
    stream = good_change_of_address()

    assert _mark("MP-19", stream, expected={"complaint_stage": "received"}).verdict is NOT_MET
    assert _mark("MP-19", stream).verdict is NOT_APPLICABLE


# --- MP-01 ----------------------------------------------------------------------------------


def _taken(fields: tuple[str, ...] = ("given_name", "family_name", "phone"), **got: Any) -> Stream:
    """A new customer captured on the form: its template, enquiry type and `fields`."""
    details = {"template": "new_customer", "enquiry_type": "New account", **got}
    return Stream().add(AuditAction.CUSTOMER_CREATED, customer=50, fields=fields, **details)


def test_a_new_customer_on_the_template_with_name_contact_and_enquiry_is_met() -> None:
    """MP-01 was "not applicable ... it is about the desk, not the call" in every run, in
    the three shipped scenarios that practise it."""
    result = _mark("MP-01", _taken(), expected=NEW_CUSTOMER)

    assert result.verdict is MET
    [taken] = result.evidence
    assert taken.note == "taken on the new customer template, enquiry New account"
    by_post = _taken(("given_name", "family_name", "address_line1", "town", "postcode"))
    assert _mark("MP-01", by_post, expected=NEW_CUSTOMER).verdict is MET


def test_a_capture_missing_the_name_a_contact_or_the_enquiry_is_not_met_at_its_step() -> None:
    no_contact = _mark("MP-01", _taken(("given_name", "family_name")), expected=NEW_CUSTOMER)
    assert no_contact.verdict is NOT_MET
    assert no_contact.should_have == (
        "Should have: taken a way to contact them on the capture form."
    )
    assert [step.against for step in no_contact.evidence] == [True]
    nameless_stream = _taken(("family_name", "email"), enquiry_type="")
    nameless = _mark("MP-01", nameless_stream, expected=NEW_CUSTOMER)
    assert nameless.verdict is NOT_MET
    assert "their name, what they called about (the enquiry type)" in nameless.should_have


def test_a_customer_with_one_name_only_has_their_name_taken_with_the_family_name_alone() -> None:
    """One name only (domain/one_name.py): no given name is left out, none being theirs."""
    one_name = _taken(("family_name", "phone"), one_name_only=True)
    assert _mark("MP-01", one_name, expected=NEW_CUSTOMER).verdict is MET
    said_nothing = _mark("MP-01", _taken(("family_name", "phone")), expected=NEW_CUSTOMER)
    assert "their name" in said_nothing.should_have


def test_no_capture_is_not_met_when_one_was_due_and_not_applicable_otherwise() -> None:
    untaken = _mark("MP-01", Stream().verified_call(), expected=NEW_CUSTOMER)
    assert untaken.verdict is NOT_MET
    assert "the new customer's name, a way to contact them" in untaken.should_have
    on_file = _mark("MP-01", good_change_of_address())
    assert on_file.verdict is NOT_APPLICABLE
    assert on_file.note.startswith("No new customer was taken on")


# --- MP-02, MP-04, MP-06, MP-07 ---------------------------------------------------------------


def test_a_detail_never_asked_for_names_its_question() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("town",))
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("town",), reason="Customer moved")

    result = _mark("MP-02", stream)

    assert result.verdict is NOT_MET
    assert '"What is your postcode?"' in result.should_have


def _capture(
    *,
    consent_first: bool = True,
    double_entry: tuple[str, ...] = (),
    marketing: tuple[str, ...] = (),
) -> Stream:
    new = 50
    stream = Stream()
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="duplicate_check")
    details = {"service_basis": "contract", "marketing": list(marketing)}
    consent = (AuditAction.CONSENT_RECORDED, details)
    if consent_first:
        stream.add(consent[0], customer=new, **consent[1])
    stream.add(
        AuditAction.READ_BACK_CONFIRMED,
        customer=new,
        fields=("given_name", "family_name", "phone"),
        double_entry=list(double_entry),
    )
    stream.add(
        AuditAction.CUSTOMER_CREATED,
        customer=new,
        fields=("given_name", "family_name", "phone"),
        notes_characters=20,
    )
    if not consent_first:
        stream.add(consent[0], customer=new, **consent[1])
    return stream


NEW_CUSTOMER = {"record": None, "creates_customer": True, "verification_level": None}


def test_a_phone_saved_without_double_entry_is_not_met() -> None:
    assert _mark("MP-04", _capture(), expected=NEW_CUSTOMER).verdict is NOT_MET
    twice = _capture(double_entry=("phone",))
    assert _mark("MP-04", twice, expected=NEW_CUSTOMER).verdict is MET


def test_consent_recorded_after_the_details_is_not_met() -> None:
    assert _mark("MP-06", _capture(), expected=NEW_CUSTOMER).verdict is MET
    late = _capture(consent_first=False)
    assert _mark("MP-06", late, expected=NEW_CUSTOMER).verdict is NOT_MET


def test_a_marketing_withdrawal_asked_for_must_be_recorded() -> None:
    consents = {"consents": [{"purpose": "marketing", "channel": "email", "granted": True}]}
    expected = {"consent_changes": ["marketing:email"], "changes": []}
    withdrawn = Stream().verified_call()
    withdrawn.add(AuditAction.CONSENT_RECORDED, marketing=[])
    withdrawn.add(AuditAction.CONSENT_WITHDRAWN, purposes=["marketing:email"])

    assert _mark("MP-06", withdrawn, customer=consents, expected=expected).verdict is MET
    untouched = Stream().verified_call()
    assert _mark("MP-06", untouched, customer=consents, expected=expected).verdict is NOT_MET


def test_withdrawing_a_consent_the_caller_wanted_to_keep_is_not_met_and_named() -> None:
    on_file = [
        {"purpose": "marketing", "channel": channel, "granted": True}
        for channel in ("email", "sms", "phone")
    ]
    expected = {"consent_changes": ["marketing:sms", "marketing:phone"], "changes": []}
    everything = Stream().verified_call("high")
    everything.add(AuditAction.CONSENT_RECORDED, service_basis="contract", marketing=[])
    everything.add(
        AuditAction.CONSENT_WITHDRAWN,
        purposes=["marketing:email", "marketing:sms", "marketing:phone"],
    )

    result = _mark("MP-06", everything, customer={"consents": on_file}, expected=expected)

    assert result.verdict is NOT_MET
    assert "kept marketing by e-mail" in result.should_have
    assert "text" not in result.should_have


def test_recording_marketing_the_caller_never_agreed_to_is_not_met() -> None:
    by_text = _capture(marketing=("email", "sms"))
    expected = {**NEW_CUSTOMER, "consent_changes": ["marketing:email"]}

    result = _mark("MP-06", by_text, expected=expected)

    assert result.verdict is NOT_MET
    assert "left out marketing by text message" in result.should_have


def test_support_needs_saved_without_an_article_9_condition_are_not_met() -> None:
    expected = {"changes": ["accessibility_needs"]}
    without = Stream().verified_call("high")
    without.add(AuditAction.READ_BACK_CONFIRMED, fields=("accessibility_needs",))
    without.add(AuditAction.CUSTOMER_UPDATED, fields=("accessibility_needs",), reason="Asked")
    with_condition = Stream().verified_call("high")
    with_condition.add(AuditAction.CONSENT_RECORDED, special_condition="explicit_consent")
    with_condition.events += without.events[-2:]

    assert _mark("MP-07", without, expected=expected).verdict is NOT_MET
    assert _mark("MP-07", with_condition, expected=expected).verdict is MET
    assert _mark("MP-07", good_change_of_address()).verdict is NOT_APPLICABLE


def test_a_search_and_nothing_else_meets_no_point() -> None:
    """spouse-without-authority: the trainee typed "gareth" in the search box and ended
    the run; MP-08 was met with no evidence at all."""
    stream = Stream()
    stream.add(AuditAction.LOGIN_SUCCEEDED, customer=None, call=None)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=1)
    points = ("MP-08", "MP-17", "MP-12", "MP-18")
    spouse = {"is": "no_authority", "name": "Linda Price"}
    card = score(
        scenario(*points, caller=spouse, expected={"verification_level": "none"}),
        stream.transcript(),
    )

    assert card.met == 0
    mp08 = next(r for r in card.results if r.marking_point == "MP-08")
    assert mp08.verdict is NOT_MET
    assert "Nothing was done in this run" in mp08.note
    assert mp08.should_have.startswith("Should have: taken the call")


def test_no_point_is_met_with_no_evidence() -> None:
    """A call taken on another record, nothing done on the caller's: the rule finds nothing
    wrong, and no step shows the point, so it is not met."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    spouse = {"is": "no_authority", "name": "Linda Price"}

    result = _mark("MP-08", stream, caller=spouse, expected={"verification_level": "none"})

    assert result.verdict is NOT_MET
    assert "No step of this run shows this point" in result.note


# --- MP-16, MP-17 and MP-20: the data protection processes ----------------------------------

SUBJECT_ACCESS = {
    "subject_access_request": True,
    "changes": [],
    "enquiry_type": "Data protection request",
    "wrap_up_outcome": "transferred",
}


def _passed_on(stream: Stream, *, enquiry: str = "Data protection request") -> Stream:
    stream.add(AuditAction.INTERACTION_ENDED, event_outcome="ended")
    return stream.add(
        AuditAction.INTERACTION_WRAPPED_UP,
        outcome="transferred",
        enquiry_type=enquiry,
        notes_characters=60,
    )


def test_a_subject_access_request_verified_and_passed_on_unread_is_met() -> None:
    result = _mark("MP-16", _passed_on(Stream().verified_call()), expected=SUBJECT_ACCESS)

    assert result.verdict is MET
    assert [s.action for s in result.evidence] == ["caller.verified", "interaction.wrapped_up"]


def test_a_subject_access_request_read_out_or_not_passed_on_is_not_met() -> None:
    read_out = Stream().verified_call()
    read_out.add(AuditAction.FIELD_REVEALED, fields=("phone", "email"))
    _passed_on(read_out)
    unverified = _passed_on(Stream().add(AuditAction.INTERACTION_STARTED))
    as_other = _passed_on(Stream().verified_call(), enquiry="Other")

    told = _mark("MP-16", read_out, expected=SUBJECT_ACCESS)
    assert told.verdict is NOT_MET
    assert "read nothing out" in told.should_have and "Phone, E-mail" in told.should_have
    assert (
        "verified the caller to Standard"
        in _mark("MP-16", unverified, expected=SUBJECT_ACCESS).should_have
    )
    assert "passed the request on" in _mark("MP-16", as_other, expected=SUBJECT_ACCESS).should_have
    assert _mark("MP-16", as_other).verdict is NOT_APPLICABLE  # no request in the scenario


def test_a_police_request_recorded_for_approval_with_nothing_disclosed_is_met() -> None:
    police = {"is": "no_authority", "name": "DC Morgan"}
    expected = {"verification_level": "none", "changes": [], "disclosure_request": True}
    recorded = Stream().add(AuditAction.INTERACTION_STARTED)
    recorded.add(
        AuditAction.DISCLOSURE_REQUESTED, fields=("address_line1", "postcode"), disclosure_id=1
    )
    careless = Stream().verified_call()
    careless.add(AuditAction.FIELD_REVEALED, fields=("address_line1",))

    result = _mark("MP-17", recorded, caller=police, expected=expected)
    assert result.verdict is MET
    assert "Address line 1, Postcode" in result.evidence[0].note
    told = _mark("MP-17", careless, caller=police, expected=expected)
    assert told.verdict is NOT_MET
    assert "Ctrl+T" in told.should_have and "disclosed nothing" in told.should_have
    recorded.add(AuditAction.FIELD_DISCLOSED, fields=("postcode",))
    assert _mark("MP-17", recorded, caller=police, expected=expected).verdict is NOT_MET


def test_a_breach_told_of_must_be_reported_with_its_data_and_people() -> None:
    expected = {"reports_breach": True, "changes": []}
    full = Stream().add(
        AuditAction.BREACH_REPORTED,
        customer=None,
        categories=["personal", "transactional"],
        people_affected=1,
        customers=1,
    )
    vague = Stream().add(
        AuditAction.BREACH_REPORTED, customer=None, categories=[], people_affected=None
    )

    result = _mark("MP-20", full, expected=expected)
    assert result.verdict is MET
    assert "personal, transactional, people affected: 1" in result.evidence[0].note
    assert "kinds of data" in _mark("MP-20", vague, expected=expected).should_have
    assert "Ctrl+B" in _mark("MP-20", Stream(), expected=expected).should_have
    assert _mark("MP-20", Stream()).verdict is NOT_APPLICABLE
    assert _mark("MP-20", full).verdict is MET  # a suspicion reported is never wrong


def test_a_run_where_the_trainee_did_nothing_meets_no_point() -> None:
    """An impostor run ended at the login screen was scored 2 of 5, "nothing disclosed"
    met by disclosing nothing to no one."""
    stream = Stream()
    stream.add(AuditAction.LOGIN_SUCCEEDED)
    points = ("MP-08", "MP-12", "MP-17", "MP-18")
    card = score(
        scenario(*points, caller={"is": "impostor", "name": "Not John"}), stream.transcript()
    )

    assert card.met == 0
    by_point = {r.marking_point: r for r in card.results}
    # What the rules met by nothing done: nothing disclosed too early, to no one.
    for point in ("MP-08", "MP-17"):
        assert by_point[point].verdict is NOT_MET
        assert "Nothing was done in this run" in by_point[point].note
        assert by_point[point].should_have.startswith("Should have: taken the call")
