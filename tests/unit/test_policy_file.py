"""The policy file: the built-in defaults without one, the example file equal to them, and
a clear message naming the file (and the key) when a file cannot be used."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from custinfo_tui.domain.verification import (
    ALL_ACTIONS,
    NO_LEVEL,
    Channel,
    CheckKind,
    Scripts,
    VerificationPolicy,
)
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.policy import PolicyFileError, load_policy

EXAMPLE = Path(__file__).parents[2] / "docs" / "policy.example.toml"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_policy_file_the_built_in_defaults_apply() -> None:
    assert load_policy(None) == VerificationPolicy()


# --- The example file -----------------------------------------------------------------------


def test_the_example_policy_file_equals_the_built_in_defaults() -> None:
    assert load_policy(EXAMPLE) == VerificationPolicy()


def test_the_example_policy_file_keeps_the_default_order_of_checks_levels_and_actions() -> None:
    example, defaults = load_policy(EXAMPLE), VerificationPolicy()
    assert list(example.checks) == list(defaults.checks)
    assert [level.name for level in example.levels] == [level.name for level in defaults.levels]
    assert list(example.actions) == list(defaults.actions)


def test_the_example_policy_file_sets_every_key_explicitly() -> None:
    """Nothing in the example is left to a default, so it documents every key."""
    table = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["verification"]
    assert set(table) == set(VerificationPolicy.model_fields)
    assert set(table["checks"]) == {kind.value for kind in CheckKind}
    assert set(table["actions"]) == set(ALL_ACTIONS)
    assert set(table["scripts"]) == set(Scripts.model_fields)


def test_the_example_policy_file_explains_the_action_names_and_groups() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for word in ("read:<group>", "change:<group>", f'"{NO_LEVEL}"', "passes", "requires"):
        assert word in comments, word
    for action in ALL_ACTIONS:
        assert action.partition(":")[2] in comments, action
    for kind in CheckKind:
        assert kind.value in comments, kind
    for channel in Channel:
        assert channel.value in comments, channel


# --- Custom policies ------------------------------------------------------------------------


def test_a_policy_file_changes_only_the_keys_it_sets(tmp_path: Path) -> None:
    policy = load_policy(_write(tmp_path, "[verification]\nmax_failures = 5\n"))
    assert policy.max_failures == 5
    assert policy == VerificationPolicy(max_failures=5)


def test_a_policy_file_without_a_verification_table_gives_the_defaults(tmp_path: Path) -> None:
    assert load_policy(_write(tmp_path, "# nothing configured yet\n")) == VerificationPolicy()


def test_a_policy_file_with_a_single_level_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[verification]
max_failures = 5
failure_window_hours = 12
lock_channels = ["phone", "chat"]
phone_digits = 3

[verification.checks]
reference = "Your reference, please?"
date_of_birth = "And your date of birth?"
postcode = "And your postcode?"

[[verification.levels]]
name = "verified"
label = "Caller verified"
passes = 2
requires = ["reference"]

[verification.actions]
"read:identity" = "none"
"read:contact" = "none"
"change:contact" = "verified"

[verification.scripts]
failed_check = "That does not match, sorry."
""",
    )
    policy = load_policy(path)
    assert policy.max_failures == 5
    assert policy.failure_window_hours == 12.0
    assert policy.lock_channels == (Channel.PHONE, Channel.CHAT)
    assert policy.phone_digits == 3
    assert list(policy.checks) == [CheckKind.REFERENCE, CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE]
    assert [level.name for level in policy.levels] == ["verified"]
    assert policy.level_title("verified") == "Caller verified"
    assert policy.level_reached({CheckKind.DATE_OF_BIRTH, CheckKind.POSTCODE}) == NO_LEVEL
    assert policy.level_reached({CheckKind.REFERENCE, CheckKind.POSTCODE}) == "verified"
    # withdraw:consent, left out, needs what read:contact needs.
    assert policy.allowed_actions(NO_LEVEL) == ("read:identity", "read:contact", "withdraw:consent")
    # Left out of [verification.actions]: needs the highest (here the only) level.
    assert policy.required_level("read:address") == "verified"
    assert policy.allowed_actions("verified") == ALL_ACTIONS
    assert policy.scripts.failed_check == "That does not match, sorry."
    assert policy.scripts.locked == VerificationPolicy().scripts.locked


# --- Files that cannot be used --------------------------------------------------------------


def test_a_policy_file_error_is_shown_like_any_service_error() -> None:
    assert issubclass(PolicyFileError, ServiceError)


@pytest.mark.parametrize(
    "name",
    [pytest.param("missing.toml", id="missing"), pytest.param(".", id="a-directory")],
)
def test_an_unreadable_policy_file_is_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(PolicyFileError) as caught:
        load_policy(path)
    assert str(caught.value) == f"The policy file {path} cannot be read."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[verification\nmax_failures = 3\n", id="unclosed-table"),
        pytest.param("[verification]\nmax_failures =\n", id="missing-value"),
        pytest.param("[verification]\nmax_failures = 3\nmax_failures = 4\n", id="key-twice"),
        pytest.param("[verification]\nlock_channels = [phone]\n", id="unquoted-string"),
    ],
)
def test_a_policy_file_that_is_not_toml_is_named(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PolicyFileError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert message.startswith(f"The policy file {path} is not valid TOML: ")
    assert "line" in message


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("[verification]\nmax_failures = 0\n", "max_failures", id="max-failures"),
        pytest.param(
            "[verification]\nfailure_window_hours = -1\n", "failure_window_hours", id="window"
        ),
        pytest.param("[verification]\nphone_digits = 10\n", "phone_digits", id="phone-digits"),
        pytest.param(
            '[verification]\nlock_channels = ["fax"]\n', "lock_channels.0", id="lock-channel"
        ),
        pytest.param(
            '[verification.checks]\nmothers_maiden_name = "?"\n',
            "checks.mothers_maiden_name",
            id="unknown-check",
        ),
        pytest.param(
            '[[verification.levels]]\nname = "standard"\npasses = 0\n',
            "levels.0.passes",
            id="level-passes",
        ),
        pytest.param(
            '[verification.scripts]\ngoodbye = "Bye."\n', "scripts.goodbye", id="unknown-script"
        ),
        pytest.param("[verification]\nmax_retries = 3\n", "max_retries", id="unknown-key"),
        pytest.param(
            '[verification.actions]\n"read:everything" = "standard"\n',
            "unknown action 'read:everything'",
            id="unknown-action",
        ),
        pytest.param(
            '[verification.actions]\n"read:contact" = "gold"\n',
            "names unknown level 'gold'",
            id="unknown-level",
        ),
    ],
)
def test_an_invalid_value_is_named_with_its_file_and_key(
    tmp_path: Path, text: str, key: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PolicyFileError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert message.startswith(f"The [verification] table of {path} is not valid: ")
    assert key in message


def test_a_verification_key_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "verification = 3\n")
    with pytest.raises(PolicyFileError, match="verification: "):
        load_policy(path)


def test_several_invalid_values_are_all_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "[verification]\nmax_failures = 0\nphone_digits = 9\n")
    with pytest.raises(PolicyFileError) as caught:
        load_policy(path)
    assert "max_failures: " in str(caught.value)
    assert "phone_digits: " in str(caught.value)


def test_a_policy_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes('[verification.scripts]\nfailed_check = "Désolé."\n'.encode("latin-1"))
    with pytest.raises(PolicyFileError, match=r"policy\.toml"):
        load_policy(path)


def test_a_misspelt_table_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, "[verificaton]\nmax_failures = 0\n")
    with pytest.raises(PolicyFileError, match="unknown tables: verificaton"):
        load_policy(path)


def test_a_policy_without_levels_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "[verification]\nlevels = []\nactions = {}\n")
    with pytest.raises(PolicyFileError, match="at least one level"):
        load_policy(path)
