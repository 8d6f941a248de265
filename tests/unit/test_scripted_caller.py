"""The scripted caller's words (domain/training/caller.py) and the cue file's round trip."""

from __future__ import annotations

import tomllib
from pathlib import Path

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.training.caller import (
    CONFIRMS,
    NOT_CHANGING,
    NOT_SURE,
    OBJECTS,
    CallerConversation,
    LineKind,
    answer,
    cue_label,
    who_they_are,
)
from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.tui.cue_file import CueFileContent, read_cue_file, write_cue_file

SCENARIO = (
    Path(__file__).resolve().parents[2] / "src/custinfo_tui/data/scenarios/change-of-address.toml"
)
CORRECTION = "No, it's four dee ee, not four ee dee."


def scenario(**caller: object) -> Scenario:
    data = tomllib.loads(SCENARIO.read_text(encoding="utf-8"))
    data["id"] = "change-of-address"
    data["caller"].update(caller)
    return Scenario.model_validate(data)


def check(key: str) -> Cue:
    return Cue(kind=CueKind.CHECK, key=key)


def field(key: str) -> Cue:
    return Cue(kind=CueKind.FIELD, key=key)


def read_back(key: str) -> Cue:
    return Cue(kind=CueKind.READ_BACK, key=key)


def test_the_caller_answers_checks_and_questions_from_the_script() -> None:
    caller = scenario().caller
    assert answer(caller, check("date_of_birth")).text == "Twelfth of April, nineteen sixty-three."
    assert answer(caller, field("postcode")).text == "Why oh twenty-two, four dee ee."
    assert answer(caller, Cue(kind=CueKind.OPENING)).kind is LineKind.OPENING


def test_a_question_the_script_does_not_answer_is_an_unscripted_not_sure() -> None:
    caller = scenario().caller
    for cue in (check("reference"), field("email")):
        line = answer(caller, cue)
        assert (line.text, line.scripted) == (NOT_SURE, False)


def test_on_the_change_form_a_field_the_script_leaves_alone_is_not_changing() -> None:
    caller = scenario().caller  # moving house: the address fields are scripted
    moved = answer(caller, Cue(kind=CueKind.CHANGE, key="address_line1"))
    assert (moved.text, moved.scripted) == ("Fourteen Harbour Road.", True)
    for key in ("given_name", "date_of_birth", "email"):
        line = answer(caller, Cue(kind=CueKind.CHANGE, key=key))
        assert (line.text, line.scripted) == (NOT_CHANGING, True)
    assert cue_label(Cue(kind=CueKind.CHANGE, key="email")) == "E-mail"


def test_an_impostor_gives_the_wrong_answers_the_script_gives() -> None:
    guess = "Er... the first of May?"
    caller = scenario(**{"is": "impostor"}, checks={"date_of_birth": guess}).caller
    assert answer(caller, check("date_of_birth")).text == guess
    assert who_they_are(caller) == "an impostor posing as the customer"


def test_a_read_back_slip_is_corrected_once_then_confirmed() -> None:
    talk = CallerConversation(
        scenario(read_back_corrections=[{"field": "postcode", "says": CORRECTION}])
    )
    assert talk.asked(read_back("town")).text == CONFIRMS  # type: ignore[union-attr]
    assert talk.asked(read_back("postcode")).text == CORRECTION  # type: ignore[union-attr]
    # Asked for it again, they give the corrected value; read back again, it is right.
    assert talk.asked(field("postcode")).text == CORRECTION  # type: ignore[union-attr]
    assert talk.asked(read_back("postcode")).text == CONFIRMS  # type: ignore[union-attr]


def read_back_of(key: str, value: str) -> Cue:
    return Cue(kind=CueKind.READ_BACK, key=key, value=value)


def test_a_value_read_back_that_is_not_what_the_caller_said_is_objected_to() -> None:
    """Found by a tester: the caller agreed to a phone typed with two digits swapped."""
    talk = CallerConversation(scenario())

    right = talk.asked(read_back_of("postcode", "YO22 4DE"))
    assert right is not None and right.text == CONFIRMS and not talk.objects
    wrong = talk.asked(read_back_of("town", "Whitbt"))
    assert wrong is not None and wrong.text == f"{OBJECTS} I said: Whitby."
    assert talk.objects  # the caller terminal is told, without the value
    # Typed again as he said it: he agrees.
    again = talk.asked(read_back_of("town", "Whitby"))
    assert again is not None and again.text == CONFIRMS and not talk.objects


def test_values_are_compared_in_stored_form_and_a_detail_on_file_counts_too() -> None:
    talk = CallerConversation(scenario())

    assert talk.asked(read_back_of("postcode", "yo224de")).text == CONFIRMS  # type: ignore[union-attr]
    # Not a field he is changing: his phone on file is what he would say.
    assert talk.asked(read_back_of("phone", "+447700900456")).text == CONFIRMS  # type: ignore[union-attr]
    said = talk.asked(read_back_of("phone", "07700 900465"))
    assert said is not None and said.text == f"{OBJECTS} It's 07700 900456."


def test_a_slip_of_the_callers_own_is_corrected_until_it_is_typed_right() -> None:
    """The spelling scenario's phone: he first gives the last two digits swapped."""
    talk = CallerConversation(
        scenario(
            read_back_corrections=[{"field": "postcode", "says": CORRECTION}],
            says={"postcode": "Why oh twenty-two, four ee dee."},
        )
    )
    assert talk.asked(read_back_of("postcode", "YO22 4ED")).text == CORRECTION  # type: ignore[union-attr]
    # Confirmed again without retyping it: he says it again, not "that's right".
    talk.asked(read_back_of("town", "Whitby"))
    assert talk.asked(read_back_of("postcode", "YO22 4ED")).text == CORRECTION  # type: ignore[union-attr]
    assert talk.asked(read_back_of("postcode", "YO22 4DE")).text == CONFIRMS  # type: ignore[union-attr]


def test_free_text_and_values_the_script_does_not_know_are_confirmed() -> None:
    talk = CallerConversation(scenario())
    for key, value in (("accessibility_needs", "Hard of hearing"), ("address_line2", "Flat 9")):
        assert talk.asked(read_back_of(key, value)).text == CONFIRMS  # type: ignore[union-attr]


def test_the_same_cue_asked_twice_in_a_row_is_one_line() -> None:
    talk = CallerConversation(scenario())
    assert [line.kind for line in talk.lines] == [LineKind.OPENING]
    assert talk.asked(check("postcode")) is not None
    assert talk.asked(check("postcode")) is None
    assert len(talk.lines) == 2 and talk.cue == check("postcode")


def test_volunteered_lines_come_in_order_on_steps_that_move_the_call_on() -> None:
    talk = CallerConversation(scenario(also_says=["First.", "Second."]))
    assert talk.heard(AuditAction.CUSTOMER_SEARCHED) is None  # not a step of the call
    assert talk.heard(AuditAction.INTERACTION_STARTED).text == "First."  # type: ignore[union-attr]
    assert talk.heard(AuditAction.CALLER_VERIFIED).text == "Second."  # type: ignore[union-attr]
    assert talk.heard(AuditAction.CUSTOMER_UPDATED) is None  # nothing left to say
    assert talk.volunteered == 2


def test_cue_labels_name_the_check_or_the_field() -> None:
    assert cue_label(check("phone_last_digits")) == "Phone last digits"
    assert cue_label(read_back("address_line1")) == "Read back: Address line 1"
    assert cue_label(field("not_a_field")) == "not_a_field"


def test_the_cue_file_is_replaced_whole_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "run.cue.json"
    assert read_cue_file(path) is None
    write_cue_file(path, CueFileContent(run_id=3, cue=check("postcode"), volunteered=1))
    write_cue_file(
        path,
        CueFileContent(run_id=3, cue=field("town"), recent_actions=("interaction.started",)),
    )
    content = read_cue_file(path)
    assert content is not None
    assert (content.cue, content.recent_actions, content.volunteered) == (
        field("town"),
        ("interaction.started",),
        0,
    )
    assert [p.name for p in tmp_path.iterdir()] == ["run.cue.json"]  # no temporary left
    path.write_text("{not json", encoding="utf-8")
    assert read_cue_file(path) is None
