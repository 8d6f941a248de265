"""The verification panel's script, shown when verification cannot go on in a call (locked,
or someone with no authority on the line), and the keys read while it has the focus.

It takes the focus from the answer box, so the rest of an answer being typed when the lock
came is swallowed here instead of acting as key shortcuts (a postcode's digits would switch
tabs), and said once to go nowhere. A tab's digit pressed on its own, after a pause
(`TYPED_TOGETHER`, as on the record's tables), is the tab's key, as it is everywhere else
in the call: `3` shows the timeline. It had said "nothing typed is checked" instead, to a
handler who pressed it to read the failures the timeline lists.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, cast

from textual import events
from textual.widgets import Static

from custinfo_tui.tui.widgets.record_table import TYPED_TOGETHER

if TYPE_CHECKING:
    from custinfo_tui.tui.widgets.verification_panel import VerificationPanel

#: What a key typed on the script says, once: no answer box takes it.
NOTHING_CHECKED = (
    "Verification cannot go on in this call: nothing typed is checked. F4 moves to the "
    "fields; a tab's number shows that tab."
)


class ScriptNotice(Static, can_focus=True):
    """What to say when verification cannot go on; it swallows an answer typed on."""

    _told = False
    #: When the last key was read here (or the focus came): a key read within
    #: `TYPED_TOGETHER` of it was typed together with the keys before.
    _read_at = 0.0

    @property
    def _panel(self) -> VerificationPanel:
        return cast("VerificationPanel", self.query_ancestor("#verification-panel"))

    def on_focus(self) -> None:
        self._told, self._read_at = False, monotonic()

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            return
        now = monotonic()
        on_its_own, self._read_at = now - self._read_at > TYPED_TOGETHER, now
        active = self.screen.active_bindings.get(event.key)
        if on_its_own and active is not None and active.enabled:
            return  # the screen's key (a tab's digit), as on the record's tables
        event.stop()
        event.prevent_default()
        if not self._told:  # once, not a notice per key
            self._told = True
            panel = self._panel
            panel.say(NOTHING_CHECKED, error=True)
            # A supervisor may have lifted the lock at their desk since: ask again.
            self.post_message(panel.StateMayHaveChanged())

    def on_resize(self) -> None:
        """Laid out: a script just shown has its lines now, and can be scrolled to."""
        self._panel.script_into_view()
