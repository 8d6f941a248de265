"""Read what a running Textual app shows, as plain text, the way a person would see it."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot

#: One run of text in Rich's SVG export: on row `line`, starting `x` pixels in.
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="(?P<x>[0-9.]+)" [^>]*?textLength="(?P<length>[0-9.]+)" '
    r'clip-path="url\(#[^)]*-line-(?P<line>[0-9]+)\)">(?P<text>.*?)</text>',
    re.DOTALL,
)


def screen_text(app: App[object]) -> str:
    """Every character currently on the terminal, one line per row.

    Read from `App.export_screenshot()`, Textual's public picture of the terminal (modal
    screens over what they cover, as the terminal shows them): Rich's SVG export writes
    each run of text with its column and row and leaves out runs of spaces.
    """
    width, height = app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for run in _SVG_TEXT.finditer(app.export_screenshot()):
        # Spaces are written as &#160;; html.escape leaves a real no-break space alone.
        text = html.unescape(run["text"].replace("&#160;", " "))
        if text == "\n":  # each row's line break is written as a run of its own
            continue
        char_width = float(run["length"]) / len(text)
        rows[int(run["line"])].append((round(float(run["x"]) / char_width), text))
    lines = []
    for runs in rows:
        line, column = "", 0
        for start, text in sorted(runs):
            line += " " * (start - column) + text
            column = start + cell_len(text)
        lines.append(line + " " * (width - column))
    return "\n".join(lines)


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
