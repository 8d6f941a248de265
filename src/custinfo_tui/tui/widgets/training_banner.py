"""The one-line bar that tells everyone at the desk the console is in training mode."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from custinfo_tui.tui.printable_text import printable_text


class TrainingBanner(Static):
    """ "TRAINING · sandbox data, not live customers · role-play run 6", under the header;
    while the caller's pane is hidden, "· F12 shows the caller" before the run.

    The run, not the scenario's title: a title such as "An impostor who knows the name and
    postcode" would tell the trainee what the call is to test. The warning comes first.

    Docked at the top of every full screen; on a screen with a header it sits one line
    down (class `-below-header`), so both show.
    """

    DEFAULT_CSS = """
    TrainingBanner {
        dock: top;
        width: 100%;
        height: 1;
        padding: 0 1;
        background: $warning;
        color: $background;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TrainingBanner.-below-header {
        margin-top: 1;
    }
    """

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.run_label = f"role-play run {run_id}"
        super().__init__(self._text(pane_hidden=False), id="training-banner")

    def pane_hidden(self, hidden: bool) -> None:
        """Say how to bring the caller's pane back while it is hidden. The pane's own
        border says "F12 hides"; the footer has no room for the key on every screen."""
        self.update(self._text(pane_hidden=hidden))

    def _text(self, *, pane_hidden: bool) -> Text:
        # Whole at 80 columns either way: with the key to say, the words are shorter.
        said = (
            f"TRAINING · sandbox, not live customers · run {self.run_id} · F12 shows the caller"
            if pane_hidden
            else f"TRAINING · sandbox data, not live customers · {self.run_label}"
        )
        return printable_text(said, no_wrap=True, ellipsis=True)
