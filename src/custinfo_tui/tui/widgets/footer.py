"""The keys footer, rebuilt only when the keys it shows change, and never cut off.

Textual's Footer throws away its keys and builds them again every time the screen's
bindings may have changed: after every move of the focus, most of which leave the same
keys on offer (from one box of a form to the next). Each rebuild mounts and styles a
dozen widgets, a fifth of the console's work in a form. This one compares what it would
show with what it shows and rebuilds only when they differ; what it shows is the same.

At 80 columns some screens offer more keys than the line holds, and Textual's Footer cut
the last ones off ("^t Third-party" on a record's complaints, then nothing of "^q Quit").
Keys are never cut here: where they do not all fit, whole keys leave the line from the
right (the app's F12 in a role-play, then the screen's last), never Quit or End run, and
the command palette (Ctrl+P) still lists them with their key. A screen may name keys that
leave before any other (`GIVES_WAY`, in order): the lookup's keys for the highlighted
match, which join its footer on the results, leave before its role's own keys do; in a
call F5 Reveal leaves before F9 Consent when the panel's PgDn joins the line.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

#: The keys that close the console or end the role-play: they never leave the line.
STAYS = frozenset({"quit", "end_run"})


class Footer(TextualFooter):
    """Textual's Footer, rebuilt only when its keys, their state or their labels change,
    and showing only the keys that fit on its line."""

    _shown: Hashable = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            shown = self._keys_to_show()
            if shown == self._shown:
                return
            self._shown = shown
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        """Wider or narrower: more or fewer keys may fit."""
        if self._bindings_ready and self.is_attached:
            self.bindings_changed(self.screen)

    def _keys_to_show(self) -> Hashable:
        """Everything `Footer.compose` reads to build the keys, and the room for them."""
        app = self.app
        return (
            self._room(),
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
            # Which keys leave first may change with the keys on offer unchanged (a call's
            # panel saying what F5 needs keeps F5: screens/call_record.py).
            tuple(getattr(self.screen, "GIVES_WAY", ())),
            tuple(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        palette = [w for w in widgets if _is_palette(w)]
        keys = [w for w in widgets if isinstance(w, FooterKey) and w not in palette]
        if len(keys) + len(palette) != len(widgets):
            yield from widgets  # key groups (none in the console): as Textual lays them out
            return
        room = self._room() - sum(self._width(w) for w in palette)
        # A screen's `GIVES_WAY`: the actions whose keys leave first, in that order.
        first: tuple[str, ...] = getattr(self.screen, "GIVES_WAY", ())
        # Popped from the end: from the right, after the screen's first to go.
        leaving = [w for w in keys if w.action not in STAYS and w.action not in first]
        leaving += sorted(
            (w for w in keys if w.action in first), key=lambda w: -first.index(w.action)
        )
        while leaving and sum(self._width(w) for w in keys) > room:
            keys.remove(leaving.pop())
        yield from (w for w in widgets if w in keys or w in palette)

    def _room(self) -> int:
        return self.app.size.width

    def _width(self, key: Widget) -> int:
        """The cells a key takes on the line, with the gap after it (Textual's CSS for
        FooterKey: compact, "esc Back" and a space; otherwise padded, " esc Back ")."""
        assert isinstance(key, FooterKey)
        shown = cell_len(key.key_display)
        described = cell_len(key.description) + 1 if key.description else 0
        width = shown + described + (1 if self.compact else 2)
        if _is_palette(key):  # docked right, after a one-cell border
            width += 1 if self.compact else 2
        return width


def _is_palette(widget: Widget) -> bool:
    return isinstance(widget, FooterKey) and widget.has_class("-command-palette")
