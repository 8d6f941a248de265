"""The one-line bar that tells everyone at the desk the console is in training mode."""

from __future__ import annotations

from textual.widgets import Static

from custinfo_tui.tui.printable_text import printable_text


class TrainingBanner(Static):
    """ "TRAINING · sandbox data, not live customers · <scenario>", under the header.

    The warning comes first, so a long scenario title is what gets cut at 80 columns.

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

    def __init__(self, scenario_title: str) -> None:
        # The title comes from a scenario file: text, never markup.
        text = printable_text(
            f"TRAINING · sandbox data, not live customers · {scenario_title}",
            no_wrap=True,
            ellipsis=True,
        )
        super().__init__(text, id="training-banner")
