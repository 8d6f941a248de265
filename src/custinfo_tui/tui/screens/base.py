"""The console's two kinds of screen, a page and a dialog, each closing once.

Textual's `dismiss` pops whatever screen is on top. A double Enter (a key bounce, an
impatient handler, two keys read in one go) on a dialog reached its handler twice: the
first closed the dialog, the second then popped the screen beneath it. On the "How is the
customer in touch?" question this left the console with no lookup under the record. A
worker's late `dismiss` while the idle lock covered its screen would have popped the
lock. Here a screen closes once: a second `dismiss` does nothing, and one asked for while
another screen covers it (the lock) happens when it is uncovered.

A key that reaches a screen once another covers it was handed to one of its boxes before
the other opened, read together with the key that opened it: it is taken back, to be read
on the screen on top (tui/tab_in_order.py, `hold_for_screen`).

A console screen opens clear of the notifications said before it (`clear_said_before`,
called by the app as it pushes one): they were about what was just done on the screen it
covers, and at 80x24 Textual draws them over its bottom lines, where a form has its last
box or a list the line that tells of its highlighted row ("Note added to the call." sat over
the complaint form's follow-up box for seconds as F10 opened it).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen

from custinfo_tui.tui.enter_moves_on import box_enter_named
from custinfo_tui.tui.tab_in_order import taken_back

if TYPE_CHECKING:
    from textual.app import App

    _Base = Screen[Any]
else:  # a plain mixin, so each screen's CSS and bindings stay its own
    _Base = object

ResultType = TypeVar("ResultType")

#: The title bar's words on the record in a call, and on every screen opened while that
#: call is open (`carry_the_call`).
IN_A_CALL = "in a call"


async def _nothing() -> None:
    return None


class _ClosesOnce(_Base):
    #: The notifications on show stay as this screen opens: they take rows from its layout
    #: rather than cover it (the lookup's and the wrap-up's, app.tcss), it stands clear of
    #: them (a question about leaving), or they are news it opens with (the login's).
    keeps_notifications: bool = False

    #: Dismissed already: a second dismiss is a key read twice, not a second closing.
    _dismiss_done = False
    #: A dismiss asked for while another screen covered this one, done when uncovered.
    _close_when_uncovered: tuple[object] | None = None

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self._dismiss_done:
            return AwaitComplete(_nothing())
        if not self.is_active:
            if self in self.app.screen_stack:
                self._close_when_uncovered = (result,)
            return AwaitComplete(_nothing())
        self._dismiss_done = True
        return super().dismiss(result)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, but a form's hidden Enter gives the footer's place to the focused
        box's own where it passes the key on to it (a drop-down's *Open*)."""
        return box_enter_named(self, super().active_bindings)

    async def _on_key(self, event: events.Key) -> None:
        # Before the screen's own key handling (Widget._on_key), which it then skips.
        if taken_back(self, event):
            event.stop()
            event.prevent_default()

    def on_screen_resume(self) -> None:
        if self._close_when_uncovered is not None:
            (result,) = self._close_when_uncovered
            self._close_when_uncovered = None

            # Once the screen has finished coming back, and without awaiting the pop from
            # the screen's own handler (Textual refuses that).
            def close() -> None:
                self.dismiss(result)

            self.call_after_refresh(close)


class Page(_ClosesOnce, Screen[ResultType]):
    """A full screen of the console."""


class Dialog(_ClosesOnce, ModalScreen[ResultType]):
    """A dialog over the screen it was opened from."""

    # Ctrl+C copies text selected on the dialog, as on a screen, and otherwise says how to
    # quit, as Textual says on a screen: a dialog leaves the app's keys out of its chain,
    # and on "How is the customer in touch?" it said nothing. A text box's own Ctrl+C,
    # copying what is selected in it, comes first.
    BINDINGS = [
        Binding("ctrl+c", "screen.copy_text", "Copy selected text", show=False),
        Binding("ctrl+c", "app.help_quit", show=False, system=True),
    ]


def clear_said_before(app: App[Any], screen: Screen[Any]) -> None:
    """Take down the notifications on show as `screen` opens over another, unless it is
    not the console's own (the command palette) or keeps them (`keeps_notifications`).
    One said as the screen opens (after `push_screen`, or just before it in the same
    handler: Textual adds a notification once its message is read) is about that screen,
    and stays, as the login's notices said on the lookup stay there."""
    if not isinstance(screen, _ClosesOnce) or screen.keeps_notifications:
        return
    app.clear_notifications()


def back_to(screen: Screen[Any], where: str) -> None:
    """Name where `screen`'s Back key (the binding with the id "back") goes, in its
    tooltip, which the command palette shows with it: a screen opened from several
    places (a record from the lookup or the queue, a debrief from the training runs or
    the cohort) had said "Back to the lookup" wherever Escape took it. Call before it is
    shown; the change is this screen's own, as the read-back's tooltips are."""
    bindings = screen._bindings.key_to_bindings
    for key, keys in list(bindings.items()):
        bindings[key] = [
            dataclasses.replace(b, tooltip=f"Back to {where}") if b.id == "back" else b
            for b in keys
        ]


def carry_the_call(screen: Screen[Any], stack: list[Screen[Any]]) -> None:
    """A screen opened while a call is open says so in its title bar, as the record of the
    call does, unless it says something of its own (the edit, the new customer's form):
    the read-back, the complaint form (F10) and the wrap-up, all in the same call, had
    said "customer information console" where the record said "in a call". Called as it
    is pushed, before it sets its own words on mounting."""
    if screen.sub_title is None and any(s.sub_title == IN_A_CALL for s in stack if s is not screen):
        screen.sub_title = IN_A_CALL
