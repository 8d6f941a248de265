"""Capture templates and the consent script, from the policy file or the defaults (MP-01)."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.domain.capture import CapturePolicy, CaptureTemplate, TemplateField
from custinfo_tui.services.policy import PolicyFileError, load_capture

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy.example.toml"


def test_the_example_policy_files_capture_table_equals_the_defaults() -> None:
    assert load_capture(EXAMPLE) == CapturePolicy()
    assert load_capture(None) == CapturePolicy()


def test_each_field_asks_the_registrys_question_unless_the_template_overrides_it() -> None:
    fields = CapturePolicy().templates["new_customer"].fields
    assert fields[0].prompt == "Can I take your first name, please?"
    custom = TemplateField(key="phone", question="Which number should we call?")
    assert custom.prompt == "Which number should we call?"
    assert custom.label == "Phone"


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        pytest.param([{"key": "shoe_size"}], "unknown field", id="unknown-field"),
        pytest.param(
            [
                {"key": "given_name", "required": True},
                {"key": "family_name", "required": True},
                {"key": "customer_words"},
            ],
            "cannot be captured",
            id="not-capturable",
        ),
        pytest.param(
            [
                {"key": "given_name", "required": True},
                {"key": "family_name", "required": True},
                {"key": "foreign_postcode"},
            ],
            "lists foreign_postcode without country",
            id="abroad-without-a-country",
        ),
        pytest.param(
            [{"key": "given_name", "required": True}, {"key": "family_name"}],
            "must require family_name",
            id="surname-optional",
        ),
        pytest.param(
            [
                {"key": "given_name", "required": True},
                {"key": "family_name", "required": True},
                {"key": "given_name"},
            ],
            "twice",
            id="duplicate",
        ),
    ],
)
def test_a_template_that_cannot_work_is_refused(
    fields: list[dict[str, object]], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        CaptureTemplate.model_validate({"label": "Bad", "fields": fields})


def test_an_invalid_capture_table_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[capture]\nenquiry_types = []\n", encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"\[capture\] table of .*policy\.toml"):
        load_capture(path)
