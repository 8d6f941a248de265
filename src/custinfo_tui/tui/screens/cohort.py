"""The trainer's view of a cohort (docs/training.md, "The cohort"): F6 on the training screen.

At the top, each marking point the cohort's runs scored, the weakest first, with the share
met over the cohort's and each trainee's last runs (met of scored). Under it a sparkline of
the highlighted run's trainee's progress: the share of points met in each of their scored
runs, oldest first. Then every run, newest first; Enter there opens its debrief (the line
over the points says so there, and on the points that Tab goes to the runs). The line
at the bottom gives the highlighted row of the table with the focus whole (a point's title
and every trainee's share; a run's trainee and scenario), as the run watcher's does: at 80
columns both tables cut them. Trainers only (the service decides, and the training screen
offers the key only to them); listing the trainees is audited by the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Sparkline, Static

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.cohort import Cohort, CohortRun
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page, back_to
from custinfo_tui.tui.screens.debrief import DebriefScreen
from custinfo_tui.tui.service_calls import attempt
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import Row, fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


_RUN_COLUMNS = ("Started", "Trainee", "Scenario", "Score")
#: Cut with an ellipsis, in this order, to fit 80 columns: a long username (or the
#: longest shipped scenario id beside a username of a dozen letters) pushed Score off the
#: screen. The progress line above names the highlighted run's trainee whole; its debrief
#: (Enter) the scenario.
_RUN_GIVES_WAY = ("Scenario", "Trainee")


def _cut_title(title: str) -> Text:
    """A marking point's title, ending in an ellipsis where its column is too narrow: cut
    bare, "...and any representativ" read as if that were all of it (the debrief cuts its
    titles the same way). The line under the tables gives it whole."""
    return Text(title, no_wrap=True, overflow="ellipsis")


class CohortScreen(Page[None]):
    """A worker posts `Loaded` (the cohort, or why it could not be loaded)."""

    DEFAULT_CSS = """
    CohortScreen #cohort-status { height: auto; padding: 0 1; }
    CohortScreen #cohort-points { height: auto; max-height: 8; }
    CohortScreen #cohort-progress-label { height: 1; padding: 0 1; color: $text-muted; }
    CohortScreen #cohort-progress { height: 2; margin: 0 1; }
    CohortScreen #cohort-runs { height: 1fr; }
    CohortScreen #cohort-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, cohort: Cohort | None, error: str | None) -> None:
            super().__init__()
            self.cohort = cohort
            self.error = error

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the training runs", id="back"),
        # On the runs only: on the points it opened the debrief of the run highlighted in
        # the other table, and the footer said so.
        Binding(
            "enter",
            "debrief",
            "Debrief",
            tooltip="Open the highlighted run's debrief",
            id="debrief",
            priority=True,
        ),
        Binding("f5", "refresh", "Refresh", tooltip="Reload the cohort", id="refresh"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.cohort: Cohort | None = None
        self.runs: tuple[CohortRun, ...] = ()
        #: The line over the points, before what Enter does where the focus is.
        self._summary = ""

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading the cohort..."), id="cohort-status")
        yield DataTable(id="cohort-points", cursor_type="row", zebra_stripes=True)
        yield Static(id="cohort-progress-label")
        yield Sparkline([], id="cohort-progress")
        yield ChoiceTable(id="cohort-runs")
        yield Static(id="cohort-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        runs = self.query_one("#cohort-runs", DataTable)
        runs.add_columns(*_RUN_COLUMNS)
        runs.focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "debrief":
            return bool(self.runs) and self.focused is self.query_one("#cohort-runs")
        return True

    @work(thread=True, exclusive=True, group="training-cohort", exit_on_error=False)
    def action_refresh(self) -> None:
        services = self.custinfo.services()
        result = attempt("show the cohort", services.training_cohort, self.actor)
        self.post_message(self.Loaded(result.value, result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.cohort = cohort = loaded.cohort
        self.runs = cohort.runs if cohort is not None else ()
        points = self.query_one("#cohort-points", DataTable)
        points.clear(columns=True)
        status = self.query_one("#cohort-status", Static)
        if cohort is None or not cohort.trainees:
            self._summary = ""
            status.update(Text(loaded.error or "No training runs yet."))
            self._show_runs()
            return
        points.add_column("Point", width=5)
        points.add_column("Cohort", width=6)
        for trainee in cohort.trainees:
            points.add_column(printable_text(trainee.trainee[:10]), width=10)
        # The title takes what the other columns leave of 80 columns (each is padded by 2).
        points.add_column("Title", width=max(20, 76 - 11 - 12 * len(cohort.trainees) - 2))
        for point in cohort.points:
            points.add_row(
                Text(point.marking_point),
                Text(point.words, style="red" if point.share < 0.5 else ""),
                *(
                    Text(
                        t.shares[point.marking_point].words
                        if point.marking_point in t.shares
                        else "-"
                    )
                    for t in cohort.trainees
                ),
                _cut_title(point.title),
                key=point.marking_point,
            )
        self._summary = (
            f"{len(cohort.trainees)} trainee{'s' if len(cohort.trainees) != 1 else ''}. "
            f"Met of scored over each one's last {cohort.last_runs} runs, weakest point first."
        )
        self._show_runs()

    def _show_runs(self) -> None:
        rows: list[Row] = [
            (
                str(run.run_id),
                (
                    Text(f"{run.started_at:%d %b %Y %H:%M}"),
                    printable_text(run.trainee),
                    printable_text(run.scenario_id),
                    Text(run.score),
                ),
            )
            for run in self.runs
        ]
        fill_sized(
            self.query_one("#cohort-runs", DataTable),
            _RUN_COLUMNS,
            rows,
            keep_place=True,
            gives_way=_RUN_GIVES_WAY,
        )
        self._progress()
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    @on(events.DescendantFocus)
    def _show_detail(self) -> None:
        """The highlighted row of the table with the focus whole, in the line at the bottom."""
        points = self.query_one("#cohort-points", DataTable)
        if points.has_focus:
            line = self._point_detail(points.cursor_row)
        else:
            line = self._run_detail(self.query_one("#cohort-runs", DataTable).cursor_row)
        self.query_one("#cohort-detail", Static).update(printable_text(line))
        if self._summary:  # the cohort is shown: say what Enter does from here
            # On the points Enter opens nothing: the line had said it opened a debrief.
            enter = (
                "Tab goes to the runs, where Enter opens a run's debrief."
                if points.has_focus
                else "Enter opens the highlighted run's debrief."
            )
            self.query_one("#cohort-status", Static).update(Text(f"{self._summary} {enter}"))

    def _point_detail(self, row: int) -> str:
        """ "MP-03 Read details back and get the caller's confirmation before saving: met
        2/4 in the cohort; agent 2/3, supervisor 0/1." """
        if self.cohort is None or not 0 <= row < len(self.cohort.points):
            return ""
        point = self.cohort.points[row]
        each = ", ".join(
            f"{t.trainee} {t.shares[point.marking_point].words}"
            for t in self.cohort.trainees
            if point.marking_point in t.shares
        )
        return f"{point.marking_point} {point.title}: met {point.words} in the cohort; {each}."

    def _run_detail(self, row: int) -> str:
        """ "Run 7, 09 Nov 2026 10:00: agent, change-of-address, 3 of 3 met." """
        if not 0 <= row < len(self.runs):
            return ""
        run = self.runs[row]
        started = f"{run.started_at:%d %b %Y %H:%M}"
        return f"Run {run.run_id}, {started}: {run.trainee}, {run.scenario_id}, {run.score}."

    @on(DataTable.RowHighlighted, "#cohort-runs")
    def _progress(self) -> None:
        """The sparkline shows the highlighted run's trainee's progress."""
        row = self.query_one("#cohort-runs", DataTable).cursor_row
        label = self.query_one("#cohort-progress-label", Static)
        sparkline = self.query_one("#cohort-progress", Sparkline)
        if self.cohort is None or not 0 <= row < len(self.runs):
            label.update("")
            sparkline.data = []
            return
        name = self.runs[row].trainee
        trainee = next(t for t in self.cohort.trainees if t.trainee == name)
        progress = trainee.progress
        shares = ", ".join(f"{share:.0%}" for share in progress[-6:]) or "none yet"
        label.update(printable_text(f"{name}: share met per scored run, oldest first: {shares}"))
        # A sparkline scales between its own lowest and highest value: it draws the shape
        # of two or more runs (each a few cells wide); the label gives the shares.
        shape = list(progress) if len(progress) > 1 else []
        sparkline.styles.width = min(4 * len(shape), 78) or 1
        sparkline.data = shape

    def action_debrief(self) -> None:
        row = self.query_one("#cohort-runs", DataTable).cursor_row
        if 0 <= row < len(self.runs):
            debrief = DebriefScreen(self.actor, self.runs[row].run_id)
            back_to(debrief, "the cohort")  # Escape comes back here, not to the runs
            self.app.push_screen(debrief)
