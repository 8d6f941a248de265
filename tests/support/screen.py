"""Read what a running Textual app shows, as plain text, the way a person would see it."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot


def screen_text(app: App[object]) -> str:
    """Every character currently on the terminal, one line per row."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


def region_text(app: App[object], selector: str) -> str:
    """What the screen shows inside one widget's region, as one line of single-spaced text.

    Side-by-side panels interleave in `screen_text`; this reads one of them, with wrapped
    lines joined, so a sentence can be looked for whole.
    """
    region = app.screen.query_one(selector).content_region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    text = " ".join(row[region.x : region.x + region.width] for row in rows)
    # Borders and scrollbars of widgets inside (box drawing and block elements) are not text.
    text = "".join(ch for ch in text if not 0x2500 <= ord(ch) <= 0x259F)
    return " ".join(text.split())


async def settle(pilot: Pilot[object], rounds: int = 5) -> None:
    """Let workers finish and the messages they post back be handled."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def confirm_leaving(pilot: Pilot[object]) -> None:
    """Answer "yes, and lose it" to the question asked before a call or unsaved work is lost."""
    from custinfo_tui.tui.unsaved_work import LeaveScreen

    await settle(pilot)
    assert isinstance(pilot.app.screen, LeaveScreen), "expected the 'lose it?' question"
    await pilot.press("down", "enter")
    await settle(pilot)
