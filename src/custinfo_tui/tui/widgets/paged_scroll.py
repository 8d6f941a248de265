"""A region that runs past its edge, read on with PgDn "More" and back with PgUp "Earlier".

Four places hold more than the lines they get at 80x24: the verification panel, the
erasure preview, the debrief's detail under its lists and a complaint read in full. Each
holds its text in a `PagedScroll`, takes its pair of keys from `page_key_bindings`, and
answers `check_action` for them with the pane's `key_shown`. The pane asks the screen to
name its keys again whenever what is left to read changes: scrolled, new lines laid out,
or the pane resized. Written four times, the keys had four rules for when the footer
named them, and a pane resized or refilled could leave the footer naming a key with
nowhere to go. Each pane's keys are shown as "PgDn" and "PgUp" (the debrief's, which are
Shift+Down and Shift+Up, as "⇧↓" and "⇧↑"), never as Textual spells the keys ("pgdn").
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from textual import events, on
from textual.binding import Binding
from textual.containers import VerticalScroll

#: The actions the pair of keys runs: the screen or widget whose BINDINGS hold them
#: defines `action_read_on` and `action_read_back` (usually calling the pane's own).
READ_ON = "read_on"
READ_BACK = "read_back"
PAGE_ACTIONS = (READ_ON, READ_BACK)


class KeysNamed(Enum):
    """When the footer names the pair."""

    #: PgDn while there is more below, PgUp while scrolled past the top (both in the
    #: middle).
    WHILE_THERE_IS_MORE = "while there is more"
    #: One at a time, for a full footer: PgDn while there is more below, else PgUp once
    #: at the bottom (in the middle PgUp is not named and does nothing).
    ONE_AT_A_TIME = "one at a time"
    #: PgDn always, PgUp while scrolled past the top: for a pane under a list, whose text
    #: changes with the row highlighted and starts again at its top. PgDn coming and going
    #: with each row's text would make the footer jump as the list is moved through; PgUp
    #: is named only once the pane has been read on, and with somewhere to go.
    READ_ON_ALWAYS = "read on always"


def page_key_bindings(
    *,
    tooltips: tuple[str, str],
    ids: tuple[str, str] = ("more", "earlier"),
    keys: tuple[str, str] = ("pagedown", "pageup"),
    key_display: tuple[str | None, str | None] = ("PgDn", "PgUp"),
    names: tuple[str, str] = ("More", "Earlier"),
    earlier_in_footer: bool = True,
) -> list[Binding]:
    """The pair of bindings, reading on and back: priority bindings, as a text box's or a
    list's own PgDn (which scrolls nothing of the pane) would otherwise be the key the
    footer names and the key pressed."""
    return [
        Binding(
            keys[0],
            READ_ON,
            names[0],
            key_display=key_display[0],
            tooltip=tooltips[0],
            id=ids[0],
            priority=True,
        ),
        Binding(
            keys[1],
            READ_BACK,
            names[1],
            key_display=key_display[1],
            tooltip=tooltips[1],
            id=ids[1],
            show=earlier_in_footer,
            priority=True,
        ),
    ]


class PagedScroll(VerticalScroll):
    """A vertical scroll whose screen names its page keys while they have somewhere to go
    (`named`); `overlap` lines of a page stay on screen after a page down or up."""

    def __init__(
        self,
        *children: Any,
        named: KeysNamed = KeysNamed.WHILE_THERE_IS_MORE,
        overlap: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.named = named
        self.overlap = overlap

    @property
    def more_below(self) -> bool:
        return self.scroll_y < self.max_scroll_y

    @property
    def more_above(self) -> bool:
        return self.scroll_y > 0

    def key_shown(self, action: str) -> bool:
        """Whether the footer names the key for `action` (`READ_ON` or `READ_BACK`), and so
        whether the key does anything."""
        if action == READ_ON:
            return self.named is KeysNamed.READ_ON_ALWAYS or self.more_below
        if self.named is KeysNamed.ONE_AT_A_TIME:
            return not self.more_below and self.more_above
        return self.more_above

    def read_on(self) -> None:
        """A page down."""
        self._page(1)

    def read_back(self) -> None:
        """A page up."""
        self._page(-1)

    def _page(self, direction: int) -> None:
        if not self.overlap:  # Textual's own page, as the keys always scrolled
            (self.scroll_page_down if direction > 0 else self.scroll_page_up)(animate=False)
            return
        step = self.scrollable_content_region.height - self.overlap
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def keys_changed(self) -> None:
        """Name the keys again, once the lines are laid out (what is left to read is known
        only then)."""
        if self.is_attached:
            self.call_after_refresh(self.screen.refresh_bindings)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.keys_changed()

    def watch_virtual_size(self) -> None:
        self.keys_changed()

    @on(events.Resize)
    def _resized(self) -> None:
        self.keys_changed()
