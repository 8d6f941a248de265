"""A running run as a watcher sees it (docs/training.md, "Watching a run")."""

from __future__ import annotations

from dataclasses import dataclass

from custinfo_tui.domain.training.scorecard import MarkResult, TimelineStep


@dataclass(frozen=True)
class RunSoFar:
    """A running run as far as it has gone: its steps in words, each marking point's verdict
    on the events so far, and the last event read (to ask only for newer ones next)."""

    last_event_id: int
    steps: tuple[TimelineStep, ...]
    results: tuple[MarkResult, ...]
    #: Why the run would end not played if it ended now (`scoring.not_played`), with no
    #: point scored; "" once the trainee has taken a step of the call.
    not_played: str = ""


@dataclass(frozen=True)
class RunEnded:
    """The run watched has ended (scored, or not played): nothing more will be logged, so
    the watcher says so and stops asking. `words` say how it ended ("Run 6 ended: 4 of 7
    met. The scorecard:"), and `to_run` is the command that shows it whole
    ("custinfo train report 6 --as trainer"), said on a line of its own."""

    words: str
    to_run: str = ""
