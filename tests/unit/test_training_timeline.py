"""The debrief's timeline (domain/training/timeline.py): every event of the run in words,
each step marked with the marking points it is evidence for, towards or against."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.training.scorecard import Scorecard
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import mark_words, run_timeline, step_line
from tests.support.event_streams import JOHN_ON_FILE, Stream, good_change_of_address, scenario

WHITBY = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitby", "postcode": "YO22 4DE"}


def test_every_event_is_a_step_in_words_in_stream_order() -> None:
    stream = Stream().add(AuditAction.LOGIN_SUCCEEDED, customer=None, call=None)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=2)
    stream.verified_call().address_saved().wrapped_up()
    card = score(scenario("MP-03"), stream.transcript(values=WHITBY))

    steps = run_timeline(stream.events, card)

    assert [step.event_id for step in steps] == [event.id for event in stream.events]
    words = [step.words for step in steps]
    assert words[:3] == ["Logged in", "Searched by name: 2 found", "Phone call started"]
    assert "Read back and confirmed: Postcode, Town" in words
    assert "Changed: Town, Postcode" in words


def test_a_met_points_evidence_counts_towards_it_on_its_steps() -> None:
    stream = good_change_of_address()
    card = score(scenario("MP-03", "MP-18"), stream.transcript(values=WHITBY))

    steps = {step.action: step for step in run_timeline(stream.events, card)}

    read_back = steps[AuditAction.READ_BACK_CONFIRMED.value]
    assert [(m.marking_point, m.towards) for m in read_back.marks] == [("MP-03", True)]
    assert [mark_words(m) for m in steps[AuditAction.INTERACTION_WRAPPED_UP.value].marks] == [
        "MP-18 +"
    ]
    assert steps[AuditAction.INTERACTION_STARTED.value].marks == ()


def test_a_missed_points_evidence_counts_against_it() -> None:
    stream = Stream().verified_call()
    stream.add(
        AuditAction.CUSTOMER_UPDATED,
        fields=("town", "postcode"),
        reason="Customer moved",
        cleared=[],
    )  # saved with no read-back
    card = score(scenario("MP-03"), stream.transcript(values=WHITBY))

    [saved] = [s for s in run_timeline(stream.events, card) if s.marks]

    assert saved.action == AuditAction.CUSTOMER_UPDATED.value
    assert [(m.marking_point, m.towards) for m in saved.marks] == [("MP-03", False)]
    assert mark_words(saved.marks[0]) == "MP-03 -"


def test_only_the_step_at_fault_counts_against_a_point_not_met() -> None:
    """Every evidence step of a point not met was marked against it: the save read back
    first too, when only the other save skipped its read-back."""
    stream = Stream().verified_call().address_saved()
    stream.add(
        AuditAction.CUSTOMER_UPDATED,
        fields=("town",),
        reason="Customer moved",
        reasons={"town": "Customer moved"},
        cleared=[],
    )  # saved again, with no read-back
    card = score(scenario("MP-03"), stream.transcript(values=WHITBY))

    marked = [(s.action, mark_words(m)) for s in run_timeline(stream.events, card) for m in s.marks]

    assert marked == [
        (AuditAction.READ_BACK_CONFIRMED.value, "MP-03 +"),
        (AuditAction.CUSTOMER_UPDATED.value, "MP-03 +"),
        (AuditAction.CUSTOMER_UPDATED.value, "MP-03 -"),
    ]


def test_a_run_watched_mid_call_marks_no_right_step_against_a_point_not_met_yet() -> None:
    """`train watch` during a good run read "Check passed: Postcode  MP-08 -" and "Phone
    call started  MP-18 -": on the events so far the caller is not verified far enough and
    the call is not wrapped up, but neither step is a fault."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, after=20, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("postcode",), check="postcode")
    card = score(scenario("MP-08", "MP-18"), stream.transcript())
    assert [r.verdict.value for r in card.results] == ["not met", "not met"]  # so far

    steps = {step.action: step for step in run_timeline(stream.events, card)}

    assert steps[AuditAction.INTERACTION_STARTED.value].marks == ()
    checked = steps[AuditAction.CALLER_CHECK_PASSED.value]
    assert [mark_words(m) for m in checked.marks] == ["MP-08 +"]


def test_a_point_not_applicable_marks_no_step() -> None:
    stream = good_change_of_address()
    card = score(scenario("MP-19"), stream.transcript(values=WHITBY))  # no complaint in the run

    assert all(step.marks == () for step in run_timeline(stream.events, card))


def test_a_search_typed_a_letter_at_a_time_is_one_step() -> None:
    def searched(event_id: int, found: int) -> AuditEvent:
        return AuditEvent(
            id=event_id,
            occurred_at=datetime(2026, 11, 20, 10, 0, event_id, tzinfo=UTC),
            action=AuditAction.CUSTOMER_SEARCHED,
            operator_id=1,
            details={"kind": "name", "results": found},
            prev_hash="",
            hash="",
        )

    steps = run_timeline(
        [searched(1, 0), searched(2, 5), searched(3, 2)],
        Scorecard(scenario_id="change-of-address", results=()),
    )
    (step,) = steps
    assert step.event_id == 3 and step.repeats == 3
    assert step.words == "Searched by name: 2 found (3 searches as typed)"


def test_a_login_while_the_session_before_is_still_open_says_the_run_was_played_on() -> None:
    """Found by a tester: a console killed in a call, the run played on, and nothing in
    the report said the console had been restarted; the second session's login comes while
    the first never ended on the stream, which is how a stopped console shows there."""

    def login(session: str, action: AuditAction = AuditAction.LOGIN_SUCCEEDED) -> None:
        stream.add(action, customer=None, call=None)
        stream.events[-1] = stream.events[-1].model_copy(update={"console_session": session})

    stream = Stream()
    login("first")
    login("first", AuditAction.LOGGED_OUT)
    login("second")  # logged out and in again: the same console, nothing stopped
    stream.verified_call()
    login("third")  # the console of "second" stopped in the call
    login("third", AuditAction.SESSION_ENDED_AT_LOCK)
    login("fourth")
    card = score(scenario("MP-18"), stream.transcript(values=WHITBY))

    logins = [
        step.words for step in run_timeline(stream.events, card) if step.action.startswith("oper")
    ]

    assert logins == [
        "Logged in",
        "Logged out",
        "Logged in",
        "Logged in again: the console before stopped without ending its session",
        "Session ended at the screen lock",
        "Logged in",
    ]


def test_a_call_ended_with_the_session_names_the_call_by_its_start() -> None:
    """Found by an explorer: "Call ended when the trainee logged out [MP-18 -]" did not
    say which call; a call ended by the handler, wrapped up after, stays "Call ended"."""
    stream = good_change_of_address()  # its call ended and wrapped up
    stream.add(AuditAction.INTERACTION_STARTED, call=11, channel="face_to_face", after=30)
    stream.add(AuditAction.INTERACTION_ENDED, call=11, event_outcome="session_ended_at_lock")
    steps = run_timeline(stream.events, score(scenario("MP-18"), stream.transcript()))

    ended = [step_line(step) for step in steps if step.action == "interaction.ended"]
    assert ended == [
        "Call ended",
        "Call of 10:00:58 ended when the session ended at the screen lock",
    ]


def test_the_record_shown_again_for_the_caller_chosen_says_so() -> None:
    """F2 shows the record again, as the caller now chosen may see it: a view of its own,
    which read "Record opened in a call" a second time. Shown again for the same caller
    (after a save), it is still the record opened."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, in_call=True, caller="customer")
    stream.add(AuditAction.CALLER_IDENTIFIED, caller="representative", representative=4)
    stream.add(AuditAction.CUSTOMER_VIEWED, in_call=True, caller="representative", representative=4)
    stream.add(AuditAction.CUSTOMER_VIEWED, in_call=True, caller="representative", representative=4)
    steps = run_timeline(stream.events, score(scenario("MP-09"), stream.transcript()))

    assert [step.words for step in steps if step.action == "customer.viewed"] == [
        "Record opened in a call",
        "Record shown again for the caller now chosen: a representative",
        "Record opened in a call",
    ]


def test_a_disclosure_to_a_caller_who_was_not_the_customer_says_so() -> None:
    """Found by an explorer: "Disclosed to the customer: Date of birth, Phone" when the
    caller was the customer's spouse, taken for him because the trainee never chose who was
    calling: the console recorded it as to the customer; the run knows who it was."""
    stream = Stream().verified_call("standard")
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("date_of_birth", "phone"), caller="customer")
    card = score(scenario("MP-08"), stream.transcript())

    spouse = [step_line(s) for s in run_timeline(stream.events, card, caller_is="no_authority")]
    customer = [step_line(s) for s in run_timeline(stream.events, card)]

    said = "Disclosed to the caller (someone with no authority, not the customer): "
    assert f"{said}Date of birth, Phone" in spouse
    assert "Disclosed to the customer: Date of birth, Phone" in customer
