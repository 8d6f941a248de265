"""Reading role-play scenarios (docs/training.md): the shipped ones in the package, and a
trainer's own from `CUSTINFO_SCENARIOS_DIR`, where a file named like a shipped scenario
replaces it. A scenario's id is its file's stem.

A bad file is named with the file, the line and the key: `change-of-address.toml, line 12,
caller.checks.dob: ...`. TOML syntax errors carry their line from tomllib; for a value the
model refuses, the key's line is found in the text. `read_scenarios` keeps the good files
and the bad files' problems apart, so one bad file does not hide the others; `load_scenarios`
stops at the first bad file.

The names an organisation configures (verification levels, enquiry types, wrap-up
outcomes, complaint stages) are checked against the `ScenarioNames` given: the configured
policies' (`configured_names`), or the built-in lists.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.training.scenario import Scenario, ScenarioNames
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.record_fields import normalise_value

if TYPE_CHECKING:
    from custinfo_tui.domain.training.scoring import ScoringPolicies

SUFFIX = ".toml"

Loc = tuple[str | int, ...]


class ScenarioError(ServiceError):
    """A scenario file that cannot be used: names the file, the line (when known) and the key."""

    def __init__(self, file: str, problem: str, *, line: int | None = None, key: str = "") -> None:
        where = ", ".join(part for part in (file, f"line {line}" if line else "", key) if part)
        super().__init__(f"{where}: {problem}")
        self.file, self.line, self.key = file, line, key


def shipped_scenarios() -> Traversable:
    """The scenarios shipped inside the package."""
    return files("custinfo_tui") / "data" / "scenarios"


@dataclass(frozen=True)
class ScenarioShelf:
    """What the scenario folders offer: the scenarios that load, by id (sorted), and the
    files that do not, by the id they would have, each with what is wrong and where."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    problems: dict[str, ScenarioError] = field(default_factory=dict)

    def get(self, scenario_id: str) -> Scenario:
        """One scenario; its file's problem if it is a bad one; NotFound naming the others."""
        if scenario_id in self.problems:
            raise self.problems[scenario_id]
        if scenario_id not in self.scenarios:
            known = ", ".join(self.scenarios) or "none"
            raise NotFound(f"No scenario {scenario_id!r}. Scenarios: {known}.")
        return self.scenarios[scenario_id]


def configured_names(policy_file: Path | None) -> ScenarioNames:
    """The names the organisation's policy file configures (the built-in ones without one)."""
    from custinfo_tui.services.policy import load_capture, load_complaints, load_policy

    return ScenarioNames.of(
        load_policy(policy_file), load_capture(policy_file), load_complaints(policy_file)
    )


def scoring_policies(policy_file: Path | None) -> ScoringPolicies:
    """The policies a run is scored under: the policy file's, as the run's console uses."""
    from custinfo_tui.domain.training.scoring import ScoringPolicies
    from custinfo_tui.services.policy import load_complaints, load_policy

    return ScoringPolicies(load_policy(policy_file), load_complaints(policy_file))


def read_scenarios(
    own_dir: Path | None = None, names: ScenarioNames | None = None
) -> ScenarioShelf:
    """Every scenario: the shipped ones, then the trainer's own over them; a bad file is
    kept aside with its problem, and the others are still offered."""
    sources: dict[str, tuple[str, str]] = {}
    for entry in _toml_files(shipped_scenarios().iterdir()):
        sources[entry.name[: -len(SUFFIX)]] = (entry.name, entry.read_text(encoding="utf-8"))
    if own_dir is not None:
        if not own_dir.is_dir():
            raise ServiceError(f"CUSTINFO_SCENARIOS_DIR: there is no folder at {own_dir}.")
        for path in _toml_files(own_dir.iterdir()):
            sources[path.name[: -len(SUFFIX)]] = (path.name, path.read_text(encoding="utf-8"))
    shelf = ScenarioShelf()
    for scenario_id, (name, text) in sorted(sources.items()):
        try:
            shelf.scenarios[scenario_id] = parse_scenario(name, text, names)
        except ScenarioError as error:
            shelf.problems[scenario_id] = error
    return shelf


def load_scenarios(
    own_dir: Path | None = None, names: ScenarioNames | None = None
) -> dict[str, Scenario]:
    """Every scenario by id, sorted; the first bad file stops with its problem."""
    shelf = read_scenarios(own_dir, names)
    for problem in shelf.problems.values():
        raise problem
    return shelf.scenarios


def load_scenario(
    scenario_id: str, own_dir: Path | None = None, names: ScenarioNames | None = None
) -> Scenario:
    """One scenario by id (other files may be bad); NotFound naming the ones there are."""
    return read_scenarios(own_dir, names).get(scenario_id)


def parse_scenario(file_name: str, text: str, names: ScenarioNames | None = None) -> Scenario:
    """A scenario from its file's text; ScenarioError says what is wrong and where. The
    names an organisation configures are checked against `names` (the built-in ones)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_of_message(str(error))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error))
        raise ScenarioError(file_name, f"not valid TOML: {problem}", line=line) from None
    stem = file_name.removesuffix(SUFFIX)
    lines = key_lines(text)
    try:
        scenario = Scenario.model_validate(
            {**data, "id": stem}, context={"names": names or ScenarioNames.of()}
        )
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(part for part in first["loc"] if part != "[key]")
        message = str(first["msg"]).removeprefix("Value error, ")
        if "[key]" in first["loc"]:
            message = f"not a key it may have; {_lower_first(message)}"
        if not loc and ": " in message:  # the model's own checks name the key first
            named, message = message.split(": ", 1)
            loc = tuple(named.split("."))
        if loc == ("id",):
            raise ScenarioError(
                file_name, "the file's name is the scenario's id: " + message
            ) from None
        raise _error_at(file_name, lines, loc, _lower_first(message)) from None
    _check_customers(file_name, lines, scenario)
    _check_true_details(file_name, lines, scenario)
    return scenario


def _check_true_details(file_name: str, lines: Mapping[Loc, int], scenario: Scenario) -> None:
    """The caller's true details are values capture would take (the keys the model checks)."""
    for key, raw in scenario.caller.true_details.items():
        try:
            normalise_value(key, raw)
        except FieldError as error:
            raise _error_at(file_name, lines, ("caller", "true_details", key), str(error)) from None


def _check_customers(file_name: str, lines: Mapping[Loc, int], scenario: Scenario) -> None:
    """Each sandbox customer's values are record fields, valid as capture would take them."""
    for index, customer in enumerate(scenario.customers):
        for group, values in (
            ("values", customer.values),
            ("planted_errors", {e.field: e.on_file for e in customer.planted_errors}),
        ):
            for position, (key, raw) in enumerate(values.items()):
                loc: Loc = (
                    ("customers", index, group, key)
                    if group == "values"
                    else ("customers", index, group, position, "on_file")
                )
                if key not in RECORD_FIELDS:
                    raise _error_at(file_name, lines, loc, "not a field of the record")
                try:
                    normalise_value(key, raw)
                except FieldError as error:
                    raise _error_at(file_name, lines, loc, str(error)) from None
        if "given_name" not in customer.values or "family_name" not in customer.values:
            raise _error_at(
                file_name,
                lines,
                ("customers", index, "values"),
                f"a customer needs {FIELDS['given_name'].label.lower()} and "
                f"{FIELDS['family_name'].label.lower()}",
            )


def _error_at(file_name: str, lines: Mapping[Loc, int], loc: Loc, problem: str) -> ScenarioError:
    line = None
    for end in range(len(loc), 0, -1):  # the key's own line, else its nearest table's
        if loc[:end] in lines:
            line = lines[loc[:end]]
            break
    key = ".".join(str(part) for part in loc)
    return ScenarioError(file_name, problem, line=line, key=key)


def key_lines(text: str) -> dict[Loc, int]:
    """Where each key is set in a TOML text: its path (array-of-tables items by index, as
    pydantic locates errors) -> its line number. A table header gives its own line."""
    lines: dict[Loc, int] = {}
    arrays: dict[Loc, int] = {}  # an array of tables -> the index of its latest item
    table: Loc = ()
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        was_multiline = in_multiline
        if stripped.count('"""') % 2 or stripped.count("'''") % 2:
            in_multiline = not in_multiline
        if was_multiline or not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            raw = split_key(stripped[2 : stripped.find("]]")])
            array = (*_resolve(raw[:-1], arrays), raw[-1])
            arrays[array] = arrays.get(array, -1) + 1
            table = (*array, arrays[array])
            lines[table] = number
        elif stripped.startswith("["):
            table = _resolve(split_key(stripped[1 : stripped.find("]")]), arrays)
            lines.setdefault(table, number)
        elif "=" in stripped:
            path = table + split_key(stripped.split("=", 1)[0])
            for end in range(len(table) + 1, len(path) + 1):
                lines.setdefault(path[:end], number)
    return lines


def split_key(raw: str) -> tuple[str, ...]:
    """A TOML key's parts: `caller.checks."date_of_birth"` -> (caller, checks, date_of_birth)."""
    parts, current, quote = [], "", ""
    for char in raw.strip():
        if quote:
            if char == quote:
                quote = ""
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


def _resolve(raw: tuple[str, ...], arrays: Mapping[Loc, int]) -> Loc:
    """A header's path, with the latest item of each array of tables it passes through."""
    path: Loc = ()
    for part in raw:
        path = (*path, part)
        if path in arrays:
            path = (*path, arrays[path])
    return path


def _toml_files(entries: Iterable[Traversable]) -> list[Traversable]:
    return sorted(
        (entry for entry in entries if entry.name.endswith(SUFFIX) and entry.is_file()),
        key=lambda entry: entry.name,
    )


def _line_of_message(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
