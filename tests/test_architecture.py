"""The layering rules of docs/architecture.md, and the promises the README makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_hold() -> None:
    """tui -> services -> repository -> domain; screens never touch SQLAlchemy; domain is pure."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.startswith("python3 -m venv")][:2]


def test_readme_opens_with_the_run_and_test_commands() -> None:
    run, test = _readme_commands()
    assert "custinfo demo --start" in run
    assert "pytest" in test


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    _, test = _readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _readme_keys(where: str) -> set[str]:
    """The keys the README's keys table gives for rows whose "where" names `where`, as
    Textual names them ("ctrl+d", "f10", "6")."""
    import re

    keys: set[str] = set()
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if not line.startswith("| `") or len(cells) < 4 or where not in cells[2]:
            continue
        keys.update(name.lower() for name in re.findall(r"`([^`]+)`", cells[1]))
    return keys


def test_the_readmes_keys_table_names_every_key_of_the_record_screen() -> None:
    """The README had no F10 (raise a complaint), nor Ctrl+D, Ctrl+E or 6: keys found only
    by reading the footer or the palette. Every key the record screen binds is listed."""
    from textual.binding import Binding

    from custinfo_tui.tui.screens.record_keys import RECORD_KEYS

    bound = {
        key
        for binding in RECORD_KEYS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }
    assert bound - _readme_keys("record") == set()


def test_the_readmes_keys_table_names_every_key_of_the_lookup_screen() -> None:
    """The command palette listed "My evidence (f10)" on the lookup, but the README's keys
    table had no F10 there. Every key the lookup binds is listed."""
    from textual.binding import Binding

    from custinfo_tui.tui.screens.lookup_keys import LOOKUP_KEYS

    bound = {
        key
        for binding in LOOKUP_KEYS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }
    assert bound - _readme_keys("lookup") == set()
