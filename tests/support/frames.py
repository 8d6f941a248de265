"""The console's frames, painted when a test reads the screen rather than at every change.

Textual paints a frame whenever something on the screen changed: it lays the widgets out
(which the tests need: where each is, what is in view, what has the focus) and then renders
every changed widget into lines of text for the terminal. Under `App.run_test()` the
terminal is a headless driver that throws those lines away, and what a test asserts on is
painted afresh, whole, when it reads the screen (`screen_text`, `export_screenshot`, the
snapshots). The throw-away painting was a quarter of a Pilot test's CPU (a sample of
role-play and wrap-up tests: 121 s painting, 91 s not).

`paint_when_read()` keeps each frame's layout and bookkeeping and skips only the rendering
for the headless terminal. What a test reads is rendered from the same widgets, in the same
state, by the same code; a widget that cannot render what it holds still fails the test
that looks at it. What this gives up is a frame no test looks at: one shown for an instant
between two keys. `CUSTINFO_TESTS_PAINT=every-frame pytest` paints every frame as the real
terminal does. Consoles started as processes (the terminal, crash and training-launcher
tests) are untouched: they paint every frame.

This reaches into Textual's private screen and compositor, which the tests otherwise leave
alone (they read the screen through the public `export_screenshot`): the one place they do,
kept here, and it steps aside (every frame painted) where Textual's insides are not what
it was written against.
"""

from __future__ import annotations

import os

from textual.screen import Screen

#: Set to "every-frame" to paint every frame, as a real terminal would be painted.
PAINT_VARIABLE = "CUSTINFO_TESTS_PAINT"

_painted = Screen._compositor_refresh


def _laid_out_only(screen: Screen[object]) -> None:
    """Textual's `Screen._compositor_refresh` for the screen on top, without the render
    for the terminal: the changed widgets and regions are marked seen, the mouse's place
    is checked again. Screens underneath (a page under a dialog) go through Textual's own,
    which only marks the screen on top to repaint."""
    app = screen.app
    if screen is not app.screen or app.is_inline or not _knows(screen):
        _painted(screen)
        return
    screen._dirty_widgets.clear()
    screen._compositor._dirty_regions.clear()
    app._update_mouse_over(screen)


def _knows(screen: Screen[object]) -> bool:
    """Textual's insides as this module was written against (Textual 8): otherwise every
    frame is painted, as Textual does, and the suite is only slower."""
    return (
        isinstance(getattr(screen, "_dirty_widgets", None), set)
        and isinstance(getattr(getattr(screen, "_compositor", None), "_dirty_regions", None), set)
        and callable(getattr(screen.app, "_update_mouse_over", None))
    )


def paint_when_read() -> None:
    """Paint the screen when a test reads it, unless CUSTINFO_TESTS_PAINT=every-frame."""
    if os.environ.get(PAINT_VARIABLE) == "every-frame":
        return
    Screen._compositor_refresh = _laid_out_only  # type: ignore[method-assign]
