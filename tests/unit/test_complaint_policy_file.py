"""The `[complaints]` table of the policy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.services.policy import PolicyFileError, load_complaints

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "policy.example.toml"


def test_the_example_file_and_no_file_give_the_default_complaint_policy() -> None:
    assert load_complaints(EXAMPLE) == ComplaintPolicy()
    assert load_complaints(None) == ComplaintPolicy()


def test_a_complaints_table_sets_the_service_levels(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[complaints]\nacknowledge_within_days = 1\nfinal_response_within_days = 28\n")
    policy = load_complaints(path)
    assert (policy.acknowledge_within_days, policy.final_response_within_days) == (1, 28)


def test_a_final_response_stage_that_is_not_a_stage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[complaints]\nfinal_response_stage = "done"\n')
    with pytest.raises(PolicyFileError, match="complaints"):
        load_complaints(path)
