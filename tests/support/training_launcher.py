"""A `TrainingLauncher` for tests: what `custinfo train play` does, without a terminal.

`ScriptedLauncher.launch(run_id)` plays a run the console started (its sandbox built): a
short session there as the trainee through the services (logs in, searches for the
scenario's caller, opens their record outside a call), then finishes the run, so it is
scored with a timeline. `start(scenario, trainee)` starts one as the system, as
`custinfo train start` does, and `start_and_play` plays it too. Every run it played is
kept in `launched`.
"""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.composition import open_sandbox, uow_factory_for
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import auth, lookup, records
from custinfo_tui.services.scenarios import load_scenarios
from custinfo_tui.services.training import finish_run, run_detail, start_run
from custinfo_tui.services.training_not_started import record_played
from tests.support.tour import AGENT, DPO, SUPERVISOR

PASSWORDS = dict([AGENT, SUPERVISOR, DPO, ("trainer", "trainer-demo-2026")])


def played(live_url: str, run_id: int) -> None:
    """What `custinfo train play` records once past the trainer's password, as the console
    starts: the run's console started (`training.run_played`; here as the system, where
    the command acts for the trainer, whose console's session a second login would meet)."""
    engine = build_engine(live_url)
    try:
        record_played(uow_factory_for(engine)(), None, run_id)
    finally:
        engine.dispose()


class ScriptedLauncher:
    def __init__(self, live_url: str, training_dir: Path, search: str = "john smith") -> None:
        self.live_url = live_url
        self.training_dir = training_dir
        self.search = search
        self.launched: list[tuple[str, str, int]] = []

    def launch(self, run_id: int, trainer: str = "trainer") -> int:
        engine = build_engine(self.live_url)
        live = uow_factory_for(engine)
        try:
            run = run_detail(live(), None, run_id).run
            scenario = load_scenarios(None)[run.scenario_id]
            with open_sandbox(Path(run.sandbox_path)) as sandbox:
                actor = auth.authenticate(sandbox(), run.trainee, PASSWORDS[run.trainee]).actor
                assert actor is not None, "the trainee could not log in to the sandbox"
                found = lookup.lookup(sandbox(), actor, self.search)
                if found.matches:
                    reason = AccessReason(reason="Training", detail="role-play")
                    records.open_record(sandbox(), actor, found.matches[0].customer_id, reason)
                finish_run(live(), None, run_id, scenario, sandbox())
        finally:
            engine.dispose()
        self.launched.append((run.scenario_id, run.trainee, run_id))
        return 0

    def start(self, scenario_id: str, trainee: str) -> int:
        """A run started by the system (`custinfo train start`), not played: its number."""
        scenario = load_scenarios(None)[scenario_id]
        engine = build_engine(self.live_url)
        try:
            live = uow_factory_for(engine)
            started = start_run(live(), None, scenario, trainee, self.training_dir, open_sandbox)
        finally:
            engine.dispose()
        return started.run.run_id

    def start_and_play(self, scenario_id: str, trainee: str) -> int:
        """A run started by the system (`custinfo train start`) and played: its number."""
        run_id = self.start(scenario_id, trainee)
        self.launch(run_id)
        return run_id
