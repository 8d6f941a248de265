"""Every screen of the console closes once, and only itself (tui/screens/base.py).

Textual's `dismiss` pops whatever screen is on top: a second dismiss (a double Enter)
popped the screen beneath, and one made by a late worker while the idle lock covered the
screen would have popped the lock. A test keeps every screen on `Page` or `Dialog`.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

import custinfo_tui.tui
from custinfo_tui.tui.screens.base import Dialog, Page

TUI = Path(custinfo_tui.tui.__file__).parent
BARE = re.compile(r"^class \w+\((ModalScreen|Screen)\b", re.MULTILINE)


class _Question(Dialog[int]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("A question")


class _Cover(Page[None]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("The idle lock")


class _Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[int | None] = []


def _names(app: App[None]) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_a_second_dismiss_closes_nothing_more() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        under = Page[None]()
        await app.push_screen(under)
        question = _Question()
        await app.push_screen(question, app.answers.append)
        question.dismiss(1)
        question.dismiss(2)  # the same Enter read twice
        await pilot.pause()
        assert app.screen is under and app.answers == [1]


async def test_a_dismiss_under_another_screen_waits_until_it_is_uncovered() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        question = _Question()
        await app.push_screen(question, app.answers.append)
        cover = _Cover()
        await app.push_screen(cover)
        question.dismiss(3)  # a worker finishing while the lock is up
        await pilot.pause()
        assert app.screen is cover and app.answers == []
        cover.dismiss()
        await pilot.pause()
        await pilot.pause()
        assert app.answers == [3] and not isinstance(app.screen, _Question)
        assert isinstance(app.screen, Screen)


def test_every_screen_of_the_console_is_a_page_or_a_dialog() -> None:
    found = [
        f"{path.relative_to(TUI)}: {match.group(0)}"
        for path in sorted(TUI.rglob("*.py"))
        if path.name != "base.py"
        for match in BARE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"base them on Page or Dialog (tui/screens/base.py): {found}"
