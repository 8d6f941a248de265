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
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from custinfo_tui.tui.enter_moves_on import box_enter_named
from custinfo_tui.tui.tab_in_order import taken_back

if TYPE_CHECKING:
    from collections.abc import Callable

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


class DeskPage(Page[ResultType]):
    """A section of the data protection desk. A dialog opened over it is never covered by
    a notification: those on show are cleared as it opens. So a notification is for what
    was just done; what the DPO must weigh before going on (a pack that lists a police
    request) is said on the page itself, where it stays (docs/data-protection.md)."""

    def on_screen_suspend(self) -> None:
        if isinstance(self.app.screen, ModalScreen):  # a dialog, not the next page
            self.app.clear_notifications()


def open_section(
    screen: Screen[Any], section: Screen[Any], callback: Callable[[Any], None] | None = None
) -> None:
    """Open another section of the data protection desk from `screen` (the desk's list,
    or a request that leads to one), with the notifications on show cleared first. Those
    are for what was just done in the section left: at 80x24 "Subject access request
    logged." had sat over the erasure section's reason box for seconds as it opened."""
    screen.app.clear_notifications()
    screen.app.push_screen(section, callback)


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
