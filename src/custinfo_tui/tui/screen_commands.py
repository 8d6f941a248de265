"""Every key of the current screen in the command palette (Ctrl+P), found by what it does.

At 80 columns the footer cannot show every key, so the palette is where the rest live: it
lists the enabled bindings of the focused widget and the screen with their key, and matches
what is typed against both the short name and the tooltip ("customer" finds New customer,
"verify" the answer box).
"""

from __future__ import annotations

from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

#: Actions the palette already offers as system commands, or that open the palette itself.
_OFFERED_ELSEWHERE = frozenset({"quit", "command_palette", "app.log_out"})


class ScreenCommands(Provider):
    """The keys of the screen the palette was opened from, and the console's own."""

    def _commands(self) -> list[tuple[str, str, str, DOMNode, str]]:
        """(title, help, searched text, node, action) for each enabled key, footer order.

        Read from the screen's and the app's own bindings rather than `active_bindings`,
        which leaves out keys the focused box would type (the record's tab digits while the
        answer box has the focus): from the palette those work wherever the focus is.
        """
        found: list[tuple[str, str, str, DOMNode, str]] = []
        #: Actions and titles listed: a key a screen also shows in its footer, for the
        #: app's own action (the record's Ctrl+B), is listed once.
        seen: set[str] = set()
        # The focused table's own keys first (a complaint's Read), where the footer is full.
        focused: tuple[DOMNode, ...] = (self.screen.focused,) if self.screen.focused else ()
        for node in (*focused, self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.action in _OFFERED_ELSEWHERE:
                        continue
                    if binding.action in seen or not self._enabled(node, binding.action):
                        continue
                    key = self.app.get_key_display(binding)
                    help_text = binding.tooltip or binding.description
                    title = f"{binding.description} ({key})"
                    if title in seen:
                        continue
                    seen.update((binding.action, title))
                    searched = f"{binding.description} {help_text}"
                    found.append((title, help_text, searched, node, binding.action))
        return found

    def _enabled(self, node: DOMNode, action: str) -> bool:
        """What the node's check_action says; None (shown but disabled) is not enabled."""
        destination, name, parameters = parse(action)
        target: DOMNode = self.app if destination == "app" else node
        return bool(target.check_action(name, parameters))

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
