"""Every reference the console, its help and its docs give as an example is one a handler
could type: `custinfo erase --help` said "e.g. '1000 0001 A'", which the console refuses
("That reference's check letter does not match")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from custinfo_tui.domain.reference import normalise_reference

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"\b\d{4} \d{4} [A-Z]\b")


def _examples() -> list[tuple[str, str]]:
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    return sorted(
        {
            (str(path.relative_to(ROOT)), found)
            for path in files
            for found in REFERENCE.findall(path.read_text(encoding="utf-8"))
        }
    )


@pytest.mark.parametrize(("where", "reference"), _examples())
def test_an_example_reference_has_a_check_letter_that_matches(where: str, reference: str) -> None:
    normalise_reference(reference)  # raises FieldError on a wrong check letter
