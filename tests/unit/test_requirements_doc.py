"""docs/requirements.md traces every marking point, and everything it cites exists.

The page is the project's own account of its requirements, so no file in the repository
may point at a requirements file kept outside it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "requirements.md"
#: Paths starting with one of these are from the repository root; others are modules
#: under src/custinfo_tui/ (as the page says).
ROOT_FOLDERS = {"benchmarks", "docs", "migrations", "src", "tests"}
MARKING_POINTS = [f"MP-{n:02d}" for n in range(1, 22)]
STATUSES = {"implemented", "partly implemented", "planned"}

# A backticked path to a file, optionally followed by ::test_function.
_CITED = re.compile(r"`([\w./-]+\.(?:py|md|toml|tcss|txt))(?:::(\w+))?`")
# A pointer to the steering spec outside the repository (written so as not to match itself).
_OUTSIDE = re.compile(r"\.\.[/\\]shared\b|/work[/\\]shared\b|shared[/\\]REQUIREMENTS")


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def _table() -> dict[str, list[str]]:
    """The traceability table: first cell -> the row's cells."""
    lines = _text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| ID |"))
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def _resolve(cited: str) -> Path:
    if cited.split("/", 1)[0] in ROOT_FOLDERS:
        return ROOT / cited
    return ROOT / "src" / "custinfo_tui" / cited


def test_every_marking_point_has_a_row_with_a_status() -> None:
    rows = _table()
    assert [key for key in rows if key.startswith("MP-")] == MARKING_POINTS
    assert "Card numbers" in rows
    for key, cells in rows.items():
        assert len(cells) == 6, key
        assert cells[2] in STATUSES, f"{key}: status {cells[2]!r}"


def test_every_marking_point_has_a_paragraph_with_the_tables_status() -> None:
    text = _text()
    rows = _table()
    for key in MARKING_POINTS:
        heading = re.search(rf"^### {key} .*\(([a-z ]+)\)$", text, re.MULTILINE)
        assert heading is not None, f"no paragraph for {key}"
        assert heading.group(1) == rows[key][2], key


def test_a_point_not_planned_names_its_code_and_tests() -> None:
    for key, cells in _table().items():
        if cells[2] == "planned":
            continue
        assert _CITED.search(cells[3]), f"{key}: no module cited"
        assert "`tests/" in cells[4], f"{key}: no test cited"


def test_every_cited_file_and_test_exists() -> None:
    cited = _CITED.findall(_text())
    assert len(cited) > 50
    missing = [path for path, _ in cited if not _resolve(path).is_file()]
    assert missing == []
    absent = [
        f"{path}::{name}"
        for path, name in cited
        if name
        and not re.search(
            rf"^(async )?def {name}\(", _resolve(path).read_text(encoding="utf-8"), re.MULTILINE
        )
    ]
    assert absent == []


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: cannot list tracked files")
    return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]


def test_no_tracked_file_points_at_a_requirements_file_outside_the_repository() -> None:
    pointing = [
        str(path.relative_to(ROOT))
        for path in _tracked_files()
        if path.is_file() and _OUTSIDE.search(path.read_bytes().decode("utf-8", "replace"))
    ]
    assert pointing == []
