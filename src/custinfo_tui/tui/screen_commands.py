"""Every key of the current screen in the command palette (Ctrl+P), found by what it does.

At 80 columns the footer cannot show every key, so the palette is where the rest live: it
lists the enabled bindings of the focused widget and the screen with their key, and matches
what is typed against both the short name and the tooltip ("customer" finds New customer,
"verify" the answer box).

One provider lists everything, the console's system commands too
(`App.get_system_commands`: Log out, Change password, Quit...), so the order is its own:
the palette opened on the lookup's results had listed "Cursor up (↑)", "Cursor down (↓)",
Left, Right, Home, End, Page up... before any command, as two providers' lists arrive in
either order. The console's keys come first (each has a tooltip saying what it does), then
the system commands, named with their key where the screen has one (the lookup's "Log out
(^o)", "Quit (^q)"), then the keys that move around a widget (a table's cursor keys, Tab),
which every list answers to.

One thing done by several keys is listed once, by its first key: the lookup's "Results"
(Ctrl+R, and Down or Enter in the search box) had been listed three times alike.

A query finds the console's keys and the system commands by Textual's fuzzy match (the
letters in order), or by words starting theirs. The moves are found only when it names
them (each word starts one of theirs, or the query is part of their description): their
long descriptions ("Move cursor right or accept the completion suggestion") held the
letters of almost any word, so `merge` or `calls` listed a text box's editing keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

#: Actions the palette offers as system commands (named with their key, where the screen
#: binds one), or that open the palette itself. A screen's own `log_out` (Escape at a
#: forced password change) is the system command's Log out: listed as well, it had been
#: listed twice, "Log out (esc)" above "Log out".
_OFFERED_ELSEWHERE = frozenset({"quit", "command_palette", "app.log_out", "log_out"})


@dataclass(frozen=True)
class _Command:
    title: str
    help: str
    #: What a typed query is matched against: the title and what the command does.
    searched: str
    run: Callable[[], object]
    #: Listed when nothing is typed yet (a system command may be found only by search).
    discovered: bool = True
    #: Found by the letters of a query in order; a move only by a query naming it.
    fuzzy: bool = True


class ScreenCommands(Provider):
    """The keys of the screen the palette was opened from, and the console's own."""

    def _commands(self) -> list[_Command]:
        """The console's keys, the system commands, then the keys that move around."""
        keys, moves, keyed = self._keys()
        return [*keys, *self._system_commands(keyed), *moves]

    def _keys(self) -> tuple[list[_Command], list[_Command], dict[str, str]]:
        """Each enabled key in footer order: those the console names with a tooltip, and
        a widget's own moves (Textual's cursor keys, Tab), which have none; and the keys of
        the system commands, by name ("Log out": "^o" on the lookup).

        Read from the screen's and the app's own bindings rather than `active_bindings`,
        which leaves out keys the focused box would type (the record's tab digits while the
        answer box has the focus): from the palette those work wherever the focus is.
        """
        keys: list[_Command] = []
        moves: list[_Command] = []
        keyed: dict[str, str] = {}
        #: Actions, titles and what they do, listed: a key a screen also shows in its
        #: footer, for the app's own action (the record's Ctrl+B), is listed once, and so
        #: is one thing done by several keys (the lookup's Ctrl+R, Down and Enter).
        seen: set[str | tuple[str, str]] = set()
        # The focused table's own keys first (a complaint's Read), where the footer is full.
        focused: tuple[DOMNode, ...] = (self.screen.focused,) if self.screen.focused else ()
        for node in (*focused, self.screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description:
                        continue
                    if binding.action in seen or not self._enabled(node, binding.action):
                        continue
                    key = self.app.get_key_display(binding)
                    if binding.action in _OFFERED_ELSEWHERE:
                        keyed.setdefault(binding.description, key)
                        continue
                    help_text = binding.tooltip or binding.description
                    title = f"{binding.description} ({key})"
                    does = (binding.description, help_text)
                    if title in seen or does in seen:
                        continue
                    seen.update((binding.action, title, does))
                    run = partial(self.app.run_action, binding.action, node)
                    searched = f"{title} {help_text}"
                    if binding.tooltip:
                        keys.append(_Command(title, help_text, searched, run))
                    else:
                        moves.append(_Command(title, help_text, searched, run, fuzzy=False))
        return keys, moves, keyed

    def _system_commands(self, keyed: dict[str, str]) -> list[_Command]:
        """The app's system commands (`CustinfoApp.get_system_commands`), by name, each
        with the key that does the same on this screen, if it has one (`keyed`)."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        listed: list[_Command] = []
        for c in commands:
            title = f"{c.title} ({keyed[c.title]})" if c.title in keyed else c.title
            listed.append(_Command(title, c.help, f"{title} {c.help}", c.callback, c.discover))
        return listed

    def _enabled(self, node: DOMNode, action: str) -> bool:
        """What the node's check_action says; None (shown but disabled) is not enabled."""
        destination, name, parameters = parse(action)
        target: DOMNode = self.app if destination == "app" else node
        return bool(target.check_action(name, parameters))

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discovered:
                yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if _words_start(query, command.searched):  # "verify" in "Verify the caller: ..."
                score = max(score, 0.9)
            elif not command.fuzzy and query.casefold().strip() not in command.searched.casefold():
                continue  # a move's long description holds the letters of most words
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)


def _words_start(query: str, text: str) -> bool:
    """True when each word of the query starts a word of the text."""
    words = [w.strip(".,:;()'\"") for w in text.casefold().split()]
    return all(any(w.startswith(q) for w in words) for q in query.casefold().split())
