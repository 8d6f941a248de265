"""A role-play run driven with Pilot, as a trainee at the console would play it.

`training_console(settings, scenario)` starts a run of `scenario` for the demo agent on the
live database `settings` name and returns the console in training mode on the run's new
sandbox, as `custinfo train start` builds it (the console refuses any other database).

`play(live_url, tmp_path, "change-of-address", walk)` starts a run of a shipped scenario for
the demo agent on the live database at `live_url` (its sandbox under `tmp_path`), runs the
training console on the sandbox at 80x24, lets `walk` press the trainee's keys (logged in
already), closes the console and scores the run, returning the run's detail with its
scorecard -- what `custinfo train start` does, without a terminal.

`RolePlays` (the e2e fixture `role_plays`) plays shipped scenarios on one live demo
database and checks the scorecard the way the role-play tests judge a run: every point the
scenario practises met, or every one met but those the careless trainee botched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from custinfo_tui.composition import make_app, open_sandbox, sandbox_settings, uow_factory_for
from custinfo_tui.domain.capture import DEFAULT_ENQUIRY_TYPES
from custinfo_tui.domain.training.run import TrainingMode
from custinfo_tui.domain.training.runs import TrainingRunDetail
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, Verdict
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.domain.wrap_up import DEFAULT_OUTCOMES
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services.scenarios import load_scenarios
from custinfo_tui.services.training import finish_run, sandbox_path, start_run
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel
from tests.support.console_page import ConsolePage
from tests.support.screen import region_text, settle
from tests.support.tour import AGENT, log_in

SIZE = (80, 24)

Walk = Callable[[Pilot[None]], Awaitable[None]]


def training_console(
    settings: Settings, scenario: Scenario, cue_file: Path | None = None, trainee: str = "agent"
) -> CustinfoApp:
    """The training console on a fresh sandbox of `scenario`, for a run started on the live
    database of `settings`, as `custinfo train start` builds it; its cue file where
    `cue_file` says, else beside the sandbox."""
    assert settings.database_url is not None
    engine = build_engine(settings.database_url)
    try:
        started = start_run(
            uow_factory_for(engine)(),
            None,
            scenario,
            trainee,
            settings.data_dir / "training",
            open_sandbox,
        )
    finally:
        engine.dispose()
    mode = TrainingMode(started.run.run_id, scenario, trainee, cue_file or started.cue_file)
    return make_app(sandbox_settings(settings, started.sandbox), training=mode)


async def play(
    live_url: str, tmp_path: Path, scenario_id: str, walk: Walk, who: tuple[str, str] = AGENT
) -> TrainingRunDetail:
    """One run of a shipped scenario by `who`, played by `walk`, scored."""
    scenario = load_scenarios(None)[scenario_id]
    settings = Settings(database_url=live_url, data_dir=tmp_path, log_dir=tmp_path / "logs")
    app = training_console(settings, scenario, trainee=who[0])
    assert app.training is not None
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, who)
        await walk(pilot)
        await settle(pilot)
    run_id = app.training.run_id
    engine = build_engine(live_url)
    try:
        with open_sandbox(sandbox_path(tmp_path / "training", run_id)) as sandbox:
            return finish_run(uow_factory_for(engine)(), None, run_id, scenario, sandbox())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class RolePlays:
    """Shipped scenarios played by the demo agent on sandboxes of the live database at
    `live_url` (under `tmp_path`): a test says what the trainee does and what is scored."""

    live_url: str
    tmp_path: Path

    async def scorecard(self, scenario_id: str, walk: Walk) -> Scorecard:
        """The scorecard of one run of `scenario_id` played by `walk`."""
        run = await play(self.live_url, self.tmp_path, scenario_id, walk)
        assert run.scorecard is not None, "the run was not scored"
        return run.scorecard

    async def all_met(self, scenario_id: str, walk: Walk) -> None:
        """Played by `walk`, a good trainee: every point the scenario practises met."""
        await self.met_but(scenario_id, walk)

    async def met_but(self, scenario_id: str, walk: Walk, *not_met: str) -> dict[str, MarkResult]:
        """Played by `walk`, a careless trainee: every point the scenario practises met but
        exactly those in `not_met`, which are returned to say what should have happened."""
        scorecard = await self.scorecard(scenario_id, walk)
        assert verdicts(scorecard) == met_but(scenario_id, *not_met), explain(scorecard)
        return missed(scorecard)


def verdicts(scorecard: Scorecard | None) -> dict[str, Verdict]:
    """Each marking point's verdict."""
    assert scorecard is not None, "the run was not scored"
    return {result.marking_point: result.verdict for result in scorecard.results}


def missed(scorecard: Scorecard | None) -> dict[str, MarkResult]:
    """The marking points not met, with their evidence and what should have happened."""
    assert scorecard is not None, "the run was not scored"
    return {r.marking_point: r for r in scorecard.results if r.verdict is Verdict.NOT_MET}


def explain(scorecard: Scorecard | None) -> str:
    """The scorecard in words, for an assertion's message."""
    assert scorecard is not None, "the run was not scored"
    return "\n".join(
        f"{r.marking_point} {r.verdict}: {r.should_have} "
        + "; ".join(f"{e.action} {','.join(e.fields)} {e.note}" for e in r.evidence)
        for r in scorecard.results
    )


# --- Steps a trainee takes in a call, shared by the role-play tests ---------------------------


def shipped(scenario_id: str) -> Scenario:
    """A shipped scenario by its id."""
    return load_scenarios(None)[scenario_id]


def met_but(scenario_id: str, *not_met: str) -> dict[str, Verdict]:
    """Every point the scenario practises met, but those in `not_met`."""
    points = shipped(scenario_id).practises
    assert set(not_met) <= set(points)
    return {point: Verdict.NOT_MET if point in not_met else Verdict.MET for point in points}


async def take_call(pilot: Pilot[None], query: str, *, caller: int | None = None) -> ConsolePage:
    """The first match for `query` in a phone call; `caller` chooses who is calling (F2)
    by place in the list: 0 the customer, 1 their first representative, -1 no authority."""
    page = ConsolePage(pilot)
    await page.call(query)
    if caller is not None:
        await page.keys("f2", *(["end"] if caller < 0 else ["down"] * caller), "enter")
    return page


async def ask_check(page: ConsolePage, kind: CheckKind, answer: str) -> str:
    """Choose the check with Up/Down in the answer box, type the caller's answer, Enter."""
    panel = page.pilot.app.screen.query_one(VerificationPanel)
    for _ in range(len(CheckKind)):
        if panel.highlighted_check is not None and panel.highlighted_check.kind is kind:
            return await page.answer(answer)
        await page.keys("down")
    raise AssertionError(f"the panel offers no {kind.label} check: {panel.state.checks}")


async def verify_to_standard(page: ConsolePage, born: str, postcode: str) -> None:
    """Ask the date of birth and the postcode: the caller answers both, reaching Standard."""
    await ask_check(page, CheckKind.DATE_OF_BIRTH, born)
    assert "Standard" in await ask_check(page, CheckKind.POSTCODE, postcode)


async def verified_call(pilot: Pilot[None], query: str, born: str, postcode: str) -> ConsolePage:
    """The first match for `query` in a phone call, the caller taken for the customer and
    verified to Standard on `born` and `postcode`."""
    page = await take_call(pilot, query)
    await verify_to_standard(page, born, postcode)
    return page


async def call_with_no_authority(pilot: Pilot[None], query: str) -> ConsolePage:
    """The first match for `query` in a phone call from someone with no authority on file
    (F2, the last choice), as the verification panel then says."""
    page = await take_call(pilot, query, caller=-1)
    panel = region_text(pilot.app, "#verification-panel")
    assert "Caller: someone with no authority on file" in panel
    return page


async def wrap_up_call(page: ConsolePage, *, outcome: str, notes: str, enquiry: str = "") -> None:
    """End the call and wrap it up under `enquiry` (the enquiry type the role-play's
    scenario expects if none)."""
    app = page.pilot.app
    assert isinstance(app, CustinfoApp) and app.training is not None, "not a role-play"
    await page.end_call_to_wrap_up()
    enquiry = enquiry or app.training.scenario.expected.enquiry_type or DEFAULT_ENQUIRY_TYPES[0]
    await page.wrap_up(
        enquiry=DEFAULT_ENQUIRY_TYPES.index(enquiry) + 1,
        outcome=[o.key for o in DEFAULT_OUTCOMES].index(outcome) + 1,
        notes=notes,
    )
    assert not isinstance(page.pilot.app.screen, RecordScreen), "the wrap-up was not saved"
