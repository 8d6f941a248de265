"""Read what a running Textual app shows, as plain text, the way a person would see it."""

from __future__ import annotations

import asyncio
import html
import re
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from textual import constants, events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.content import Content
from textual.drivers import linux_driver
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.worker import WorkerCancelled

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


def screen_words(app: App[object]) -> str:
    """The screen's words on one line, each run of spaces (a label's column gap, a line's
    end) read as one: a sentence wrapped on the screen reads whole."""
    return words(screen_text(app))


def words(text: str) -> str:
    """`text` (read off the screen some other way) with each run of spaces read as one."""
    return " ".join(text.split())


def cut_off_keys(app: App[object]) -> list[str]:
    """The footer's keys not shown whole on its line."""
    from textual.widgets._footer import FooterKey

    lines = screen_text(app).splitlines()
    footer = lines[-1] if lines else ""
    labels = (f"{key.key_display} {key.description}".strip() for key in app.screen.query(FooterKey))
    return [label for label in labels if label not in footer]


def footer_text(app: App[object]) -> str:
    """The keys footer, as the bottom line shows it."""
    return screen_text(app).splitlines()[-1]


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
    return words(text)


def region_lines(app: App[object], selector: str) -> list[str]:
    """What the screen shows inside one widget's region, row by row as it shows them (a
    wrapped line's indent kept), its scrollbar and the spaces after each row left out."""
    region = app.screen.query_one(selector).content_region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [row[region.x : region.x + region.width].rstrip() for row in rows]


def static_text(app: App[object], selector: str) -> str:
    """Everything one Static holds, as plain text, each line whole: the part scrolled out
    of sight too, where `region_text` has only what the screen shows."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str | Content):
        return str(content)
    console = Console(width=1000, color_system=None)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


def goes_on_under_itself(lines: list[str], start: str, words: str | None = None) -> None:
    """Assert that `words` (the text from `start` on), starting at `start` on the first row
    of `lines` holding it, go on on the next row under themselves (a hanging indent), not
    at the pane's left edge."""
    [row] = [i for i, line in enumerate(lines) if start in line]
    column = lines[row].index(start)
    wrapped = lines[row + 1]
    assert wrapped[:column].strip() == "" and wrapped[column] != " ", lines  # under its text
    said = " ".join(lines[row][column:].split() + wrapped.split())
    assert len(said) > len(lines[row][column:].rstrip()), lines  # it did wrap
    assert words is None or words.startswith(said), lines  # and is the same text, read on


def panel_line(app: App[object]) -> str:
    """What the verification panel's own message line (under the answer box) says, on one
    line: where a call's messages about the panel go (F5, F6, F9, a report or complaint just
    sent), rather than a notification drawn over the panel."""
    line = app.screen.query_one("#verification-panel #check-result")
    return " ".join(str(line.render()).split())


def table_line(app: App[object], selector: str, cell: str) -> str:
    """The line of the table `selector` that shows `cell`, as the screen shows it (its
    trailing spaces dropped): a row read as a person reads it, cut columns and all."""
    region = app.screen.query_one(selector).content_region
    shown = screen_text(app).splitlines()[region.y : region.y + region.height]
    return next(line.rstrip() for line in shown if cell in line)


def said_in_read_back(app: App[object], label: str) -> str:
    """What the read-back table's middle column (Say, or Reads as) shows on `label`'s line,
    every row it wraps onto joined with a space: the words a handler reads down the table."""
    region = app.screen.query_one("#readback-table").content_region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    heading = rows[0]
    middle = "Say" if " Say " in heading else "Reads as"
    start, end = heading.index(middle), heading.index("Status")
    first = next(n for n, row in enumerate(rows) if row[:start].strip() == label)
    said = [rows[first][start:end].strip()]
    for row in rows[first + 1 :]:
        if row[:start].strip() or not row[start:end].strip():
            break  # the next line's row, or the table's end
        said.append(row[start:end].strip())
    return " ".join(said)


async def settle(pilot: Pilot[object], rounds: int = 5, quiet_rounds: int = 2) -> None:
    """Let workers finish and the messages they post back be handled.

    A handled message may start another worker, and a table filled by one repaints on a
    later turn, so this goes round until `quiet_rounds` rounds in a row found no worker
    running and no message waiting, at most `rounds` times. Each round also waits for
    animations (a box given the focus scrolls into view over a few frames) to finish.
    """
    quiet = 0
    for _ in range(rounds):
        running = _running_workers(pilot.app)
        with suppress(WorkerCancelled):  # a newer check replaced it (exclusive workers)
            await pilot.app.workers.wait_for_complete()
        for _ in range(100):  # a Tab waits at most half a second (HOLD_AT_MOST)
            if not _tab_waiting(pilot.app):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        await pilot.wait_for_animation()
        busy = running or _running_workers(pilot.app) or _messages_waiting(pilot.app)
        quiet = 0 if busy else quiet + 1
        if quiet == quiet_rounds:
            return


def _running_workers(app: App[object]) -> bool:
    """Workers still at work, or a Tab still waiting to move on (tui/tab_in_order.py): the
    keys typed after it are then still to be read."""
    return any(not worker.is_finished for worker in app.workers) or _tab_waiting(app)


def _messages_waiting(app: App[object]) -> bool:
    """Messages posted (by a worker, say) that the app, its screens or the widgets on show
    have still to handle: the screen may change once they are."""
    pumps = [app, *app.screen_stack, *app.screen.walk_children()]
    return any(not pump._message_queue.empty() for pump in pumps)


def _tab_waiting(app: App[object]) -> bool:
    tabs = getattr(app, "tabs", None)
    return bool(tabs and tabs.waiting)


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 5) -> None:
    """Wait, a frame at a time, for `condition` (what the screen shows once a worker or a
    layout has caught up on a loaded machine); fail after `seconds` without it."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), f"the screen never got there; {console_state(pilot.app)}"


def console_state(app: App[object]) -> str:
    """Where the console stood, for a test that waited in vain: its screens, the focus,
    its workers, and the keys its Tab holds (tui/tab_in_order.py), so that a failure seen
    once in a run of the whole suite says what the console was waiting for."""
    screens = " > ".join(type(screen).__name__ for screen in app.screen_stack)
    focused = app.focused
    focus = f"{type(focused).__name__}#{focused.id}" if focused is not None else "nothing"
    workers = [f"{worker.name or worker.group}:{worker.state.name}" for worker in app.workers]
    held = getattr(getattr(app, "tabs", None), "_held", None)
    keys = [getattr(key, "key", type(key).__name__) for key in getattr(held, "keys", [])]
    holding = (
        f"holding {keys} (opening {type(held.opening).__name__ if held.opening else None})"
        if held is not None
        else "holding no keys"
    )
    return f"screens {screens}; focus on {focus}; workers {workers or 'none'}; {holding}"


async def press(pilot: Pilot[object], *pressed: str) -> None:
    """Press keys as a quick typist would, then settle.

    Pilot waits for the console to go idle after every key, which is most of a Pilot
    test's time. Characters typed into a text box cannot change the screen, so a run of
    them is sent as one burst (one key event each, in order, as a fast keyboard sends them);
    every other key (Enter, Tab, F6, a letter typed where no box has focus) goes through
    Pilot one at a time, and the next waits until the work it started is done and what
    that work posted back is handled, as a handler waits for "Saving..." to go before
    pressing on.
    """
    index = 0
    while index < len(pressed):
        run_end = index
        while run_end < len(pressed) and len(pressed[run_end]) == 1:
            run_end += 1
        if run_end - index > 1 and isinstance(pilot.app.focused, Input | TextArea):
            for character in pressed[index:run_end]:
                pilot.app.post_message(events.Key(key_name(character), character))
            await pilot.pause()
            index = run_end
        else:
            await pilot.press(pressed[index])
            index += 1
            # A worker at work, or the message a finished one posted not yet handled: on a
            # loaded machine the next key could be read between the two (F6 then Enter on
            # the calls to finish, the Enter read before the list it closes a call from).
            if index < len(pressed) and (
                _running_workers(pilot.app) or _messages_waiting(pilot.app)
            ):
                await settle(pilot, quiet_rounds=1)
    await settle(pilot)


def typed_in_one_go(app: App[object], *keys: str) -> None:
    """Post `keys` together, as one read from the terminal delivers them (a fast handler,
    a password manager's auto-type, a slow remote session): characters, or key names such
    as "enter" and "tab". Settle afterwards to see what they did."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key_name(key) if character else key, character))


#: Milliseconds between reads (`typed_in_reads`), varied so the reads come at every stage of
#: what the one before started (a Tab waiting to move on, a box checking what it holds).
READ_GAPS = (0.0, 0.002, 0.004, 0.001, 0.003, 0.005)


async def typed_in_reads(app: App[object], *reads: list[str]) -> None:
    """Post `reads` one after another, as the terminal delivers keys typed in several reads
    close together (fast typing, a password manager's auto-type, a remote session): each
    read's keys (characters, or key names such as "tab") each on a turn of the event loop
    of its own, as Textual's driver posts them from its thread, and a few milliseconds
    between reads (`READ_GAPS`). Settle afterwards to see what they did."""
    loop = asyncio.get_running_loop()
    for number, read in enumerate(reads):
        for key in read:
            character = key if len(key) == 1 else None
            event = events.Key(key_name(key) if character else key, character)
            loop.call_soon(app.post_message, event)
        await asyncio.sleep(READ_GAPS[number % len(READ_GAPS)])


async def typed_at_the_terminal(app: App[object], sent: str) -> None:
    """Post the keys Textual's driver reads from what a terminal `sent` in one go (its
    bytes as text: "\x1b" for Escape, "\x1b[B" for Down), parsed as the driver parses them:
    an Escape with what follows it, until the terminal's escape delay passes, is read as
    one sequence (Escape then "z" as Alt+z). Settle afterwards to see what they did. The
    parser is the one the driver makes (the console's own, once it is built:
    tui/paste_reading.py)."""
    parser: XTermParser = linux_driver.XTermParser()
    for event in parser.feed(sent):
        app.post_message(event)
    await asyncio.sleep(constants.ESCAPE_DELAY * 2)  # the driver ticks the parser meanwhile
    for event in parser.tick():
        app.post_message(event)


def key_name(character: str) -> str:
    """Textual's name for the key that types `character` ("a", "space", "full_stop")."""
    if character.isalnum():
        return character
    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


async def confirm_leaving(pilot: Pilot[object]) -> None:
    """Answer "yes, and lose it" to the question asked before a call or unsaved work is lost."""
    from custinfo_tui.tui.unsaved_work import LeaveScreen

    await settle(pilot)
    assert isinstance(pilot.app.screen, LeaveScreen), "expected the 'lose it?' question"
    await pilot.press("down", "enter")
    await settle(pilot)


def focus_out_of_view(app: App[object], cover: str = "#caller-pane") -> str | None:
    """Why the focused box cannot be seen whole, or None when it can: it is scrolled (partly)
    out of its container, or something docked over the screen (`cover`: the caller pane of
    a role-play) sits over it. A box typed in blind is what this catches."""
    from textual.errors import NoWidget

    focused = app.focused
    if focused is None:
        return "nothing has the focus"
    name = f"{type(focused).__name__}#{focused.id}"
    try:
        placed = app.screen.find_widget(focused)
    except NoWidget:
        return f"{name} is not on the screen"
    if placed.region.intersection(placed.clip) != placed.region:
        return f"{name} is scrolled out of view"
    for over in app.screen.query(cover):
        if over.region.overlaps(placed.region):
            return f"{name} is under {cover}"
    return None
