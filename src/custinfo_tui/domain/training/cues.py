"""What the console is asking the caller now, so the scripted caller can answer it.

Screens announce a cue when the handler selects a verification check, focuses a capture
field or a field of the change form (its question on screen), highlights a read-back line
or opens the consent script; the caller pane and the trainer's caller terminal (`custinfo
train caller RUN`) look the answer up in the scenario.
A cue names a field or check; only a read-back cue also carries the value read back, so
the caller can object to a slip in it. That value stays in the console's own process: the
cue file the caller terminal reads names the field and whether the caller objects, never
the value (tui/cue_file.py).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class CueKind(StrEnum):
    #: The call has started: the caller says their opening line.
    OPENING = "opening"
    #: A verification check is selected; `key` is its `CheckKind` value.
    CHECK = "check"
    #: A capture field is focused with its question shown; `key` is the field key.
    FIELD = "field"
    #: A field of the change-details form, in a call, is focused with its question shown;
    #: `key` is the field key. The record already holds a value there.
    CHANGE = "change"
    #: A read-back line is being read; `key` is the field key.
    READ_BACK = "read_back"
    #: The consent script is being read: the caller says what they agree to.
    CONSENT = "consent"


class Cue(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: CueKind
    key: str = ""
    #: For a read-back cue: the value read back, as stored (None when not known).
    value: str | None = None
