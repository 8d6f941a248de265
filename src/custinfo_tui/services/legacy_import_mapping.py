"""`custinfo import`'s mapping file (docs/import.md, "The mapping"): read, checked, and
what is said of one pydantic refused, in the product's words: the file, line and key at
fault and what it takes, never the parser's "Input should be ...". Every setting a
mapping may have is worded here, so a new one needs its words too
(tests/unit/test_legacy_import_rows.py tries each)."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from custinfo_tui.domain.legacy_import import ImportMapping
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.scenarios import Loc, key_lines

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

KEYS = "columns, date_formats, encoding, delimiter, required, one_name_rows"
ENCODINGS = (
    '"utf-8", "utf-8-sig" (UTF-8 with a byte-order mark) or "cp1252" (Windows-1252, which '
    "also reads Latin-1 files)"
)

COLUMNS_TABLE = 'a line [columns], then lines such as given_name = "Forename"'

#: What each setting takes, said when it is given a value of another shape or size.
WHAT_EACH_TAKES = {
    "columns": f"must be a table: {COLUMNS_TABLE}",
    "date_formats": 'must be a list of formats, such as ["%d/%m/%Y"] (in square '
    "brackets, even for one)",
    "required": 'must be a list of fields, such as ["date_of_birth"] (in square '
    "brackets, even for one)",
    "delimiter": 'must be one character in quotes, such as "," or ";" or "\\t"',
    "encoding": f"must be {ENCODINGS}, in quotes",
    "one_name_rows": "must be true or false, without quotes",
}


def mapping_problems(errors: Sequence[ErrorDetails]) -> list[tuple[tuple[str, ...], str]]:
    """Of pydantic's errors for a mapping, those to tell, each with the path of its key and
    what to say, once a key. A misspelt key is the mistake to name, not the key it then
    seems to lack: with one, a key missing is not said."""
    misspelt = any(error["type"] == "extra_forbidden" for error in errors)
    told: dict[tuple[str, ...], str] = {}
    for error in errors:
        if not (misspelt and error["type"] == "missing"):
            loc, message = mapping_problem(error)
            told.setdefault(loc, message)
    return list(told.items())


def mapping_problem(first: ErrorDetails) -> tuple[tuple[str, ...], str]:
    """What to say of one of pydantic's errors for a mapping: the path of its key, and what
    the key takes, in the product's words."""
    loc = tuple(str(part) for part in first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        return loc, f"not a key a mapping may have ({KEYS})"
    if kind == "value_error":  # the model's own checks, in its words, naming the key first
        message = str(first["msg"]).removeprefix("Value error, ")
        if ": " in message and len(loc) <= 1:
            named, message = message.split(": ", 1)
            loc = (*loc, named)
        return loc, message
    if kind == "missing":
        return loc, f"every mapping needs one: {COLUMNS_TABLE}"
    key = loc[0] if loc else ""
    if key == "columns" and len(loc) > 1:
        return loc[:2], f'must be the column\'s name in quotes, such as {loc[1]} = "Forename"'
    if key == "encoding" and isinstance(first["input"], str):
        # Quoted as Python does, so a control character in it shows as an escape.
        return (key,), f"{first['input']!r} is not an encoding the import reads; give {ENCODINGS}"
    return (key,), WHAT_EACH_TAKES.get(key, f"not a key a mapping may have ({KEYS})")


class MappingError(ServiceError):
    """A mapping file that cannot be used: the file, the line (when known) and the key."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        key: str = "",
        more: Sequence[str] = (),
    ) -> None:
        """`more`: the other problems found with it, each as `said_at` words it, so one
        run names every one of them (fixing one a run had taken a run each)."""
        where = ", ".join(part for part in (file, f"line {line}" if line else "", key) if part)
        super().__init__("; ".join((f"{where}: {problem}", *more)))


def said_at(problem: str, *, line: int | None, key: str) -> str:
    """One of several problems of a mapping, after the first (which names the file)."""
    where = ", ".join(part for part in (f"line {line}" if line else "", key) if part)
    return f"{where}: {problem}"


@dataclass(frozen=True)
class LoadedMapping:
    mapping: ImportMapping
    #: SHA-256 of what the mapping says (`ImportMapping.meaning`): a run resumes only with a
    #: mapping that reads the file alike, whatever its comments or layout.
    sha256: str
    #: The mapping file, which the rejects file must not be.
    path: Path
    #: SHA-256 of the mapping file's bytes: how runs begun before imports were known by the
    #: mapping's meaning recorded it, so such a run is still found with the same file.
    file_sha256: str = ""


def _line_of(loc: tuple[str, ...], lines: dict[Loc, int]) -> tuple[bool, int]:
    """Where the key at `loc` (or the nearest table holding it) is, to sort by: a key on
    no line sorts last."""
    found = (lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in lines)
    line = next(found, None)
    return (line is None, line or 0)


def load_mapping(path: Path) -> LoadedMapping:
    """The mapping in a TOML file; MappingError names the file, line and key at fault."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ServiceError(f"{path}: cannot read the mapping ({error.strerror}).") from None
    text = data.decode("utf-8", errors="replace")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(path.name, f"not valid TOML: {error}") from None
    try:
        mapping = ImportMapping.model_validate(raw)
    except ValidationError as error:
        lines = key_lines(text)
        found = sorted(
            (_line_of(loc, lines), ".".join(loc), message)
            for loc, message in mapping_problems(error.errors())
        )  # in line order; a key on no line (one missing) last
        ((_, line), key, message), *others = found
        more = [said_at(said, line=at, key=named) for (_, at), named, said in others]
        raise MappingError(path.name, message, line=line, key=key, more=more) from None
    meaning = hashlib.sha256(mapping.meaning().encode("utf-8")).hexdigest()
    return LoadedMapping(mapping, meaning, path, hashlib.sha256(data).hexdigest())
