"""The training screen (docs/training.md, "The debrief and the training screen"): the runs,
newest first, each opening its debrief with Enter; and, for a trainer, starting a run.

F8 on the lookup opens it for everyone: a trainer sees every run and starts runs (Ctrl+N:
a scenario, then a trainee); anyone else sees only their own runs. The services decide
both (`training_capabilities`, `list_runs`). Starting a run suspends the console and hands
the terminal to the app's `TrainingLauncher` (by default `custinfo train play`, which runs
the trainee's console on the run's sandbox and scores it), then resumes and reloads, and
says the score. A run whose console stopped before it ended (a crash, `kill -9`) stays
running, nothing lost: Enter on it lets a trainer play it on, or end it and score what was
done (services/training_stopped.py). Starting and playing a run: screens/training_start.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.runs import (
    TrainingRunStatus,
    TrainingRunSummary,
    nothing_to_export,
)
from custinfo_tui.services.capabilities import training_capabilities
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.cohort import CohortScreen
from custinfo_tui.tui.screens.debrief import DebriefScreen
from custinfo_tui.tui.screens.training_start import (
    StartingRuns,
    ended_words,
    latest_words,
)
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.choice_table import ChoiceTable
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.sized_rows import fill_sized

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The table's columns.
RUN_COLUMNS = ("Started", "Trainee", "Status", "Score", "Scenario")
#: Cut with an ellipsis, in this order, to fit 80 columns (the line under the table has
#: the highlighted run whole): a shipped scenario's id ran off the screen's edge mid-word,
#: and a long username pushed Score and Scenario off it.
RUN_GIVES_WAY = ("Scenario", "Trainee")


def describe_run(run: TrainingRunSummary, viewer: str | None = None) -> str:
    """ "Run 6, change-of-address (A change of address after verification), for agent,
    started by trainer 04 Dec 2026 05:21: finished, 5 of 5 met." A run not started says
    why to `viewer` (a username): "(you stopped it at the password)" to the trainer who
    did, naming them to anyone else."""
    outcome = f"{run.status.value}, {run.score}" if run.score else run.status.value
    if run.not_started is not None:  # from the stream: tried here, and never started
        outcome = f"{run.shown_status} ({run.why_not_started(viewer)})"
    return (
        f"Run {run.run_id}, {run.scenario_id} ({run.scenario_title}), for {run.trainee}, "
        f"started by {run.started_by} {run.started_at:%d %b %Y %H:%M}: {outcome}."
    )


class TrainingScreen(StartingRuns):
    """Workers post `Loaded` (the runs) and `StoppedRun` (a run not scored, chosen)."""

    class Loaded(Message):
        """The runs the operator may see, or why they could not be loaded."""

        def __init__(self, runs: list[TrainingRunSummary], error: str | None) -> None:
            super().__init__()
            self.runs = runs
            self.error = error

    class StoppedRun(Message):
        """A running run a trainer chose, and whether another console is playing it."""

        def __init__(self, run: TrainingRunSummary, being_played: bool) -> None:
            super().__init__()
            self.run = run
            self.being_played = being_played

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the lookup", id="back"),
        # A priority binding: the table would take Enter itself and hide the key's name.
        Binding(
            "enter",
            "debrief",
            "Debrief",
            tooltip="Open the highlighted run's debrief",
            id="debrief",
            priority=True,
        ),
        # Enter on a run still running, for a trainer: its console is playing it, or
        # stopped before the run ended (a crash): play it on, or end it and score it.
        Binding(
            "enter",
            "run_on",
            "Play on or end",
            tooltip="The highlighted run is not scored: play it on, or end it and score it",
            id="run_on",
            priority=True,
        ),
        # The same for a run tried here and never started: nothing to play on, and ended
        # it is not played, not scored ("Play on or end" had the trainer look for work).
        Binding(
            "enter",
            "start_or_end",
            "Start or end",
            tooltip="The highlighted run was never started: start it, or end it not played",
            id="start_or_end",
            priority=True,
        ),
        Binding(
            "ctrl+n",
            "new_run",
            "New run",
            tooltip="Choose a scenario and a trainee and start a role-play run",
            id="new_run",
            # As the key is read, so the keys typed after it are held for the scenarios
            # (tab_in_order.hold_until_next_screen) rather than read by the runs table.
            priority=True,
        ),
        Binding(
            "f5",
            "refresh",
            "Refresh",
            tooltip="Reload the runs",
            id="refresh",
            show=False,  # the command palette lists it; the footer keeps the quit key whole
        ),
        Binding(
            "f6",
            "cohort",
            "Cohort",
            tooltip="Each trainee's share of each marking point met, the weakest first",
            id="cohort",
        ),
        Binding(
            "ctrl+e",
            "evidence",
            "Evidence",
            tooltip="Export the highlighted scored run as anonymised evidence (MP-21)",
            id="evidence",
        ),
        Binding(
            "f10",
            "trainee_work",
            "Trainee's work",
            tooltip="Export a trainee's real work as anonymised evidence (MP-21)",
            id="trainee_work",
            # Where the footer has room (a supervisor's); a trainer's is full, and the
            # key leaves it first (tui/widgets/footer.py): the command palette lists it.
        ),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        #: What the operator may do here, as the services decide it.
        self.capabilities = training_capabilities(actor)
        self.runs: list[TrainingRunSummary] = []
        #: The run just ended here, to be highlighted once the list is read again (else
        #: the highlight stays where it was, and Enter opened another run's debrief).
        self._ended_run: int | None = None
        #: What became of the run played or ended here last, said on the status line.
        self._run_news: str | None = None
        #: The run that news is about.
        self._news_about: int | None = None

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="training-status")
        yield ChoiceTable(id="training-runs")
        yield Static(id="training-run-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#training-runs", DataTable)
        table.add_columns(*RUN_COLUMNS)
        table.focus()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Back from a debrief, the cohort or a run: runs may have started or been scored
        meanwhile (from this console or `custinfo train`), so the list is read again."""
        super().on_screen_resume()
        if self.is_mounted:
            self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_run":
            return self.capabilities.start_runs and self.custinfo.training_launcher is not None
        if action == "debrief":
            return bool(self.runs) and not self._running_for_a_trainer()
        if action in ("run_on", "start_or_end"):
            run = self._highlighted() if self.is_mounted else None
            never_started = run is not None and run.not_started is not None
            return self._running_for_a_trainer() and never_started == (action == "start_or_end")
        if action == "cohort":
            return self.capabilities.every_run
        if action == "evidence":
            return any(run.score for run in self.runs)
        if action == "trainee_work":
            return self.capabilities.export_others_evidence
        return True

    def action_cohort(self) -> None:
        """The trainer's view of the cohort (tui/screens/cohort.py)."""
        self.app.push_screen(CohortScreen(self.actor))

    @work(thread=True, exclusive=True, group="training-runs", exit_on_error=False)
    def action_refresh(self) -> None:
        services = self.custinfo.services()
        result = attempt("list the training runs", services.training_runs, self.actor)
        self.post_message(self.Loaded(result.value or [], result.error))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        self.runs = loaded.runs
        rows = [
            (
                str(run.run_id),
                (
                    Text(f"{run.started_at:%d %b %Y %H:%M}"),
                    printable_text(run.trainee),
                    Text(run.shown_status),
                    Text(run.score or ""),
                    printable_text(run.scenario_id),
                ),
            )
            for run in loaded.runs
        ]
        table = self.query_one("#training-runs", DataTable)
        fill_sized(table, RUN_COLUMNS, rows, keep_place=True, gives_way=RUN_GIVES_WAY)
        ended = [i for i, run in enumerate(loaded.runs) if run.run_id == self._ended_run]
        if ended:
            table.move_cursor(row=ended[0])
            self._ended_run = None
        whose = "Every training run" if self.capabilities.every_run else "Your training runs"
        starts = "; Ctrl+N starts a run" if self.check_action("new_run", ()) else ""
        status = loaded.error or (
            f"{whose}, newest first. Enter opens a run's debrief{starts}."
            if loaded.runs
            else f"No training runs yet{starts}."
        )
        # The news of the run just played or ended stays, for a trainer back at the desk,
        # until a newer run is listed (played since with `custinfo train play`, say): then
        # the newest is said, not a run four behind it.
        newest = loaded.runs[0] if loaded.runs else None
        if self._run_news and newest is not None and newest.run_id > (self._news_about or 0):
            self._run_news, self._news_about = latest_words(newest), newest.run_id
        self.query_one("#training-status", Static).update(
            printable_text(self._run_news) if self._run_news and not loaded.error else Text(status)
        )
        self.refresh_bindings()
        self._detail()

    def _highlighted(self) -> TrainingRunSummary | None:
        row = self.query_one("#training-runs", DataTable).cursor_row
        return self.runs[row] if 0 <= row < len(self.runs) else None

    def _running_for_a_trainer(self) -> bool:
        """A trainer has a run still running highlighted (not scored: nothing to debrief)."""
        run = self._highlighted() if self.is_mounted else None
        running = run is not None and run.status is TrainingRunStatus.RUNNING
        return running and self.capabilities.start_runs

    @on(DataTable.RowHighlighted, "#training-runs")
    def _detail(self) -> None:
        """The highlighted run whole, under the table: at 80 columns the scenario, or a long
        username, is cut with an ellipsis."""
        run = self._highlighted()
        line = "" if run is None else describe_run(run, self.actor.username)
        self.query_one("#training-run-detail", Static).update(printable_text(line))
        self.refresh_bindings()  # Enter debriefs a scored run, plays on a running one

    def action_debrief(self) -> None:
        if (run := self._highlighted()) is not None:
            self.app.push_screen(DebriefScreen(self.actor, run.run_id))

    def action_run_on(self) -> None:
        if (run := self._highlighted()) is not None:
            self._look_at_running(run)

    def action_start_or_end(self) -> None:
        self.action_run_on()  # the question's words say it was never started

    @work(thread=True, exclusive=True, group="running-run", exit_on_error=False)
    def _look_at_running(self, run: TrainingRunSummary) -> None:
        services = self.custinfo.services()
        played = tell_handler(
            self,
            attempt("look at the run", services.training_run_being_played, self.actor, run.run_id),
        )
        if played.value is not None:
            self.post_message(self.StoppedRun(run, played.value))

    @on(StoppedRun)
    def _offer_run_on(self, chosen: StoppedRun) -> None:
        """A run another console plays ends there; one whose console stopped before it
        ended is played on here, or ended and scored on what its sandbox holds."""
        run = chosen.run
        if chosen.being_played:
            self.notify(
                f"Run {run.run_id} ({run.scenario_id}) for {run.trainee} is being played in "
                "another console now: it is scored when that console ends it.",
                markup=False,
            )
            return
        title, why, play, end = self._run_on_words(run)
        choices: list[tuple[str, str]] = []
        if self.custinfo.training_launcher is not None:
            choices.append((play, "play"))
        choices.append((end, "end"))

        def chosen_one(what: str | None) -> None:
            if what == "play":
                self._play(run)
            elif what == "end":
                self._ended_run = run.run_id  # highlighted again once the list is read
                self._end_stopped(run)

        self.app.push_screen(ChoiceScreen(title, why, choices), chosen_one)

    def _run_on_words(self, run: TrainingRunSummary) -> tuple[str, str, str, str]:
        """The choice's title, why it is asked, and its play and end choices: a run whose
        trainer's password was not accepted here was never played, where "its console
        stopped ... nothing is lost" sent the trainer looking for a crash."""
        said = f"Run {run.run_id} ({run.scenario_id}) for {run.trainee}"
        if run.not_started is not None:  # tried and never started, as the stream says
            # "You stopped it" only to the trainer who did; another trainer is told who
            # (a username, as typed: "terry stopped it at the password").
            why = run.why_not_started(self.actor.username)
            why = why[:1].upper() + why[1:] if why.startswith(("the ", "you")) else why
            return (
                f"{said} was not started",
                f"{why}, so its console never opened: nothing was done in it.",
                "Start it: the trainee's console, in this terminal",
                "End it now, not played: it counts in no score",
            )
        return (
            f"{said} is not scored",
            "Its console stopped before the run ended (an error, or it was killed). "
            "Nothing is lost: what the trainee did is kept in its sandbox.",
            "Play it on: the trainee's console, in this terminal",
            "End it now and score what was done",
        )

    @work(thread=True, exclusive=True, group="end-run", exit_on_error=False)
    def _end_stopped(self, run: TrainingRunSummary) -> None:
        services = self.custinfo.services()
        result = tell_handler(
            self,
            attempt("end the run", services.end_stopped_training_run, self.actor, run.run_id),
        )
        if result.value is not None:
            self.app.call_from_thread(self._tell_run_news, ended_words(result.value), run.run_id)
        self.app.call_from_thread(self.action_refresh)

    def action_evidence(self) -> None:
        """Export the highlighted run; one with no score (not played, still running) is
        said to have nothing to export at once, not after a file name is typed."""
        from custinfo_tui.tui.screens.evidence_export import export_run_evidence

        run = self._highlighted()
        if run is None:
            return
        if run.score is None:
            self.notify(nothing_to_export(run.run_id, run.status), markup=False)
            return
        export_run_evidence(self, self.actor, run.run_id)

    def action_trainee_work(self) -> None:
        from custinfo_tui.tui.screens.evidence_export import export_trainee_work

        export_trainee_work(self, self.actor)
