"""The keys footer, rebuilt only when the keys it shows change.

Textual's Footer throws away its keys and builds them again every time the screen's
bindings may have changed: after every move of the focus, most of which leave the same
keys on offer (from one box of a form to the next). Each rebuild mounts and styles a
dozen widgets, a fifth of the console's work in a form. This one compares what it would
show with what it shows and rebuilds only when they differ; what it shows is the same.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer, rebuilt only when its keys, their state or their labels change."""

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

    def _keys_to_show(self) -> Hashable:
        """Everything `Footer.compose` reads to build the keys."""
        app = self.app
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
            tuple(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )
