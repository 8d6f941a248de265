"""Screens announce what the handler is asking the caller, for the scripted caller.

A widget posts `Asking` when the handler selects a verification check, focuses a capture or
edit field with its question shown, or highlights a read-back line. The message bubbles up
to the app, which hands it to the scripted caller in training mode (tui/training_mode.py)
and ignores it otherwise: nothing on screen changes in normal use.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump

from custinfo_tui.domain.training.cues import Cue, CueKind


class Asking(Message):
    """The handler is asking the caller what `cue` names (a field or check; at read-back,
    the value read too)."""

    def __init__(self, cue: Cue) -> None:
        super().__init__()
        self.cue = cue


def announce(
    sender: MessagePump, kind: CueKind, key: str = "", *, value: str | None = None
) -> None:
    """Post an `Asking` from `sender`, to bubble up to the app; `value` is the value read
    back, for a read-back line (the caller objects when it is not what they said)."""
    sender.post_message(Asking(Cue(kind=kind, key=key, value=value)))
