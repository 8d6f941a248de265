"""Reading role-play scenarios (docs/training.md): the shipped ones in the package, and a
trainer's own from `CUSTINFO_SCENARIOS_DIR`, where a file named like a shipped scenario
replaces it. A scenario's id is its file's stem.

A bad file stops with the file, the line and the key: `change-of-address.toml, line 12,
caller.checks.dob: ...`. TOML syntax errors carry their line from tomllib; for a value the
model refuses, the key's line is found in the text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.record_fields import normalise_value

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


def load_scenarios(own_dir: Path | None = None) -> dict[str, Scenario]:
    """Every scenario by id, sorted: the shipped ones, then the trainer's own over them."""
    sources: dict[str, tuple[str, str]] = {}
    for entry in _toml_files(shipped_scenarios().iterdir()):
        sources[entry.name[: -len(SUFFIX)]] = (entry.name, entry.read_text(encoding="utf-8"))
    if own_dir is not None:
        if not own_dir.is_dir():
            raise ServiceError(f"CUSTINFO_SCENARIOS_DIR: there is no folder at {own_dir}.")
        for path in _toml_files(own_dir.iterdir()):
            sources[path.name[: -len(SUFFIX)]] = (path.name, path.read_text(encoding="utf-8"))
    return {
        scenario_id: parse_scenario(name, text)
        for scenario_id, (name, text) in sorted(sources.items())
    }


def load_scenario(scenario_id: str, own_dir: Path | None = None) -> Scenario:
    """One scenario by id; NotFound naming the ones there are."""
    scenarios = load_scenarios(own_dir)
    if scenario_id not in scenarios:
        known = ", ".join(scenarios) or "none"
        raise NotFound(f"No scenario {scenario_id!r}. Scenarios: {known}.")
    return scenarios[scenario_id]


def parse_scenario(file_name: str, text: str) -> Scenario:
    """A scenario from its file's text; ScenarioError says what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_of_message(str(error))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error))
        raise ScenarioError(file_name, f"not valid TOML: {problem}", line=line) from None
    stem = file_name.removesuffix(SUFFIX)
    lines = key_lines(text)
    try:
        scenario = Scenario.model_validate({**data, "id": stem})
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
    return scenario


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
