"""The console's screen code read as text: for tests that keep every screen on the
console's own widgets (a tick list, a drop-down, a text box whose keys act in order)."""

from __future__ import annotations

import re
from pathlib import Path

import custinfo_tui.tui

TUI = Path(custinfo_tui.tui.__file__).parent


def lines_matching(pattern: re.Pattern[str], *, apart_from: str | None = None) -> list[str]:
    """Every line of `tui/` (but the file named `apart_from`) that `pattern` finds, as
    "screens/x.py:12"."""
    return [
        f"{path.relative_to(TUI)}:{number}"
        for path in sorted(TUI.rglob("*.py"))
        if path.name != apart_from
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
