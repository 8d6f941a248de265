"""Scenario files (docs/training.md): the shipped ones load, a trainer's own folder adds to
and replaces them, and a bad file stops with its file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.training.scenario import ScenarioNames
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.scenarios import (
    ScenarioError,
    key_lines,
    load_scenario,
    load_scenarios,
    parse_scenario,
    read_scenarios,
    shipped_scenarios,
)

NAME = "change-of-address.toml"


def _shipped_text() -> str:
    return shipped_scenarios().joinpath(NAME).read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_change_of_address_scenario_loads_with_its_stem_as_id() -> None:
    scenario = load_scenarios()["change-of-address"]
    assert scenario.id == "change-of-address"
    assert scenario.caller.customer == "john"
    assert "MP-08" in scenario.practises


def test_a_trainers_file_adds_a_scenario_and_one_named_like_a_shipped_one_replaces_it(
    tmp_path: Path,
) -> None:
    own = _shipped_text().replace(
        'title = "A change of address after verification"', 'title = "Our own move"'
    )
    (tmp_path / NAME).write_text(own, encoding="utf-8")
    (tmp_path / "second-move.toml").write_text(own, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a scenario", encoding="utf-8")

    scenarios = load_scenarios(tmp_path)

    assert scenarios["change-of-address"].title == "Our own move"
    assert scenarios["second-move"].id == "second-move"
    assert list(scenarios) == sorted(scenarios)


def test_an_unknown_scenario_names_the_ones_there_are() -> None:
    with pytest.raises(NotFound, match="change-of-address"):
        load_scenario("no-such-scenario")


def test_a_missing_scenarios_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="CUSTINFO_SCENARIOS_DIR"):
        load_scenarios(tmp_path / "missing")


def test_a_toml_syntax_error_names_the_file_and_the_line() -> None:
    text = _shipped_text().replace('goal = "His new', "goal = His new")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    assert caught.value.line == _line_of(text, "goal = His new")
    assert str(caught.value).startswith(f"{NAME}, line {caught.value.line}: not valid TOML")


def test_an_unknown_check_names_the_file_the_line_and_the_key() -> None:
    text = _shipped_text().replace("checks.postcode =", "checks.dob =")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    line = _line_of(text, "checks.dob =")
    assert str(caught.value).startswith(f"{NAME}, line {line}, caller.checks.dob: not a key")
    assert "date_of_birth" in str(caught.value)  # what it may be instead


def test_a_wrong_value_in_an_array_of_tables_points_at_its_own_line() -> None:
    text = _shipped_text().replace('channel = "phone"\non =', 'channel = "fax"\non =')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    assert caught.value.key == "customers.0.history.0.channel"
    assert caught.value.line == _line_of(text, 'channel = "fax"')


def test_a_customer_value_capture_would_refuse_is_named_at_its_line() -> None:
    text = _shipped_text().replace('values.phone = "07700 900456"', 'values.phone = "12"')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    assert caught.value.key == "customers.0.values.phone"
    assert caught.value.line == _line_of(text, 'values.phone = "12"')


def test_a_value_for_a_field_the_record_lacks_is_refused() -> None:
    text = _shipped_text().replace('values.town = "London"', 'values.shoe_size = "9"')
    with pytest.raises(ScenarioError, match=r"customers\.0\.values\.shoe_size: not a field"):
        parse_scenario(NAME, text)


def test_a_reference_to_a_missing_customer_is_named_at_its_key() -> None:
    text = _shipped_text().replace('record = "john"', 'record = "jon"')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    assert caught.value.key == "expected.record"
    assert caught.value.line == _line_of(text, 'record = "jon"')


def test_key_lines_follow_tables_dotted_keys_and_arrays_of_tables() -> None:
    text = "\n".join(
        [
            'title = "t"',  # 1
            'summary = """',  # 2
            "x = not a key",  # 3
            '"""',  # 4
            "[caller]",  # 5
            'checks.postcode = "a"',  # 6
            "[[customers]]",  # 7
            'key = "a"',  # 8
            "[[customers]]",  # 9
            'values."given_name" = "B"',  # 10
            "[[customers.history]]",  # 11
            "on = 2026-01-01",  # 12
        ]
    )
    lines = key_lines(text)
    assert lines[("caller", "checks", "postcode")] == 6
    assert ("x",) not in lines
    assert lines[("customers", 0, "key")] == 8
    assert lines[("customers", 1, "values", "given_name")] == 10
    assert lines[("customers", 1, "history", 0, "on")] == 12


#: A mistake in a scenario, as `(what the shipped line becomes, the key named, the words said)`.
MISTAKES = {
    "level capitalised": (
        ('verification_level = "high"', 'verification_level = "High"'),
        "expected.verification_level",
        "'High' is not a verification level (it may be none, standard, high); did you mean 'high'?",
    ),
    "level unknown": (
        ('verification_level = "high"', 'verification_level = "ultra"'),
        "expected.verification_level",
        "'ultra' is not a verification level",
    ),
    "says a field that does not exist": (
        ("says.town =", "says.twon ="),
        "caller.says.twon",
        "did you mean 'town'?",
    ),
    "true detail of a field that does not exist": (
        ("true_details.town =", "true_details.twon ="),
        "caller.true_details.twon",
        "'twon' is not a field of the record",
    ),
    "change of a field that does not exist": (
        ('changes = ["address_line1", "town"', 'changes = ["address_line1", "twon"'),
        "expected.changes.1",
        "'twon' is not a field of the record",
    ),
    "true detail capture would refuse": (
        ('true_details.postcode = "YO22 4DE"', 'true_details.postcode = "ZZZ"'),
        "caller.true_details.postcode",
        "not a UK postcode",
    ),
    "wrap-up outcome not configured": (
        ('wrap_up_outcome = "resolved"', 'wrap_up_outcome = "sorted"'),
        "expected.wrap_up_outcome",
        "'sorted' is not a wrap-up outcome",
    ),
    "enquiry type not configured": (
        ('enquiry_type = "Change of details"', 'enquiry_type = "Chat"'),
        "expected.enquiry_type",
        "'Chat' is not an enquiry type",
    ),
    "a queue item the scorer cannot see": (
        ('wrap_up_outcome = "resolved"', 'wrap_up_outcome = "resolved"\nraises = ["fraud"]'),
        "expected.raises.0",
        "'possible_fraud'",
    ),
    "complaint stage not configured": (
        (
            'wrap_up_outcome = "resolved"',
            'wrap_up_outcome = "resolved"\ncomplaint_stage = "whatever"',
        ),
        "expected.complaint_stage",
        "'whatever' is not a complaint stage",
    ),
    "no such Article 9 condition": (
        (
            'wrap_up_outcome = "resolved"',
            'wrap_up_outcome = "resolved"\nspecial_condition = "whatever"',
        ),
        "expected.special_condition",
        "'explicit_consent'",
    ),
    "no such marketing channel": (
        (
            'wrap_up_outcome = "resolved"',
            'wrap_up_outcome = "resolved"\nconsent_changes = ["marketing:fax"]',
        ),
        "expected.consent_changes.0",
        "'marketing:fax' is not a consent change",
    ),
    "an empty title": (
        ('title = "A change of address after verification"', 'title = ""'),
        "title",
        "empty",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_scenario_mistake_is_refused_naming_the_file_the_line_and_the_key(
    mistake: tuple[tuple[str, str], str, str],
) -> None:
    (shipped, written), key, words = mistake
    assert shipped in _shipped_text()
    text = _shipped_text().replace(shipped, written)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(NAME, text)
    line = _line_of(text, written.splitlines()[-1])
    assert (caught.value.line, caught.value.key) == (line, key)
    assert str(caught.value).startswith(f"{NAME}, line {line}, {key}: ")
    assert words in str(caught.value)


def test_the_names_an_organisation_configures_are_the_ones_checked() -> None:
    ours = ScenarioNames.of(
        capture=CapturePolicy(enquiry_types=("House move", "Other")),
        complaints=ComplaintPolicy(),
    )
    text = _shipped_text().replace(
        'enquiry_type = "Change of details"', 'enquiry_type = "House move"'
    )

    assert parse_scenario(NAME, text, ours).expected.enquiry_type == "House move"
    with pytest.raises(ScenarioError, match="'House move' is not an enquiry type"):
        parse_scenario(NAME, text)  # the built-in list has no "House move"


def test_one_bad_file_is_kept_aside_and_the_others_still_load(tmp_path: Path) -> None:
    good = _shipped_text().replace(
        'title = "A change of address after verification"', 'title = "Our own move"'
    )
    (tmp_path / "our-move.toml").write_text(good, encoding="utf-8")
    bad = good.replace('verification_level = "high"', 'verification_level = "ultra"')
    (tmp_path / "typo.toml").write_text(bad, encoding="utf-8")

    shelf = read_scenarios(tmp_path)

    assert shelf.scenarios["our-move"].title == "Our own move"
    assert "change-of-address" in shelf.scenarios
    assert list(shelf.problems) == ["typo"]
    assert "typo.toml, line" in str(shelf.problems["typo"])
    with pytest.raises(ScenarioError, match="'ultra'"):
        load_scenarios(tmp_path)  # what stops at the first bad file still does
    with pytest.raises(ScenarioError, match="'ultra'"):
        shelf.get("typo")
