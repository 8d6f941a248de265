"""Starting a role-play from the training screen (screens/training.py) and playing it in
this terminal: a scenario, then a trainee (Ctrl+N); the run recorded and its sandbox
built; the terminal handed to the app's `TrainingLauncher` until the trainee's console
closes; then the runs again, locked for the trainer's password when the trainee was
someone else, and the score said, on the status line and, once the trainer is back, as a
notification.

`StartingRuns` is the training screen's base, so Textual registers its handlers.
"""

from __future__ import annotations

from contextlib import ExitStack, suppress
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import SuspendNotSupported
from textual.message import Message
from textual.widgets import Static

from custinfo_tui.domain.operators import Actor, OperatorSummary
from custinfo_tui.domain.training.runs import (
    NotStartedBecause,
    TrainingRunDetail,
    TrainingRunSummary,
)
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.scenario_choice import ScenarioScreen
from custinfo_tui.tui.service_calls import Attempt, attempt, tell_handler

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from custinfo_tui.tui.app import CustinfoApp


def ended_words(detail: TrainingRunDetail) -> str:
    """ "Run 1 (change-of-address) for agent ended: 4 of 6 marking points met." """
    run, scorecard = detail.run, detail.scorecard
    said = f"Run {run.run_id} ({run.scenario_id}) for {run.trainee}"
    if scorecard is None:  # not scored (its console stopped before it ended)
        return f"{said}: {run.status.value}, not scored."
    if not scorecard.played:
        return f"{said} ended not played ({scorecard.not_played}): it counts in no score."
    # Highlighted in the runs: only the footer's "Debrief" said what Enter does with it.
    return (
        f"{said} ended: {scorecard.met} of {scorecard.scored} marking points met. "
        "Enter opens its debrief."
    )


def handed_back(run_id: int, trainer: str) -> str:
    """Said on the lock when a trainee's run gives the terminal back: the trainee, still at
    the desk, is told what to do next, and nothing of the score (it is the trainer's to
    give, in the debrief)."""
    return (
        f"Role-play run {run_id} has closed: hand the desk back to {trainer}, whose "
        "password unlocks it."
    )


#: Why `custinfo train play` started nothing, by its status.
STARTED_NOTHING = {
    PASSWORD_NOT_ACCEPTED: NotStartedBecause.PASSWORD_NOT_ACCEPTED,
    STOPPED_AT_PASSWORD: NotStartedBecause.STOPPED_AT_PASSWORD,
}
#: Why a run was not started, as the training screen says it.
NOT_STARTED_BECAUSE = {
    NotStartedBecause.PASSWORD_NOT_ACCEPTED: "The password was not accepted",
    NotStartedBecause.STOPPED_AT_PASSWORD: "You stopped it at the password",
}


def not_started_words(
    run: TrainingRunSummary, why: NotStartedBecause = NotStartedBecause.PASSWORD_NOT_ACCEPTED
) -> str:
    """Said when `custinfo train play` started nothing (the trainer's password not
    accepted at its prompt, or Ctrl+C there), where "stopped before it was ended ...
    Nothing is lost" had them look for work that never was. The run, highlighted, is
    tried again with Enter."""
    return (
        f"{NOT_STARTED_BECAUSE[why]}; run {run.run_id} ({run.scenario_id}) for "
        f"{run.trainee} was not started: Enter on it tries again."
    )


def latest_words(run: TrainingRunSummary) -> str:
    """The newest run in the list, said where older news was: "Latest: run 6
    (change-of-address) for agent, finished, 3 of 5 met." (a run started since, here or
    with `custinfo train play`, made the news of the one before stale)."""
    score = f", {run.score}" if run.score else ""
    said = f"run {run.run_id} ({run.scenario_id}) for {run.trainee}"
    return f"Latest: {said}, {run.status.value}{score}."


class StartingRuns(Page[None]):
    """A trainer's runs started and played from the training screen. Workers post
    `ChoicesLoaded` (scenarios and trainees) and `RunStarted`."""

    class ChoicesLoaded(Message):
        """What a trainer chooses from to start a run."""

        def __init__(
            self,
            scenarios: list[Scenario],
            trainees: list[OperatorSummary],
            problems: tuple[str, ...] = (),
        ) -> None:
            super().__init__()
            self.scenarios = scenarios
            self.trainees = trainees
            #: The scenario files not offered, each with what is wrong and where.
            self.problems = problems

    class RunStarted(Message):
        """A run recorded as the trainer's, its sandbox built: to be played now."""

        def __init__(self, run: TrainingRunSummary) -> None:
            super().__init__()
            self.run = run

    actor: Actor
    #: The run just played or ended here, highlighted once the list is read again.
    _ended_run: int | None
    #: What became of it (`_tell_run_news`), on the status line until the next run's.
    _run_news: str | None
    #: The run that news is about: a newer one in the list makes it stale.
    _news_about: int | None
    if TYPE_CHECKING:  # the training screen's (screens/training.py)

        @property
        def custinfo(self) -> CustinfoApp: ...

        def action_refresh(self) -> Worker[None]: ...

    def action_new_run(self) -> None:
        # The arrows and Enter typed straight after Ctrl+N are for the scenarios.
        self.custinfo.tabs.hold_until_next_screen()
        self._load_choices()

    @work(thread=True, exclusive=True, group="training-choices", exit_on_error=False)
    def _load_choices(self) -> None:
        services = self.custinfo.services()
        scenarios = tell_handler(
            self, attempt("list the scenarios", services.training_scenarios, self.actor)
        )
        choices = scenarios.value
        if choices is None:
            return
        trainees = tell_handler(
            self, attempt("list the trainees", services.training_trainees, self.actor)
        )
        if trainees.ok:
            self.post_message(
                self.ChoicesLoaded(list(choices.scenarios), trainees.value or [], choices.problems)
            )

    @on(ChoicesLoaded)
    def _choose(self, loaded: ChoicesLoaded) -> None:
        def trainee_chosen(scenario: Scenario, username: str | None) -> None:
            if username is None:  # Escape: back to the scenarios, this one highlighted
                chooser = ScenarioScreen(
                    loaded.scenarios, highlight=scenario.id, problems=loaded.problems
                )
                self.app.push_screen(chooser, scenario_chosen)
                return
            status = self.query_one("#training-status", Static)
            status.update(printable_text(f"Starting {scenario.id} for {username}..."))
            self._start_run(scenario, username)

        def scenario_chosen(scenario: Scenario | None) -> None:
            if scenario is None:
                return
            self.app.push_screen(
                ChoiceScreen(
                    "Who is training?",
                    f"{scenario.title}. The trainee logs in as themselves, with their own "
                    "role. A role-play is a call: a DPO or an administrator, whose role takes "
                    "no calls, is not listed.",
                    [
                        (f"{t.username} - {t.display_name} ({t.role.label})", t.username)
                        for t in loaded.trainees
                    ],
                ),
                lambda username: trainee_chosen(scenario, username),
            )

        self.app.push_screen(
            ScenarioScreen(loaded.scenarios, problems=loaded.problems), scenario_chosen
        )

    @work(thread=True, exclusive=True, group="start-run", exit_on_error=False)
    def _start_run(self, scenario: Scenario, trainee: str) -> None:
        """Record the run as this trainer's and build its sandbox, then hand it over."""
        services = self.custinfo.services()
        result = tell_handler(
            self,
            attempt(
                "start the training run",
                services.start_training_run,
                self.actor,
                scenario.id,
                trainee,
            ),
        )
        if result.value is not None:
            self.post_message(self.RunStarted(result.value))
        else:  # said why; the status line goes back to the runs
            self.app.call_from_thread(self.action_refresh)

    @on(RunStarted)
    def _launch(self, started: RunStarted) -> None:
        self._play(started.run)

    def _play(self, run: TrainingRunSummary) -> None:
        """Hand the terminal to the run until its console closes, then show the runs again,
        locked until the trainer gives their password when the trainee was someone else."""
        launcher = self.custinfo.training_launcher
        if launcher is None:
            return
        self._ended_run = run.run_id
        with ExitStack() as suspended:
            with suppress(SuspendNotSupported):  # headless (tests): nothing to hand over
                suspended.enter_context(self.app.suspend())
            result: Attempt[int] = attempt(
                "play the training run", launcher.launch, run.run_id, self.actor.username
            )
        status = result.value if result.ok else None
        refused = STARTED_NOTHING.get(status) if status is not None else None
        if run.trainee != self.actor.username and refused is None:
            # The trainee had this terminal: the trainer's session waits for their password,
            # and what became of the run is said once they are back (`_tell_run_news`). A
            # password not accepted, or Ctrl+C at it, handed nothing over: the trainer, who
            # was at their own prompt, is still at the desk.
            self.custinfo.lock_now(handed_back(run.run_id, self.actor.display_name))
        if refused is not None:
            self._tell_run_news(not_started_words(run, refused), run.run_id, severity="warning")
            self._record_not_started(run.run_id, refused)  # then the runs, read again
            return
        if result.ok and result.value != 0:
            # Killed, or failed: the run is left running with the trainee's work in its
            # sandbox, as `custinfo train start` leaves it (services/training_stopped.py).
            self._tell_run_news(
                f"Run {run.run_id} ({run.scenario_id}) for {run.trainee} stopped before it "
                f"was ended (status {result.value}). Nothing is lost: Enter on it plays it "
                "on, or ends it and scores what was done.",
                run.run_id,
                severity="warning",
            )
        elif result.ok:
            self._say_score(run.run_id)
        else:
            self._tell_run_news(result.error or "", run.run_id, severity="error")
        self.action_refresh()

    @work(thread=True, group="run-not-started", exit_on_error=False)
    def _record_not_started(self, run_id: int, why: NotStartedBecause) -> None:
        """On the stream, so the runs say it when this screen is opened again, or the
        console started again: kept here alone, it was lost with the screen."""
        services = self.custinfo.services()
        tell_handler(
            self,
            attempt(
                "record the run as not started",
                services.record_training_run_not_started,
                self.actor,
                run_id,
                why,
            ),
        )
        self.app.call_from_thread(self.action_refresh)

    @work(thread=True, group="run-score", exit_on_error=False)
    def _say_score(self, run_id: int) -> None:
        """The run just ended, with its score, so the trainer sees it without opening it."""
        services = self.custinfo.services()
        result = attempt("read the run", services.training_run, self.actor, run_id)
        if result.value is not None:
            self.app.call_from_thread(self._tell_run_news, ended_words(result.value), run_id)

    def _tell_run_news(
        self, words: str, about: int, *, severity: SeverityLevel = "information"
    ) -> None:
        """What became of the run just played or ended here: kept on the status line over
        the runs until the next run's news, and told as a notification once the trainer can
        see it. A notification alone faded under the lock while the trainee still had the
        terminal, before the trainer was back to unlock it."""
        self._run_news = words
        self._news_about = about
        self.query_one("#training-status", Static).update(printable_text(words))
        self.custinfo.tell_when_seen(words, severity=severity)
