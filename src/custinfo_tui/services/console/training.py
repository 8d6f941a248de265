"""Role-play training and evidence of practice: runs, their debriefs and notes, starting a
run, the cohort, and anonymised evidence exported (docs/training.md)."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.evidence import EvidenceDocument
from custinfo_tui.domain.operators import Actor, OperatorSummary
from custinfo_tui.domain.training.cohort import Cohort
from custinfo_tui.domain.training.runs import (
    NotStartedBecause,
    TrainingNote,
    TrainingRunDetail,
    TrainingRunSummary,
)
from custinfo_tui.domain.training.scenario import ScenarioChoices, ScenarioNames
from custinfo_tui.domain.training.scoring import ScoringPolicies
from custinfo_tui.private_files import typed_file
from custinfo_tui.services import (
    cohort,
    evidence,
    training,
    training_not_started,
    training_sandbox,
    training_stopped,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.retry import retried
from custinfo_tui.services.training_play_lock import being_played


class TrainingServices(Bound):
    """Training and evidence."""

    @retried
    def training_runs(self, actor: Actor) -> list[TrainingRunSummary]:
        """Training runs, newest first: every run for a trainer, else the operator's own."""
        return training.list_runs(self._uow_for(actor), actor)

    @retried
    def training_run(self, actor: Actor, run_id: int) -> TrainingRunDetail:
        """A run's scorecard, timeline and notes, for a trainer or its trainee."""
        return training.run_detail(self._uow_for(actor), actor, run_id)

    @retried
    def save_training_note(
        self, actor: Actor, run_id: int, marking_point: str, text: str
    ) -> TrainingNote:
        return training.save_note(self._uow_for(actor), actor, run_id, marking_point, text)

    def export_work_evidence(
        self, actor: Actor, username: str, since: str, until: str, path: str
    ) -> EvidenceDocument:
        """An operator's real work between two days (typed as dates), anonymised, to a new
        file (`typed_file`: absolute): ".json" gives JSON, any other name printable HTML
        (MP-21). Their own, or for a trainer or a supervisor anyone's."""
        return evidence.live_work_evidence(
            self._uow_for(actor),
            actor,
            username,
            since=parse_calendar_date(since),
            until=parse_calendar_date(until),
            capture=self.capture,
            out=typed_file(path),
            form=evidence.form_for_file(path),
        )

    def export_run_evidence(
        self, actor: Actor, run_id: int, path: str, *, with_notes: bool = False
    ) -> EvidenceDocument:
        """A scored training run, anonymised, to a new file (as `export_work_evidence`); for
        its trainee, a trainer or a supervisor; the trainer's notes in it when asked for."""
        return evidence.training_run_evidence(
            self._uow_for(actor),
            actor,
            run_id,
            out=typed_file(path),
            form=evidence.form_for_file(path),
            with_notes=with_notes,
        )

    def training_scenarios(self, actor: Actor) -> ScenarioChoices:
        """The scenarios a trainer may start a run of, shipped and their own, checked
        against this console's policies; the bad files' problems beside them."""
        shelf = training.scenarios_to_run(actor, self.scenarios_dir, self._scenario_names())
        return ScenarioChoices(
            tuple(shelf.scenarios.values()), tuple(str(p) for p in shelf.problems.values())
        )

    def _scenario_names(self) -> ScenarioNames:
        return ScenarioNames.of(self.policy, self.capture, self.complaints)

    def start_training_run(
        self, actor: Actor, scenario_id: str, trainee: str
    ) -> TrainingRunSummary:
        """Record a role-play run as started by this trainer and build its sandbox; the
        terminal then plays it (`custinfo train play RUN`). Not retried: a retry after the
        run was recorded would record a second."""
        if self._training_dir is None or self._open_sandbox is None:
            raise ServiceError("This console starts no training runs.")
        shelf = training.scenarios_to_run(actor, self.scenarios_dir, self._scenario_names())
        scenario = shelf.get(scenario_id)
        return training.start_run(
            self._uow_for(actor), actor, scenario, trainee, self._training_dir, self._open_sandbox
        ).run

    def end_stopped_training_run(self, actor: Actor, run_id: int) -> TrainingRunDetail:
        """End a run whose console stopped before the run ended (a crash, `kill -9`) and
        score it on what its sandbox holds, under this console's policies; refused while
        another console plays it. Not retried: the run would be scored once already."""
        if self._open_sandbox is None:
            raise ServiceError("This console ends no training runs.")
        shelf = training.scenarios_to_run(actor, self.scenarios_dir, self._scenario_names())
        policies = ScoringPolicies(self.policy, self.complaints)
        return training_stopped.end_stopped_run(
            self._uow_for(actor), actor, run_id, shelf, self._open_sandbox, policies
        )

    def record_training_run_not_started(
        self, actor: Actor, run_id: int, why: NotStartedBecause
    ) -> None:
        """`custinfo train play`, started from the training screen, started nothing: on the
        stream as the trainer's (`training.run_not_started`), which the screen reads the
        runs from. Not retried: a retry after the commit would record it twice."""
        training_not_started.record_not_started(self._uow_for(actor), actor, run_id, why)

    @retried
    def training_run_being_played(self, actor: Actor, run_id: int) -> bool:
        """Whether another console is playing the run now (its lock is held)."""
        run = training.run_detail(self._uow_for(actor), actor, run_id).run
        return being_played(Path(run.sandbox_path), run_id) if run.sandbox_path else False

    @retried
    def training_run_not_played(self, actor: Actor | None) -> str:
        """On a role-play's console: why its run would end not played if it ended now (the
        trainee never logged in, or took no step of the call), or "" once it would be
        scored. Read from the sandbox's events, as the run's end reads them."""
        uow = self._uow_factory() if actor is None else self._uow_for(actor)
        return training_sandbox.not_played_so_far(uow)

    @retried
    def training_trainees(self, actor: Actor) -> list[OperatorSummary]:
        return training.list_trainees(self._uow_for(actor), actor)

    @retried
    def training_cohort(self, actor: Actor) -> Cohort:
        """Each trainee's runs and shares of each marking point met; trainers only."""
        return cohort.training_cohort(self._uow_for(actor), actor)

    # Subject access requests and restricting processing (MP-16, Art. 18); days in UTC.
