"""What the training screen, the debrief, the cohort and evidence of practice need from the
service layer (part of `ConsoleServicesPort`, tui/ports.py; docs/training.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from custinfo_tui.domain.evidence import EvidenceDocument
    from custinfo_tui.domain.operators import Actor, OperatorSummary
    from custinfo_tui.domain.training.cohort import Cohort
    from custinfo_tui.domain.training.runs import (
        NotStartedBecause,
        TrainingNote,
        TrainingRunDetail,
        TrainingRunSummary,
    )
    from custinfo_tui.domain.training.scenario import ScenarioChoices


class TrainingPort(Protocol):
    def training_runs(self, actor: Actor) -> list[TrainingRunSummary]: ...

    def training_run(self, actor: Actor, run_id: int) -> TrainingRunDetail: ...

    def export_work_evidence(
        self, actor: Actor, username: str, since: str, until: str, path: str
    ) -> EvidenceDocument: ...

    def export_run_evidence(
        self, actor: Actor, run_id: int, path: str, *, with_notes: bool = False
    ) -> EvidenceDocument: ...

    def save_training_note(
        self, actor: Actor, run_id: int, marking_point: str, text: str
    ) -> TrainingNote: ...

    def training_scenarios(self, actor: Actor) -> ScenarioChoices: ...

    def training_trainees(self, actor: Actor) -> list[OperatorSummary]: ...

    def start_training_run(
        self, actor: Actor, scenario_id: str, trainee: str
    ) -> TrainingRunSummary: ...

    def end_stopped_training_run(self, actor: Actor, run_id: int) -> TrainingRunDetail: ...

    def record_training_run_not_started(
        self, actor: Actor, run_id: int, why: NotStartedBecause
    ) -> None: ...

    def training_run_being_played(self, actor: Actor, run_id: int) -> bool: ...

    def training_run_not_played(self, actor: Actor | None) -> str: ...

    def training_cohort(self, actor: Actor) -> Cohort: ...
