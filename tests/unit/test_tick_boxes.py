"""Every tick list on the console reads its state in the box, not by colour alone.

Textual's SelectionList draws an X in every box, ticked or not, and tells them apart by
colour; a colour-blind handler or a monochrome terminal reads every box as ticked (found
on the third-party request form, where it looked as if the whole record were asked for).
The console's TickList leaves an unticked box empty: screens use it, never SelectionList.
"""

from __future__ import annotations

import re
from pathlib import Path

import custinfo_tui.tui

TUI = Path(custinfo_tui.tui.__file__).parent
BARE = re.compile(r"\bSelectionList\s*(\[[^\]]*\])?\s*\(")


def test_no_screen_builds_a_bare_selection_list() -> None:
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in sorted(TUI.rglob("*.py"))
        if path.name != "tick_list.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert found == [], f"use TickList (tui/widgets/tick_list.py) instead: {found}"
