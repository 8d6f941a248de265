"""The cue file: what the trainee's console is asking the caller now, for the caller terminal.

In training mode with `TrainingMode.cue_file` set, the console rewrites this small JSON file
whenever the cue changes or one of its own audited actions is heard: the current cue, the
last few actions, how many volunteered lines the caller has said, and whether they object
to the line read back now (never the value read). The trainer's caller
terminal (`tui/caller_terminal.py`), another process, watches it. It names fields, checks
and actions only, never a value. Each write goes to a temporary file in the same folder
that then replaces the cue file, so a reader never sees half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.training.cues import Cue, CueKind

#: How many of the latest audited actions the file keeps.
RECENT_ACTIONS = 5


@dataclass(frozen=True, slots=True)
class CueFileContent:
    run_id: int
    cue: Cue
    #: The latest audited actions of the run, oldest first (action names only).
    recent_actions: tuple[str, ...] = ()
    #: How many `also_says` lines the caller has volunteered.
    volunteered: int = 0
    written_at: str = ""
    #: The trainee's console has closed: the run is over, nothing more will be asked.
    ended: bool = False
    #: The line read back now is not what the caller said: they object and say it again.
    objects: bool = False


def write_cue_file(path: Path, content: CueFileContent) -> None:
    """Replace the file at `path` with `content`, atomically (temporary file, then rename)."""
    data = {
        "run_id": content.run_id,
        "cue": {"kind": content.cue.kind.value, "key": content.cue.key},
        "recent_actions": list(content.recent_actions[-RECENT_ACTIONS:]),
        "volunteered": content.volunteered,
        "written_at": content.written_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "ended": content.ended,
        "objects": content.objects,
    }
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(data, file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cue_file(path: Path) -> CueFileContent | None:
    """The file's content, or None when it is missing or not a cue file (yet)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cue = data["cue"]
        return CueFileContent(
            run_id=int(data["run_id"]),
            cue=Cue(kind=CueKind(cue["kind"]), key=str(cue.get("key", ""))),
            recent_actions=tuple(str(a) for a in data.get("recent_actions", ())),
            volunteered=int(data.get("volunteered", 0)),
            written_at=str(data.get("written_at", "")),
            ended=bool(data.get("ended", False)),
            objects=bool(data.get("objects", False)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def mark_ended(path: Path) -> None:
    """Say in the cue file that the run's console has closed (the caller terminal then says
    the run is over instead of showing the last thing asked). Nothing when there is none."""
    content = read_cue_file(path)
    if content is None:
        return
    try:
        write_cue_file(path, replace(content, ended=True, written_at=""))
    except OSError:
        return  # the terminal keeps its last cue: the trainer sees the run end on the screen
