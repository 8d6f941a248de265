"""Every key of the current screen in the command palette (Ctrl+P), found by what it does.

At 80 columns the footer cannot show every key, so the palette is where the rest live: it
lists the screen's enabled bindings with their key, and matches what is typed against both
the short name and the tooltip ("customer" finds New customer, "verify" the answer box).
"""

from __future__ import annotations

from functools import partial

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

#: Actions the palette already offers as system commands, or that open the palette itself.
_OFFERED_ELSEWHERE = frozenset({"quit", "command_palette", "app.log_out"})


class ScreenCommands(Provider):
    """The keys of the screen the palette was opened from, and the console's own."""

    def _commands(self) -> list[tuple[str, str, str, DOMNode, str]]:
        """(title, help, searched text, node, action) for each enabled key, footer order."""
        found: list[tuple[str, str, str, DOMNode, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not isinstance(node, Screen | App) or not active.enabled:
                continue  # a widget's own keys (cursor moves...) are not commands
            if not binding.description or binding.action in _OFFERED_ELSEWHERE:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            help_text = active.tooltip or binding.tooltip or binding.description
            title = f"{binding.description} ({key})"
            found.append(
                (title, help_text, f"{binding.description} {help_text}", node, binding.action)
            )
        return found

    async def discover(self) -> Hits:
        for title, help_text, _, node, action in self._commands():
            yield DiscoveryHit(title, partial(self.app.run_action, action, node), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, searched, node, action in self._commands():
            score = matcher.match(title)
            if _words_start(query, searched):  # "verify" in "Verify the caller: ..."
                score = max(score, 0.9)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action, node),
                    help=help_text,
                )


def _words_start(query: str, text: str) -> bool:
    """True when each word of the query starts a word of the text."""
    words = [w.strip(".,:;()'\"") for w in text.casefold().split()]
    return all(any(w.startswith(q) for w in words) for q in query.casefold().split())
