"""One console at a time on a training run (docs/training.md, "Running a role-play").

`custinfo train start` and `custinfo train play RUN` hold an exclusive lock on the run's
`run-<id>.playing` file, beside its sandbox, from before the console starts until the run
is scored. A second console on the same run is refused at once instead of being played and
its work thrown away when the first one scores the run. The lock is the operating system's
(`flock`), so it goes with the process however that ends (a crash, `kill -9`, a closed
terminal): a run whose console died can be played on, or ended and scored, never by two
consoles at once.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from custinfo_tui.private_files import PRIVATE_FILE_MODE
from custinfo_tui.services.errors import ServiceError


class RunAlreadyPlaying(ServiceError):
    """Another console is playing the run now."""

    def __init__(self, run_id: int) -> None:
        super().__init__(
            f"Run {run_id} is being played in another console; only one console plays a run."
        )
        self.run_id = run_id


def play_lock_path(sandbox: Path, run_id: int) -> Path:
    """Where the run's lock lives: beside its sandbox."""
    return sandbox.with_name(f"run-{run_id}.playing")


@contextmanager
def playing(sandbox: Path, run_id: int) -> Iterator[None]:
    """Hold the run for this console until the block ends; RunAlreadyPlaying if another
    console holds it."""
    descriptor = os.open(play_lock_path(sandbox, run_id), os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunAlreadyPlaying(run_id) from None
        yield
    finally:
        os.close(descriptor)  # closing it lets go of the lock


def being_played(sandbox: Path, run_id: int) -> bool:
    """Whether a console holds the run now (a run still running that no console holds was
    stopped before it ended: it can be played on, or ended and scored)."""
    if not sandbox.is_file():
        return False  # no sandbox, nothing to play
    try:
        with playing(sandbox, run_id):
            return False
    except RunAlreadyPlaying:
        return True
