"""Choosing the scenario of a new role-play run (a trainer's Ctrl+N on the training screen,
tui/screens/training.py): the titles alphabetically, the highlighted one's summary, id
and marking points under them, and the scenario files not offered, with what is wrong."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from custinfo_tui.domain.text import counted
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer

#: Lines the files not offered may take under the list, their heading included: what
#: stays in sight at 80x24 under the longest summary.
PROBLEM_LINES = 4


def not_offered(problems: tuple[str, ...]) -> Text:
    """The files not offered, one a line (the screen's style cuts each to the width with
    "...", and the command line gives each problem whole), the rest counted: never run
    together, never one hiding the next."""
    room = PROBLEM_LINES - 1
    shown = problems if len(problems) <= room else problems[: room - 1]
    lines = [
        f"Not offered ({counted(len(problems), 'file')}; `custinfo train scenarios` says why "
        "in full):",
        *shown,
    ]
    if len(shown) < len(problems):
        lines.append(f"... and {len(problems) - len(shown)} more")
    return Text("\n").join(printable_text(line) for line in lines)


class ScenarioScreen(Dialog[Scenario | None]):
    """Which scenario to run: the titles, and the highlighted one's summary, id (what the
    runs list and `custinfo train start` name it by) and marking points underneath. Enter
    chooses it, Escape goes back. A file that could not be read is not in the list; its
    problem (file, line, key) is said under it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Back without starting a run", id="cancel"),
        Binding(
            "enter",
            "choose",
            "Choose",
            tooltip="Run the highlighted scenario",
            id="choose",
            priority=True,
        ),
    ]

    def __init__(
        self,
        scenarios: list[Scenario],
        *,
        highlight: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.problems = problems
        # By title, as the list shows them (the ids' order looked like none).
        self.scenarios = sorted(scenarios, key=lambda scenario: scenario.title.casefold())
        #: The scenario highlighted first (coming back from "Who is training?").
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        classes = "choice-box with-problems" if self.problems else "choice-box"
        with Vertical(classes=classes, id="scenario-box"):
            yield Static("Start a run: which scenario?", classes="choice-title")
            yield ChoiceTable(id="scenario-table")
            yield Static(id="scenario-summary")
            yield Static(id="scenario-points")
            if self.problems:
                yield Static(not_offered(self.problems), id="scenario-problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#scenario-table", DataTable)
        # One column, the whole width at 80x24: the titles are what a trainer reads, and
        # the longest built-in one (65 characters) fits; the id is underneath.
        table.add_column("Scenario", width=72)
        for scenario in self.scenarios:
            table.add_row(printable_text(scenario.title), key=scenario.id)
        ids = [scenario.id for scenario in self.scenarios]
        if self.highlight in ids:
            table.move_cursor(row=ids.index(self.highlight))
        table.focus()
        self._summary()

    @on(DataTable.RowHighlighted, "#scenario-table")
    def _summary(self) -> None:
        row = self.query_one("#scenario-table", DataTable).cursor_row
        summary = self.query_one("#scenario-summary", Static)
        points = self.query_one("#scenario-points", Static)
        if not 0 <= row < len(self.scenarios):
            summary.update("No scenarios.")
            points.update("")
            return
        scenario = self.scenarios[row]
        summary.update(printable_text(f"{scenario.title}. {scenario.summary}"))
        points.update(printable_text(f"{scenario.id}: practises {', '.join(scenario.practises)}."))

    def action_choose(self) -> None:
        row = self.query_one("#scenario-table", DataTable).cursor_row
        if 0 <= row < len(self.scenarios):
            self.dismiss(self.scenarios[row])

    def action_cancel(self) -> None:
        self.dismiss(None)
